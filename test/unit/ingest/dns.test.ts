import { gzipSync } from 'node:zlib';
import type { BulkWriter } from '../../../functions/ingest/bulk-writer';
import { getField, parseLogObject } from '../../../functions/ingest';
import { detectSourceFromContent, detectSourceFromKey } from '../../../functions/ingest/detect-source';
import { documentText } from '../../../functions/ingest/documents';
import { ingestObject } from '../../../functions/ingest/ingest-object';
import { queryNameFacts } from '../../../functions/ingest/parsers/dns';
import { ArchiveProvenance } from '../../../functions/ingest/provenance';
import type { ParsedRecord, UnparsableRecord } from '../../../functions/ingest/types';
import { fixture, gzipFixture, inChunks } from './fixtures';

const KEY =
  'AWSLogs/111122223333/vpcdnsquerylogs/vpc-0a1b2c3d/2021/04/29/111122223333_vpcdnsquerylogs_vpc-0a1b2c3d_20210429T2225Z_1a2b3c4d.log.gz';
const pointer = { bucket: 'archive', key: KEY };
const lines = () =>
  fixture('dns/query-logs.log')
    .toString()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('Route 53 Resolver query log parser', () => {
  it('makes one document per query, keeping every original field (both format versions, appended fields)', async () => {
    // Act
    const docs = await parseLogObject(gzipFixture('dns/query-logs.log'), pointer);

    // Assess
    expect(docs).toHaveLength(5);
    docs.forEach((d, i) => expect(d.document).toMatchObject(lines()[i]));
    expect(getField(docs[3].document, 'appended_field_of_a_later_version')).toEqual({ x: 1 });
  });

  it.each([1, 7, 64, 4096])('gives the same documents whatever the chunk size (%i bytes)', async (size) => {
    // Prepare
    const whole = await parseLogObject(fixture('dns/query-logs.log'), pointer);

    // Act
    const chunked = await parseLogObject(inChunks(fixture('dns/query-logs.log'), size) as never, pointer);

    // Assess
    expect(chunked).toEqual(whole);
  });

  it.each([
    [0, '2020-05-08T19:51:38.000Z', undefined, 'success', '10.0.1.15', 'siem-dns-2020.05.08'],
    [1, '2021-04-29T22:25:38.000Z', undefined, 'failure', '4.5.64.102', 'siem-dns-2021.04.29'],
    [2, '2021-04-29T22:26:01.000Z', 'BLOCK', 'failure', 'fd00:ec2::1f', 'siem-dns-2021.04.29'],
    [3, '2024-11-20T08:00:00.000Z', 'ALERT', 'success', '10.0.1.15', 'siem-dns-2024.11.20'],
  ])(
    'query %i: time %s, DNS Firewall action %s, outcome %s, source %s',
    async (i, time, action, outcome, ip, index) => {
      // Act
      const docs = await parseLogObject(fixture('dns/query-logs.log'), pointer);

      // Assess
      const d = docs[i].document;
      expect(d['@timestamp']).toBe(time);
      expect(getField(d, 'event.dataset')).toBe('dns');
      expect(getField(d, 'event.action')).toBe(action);
      expect(getField(d, 'event.outcome')).toBe(outcome);
      expect(getField(d, 'source.ip')).toBe(ip);
      expect(getField(d, 'cloud.account.id')).toBe('111122223333');
      expect(getField(d, 'cloud.region')).toBe('us-east-1');
      expect(docs[i].index).toBe(index);
    },
  );

  it('leaves empty source fields and a null answer list as they are, without a source.ip', async () => {
    // Act
    const docs = await parseLogObject(fixture('dns/query-logs.log'), pointer);

    // Assess
    const d = docs[4].document;
    expect(getField(d, 'source.ip')).toBeUndefined();
    expect(d.srcaddr).toBe('');
    expect(d.answers).toBeNull();
    expect(d['@timestamp']).toBe('2024-11-20T08:00:01.123Z');
    expect(getField(d, 'siem.dns')).toEqual({
      query_name_length: 0,
      labels: 0,
      longest_label: 0,
      base_domain: '',
    });
  });

  it('derives the name facts detections group on', async () => {
    // Act
    const docs = await parseLogObject(fixture('dns/query-logs.log'), pointer);

    // Assess
    expect(getField(docs[1].document, 'siem.dns')).toEqual({
      query_name_length: 13,
      labels: 3,
      longest_label: 7,
      base_domain: 'example.co.uk',
    });
    expect(getField(docs[2].document, 'siem.dns.base_domain')).toBe('minergate.com');
    expect(getField(docs[3].document, 'siem.dns.longest_label')).toBe(63);
  });

  it.each([
    ['www.example.com.', 'example.com', 3],
    ['example.com', 'example.com', 2],
    ['localhost.', 'localhost', 1],
    ['a.b.example.com.au.', 'example.com.au', 5],
    ['ec2.eu-west-1.amazonaws.com.', 'amazonaws.com', 4],
  ])('%s is under %s (%i labels)', (name, base, labels) => {
    // Act
    const facts = queryNameFacts(name);

    // Assess
    expect(facts.baseDomain).toBe(base);
    expect(facts.labels).toBe(labels);
  });

  it('dead-letters a record without a valid query_timestamp and keeps the others', async () => {
    // Prepare
    const good = fixture('dns/query-logs.log').toString().split('\n')[0];
    const bad = good.replace('"2020-05-08T19:51:38Z"', '"yesterday"');

    // Act
    const result = parseLogObject(Buffer.from(`${good}\n${bad}\n`), pointer);

    // Assess
    await expect(result).rejects.toThrow(/record 2: missing or invalid query_timestamp/);
  });

  it('is recognised by its key layout and by its content', () => {
    // Assess
    expect(detectSourceFromKey(KEY)).toBe('dns');
    expect(detectSourceFromContent(fixture('dns/query-logs.log').toString())).toBe('dns');
  });
});

