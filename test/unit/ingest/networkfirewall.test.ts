import { gzipSync } from 'node:zlib';
import type { BulkWriter } from '../../../functions/ingest/bulk-writer';
import { getField, parseLogObject } from '../../../functions/ingest';
import { detectSourceFromContent, detectSourceFromKey } from '../../../functions/ingest/detect-source';
import { documentText } from '../../../functions/ingest/documents';
import { ingestObject } from '../../../functions/ingest/ingest-object';
import { readLogObject } from '../../../functions/ingest/object-reader';
import { eveTime } from '../../../functions/ingest/parsers/networkfirewall';
import { ArchiveProvenance } from '../../../functions/ingest/provenance';
import type { ParsedRecord, UnparsableRecord } from '../../../functions/ingest/types';
import { fixture, gzipFixture, inChunks } from './fixtures';

const key = (type: string) =>
  `AWSLogs/111122223333/network-firewall/${type}/us-east-1/test-firewall/2020/10/13/22/111122223333_network-firewall_${type}_us-east-1_test-firewall_202010132210_1a2b3c4d.log.gz`;
const lines = (file: string) =>
  fixture(file)
    .toString()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('Network Firewall log parser', () => {
  it.each([
    ['networkfirewall/alert.log', 'alert', 4],
    ['networkfirewall/flow.log', 'flow', 3],
  ])(
    'makes one document per record of %s, every AWS member under its own name',
    async (file, type, count) => {
      // Act
      const docs = await parseLogObject(gzipFixture(file), { bucket: 'archive', key: key(type) });

      // Assess
      expect(docs).toHaveLength(count);
      docs.forEach((d, i) => {
        const { event, ...top } = lines(file)[i];
        expect(d.document).toMatchObject(top);
        expect(d.document.event).toMatchObject(event as Record<string, unknown>);
        expect(getField(d.document, 'event.dataset')).toBe('networkfirewall');
      });
    },
  );

  it('keeps every digit of a 64-bit flow_id in the document text', async () => {
    // Act
    const texts: string[] = [];
    for await (const batch of readLogObject(fixture('networkfirewall/alert.log'), {
      bucket: 'a',
      key: key('alert'),
    }))
      texts.push(...batch.records.map(documentText));

    // Assess
    expect(texts[2]).toContain('"flow_id":9223372036854775807,');
  });

  it.each([1, 9, 100, 8192])('gives the same documents whatever the chunk size (%i bytes)', async (size) => {
    // Prepare
    const pointer = { bucket: 'a', key: key('alert') };
    const whole = await parseLogObject(fixture('networkfirewall/alert.log'), pointer);

    // Act
    const chunked = await parseLogObject(
      inChunks(fixture('networkfirewall/alert.log'), size) as never,
      pointer,
    );

    // Assess
    expect(chunked).toEqual(whole);
  });

  it.each([
    [0, '2020-10-13T22:10:01.006Z', 'allowed', 'success', '203.0.113.4', 'us-east-1'],
    [1, '2020-10-13T22:10:01.006Z', 'blocked', 'failure', '203.0.113.4', 'us-east-1'],
    [2, '2024-06-12T13:46:40.123Z', 'blocked', 'failure', '10.0.1.15', 'us-east-1'],
    [3, '2024-06-12T13:46:41.000Z', 'allowed', 'success', 'fd00:ec2::15', 'us-east-1'],
  ])('alert %i: time %s, action %s, outcome %s, source %s', async (i, time, action, outcome, ip, region) => {
    // Act
    const docs = await parseLogObject(fixture('networkfirewall/alert.log'), {
      bucket: 'a',
      key: key('alert'),
    });

    // Assess
    const d = docs[i].document;
    expect(d['@timestamp']).toBe(time);
    expect(getField(d, 'event.action')).toBe(action);
    expect(getField(d, 'event.outcome')).toBe(outcome);
    expect(getField(d, 'source.ip')).toBe(ip);
    expect(getField(d, 'cloud.account.id')).toBe('111122223333');
    expect(getField(d, 'cloud.region')).toBe(region);
  });

  it('flows have no action or outcome, and fall back to event_timestamp when event.timestamp is missing', async () => {
    // Act
    const docs = await parseLogObject(fixture('networkfirewall/flow.log'), { bucket: 'a', key: key('flow') });

    // Assess
    expect(docs.map((d) => getField(d.document, 'event.action'))).toEqual([undefined, undefined, undefined]);
    expect(docs.map((d) => getField(d.document, 'event.outcome'))).toEqual([undefined, undefined, undefined]);
    expect(docs[2].document['@timestamp']).toBe('2020-10-13T22:10:03.000Z');
    expect(getField(docs[1].document, 'event.netflow.bytes')).toBe(1200000);
  });

  it('takes the region from the availability zone when the key has no layout', async () => {
    // Act
    const docs = await parseLogObject(fixture('networkfirewall/flow.log'), {
      bucket: 'a',
      key: 'upload/flow.log',
    });

    // Assess
    expect(getField(docs[0].document, 'cloud.region')).toBe('us-east-1');
    expect(getField(docs[0].document, 'cloud.account')).toBeUndefined();
  });

  it.each([
    [
      '{"firewall_name":"f","event":{"dataset":"cloudtrail","timestamp":"2020-10-13T22:10:01Z"}}',
      /event.dataset would overwrite/,
    ],
    ['{"firewall_name":"f","event":"text"}', /without an event object/],
    [
      '{"firewall_name":"f","event_timestamp":"soon","event":{"timestamp":"yesterday"}}',
      /invalid event.timestamp/,
    ],
  ])('dead-letters %s', async (record, reason) => {
    // Act
    const result = parseLogObject(Buffer.from(`${record}\n`), { bucket: 'a', key: key('alert') });

    // Assess
    await expect(result).rejects.toThrow(reason);
  });

  it.each([
    ['2020-10-13T22:10:01.006481+0000', Date.UTC(2020, 9, 13, 22, 10, 1, 6)],
    ['2020-10-13T22:10:01.5-0130', Date.UTC(2020, 9, 13, 23, 40, 1, 500)],
    ['2020-10-13T22:10:01Z', Date.UTC(2020, 9, 13, 22, 10, 1)],
    ['2020-10-13 22:10:01', NaN],
  ])('reads the EVE time %s', (text, ms) => {
    // Assess
    expect(eveTime(text)).toBe(ms);
  });

  it('is recognised by its key layout and by its content', () => {
    // Assess
    expect(detectSourceFromKey(key('alert'))).toBe('networkfirewall');
    expect(detectSourceFromKey(key('flow'))).toBe('networkfirewall');
    expect(detectSourceFromContent(fixture('networkfirewall/flow.log').toString())).toBe('networkfirewall');
    expect(detectSourceFromContent(fixture('networkfirewall/alert.log').toString())).toBe('networkfirewall');
  });
});

