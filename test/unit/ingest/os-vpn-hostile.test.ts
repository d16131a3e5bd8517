import { linuxAuthFacts } from '../../../functions/ingest/parsers/linux-auth';
import { parseSyslogLine } from '../../../functions/ingest/parsers/syslog-line';
import { readWindowsEvent } from '../../../functions/ingest/parsers/windows-event';

/*
 * A host writes its own logs: whatever an intruder puts in a syslog line or an event's data must be
 * read in time linear in its length (CloudWatch log events reach 256 KB).
 */

const LONG = 200_000;

function elapsedMs(run: () => unknown): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

describe('OS log parsers on hostile input', () => {
  const lines: Array<[string, () => unknown]> = [
    [
      'PAM failures without a user',
      () =>
        linuxAuthFacts('sshd', `pam_unix(sshd:auth): ${'authentication failure; rhost= '.repeat(LONG / 30)}`),
    ],
    [
      'Failed password without a port',
      () => linuxAuthFacts('sshd', `Failed password for ${' from x'.repeat(LONG / 7)}`),
    ],
    ['sudo with many separators', () => linuxAuthFacts('sudo', `u : ${'A=1 ; '.repeat(LONG / 6)}`)],
    ['a header of spaces', () => parseSyslogLine(`Jan 15 10:00:00 ${' '.repeat(LONG)}x`)],
    [
      'EventData tags never closed',
      () =>
        readWindowsEvent(
          `<Event><System><EventID>1</EventID></System><EventData>${'<Data '.repeat(LONG / 6)}${' '.repeat(LONG)}</EventData></Event>`,
        ),
    ],
    [
      'a text rendering of labels',
      () => readWindowsEvent(`[a] [b] [1] [c] [d] [${'Account Name Account Name'.repeat(LONG / 25)}]`),
    ],
    [
      'System and Provider tags never closed',
      () =>
        readWindowsEvent(
          `<Event>${'<System '.repeat(LONG / 8)}<System>${'<Provider '.repeat(LONG / 10)}</System></Event>`,
        ),
    ],
    [
      'UserData elements never closed',
      () =>
        readWindowsEvent(`<Event><System></System><UserData>${'<a x'.repeat(LONG / 4)}</UserData></Event>`),
    ],
  ];

  it.each(lines)('reads %s in well under a second', (_name, run) => {
    // Act
    const ms = elapsedMs(run);

    // Assess
    expect(ms).toBeLessThan(1000);
  });

  it('reads a self-closed Data element as empty and keeps the next element', () => {
    // Act
    const event = readWindowsEvent(
      "<Event><System><EventID>4624</EventID></System><EventData><Data Name='A'/><Data Name='B'>x &amp; y</Data></EventData></Event>",
    );

    // Assess
    expect(event?.data).toEqual({ A: '', B: 'x & y' });
  });
});