describe('dns archive bucket contract', () => {
  const provenance = new ArchiveProvenance({ namePrefix: 'siem', archiveAccountId: '222222222222' });
  const bucket = 'siem-222222222222-dns';

  async function ingest(key: string, body: string) {
    const documents: ParsedRecord[] = [];
    const letters: UnparsableRecord[] = [];
    const writer = {
      add: (r: ParsedRecord) => void documents.push(r),
      addUnparsable: (r: UnparsableRecord) => void letters.push(r),
    };
    await ingestObject(gzipSync(Buffer.from(body)), { bucket, key }, writer as unknown as BulkWriter, {
      provenance,
    });
    return {
      documents: documents.map((r) => JSON.parse(documentText(r)) as Record<string, unknown>),
      letters,
    };
  }

  it('indexes query logs under the key prefix of the account they name', async () => {
    // Act
    const { documents, letters } = await ingest(KEY, fixture('dns/query-logs.log').toString());

    // Assess
    expect(letters).toEqual([]);
    expect(documents).toHaveLength(5);
  });

  it('refuses a record that claims another account than the key prefix', async () => {
    // Prepare
    const forged = fixture('dns/query-logs.log')
      .toString()
      .split('\n')[0]
      .replace('111122223333', '444444444444');

    // Act
    const { documents, letters } = await ingest(KEY, `${forged}\n`);

    // Assess
    expect(documents).toEqual([]);
    expect(letters[0].error).toMatch(/claims account 444444444444 \(account_id\)/);
  });

  it.each([
    ['another layout', 'AWSLogs/111122223333/vpcflowlogs/us-east-1/2021/04/29/f.log.gz', /layout/],
    [
      'a prefix before AWSLogs',
      'x/AWSLogs/111122223333/vpcdnsquerylogs/vpc-0a1b2c3d/2021/04/29/f.log.gz',
      /layout/,
    ],
  ])('refuses an object under %s', async (_what, key, reason) => {
    // Act
    const { documents, letters } = await ingest(key, fixture('dns/query-logs.log').toString());

    // Assess
    expect(documents).toEqual([]);
    expect(letters).toHaveLength(1);
    expect(letters[0].error).toMatch(reason);
  });

  it('refuses content of another format', async () => {
    // Act
    const { letters } = await ingest(KEY, fixture('waf/newline-delimited.log').toString());

    // Assess
    expect(letters[0].error).toMatch(/content is waf, but the dns bucket holds dns objects only/);
  });
});