describe('networkfirewall archive bucket contract', () => {
  const provenance = new ArchiveProvenance({ namePrefix: 'siem', archiveAccountId: '222222222222' });
  const bucket = 'siem-222222222222-networkfirewall';

  async function ingest(objectKey: string, body: string) {
    const documents: ParsedRecord[] = [];
    const letters: UnparsableRecord[] = [];
    const writer = {
      add: (r: ParsedRecord) => void documents.push(r),
      addUnparsable: (r: UnparsableRecord) => void letters.push(r),
    };
    await ingestObject(
      gzipSync(Buffer.from(body)),
      { bucket, key: objectKey },
      writer as unknown as BulkWriter,
      {
        provenance,
      },
    );
    return { documents, letters };
  }

  it.each(['alert', 'flow'])('indexes %s logs under their layout', async (type) => {
    // Act
    const { documents, letters } = await ingest(key(type), fixture(`networkfirewall/${type}.log`).toString());

    // Assess
    expect(letters).toEqual([]);
    expect(documents.length).toBeGreaterThan(2);
  });

  it.each([
    ['an unknown log type folder', key('alert').replace('/alert/', '/other/')],
    ['no region', 'AWSLogs/111122223333/network-firewall/alert/test-firewall/2020/10/13/f.log.gz'],
    ['another service', 'AWSLogs/111122223333/vpcdnsquerylogs/vpc-0a1b2c3d/2020/10/13/f.log.gz'],
  ])('refuses an object under %s', async (_what, objectKey) => {
    // Act
    const { documents, letters } = await ingest(objectKey, fixture('networkfirewall/alert.log').toString());

    // Assess
    expect(documents).toEqual([]);
    expect(letters[0].error).toMatch(/layout/);
  });

  it('dead-letters a long run of text between records the same way whatever the chunking (fuzz case 1575)', async () => {
    // Prepare: a 200,000-character run between two records, read whole and in 40,000-byte chunks.
    const [first, second] = fixture('networkfirewall/alert.log').toString().trim().split('\n');
    const data = Buffer.from(`${first}\n${'a'.repeat(200_000)}\n${second}\n`);
    const read = async (body: Buffer | AsyncIterable<Buffer>) => {
      const out: { docs: string[]; dead: Array<[number, string, number]> } = { docs: [], dead: [] };
      for await (const batch of readLogObject(body, { bucket: 'a', key: key('alert') })) {
        out.docs.push(...batch.records.map(documentText));
        out.dead.push(
          ...batch.unparsable.map((u): [number, string, number] => [u.ordinal, u.error, u.raw.length]),
        );
      }
      return out;
    };

    // Act
    const whole = await read(data);
    const chunked = await read(inChunks(data, 40_000));

    // Assess
    expect(whole.docs).toHaveLength(2);
    expect(whole.dead).toEqual([[2, 'text between JSON objects is not a record', 64 * 1024]]);
    expect(chunked).toEqual(whole);
  });

  it('refuses content of another format', async () => {
    // Act
    const { letters } = await ingest(key('alert'), fixture('dns/query-logs.log').toString());

    // Assess
    expect(letters[0].error).toMatch(
      /content is dns, but the networkfirewall bucket holds networkfirewall objects only/,
    );
  });
});
