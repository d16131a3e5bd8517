import { linuxAuthFacts } from '../../../functions/ingest/parsers/linux-auth';
import { parseSyslogLine } from '../../../functions/ingest/parsers/syslog-line';
import { parseRouted } from './cloudwatch-routed';

const FIXTURE = 'linux/os-logs.json';

describe('syslog header (rsyslog file formats)', () => {
  it('reads RFC 3164 with a space-padded day, an optional <PRI>, program and pid', () => {
    // Act
    const plain = parseSyslogLine('Jan  5 10:00:03 ip-10-0-1-25 sshd[2103]: Invalid user oracle');
    const pri = parseSyslogLine('<86>Jan 15 10:00:11 host su: (to root) alice on pts/0');

    // Assess
    expect(plain).toEqual({
      format: 'rfc3164',
      timestamp: 'Jan  5 10:00:03',
      hostname: 'ip-10-0-1-25',
      program: 'sshd',
      pid: 2103,
      message: 'Invalid user oracle',
      priority: undefined,
      facility: undefined,
      severity: undefined,
    });
    expect(pri).toMatchObject({
      priority: 86,
      facility: 10,
      severity: 6,
      program: 'su',
      message: '(to root) alice on pts/0',
    });
    expect(pri?.pid).toBeUndefined();
  });

  it('reads the ISO 8601 high-precision format and refuses what is not a header', () => {
    // Act
    const iso = parseSyslogLine('2025-01-15T10:00:12.345678+00:00 web-1 sshd-session[3301]: Accepted');

    // Assess
    expect(iso).toMatchObject({
      format: 'iso8601',
      timestamp: '2025-01-15T10:00:12.345678+00:00',
      program: 'sshd-session',
      pid: 3301,
    });
    expect(parseSyslogLine('not a syslog line')).toBeUndefined();
    expect(parseSyslogLine('<999>Jan 15 10:00:00 h p: m')).toBeUndefined();
    expect(parseSyslogLine('Foo 15 10:00:00 h p: m')).toBeUndefined();
    const mark = parseSyslogLine('Jan 15 10:00:00 host -- MARK --');
    expect(mark?.message).toBe('-- MARK --');
    expect(mark).not.toHaveProperty('program');
  });
});

describe('authentication facts', () => {
  it('reads sudo refusals before TTY= and keeps a command holding " ; "', () => {
    // Act
    const refused = linuxAuthFacts(
      'sudo',
      'bob : user NOT in sudoers ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/bin/su',
    );
    const allowed = linuxAuthFacts(
      'sudo',
      'ops : TTY=pts/0 ; PWD=/ ; USER=postgres ; ENV=A=1 ; COMMAND=/bin/sh -c a ; b',
    );

    // Assess
    expect(refused).toMatchObject({
      action: 'sudo',
      outcome: 'failure',
      user: 'bob',
      target_user: 'root',
      sudo: { error: 'user NOT in sudoers' },
    });
    expect(allowed).toMatchObject({
      outcome: 'success',
      target_user: 'postgres',
      sudo: { command: '/bin/sh -c a ; b' },
    });
  });

  it('reads su, the maximum-attempts error and group membership by gpasswd', () => {
    // Act & Assess
    expect(linuxAuthFacts('su', 'FAILED SU (to root) alice on pts/0')).toMatchObject({
      action: 'su',
      outcome: 'failure',
      user: 'alice',
      target_user: 'root',
    });
    expect(
      linuxAuthFacts(
        'sshd',
        'error: maximum authentication attempts exceeded for root from 203.0.113.9 port 4000 ssh2 [preauth]',
      ),
    ).toMatchObject({
      action: 'ssh-max-auth-exceeded',
      outcome: 'failure',
      user: 'root',
      sourceIp: '203.0.113.9',
    });
    expect(linuxAuthFacts('gpasswd', 'user eve added by root to group sudo')).toMatchObject({
      action: 'user-added-to-group',
      user: 'eve',
      group: 'sudo',
    });
    expect(linuxAuthFacts('sshd', 'Received disconnect from 203.0.113.9 port 1:11: Bye')).toBeUndefined();
  });
});

describe('Linux OS logs (routed out of CloudWatch Logs)', () => {
  it('turns each line into a linux document with ECS fields, dead-lettering an event with no message', () => {
    // Act
    const { docs, dead } = parseRouted(FIXTURE);

    // Assess
    expect(docs).toHaveLength(21);
    expect(new Set(docs.map((d) => d.event.dataset))).toEqual(new Set(['linux']));
    expect(dead).toEqual([]);
    expect(parseRouted('routed-dead-letters/linux-no-message.json').dead.map((d) => d.error)).toEqual([
      'log event without a string message',
    ]);
    expect(docs[0]).toMatchObject({
      event: { action: 'ssh-login', outcome: 'success' },
      source: { ip: '198.51.100.7' },
      user: { name: 'ec2-user' },
      host: { name: 'ip-10-0-1-25' },
      process: { name: 'sshd', pid: 2101 },
      cloud: { account: { id: '123456789012' } },
      linux: { ssh: { method: 'publickey', port: 50022 } },
    });
  });

  it('reads failed and invalid-user logins, sudo refusals and account changes', () => {
    // Act
    const { docs } = parseRouted(FIXTURE);
    const by = (action: string) => docs.filter((d) => d.event.action === action);

    // Assess
    expect(
      by('ssh-login')
        .filter((d) => d.event.outcome === 'failure')
        .map((d) => d.user.name),
    ).toEqual(['admin', 'root', 'test']);
    expect(by('ssh-invalid-user')[0]).toMatchObject({
      user: { name: 'oracle' },
      source: { ip: '203.0.113.9' },
    });
    expect(by('sudo').map((d) => [d.user.name, d.event.outcome])).toEqual([
      ['ec2-user', 'success'],
      ['mallory', 'failure'],
      ['alice', 'failure'],
    ]);
    expect(by('user-added-to-group')[0]).toMatchObject({
      user: { name: 'backup2' },
      linux: { group: 'wheel' },
    });
    expect(docs.find((d) => d.source?.ip === '2001:db8::44')).toMatchObject({
      linux: { syslog: { priority: 86 } },
    });
  });

  it('keeps lines without a header or known program whole, in message', () => {
    // Act
    const { docs } = parseRouted(FIXTURE);

    // Assess
    const bare = docs.find((d) => d.message === 'not a syslog line at all');
    expect(bare).toBeDefined();
    expect(bare?.event.action).toBeUndefined();
    expect(docs.find((d) => d.process?.name === 'systemd-logind')?.event).toEqual({ dataset: 'linux' });
  });

  it('gives the same documents whatever the chunking', () => {
    // Act
    const whole = parseRouted(FIXTURE);
    const chunked = parseRouted(FIXTURE, 7);

    // Assess
    expect(chunked.texts).toEqual(whole.texts);
  });
});
