import { clientVpnLogEvent } from '../../../detections/clientvpn';
import { windowsSecurityEvent } from '../../../detections/windows';
import { archivedPayload, type TimedMessage } from './cloudwatch-payload';
import { MINUTE, workloadAccount, type DemoContext, type DemoObject } from './context';
import { seededRandom } from './random';
import { ATTACKER_IP, MINER_INSTANCE_ID, STORY_MINUTES } from './story';

/*
 * Hosts and VPN, as the CloudWatch agent and Client VPN write them: the miner instance's
 * /var/log/secure (ops logins and sudo, then in the story the attacker guessing SSH passwords,
 * getting in and adding a backdoor account to wheel), a Windows server's Security log (logons and
 * processes, then a logon-failure burst from the attacker and the log cleared), and the Client VPN
 * endpoint's connection log (employees connecting, then the attacker spraying passwords).
 */

export const SSH_GUESSES = 24;
export const WINDOWS_LOGON_FAILURES = 25;
export const VPN_SPRAYED_USERS = 6;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** rsyslog's traditional file format time: `Jan  5 10:00:00` (UTC here). */
function syslogTime(ms: number): string {
  const d = new Date(ms);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `${MONTHS[d.getUTCMonth()]} ${day} ${d.toISOString().slice(11, 19)}`;
}

export function linuxObjects(ctx: DemoContext): DemoObject[] {
  const account = workloadAccount(ctx.config);
  const random = seededRandom(61);
  const host = 'ip-10-0-1-25';
  const messages: TimedMessage[] = [];
  const line = (ms: number, program: string, text: string) =>
    messages.push({ timestamp: ms, message: `${syslogTime(ms)} ${host} ${program}: ${text}` });
  for (let i = 0; i < 20; i++) {
    const at = ctx.now - (55 - i * 2) * MINUTE;
    const pid = 1000 + i;
    line(
      at,
      `sshd[${pid}]`,
      `Accepted publickey for ec2-user from 192.0.2.${random.int(1, 20)} port ${random.int(40000, 60000)} ssh2: RSA SHA256:b3BzLWtleQ`,
    );
    line(
      at + 5000,
      'sudo',
      ` ec2-user : TTY=pts/0 ; PWD=/home/ec2-user ; USER=root ; COMMAND=/bin/systemctl status app`,
    );
    line(at + 9000, `sshd[${pid}]`, 'pam_unix(sshd:session): session closed for user ec2-user');
  }
  const start = ctx.now - (STORY_MINUTES.sshStart + 1) * MINUTE;
  for (let i = 0; i < SSH_GUESSES; i++) {
    const user = ['root', 'admin', 'ubuntu', 'ec2-user'][i % 4];
    line(
      start + i * 1500,
      `sshd[${5000 + i}]`,
      `Failed password for ${user === 'admin' ? 'invalid user admin' : user} from ${ATTACKER_IP} port ${50000 + i} ssh2`,
    );
  }
  const inside = ctx.now - STORY_MINUTES.sshStart * MINUTE;
  line(inside, 'sshd[5100]', `Accepted password for ec2-user from ${ATTACKER_IP} port 50100 ssh2`);
  line(
    inside + 20000,
    'sudo',
    ' ec2-user : TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/usr/sbin/useradd -m sysupdate',
  );
  line(
    inside + 21000,
    'useradd[5101]',
    'new user: name=sysupdate, UID=1002, GID=1002, home=/home/sysupdate, shell=/bin/bash, from=/dev/pts/1',
  );
  line(inside + 30000, 'usermod[5102]', "add 'sysupdate' to group 'wheel'");
  return [
    archivedPayload(
      ctx,
      account,
      { logGroup: '/siem/os/linux/secure', logStream: MINER_INSTANCE_ID, id: 61 },
      messages,
      { linux: messages.length },
    ),
  ];
}

