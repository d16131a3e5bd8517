import { MITRE } from './mitre';
import { SAMPLE_EXTERNAL_IP, SAMPLE_OTHER_EXTERNAL_IP } from './samples';
import type { Detection } from './types';

/*
 * Linux hosts' authentication logs (/var/log/secure, /var/log/auth.log through the CloudWatch
 * agent): password guessing over SSH from one address, repeated sudo or su refusals for one user on
 * one host, and an account put into an administrators' group. All read the facts the parser
 * derives (event.action, event.outcome, linux.group), never the message text.
 */

const LINUX_SCHEDULE_MINUTES = 5;
const LINUX_LOOKBACK_MINUTES = 15;
const SSH_FAILURES_PER_SOURCE = 20;
const ELEVATION_FAILURES_PER_USER = 3;

/** Groups whose members may become root: Red Hat's wheel, Debian's sudo and admin, and root itself. */
export const LINUX_ADMIN_GROUPS = ['wheel', 'sudo', 'admin', 'root'];

/** One line of /var/log/secure as rsyslog writes it (the sample writer adds the id and time). */
export function linuxLogEvent(host: string, program: string, message: string, log = 'secure') {
  return {
    logGroup: `/siem/os/linux/${log}`,
    logStream: 'i-0a1b2c3d4e5f60718',
    message: `Jan 15 10:00:00 ${host} ${program}: ${message}`,
  };
}

const sshFailure = (i: number, ip = SAMPLE_EXTERNAL_IP) =>
  linuxLogEvent(
    'ip-10-0-1-25',
    `sshd[${2000 + i}]`,
    i % 3 === 0
      ? `Invalid user ${['admin', 'oracle', 'test'][i % 3]} from ${ip} port ${40000 + i}`
      : `Failed password for ${i % 2 ? 'root' : 'invalid user ubnt'} from ${ip} port ${40000 + i} ssh2`,
  );

const sshAccepted = (i: number) =>
  linuxLogEvent(
    'ip-10-0-1-25',
    `sshd[${3000 + i}]`,
    `Accepted publickey for ec2-user from ${SAMPLE_EXTERNAL_IP} port ${50000 + i} ssh2: RSA SHA256:abc${i}`,
  );

const sudoRefused = (user: string, host: string, i: number) =>
  linuxLogEvent(
    host,
    'sudo',
    i % 2
      ? ` ${user} : user NOT in sudoers ; TTY=pts/${i} ; PWD=/tmp ; USER=root ; COMMAND=/bin/cat /etc/shadow`
      : ` ${user} : 3 incorrect password attempts ; TTY=pts/${i} ; PWD=/tmp ; USER=root ; COMMAND=/bin/bash`,
  );

const sudoAllowed = (user: string, i: number) =>
  linuxLogEvent(
    'ip-10-0-1-25',
    'sudo',
    ` ${user} : TTY=pts/0 ; PWD=/home/${user} ; USER=root ; COMMAND=/bin/systemctl restart app${i}`,
  );

