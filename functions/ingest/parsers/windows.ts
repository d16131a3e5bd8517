import { isValidEventTime } from '../iso-time';
import {
  emitRoutedDocument,
  logEventBasics,
  type LogEventContext,
  type LogEventSink,
} from './cloudwatch-event';
import { ipOf } from './safe-json';
import { readWindowsEvent, type WindowsEvent } from './windows-event';

/*
 * Windows event logs shipped by the CloudWatch agent, the Security log above all. The member stack
 * names the log groups (`/siem/os/windows/<name>`, config `osLogs.windows`) for the agent's
 * `log_group_name`. Documents keep the agent's message and, under `windows`, the event under its
 * own names: the System members, the EventData pairs (all of them in `windows.EventData`, the ones
 * detections and dashboards use typed beside them) and the rendered message.
 */

export const WINDOWS_LOG_GROUP = /^\/siem\/os\/windows\/[^/]/;

/** `event.action` of the Security events the SIEM reads; other events keep their id as the action. */
const ACTIONS: Record<number, string> = {
  1102: 'audit-log-cleared',
  4624: 'logon',
  4625: 'logon-failed',
  4634: 'logoff',
  4648: 'explicit-credential-logon',
  4672: 'special-privileges-assigned',
  4688: 'process-created',
  4697: 'service-installed',
  4698: 'scheduled-task-created',
  4719: 'audit-policy-changed',
  4720: 'user-account-created',
  4722: 'user-account-enabled',
  4724: 'password-reset-attempt',
  4726: 'user-account-deleted',
  4728: 'member-added-to-global-group',
  4732: 'member-added-to-local-group',
  4740: 'user-account-locked-out',
  4756: 'member-added-to-universal-group',
  4771: 'kerberos-preauth-failed',
  4776: 'credential-validation',
};

/** Logon events: `user.name` is the account logged on (TargetUserName), not the service that asked. */
const LOGON_EVENTS = new Set([4624, 4625, 4634, 4648, 4771, 4776]);

/** Events that record a refusal whatever their keywords say. */
const FAILURES = new Set([4625, 4771]);
const AUDIT_SUCCESS = 0x0020000000000000n;
const AUDIT_FAILURE = 0x0010000000000000n;

/** The typed fields, under EventData's names. */
const TEXT_FIELDS = [
  'SubjectUserSid',
  'SubjectUserName',
  'SubjectDomainName',
  'SubjectLogonId',
  'TargetUserSid',
  'TargetUserName',
  'TargetDomainName',
  'TargetLogonId',
  'MemberName',
  'MemberSid',
  'WorkstationName',
  'Status',
  'SubStatus',
  'FailureReason',
  'ProcessName',
  'NewProcessName',
  'ParentProcessName',
  'CommandLine',
  'LogonProcessName',
  'AuthenticationPackageName',
  'PrivilegeList',
] as const;

/** `-`, empty and `NULL SID` are Windows's empty values. */
const value = (text: string | undefined) =>
  text === undefined || text === '' || text === '-' || text === 'NULL SID' ? undefined : text.trim();

function whole(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

function outcomeOf(
  eventId: number | undefined,
  keywords: string | undefined,
): 'success' | 'failure' | undefined {
  if (eventId !== undefined && FAILURES.has(eventId)) return 'failure';
  if (keywords !== undefined && /^0x[0-9a-fA-F]{1,16}$/.test(keywords)) {
    const bits = BigInt(keywords);
    if (bits & AUDIT_FAILURE) return 'failure';
    if (bits & AUDIT_SUCCESS) return 'success';
  }
  return eventId !== undefined && ACTIONS[eventId] !== undefined ? 'success' : undefined;
}

/** The last path segment of `C:\Windows\System32\cmd.exe`. */
const baseName = (path: string | undefined) => path?.split(/[\\/]/).pop();

function windowsFields(event: WindowsEvent) {
  const data = { ...event.extra, ...event.data };
  const typed: Record<string, unknown> = {
    format: event.format,
    EventID: whole(event.system.EventID),
    Channel: event.system.Channel,
    Provider: event.system.Provider,
    Computer: event.system.Computer,
    Level: whole(event.system.Level),
    LevelName: event.system.LevelName,
    Task: whole(event.system.Task),
    Keywords: event.system.Keywords,
    EventRecordID: whole(event.system.EventRecordID),
    TimeCreated: event.system.TimeCreated,
    LogonType: whole(data.LogonType),
    IpAddress: ipOf(data.IpAddress),
    IpPort: whole(data.IpPort),
  };
  for (const name of TEXT_FIELDS) typed[name] = value(data[name]);
  // 1102 (audit log cleared) names its subject in UserData as SubjectUserName, read into `extra`.
  if (event.format === 'xml') typed.EventData = { ...event.extra, ...event.data };
  typed.Message = event.message;
  return typed as Record<string, unknown> & {
    EventID?: number;
    IpAddress?: string;
    TargetUserName?: string;
    SubjectUserName?: string;
    ProcessName?: string;
    NewProcessName?: string;
    Computer?: string;
    Keywords?: string;
  };
}

export function parseWindowsLogEvent(
  logEvent: Record<string, unknown>,
  ctx: LogEventContext,
  sink: LogEventSink,
): void {
  const basics = logEventBasics(logEvent, ctx, sink, isValidEventTime);
  if (!basics) return;
  const event = readWindowsEvent(basics.message);
  const windows = event && windowsFields(event);
  const eventId = windows?.EventID;
  // A logon names the account that logged on (Target); everything else its actor (Subject), so a
  // group change is the admin's and never the group's name.
  const user =
    eventId !== undefined && LOGON_EVENTS.has(eventId)
      ? (windows?.TargetUserName ?? windows?.SubjectUserName)
      : (windows?.SubjectUserName ?? windows?.TargetUserName);
  const processPath = eventId === 4688 ? windows?.NewProcessName : windows?.ProcessName;
  emitRoutedDocument(ctx, basics, sink, {
    common: {
      logType: 'windows',
      sourceIp: windows?.IpAddress,
      action: eventId === undefined ? undefined : (ACTIONS[eventId] ?? String(eventId)),
      outcome: outcomeOf(eventId, windows?.Keywords),
    },
    userName: user,
    siem: {},
    body: {
      message: basics.message,
      host: windows?.Computer === undefined ? undefined : { name: windows.Computer },
      process:
        processPath === undefined ? undefined : { name: baseName(processPath), executable: processPath },
      windows,
    },
  });
}
