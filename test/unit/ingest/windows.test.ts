import { readWindowsEvent } from '../../../functions/ingest/parsers/windows-event';
import { parseRouted } from './cloudwatch-routed';
import { fixture } from './fixtures';
import { DEADLINE_MS, readInWorker } from './read-in-worker';

const FIXTURE = 'windows/security-events.json';

describe('Windows events (routed out of CloudWatch Logs)', () => {
  it('reads the agent XML: System members, EventData typed and kept whole, ECS fields', () => {
    // Act
    const { docs, dead } = parseRouted(FIXTURE);

    // Assess
    expect(dead).toEqual([]);
    expect(docs).toHaveLength(13);
    expect(docs[0]).toMatchObject({
      event: { dataset: 'windows', action: 'logon', outcome: 'success' },
      source: { ip: '198.51.100.20' },
      user: { name: 'alice' },
      host: { name: 'WIN-DC01.corp.example.com' },
      windows: {
        format: 'xml',
        EventID: 4624,
        Channel: 'Security',
        LogonType: 10,
        EventRecordID: 1001,
        IpPort: 0,
      },
    });
    expect(docs[0].windows.EventData.VirtualAccount).toBe('%%1843');
    expect(docs[1]).toMatchObject({
      event: { action: 'logon-failed', outcome: 'failure' },
      source: { ip: '203.0.113.50' },
      user: { name: 'Administrator' },
      windows: { Status: '0xc000006d', SubStatus: '0xc000006a', LogonType: 3 },
    });
    expect(docs[1].windows).not.toHaveProperty('SubjectUserName');
  });

  it('names the actor of group changes and process creation, decodes entities, reads 1102 UserData', () => {
    // Act
    const { docs } = parseRouted(FIXTURE);
    const byId = (id: number) => docs.filter((d) => d.windows?.EventID === id);

    // Assess
    expect(byId(4688)[0]).toMatchObject({
      user: { name: 'alice' },
      process: { name: 'powershell.exe' },
      windows: { CommandLine: 'powershell.exe -enc SQBFAFgA & whoami <x>' },
    });
    expect(byId(4728)[0]).toMatchObject({
      user: { name: 'alice' },
      windows: { TargetUserName: 'Domain Admins' },
    });
    expect(byId(1102)[0]).toMatchObject({ event: { action: 'audit-log-cleared' }, user: { name: 'alice' } });
    // An appended EventData member and Windows's '-' and empty values.
    const odd = docs[8];
    expect(odd.windows.EventData.NewSchemaField2030).toBe('x');
    expect(odd.windows).not.toHaveProperty('IpPort');
    expect(odd.windows).not.toHaveProperty('WorkstationName');
  });

  it('reads the text rendering into the same names from the message sections', () => {
    // Act
    const { docs } = parseRouted(FIXTURE);
    const text = docs.filter((d) => d.windows?.format === 'text');

    // Assess
    expect(text[0]).toMatchObject({
      event: { action: 'logon-failed', outcome: 'failure' },
      source: { ip: '203.0.113.51' },
      user: { name: 'administrator' },
      windows: {
        EventID: 4625,
        LogonType: 3,
        Status: '0xC000006D',
        SubStatus: '0xC0000064',
        AuthenticationPackageName: 'NTLM',
      },
    });
    expect(text[1]).toMatchObject({
      user: { name: 'Administrator' },
      windows: { EventID: 4732, TargetUserName: 'Administrators' },
    });
    expect(text[2]).toMatchObject({
      event: { action: '7036' },
      windows: { Channel: 'System', LevelName: 'WARNING' },
    });
    expect(docs[12]).not.toHaveProperty('windows');
    expect(docs[12].message).toBe('plain text that is neither');
  });

  it(
    'reads an object whose text rendering holds a long run of spaces at once (no backtracking)',
    async () => {
      // Prepare: the fuzzer's hang, 300,000 spaces inside a line of a text-rendered event.
      const bytes = fixture(FIXTURE);
      const at = bytes.indexOf('Source Network Addr') + 'Source Network Addr'.length;
      const padded = Buffer.concat([bytes.subarray(0, at), Buffer.alloc(300_000, 0x20), bytes.subarray(at)]);

      // Act: in a worker, which the test can stop (the old trim took minutes in one synchronous call).
      const outcome = await readInWorker(padded, 'windows/security-events.json', 'windows');

      // Assess: every event read, as from the fixture itself.
      expect(outcome).toEqual({ documents: 13 });
    },
    DEADLINE_MS + 5_000,
  );

  it('refuses an XML without System and a bracketed line that is not the agent header', () => {
    // Act & Assess
    expect(readWindowsEvent('<Event><EventData/></Event>')).toBeUndefined();
    expect(readWindowsEvent('[a] [b]')).toBeUndefined();
  });
});