export const linuxDetections: readonly Detection[] = [
  {
    id: 'linux-ssh-brute-force',
    title: 'SSH password guessing against Linux hosts from one address',
    description: `${SSH_FAILURES_PER_SOURCE} or more failed SSH logins (bad passwords, unknown users) from one address in the window: a password-guessing bot reached sshd, which should not take passwords from the internet.`,
    severity: 3,
    mitre: MITRE.passwordGuessing,
    logType: 'linux',
    query: {
      bool: {
        filter: [
          { terms: { 'event.action': ['ssh-login', 'ssh-invalid-user'] } },
          { term: { 'event.outcome': 'failure' } },
        ],
      },
    },
    condition: { kind: 'bucket', field: 'source.ip', minCount: SSH_FAILURES_PER_SOURCE },
    scheduleMinutes: LINUX_SCHEDULE_MINUTES,
    lookbackMinutes: LINUX_LOOKBACK_MINUTES,
    positiveSamples: Array.from({ length: SSH_FAILURES_PER_SOURCE }, (_, i) => sshFailure(i)),
    negativeSamples: [
      // One short of the threshold from each of two addresses, and many accepted logins.
      ...Array.from({ length: SSH_FAILURES_PER_SOURCE - 1 }, (_, i) => sshFailure(i)),
      ...Array.from({ length: SSH_FAILURES_PER_SOURCE - 1 }, (_, i) =>
        sshFailure(i, SAMPLE_OTHER_EXTERNAL_IP),
      ),
      ...Array.from({ length: SSH_FAILURES_PER_SOURCE }, (_, i) => sshAccepted(i)),
    ],
  },
  {
    id: 'linux-sudo-failure-burst',
    title: 'Repeated sudo or su refusals for one user on one host',
    description: `${ELEVATION_FAILURES_PER_USER} or more refused sudo or su attempts (not in sudoers, wrong passwords) by one user on one host in the window: someone with a shell trying to become root.`,
    severity: 3,
    mitre: MITRE.sudo,
    logType: 'linux',
    query: {
      bool: {
        filter: [{ terms: { 'event.action': ['sudo', 'su'] } }, { term: { 'event.outcome': 'failure' } }],
      },
    },
    condition: {
      kind: 'bucket',
      field: 'user.name',
      alsoBy: ['host.name'],
      minCount: ELEVATION_FAILURES_PER_USER,
    },
    scheduleMinutes: LINUX_SCHEDULE_MINUTES,
    lookbackMinutes: LINUX_LOOKBACK_MINUTES,
    positiveSamples: Array.from({ length: ELEVATION_FAILURES_PER_USER }, (_, i) =>
      sudoRefused('mallory', 'ip-10-0-1-25', i),
    ),
    negativeSamples: [
      // The same user on two hosts, under the threshold on each; and sudo that worked.
      ...Array.from({ length: ELEVATION_FAILURES_PER_USER - 1 }, (_, i) =>
        sudoRefused('mallory', 'ip-10-0-1-25', i),
      ),
      ...Array.from({ length: ELEVATION_FAILURES_PER_USER - 1 }, (_, i) =>
        sudoRefused('mallory', 'ip-10-0-2-40', i),
      ),
      ...Array.from({ length: ELEVATION_FAILURES_PER_USER * 2 }, (_, i) => sudoAllowed('ec2-user', i)),
    ],
  },
  {
    id: 'linux-user-added-to-admin-group',
    title: 'Linux account added to an administrators group',
    description: `An account was added to ${LINUX_ADMIN_GROUPS.join(', ')} by usermod or gpasswd: it can now become root with sudo. Outside provisioning, a persistence step.`,
    severity: 2,
    mitre: MITRE.additionalLocalOrDomainGroups,
    logType: 'linux',
    query: {
      bool: {
        filter: [
          { term: { 'event.action': 'user-added-to-group' } },
          { terms: { 'linux.group': LINUX_ADMIN_GROUPS } },
        ],
      },
    },
    condition: { kind: 'bucket', field: 'user.name', alsoBy: ['host.name'], minCount: 1 },
    scheduleMinutes: LINUX_SCHEDULE_MINUTES,
    lookbackMinutes: LINUX_LOOKBACK_MINUTES,
    positiveSamples: [linuxLogEvent('ip-10-0-1-25', 'usermod[2202]', "add 'backup2' to group 'wheel'")],
    negativeSamples: [
      linuxLogEvent('ip-10-0-1-25', 'usermod[2203]', "add 'backup2' to group 'docker'"),
      linuxLogEvent(
        'ip-10-0-1-25',
        'useradd[2201]',
        'new user: name=backup2, UID=1002, GID=1002, home=/home/backup2, shell=/bin/bash, from=/dev/pts/0',
      ),
    ],
  },
];
