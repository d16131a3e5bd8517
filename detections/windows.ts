import { MITRE } from './mitre';
import { SAMPLE_EXTERNAL_IP, SAMPLE_OTHER_EXTERNAL_IP } from './samples';
import type { Detection } from './types';

/*
 * Windows Security events (through the CloudWatch agent, XML or text): failed logons from one
 * address, the Security log cleared, and an account added to a privileged group. They read the
 * event's own names (`windows.EventID`, `windows.TargetUserName`) the parser types.
 */

const WINDOWS_SCHEDULE_MINUTES = 5;
const WINDOWS_LOOKBACK_MINUTES = 15;
const LOGON_FAILURES_PER_SOURCE = 20;

/** Built-in and domain groups whose members administer hosts or the domain. */
export const WINDOWS_PRIVILEGED_GROUPS = [
  'Administrators',
  'Domain Admins',
  'Enterprise Admins',
  'Schema Admins',
  'Account Operators',
  'Backup Operators',
  'Server Operators',
  'Remote Desktop Users',
];

const LOG_GROUP = '/siem/os/windows/security';

/** One Security event in the agent's XML (the sample writer adds the id and time). */
export function windowsSecurityEvent(
  eventId: number,
  data: Record<string, string>,
  options: { computer?: string; keywords?: string; userData?: string; recordId?: number } = {},
) {
  const pairs = Object.entries(data)
    .map(([name, value]) => `<Data Name='${name}'>${value}</Data>`)
    .join('');
  const body =
    options.userData === undefined
      ? `<EventData>${pairs}</EventData>`
      : `<UserData>${options.userData}</UserData>`;
  return {
    logGroup: LOG_GROUP,
    logStream: 'i-0c0ffee0c0ffee000',
    message:
      "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>" +
      "<Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-a5ba-3e3b0328c30d}'/>" +
      `<EventID>${eventId}</EventID><Version>0</Version><Level>0</Level><Task>12544</Task><Opcode>0</Opcode>` +
      `<Keywords>${options.keywords ?? '0x8020000000000000'}</Keywords><TimeCreated SystemTime='2026-01-15T10:00:00.0000000Z'/>` +
      `<EventRecordID>${options.recordId ?? 1}</EventRecordID><Correlation/><Execution ProcessID='636' ThreadID='712'/>` +
      `<Channel>Security</Channel><Computer>${options.computer ?? 'WIN-APP01'}</Computer><Security/></System>${body}</Event>`,
  };
}

const logonFailure = (i: number, ip = SAMPLE_EXTERNAL_IP) =>
  windowsSecurityEvent(
    4625,
    {
      SubjectUserSid: 'S-1-0-0',
      SubjectUserName: '-',
      TargetUserName: ['Administrator', 'admin', 'backup'][i % 3],
      Status: '0xc000006d',
      SubStatus: i % 2 ? '0xc000006a' : '0xc0000064',
      LogonType: '3',
      AuthenticationPackageName: 'NTLM',
      WorkstationName: 'kali',
      IpAddress: ip,
      IpPort: String(40000 + i),
    },
    { keywords: '0x8010000000000000', recordId: 100 + i },
  );

const logon = (i: number) =>
  windowsSecurityEvent(
    4624,
    {
      TargetUserName: 'alice',
      TargetDomainName: 'CORP',
      LogonType: '10',
      IpAddress: SAMPLE_EXTERNAL_IP,
      IpPort: '0',
    },
    { recordId: 300 + i },
  );

const groupAdd = (eventId: number, group: string, by = 'alice') =>
  windowsSecurityEvent(eventId, {
    MemberName: '-',
    MemberSid: 'S-1-5-21-1-2-3-1190',
    TargetUserName: group,
    TargetDomainName: eventId === 4732 ? 'Builtin' : 'CORP',
    SubjectUserName: by,
    SubjectDomainName: 'CORP',
  });

export const windowsDetections: readonly Detection[] = [
  {
    id: 'windows-logon-failure-burst',
    title: 'Burst of failed Windows logons from one address',
    description: `${LOGON_FAILURES_PER_SOURCE} or more failed logons (event 4625) from one network address in the window: password guessing or spraying over SMB, RDP or WinRM.`,
    severity: 3,
    mitre: MITRE.passwordGuessing,
    logType: 'windows',
    query: { bool: { filter: [{ term: { 'windows.EventID': 4625 } }] } },
    condition: { kind: 'bucket', field: 'source.ip', minCount: LOGON_FAILURES_PER_SOURCE },
    scheduleMinutes: WINDOWS_SCHEDULE_MINUTES,
    lookbackMinutes: WINDOWS_LOOKBACK_MINUTES,
    positiveSamples: Array.from({ length: LOGON_FAILURES_PER_SOURCE }, (_, i) => logonFailure(i)),
    negativeSamples: [
      ...Array.from({ length: LOGON_FAILURES_PER_SOURCE - 1 }, (_, i) => logonFailure(i)),
      ...Array.from({ length: LOGON_FAILURES_PER_SOURCE - 1 }, (_, i) =>
        logonFailure(i, SAMPLE_OTHER_EXTERNAL_IP),
      ),
      ...Array.from({ length: LOGON_FAILURES_PER_SOURCE }, (_, i) => logon(i)),
    ],
  },
  {
    id: 'windows-security-log-cleared',
    title: 'Windows Security log cleared',
    description:
      'The Security event log was cleared (event 1102). Administrators almost never need to; intruders do it to remove their logons and process creations.',
    severity: 1,
    mitre: MITRE.clearWindowsEventLogs,
    logType: 'windows',
    query: { bool: { filter: [{ term: { 'windows.EventID': 1102 } }] } },
    condition: { kind: 'bucket', field: 'host.name', minCount: 1 },
    scheduleMinutes: WINDOWS_SCHEDULE_MINUTES,
    lookbackMinutes: WINDOWS_LOOKBACK_MINUTES,
    positiveSamples: [
      windowsSecurityEvent(
        1102,
        {},
        {
          keywords: '0x4020000000000000',
          userData:
            "<LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'><SubjectUserSid>S-1-5-21-1-2-3-1104</SubjectUserSid><SubjectUserName>alice</SubjectUserName><SubjectDomainName>CORP</SubjectDomainName><SubjectLogonId>0x8dcdc</SubjectLogonId></LogFileCleared>",
        },
      ),
    ],
    negativeSamples: [logon(0), groupAdd(4732, 'Users')],
  },
  {
    id: 'windows-privileged-group-member-added',
    title: 'Account added to a privileged Windows group',
    description: `A member was added to ${WINDOWS_PRIVILEGED_GROUPS.join(', ')} (events 4728, 4732, 4756): the account can now administer hosts or the domain. Outside a change, persistence or escalation.`,
    severity: 2,
    mitre: MITRE.additionalLocalOrDomainGroups,
    logType: 'windows',
    query: {
      bool: {
        filter: [
          { terms: { 'windows.EventID': [4728, 4732, 4756] } },
          { terms: { 'windows.TargetUserName': WINDOWS_PRIVILEGED_GROUPS } },
        ],
      },
    },
    condition: { kind: 'bucket', field: 'user.name', alsoBy: ['host.name'], minCount: 1 },
    scheduleMinutes: WINDOWS_SCHEDULE_MINUTES,
    lookbackMinutes: WINDOWS_LOOKBACK_MINUTES,
    positiveSamples: [groupAdd(4728, 'Domain Admins')],
    negativeSamples: [groupAdd(4732, 'Users'), groupAdd(4728, 'Finance'), logon(1)],
  },
];