export function windowsObjects(ctx: DemoContext): DemoObject[] {
  const account = workloadAccount(ctx.config);
  const random = seededRandom(62);
  const messages: TimedMessage[] = [];
  const event = (ms: number, e: { message: string }) => messages.push({ timestamp: ms, message: e.message });
  for (let i = 0; i < 15; i++) {
    const at = ctx.now - (50 - i * 3) * MINUTE;
    event(
      at,
      windowsSecurityEvent(
        4624,
        { TargetUserName: 'svc-app', TargetDomainName: 'CORP', LogonType: '5', IpAddress: '-', IpPort: '-' },
        { recordId: 1000 + i * 3 },
      ),
    );
    event(
      at + 2000,
      windowsSecurityEvent(
        4624,
        {
          TargetUserName: 'alice',
          TargetDomainName: 'CORP',
          LogonType: '10',
          IpAddress: `10.0.2.${random.int(2, 60)}`,
          IpPort: '0',
        },
        { recordId: 1001 + i * 3 },
      ),
    );
    event(
      at + 4000,
      windowsSecurityEvent(
        4688,
        {
          SubjectUserName: 'alice',
          SubjectDomainName: 'CORP',
          NewProcessName: 'C:\\Windows\\System32\\notepad.exe',
          ParentProcessName: 'C:\\Windows\\explorer.exe',
          CommandLine: 'notepad.exe report.txt',
        },
        { recordId: 1002 + i * 3 },
      ),
    );
  }
  const start = ctx.now - (STORY_MINUTES.sshStart + 2) * MINUTE;
  for (let i = 0; i < WINDOWS_LOGON_FAILURES; i++) {
    event(
      start + i * 1000,
      windowsSecurityEvent(
        4625,
        {
          TargetUserName: ['Administrator', 'admin'][i % 2],
          Status: '0xc000006d',
          SubStatus: '0xc000006a',
          LogonType: '3',
          AuthenticationPackageName: 'NTLM',
          IpAddress: ATTACKER_IP,
          IpPort: String(51000 + i),
        },
        { keywords: '0x8010000000000000', recordId: 2000 + i },
      ),
    );
  }
  event(
    ctx.now - STORY_MINUTES.finding * MINUTE,
    windowsSecurityEvent(
      1102,
      {},
      {
        keywords: '0x4020000000000000',
        recordId: 3000,
        userData:
          "<LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'><SubjectUserSid>S-1-5-21-1-2-3-500</SubjectUserSid><SubjectUserName>Administrator</SubjectUserName><SubjectDomainName>WIN-APP01</SubjectDomainName><SubjectLogonId>0x3e7</SubjectLogonId></LogFileCleared>",
      },
    ),
  );
  return [
    archivedPayload(
      ctx,
      account,
      { logGroup: '/siem/os/windows/security', logStream: 'i-0c0ffee0c0ffee000', id: 62 },
      messages,
      { windows: messages.length },
    ),
  ];
}

export function clientVpnObjects(ctx: DemoContext): DemoObject[] {
  const account = workloadAccount(ctx.config);
  const random = seededRandom(63);
  const messages: TimedMessage[] = [];
  const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
  for (let i = 0; i < 16; i++) {
    messages.push({
      timestamp: ctx.now - (58 - i * 3) * MINUTE,
      message: clientVpnLogEvent({
        username: users[i % users.length],
        deviceIp: `192.0.2.${random.int(100, 200)}`,
        status: i === 5 ? 'failed' : 'successful',
        seed: 600 + i,
      }).message,
    });
  }
  const start = ctx.now - (STORY_MINUTES.s3ProbeStart + 1) * MINUTE;
  for (let i = 0; i < VPN_SPRAYED_USERS; i++) {
    messages.push({
      timestamp: start + i * 4000,
      message: clientVpnLogEvent({
        username: users[i],
        deviceIp: ATTACKER_IP,
        status: 'failed',
        seed: 700 + i,
      }).message,
    });
  }
  return [
    archivedPayload(
      ctx,
      account,
      {
        logGroup: '/aws/clientvpn/cvpn-endpoint-0123456789abcdef0',
        logStream: `cvpn-endpoint-0123456789abcdef0-${account.region}-connections`,
        id: 63,
      },
      messages,
      { clientvpn: messages.length },
    ),
  ];
}
