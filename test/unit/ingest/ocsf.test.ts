import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getField, parseLogObject } from '../../../functions/ingest';
import type { BulkWriter } from '../../../functions/ingest/bulk-writer';
import { detectSourceFromKey } from '../../../functions/ingest/detect-source';
import { documentText } from '../../../functions/ingest/documents';
import { ingestObject } from '../../../functions/ingest/ingest-object';
import { readLogObject } from '../../../functions/ingest/object-reader';
import { parquetRowGroups } from '../../../functions/ingest/parquet-rows';
import { IsoFormatter } from '../../../functions/ingest/iso-time';
import { MAX_UNMAPPED_CHARS, ocsfRecord } from '../../../functions/ingest/parsers/ocsf';
import { ArchiveProvenance } from '../../../functions/ingest/provenance';
import { bufferObject, type RandomAccessObject } from '../../../functions/ingest/random-access';
import type { ParsedRecord, UnparsableRecord } from '../../../functions/ingest/types';
import { OCSF_SCHEMAS, writeOcsfParquet } from '../../../scripts/demo/generate/ocsf-parquet';
import { FIXTURES, fixture } from './fixtures';

const LAKE = 'aws-security-data-lake-eu-west-1-abc123';
const KEY =
  'aws/CLOUD_TRAIL_MGMT/2.0/region=eu-west-1/accountId=111122223333/eventDay=20241206/b1f2c3d4e5f6a7b8.gz.parquet';
const FLOW_KEY =
  'aws/VPC_FLOW/2.0/region=eu-west-1/accountId=111122223333/eventDay=20241206/0a1b2c.gz.parquet';
/** The fixtures' OCSF events, one JSON object a line (they are also read as OCSF JSON). */
const rows = (name: string) =>
  fixture(`ocsf/${name}.jsonl`)
    .toString()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const apiParquet = (options = {}) =>
  writeOcsfParquet(OCSF_SCHEMAS.apiActivity, rows('api-activity'), options);

/** 320 hex characters that do not compress: the object has to be large on disk. */
const noise = (i: number) =>
  [1, 2, 3, 4, 5].map((salt) => createHash('sha256').update(`${salt}:${i}`).digest('hex')).join('');

async function parquetDocs(bytes: Buffer, key = KEY) {
  return parseLogObject(bufferObject(bytes) as never, { bucket: LAKE, key });
}

/** Counts reads and the bytes they return: a large object must never be fetched whole. */
function countingObject(bytes: Buffer): RandomAccessObject & { reads: Array<[number, number]> } {
  const reads: Array<[number, number]> = [];
  return {
    kind: 'random-access',
    byteLength: bytes.length,
    reads,
    read: (start, end) => {
      reads.push([start, end]);
      return Promise.resolve(new Uint8Array(bytes.subarray(start, end)));
    },
  };
}

describe('OCSF (Security Lake Parquet) reader', () => {
  it('writes the checked-in fixture the same way (regenerate: OCSF_FIXTURES=write)', () => {
    // Prepare
    const path = join(FIXTURES, 'ocsf/api-activity.gz.parquet');
    const written = apiParquet({ rowGroupSize: 2 });
    if (process.env.OCSF_FIXTURES === 'write') writeFileSync(path, written);

    // Assess
    expect(fixture('ocsf/api-activity.gz.parquet').equals(written)).toBe(true);
  });

  it('makes one document per row, keeping every non-null OCSF field at its path', async () => {
    // Act
    const docs = await parquetDocs(fixture('ocsf/api-activity.gz.parquet'));

    // Assess
    expect(docs).toHaveLength(3);
    const d = docs[0].document;
    expect(getField(d, 'class_uid')).toBe(6003);
    expect(getField(d, 'category_uid')).toBe(6);
    expect(getField(d, 'activity_id')).toBe(2);
    expect(getField(d, 'time')).toBe(1733450400000);
    expect(getField(d, 'actor.session.created_time')).toBe(1733449000000);
    expect(getField(d, 'metadata.product.name')).toBe('CloudTrail');
    expect(getField(d, 'metadata.profiles')).toEqual(['cloud', 'datetime']);
    expect(getField(d, 'api.request.data')).toBe('{"bucketName":"finance-reports","key":"q4.xlsx"}');
    expect(getField(d, 'resources')).toEqual([
      { uid: 'arn:aws:s3:::finance-reports', type: 'AWS::S3::Bucket' },
    ]);
    expect(getField(d, 'unmapped')).toEqual({ recipientAccountId: '111122223333', eventType: 'AwsApiCall' });
    // Nulls are left out (Parquet has a column for every attribute of the class).
    expect(getField(d, 'api')).not.toHaveProperty('version');
    expect(docs[0].index).toBe('siem-ocsf-2024.12.06');
  });

  it.each([
    [0, '2024-12-06T02:00:00.000Z', 'GetObject', 'failure', '203.0.113.50', 'build-bot'],
    [1, '2024-12-06T02:01:00.000Z', 'StopLogging', 'success', '2001:db8::25', '111122223333'],
    [2, '2024-12-06T02:02:00.000Z', 'ConsoleLogin', undefined, undefined, 'AIDAEXAMPLE'],
  ])(
    'row %i: time %s, action %s, outcome %s, source %s, user %s',
    async (i, time, action, outcome, ip, user) => {
      // Act
      const d = (await parquetDocs(fixture('ocsf/api-activity.gz.parquet')))[i].document;

      // Assess
      expect(d['@timestamp']).toBe(time);
      expect(getField(d, 'event.dataset')).toBe('ocsf');
      expect(getField(d, 'event.action')).toBe(action);
      expect(getField(d, 'event.outcome')).toBe(outcome);
      expect(getField(d, 'source.ip')).toBe(ip);
      expect(getField(d, 'user.name')).toBe(user);
      expect(getField(d, 'cloud.account.id')).toBe('111122223333');
    },
  );

  it('keeps the OCSF cloud members beside the common ones, and an address that is no IP only at its OCSF path', async () => {
    // Act
    const docs = await parquetDocs(fixture('ocsf/api-activity.gz.parquet'));

    // Assess
    expect(docs[2].document.cloud).toEqual({
      account: { id: '111122223333' },
      region: 'us-east-1',
      provider: 'AWS',
    });
    expect(getField(docs[2].document, 'src_endpoint.ip')).toBe('not-an-ip');
    expect(getField(docs[2].document, 'unmapped')).toEqual({
      'additionalEventData.MFAUsed': 'No',
      '': 'empty key',
      long: 'x',
    });
  });

  it('reads network activity: destination.ip, outcome from action_id, 64-bit counters exactly', async () => {
    // Prepare
    const bytes = writeOcsfParquet(OCSF_SCHEMAS.networkActivity, rows('network-activity'));

    // Act
    const docs = await parquetDocs(bytes, FLOW_KEY);

    // Assess
    expect(getField(docs[0].document, 'destination.ip')).toBe('10.0.1.25');
    expect(getField(docs[0].document, 'event.action')).toBe('Traffic');
    expect(getField(docs[0].document, 'event.outcome')).toBe('success');
    expect(getField(docs[1].document, 'event.outcome')).toBe('failure');
    expect(getField(docs[0].document, 'traffic.bytes')).toBe(240);
    // Past 2^53 the counter is a string, digit for digit, rather than a rounded number.
    expect(getField(docs[1].document, 'traffic.bytes')).toBe('9007199254740993');
  });

  it('reads DNS activity (Route 53) and detection findings (Security Hub) as Security Lake writes them', async () => {
    // Prepare
    const dns = writeOcsfParquet(OCSF_SCHEMAS.dnsActivity, [
      {
        metadata: {
          product: { name: 'Route 53', vendor_name: 'AWS', version: '1.100000' },
          version: '1.1.0',
        },
        time: 1733450600000,
        cloud: { region: 'eu-west-1', provider: 'AWS', account: { uid: '111122223333' } },
        src_endpoint: { ip: '10.0.1.25', instance_uid: 'i-0c0ffee0c0ffee001', vpc_uid: 'vpc-0a1b2c3d' },
        query: { hostname: 'pool.supportxmr.com.', type: 'A', class: 'IN', packet_uid: 0 },
        answers: [{ rdata: '203.0.113.200', type: 'A', class: 'IN' }],
        rcode: 'NoError',
        rcode_id: 0,
        connection_info: { protocol_name: 'UDP', direction: 'Outbound' },
        class_name: 'DNS Activity',
        class_uid: 4003,
        category_uid: 4,
        activity_name: 'Query',
        activity_id: 1,
        type_uid: 400301,
        status_id: 1,
      },
    ]);
    const finding = writeOcsfParquet(OCSF_SCHEMAS.detectionFinding, [
      {
        metadata: {
          product: { name: 'Security Hub', vendor_name: 'AWS', feature: { name: 'GuardDuty' } },
          version: '1.1.0',
        },
        time: 1733450700000,
        cloud: { region: 'eu-west-1', provider: 'AWS', account: { uid: '111122223333' } },
        finding_info: {
          uid: 'arn:aws:guardduty:eu-west-1:111122223333:detector/d/finding/f',
          title: 'Bitcoin domain queried',
          types: ['TTPs'],
          created_time: 1733450690000,
        },
        resources: [{ uid: 'i-0c0ffee0c0ffee001', type: 'AwsEc2Instance', region: 'eu-west-1' }],
        compliance: { status: 'FAILED' },
        class_name: 'Detection Finding',
        class_uid: 2004,
        category_uid: 2,
        severity_id: 4,
        severity: 'High',
        activity_id: 1,
        type_uid: 200401,
        status: 'New',
        status_id: 1,
      },
    ]);

    // Act
    const [query] = await parquetDocs(
      dns,
      'aws/ROUTE53/2.0/region=eu-west-1/accountId=111122223333/eventDay=20241206/q.gz.parquet',
    );
    const [found] = await parquetDocs(
      finding,
      'aws/SH_FINDINGS/2.0/region=eu-west-1/accountId=111122223333/eventDay=20241206/f.gz.parquet',
    );

    // Assess
    expect(getField(query.document, 'query.hostname')).toBe('pool.supportxmr.com.');
    expect(getField(query.document, 'answers')).toEqual([{ rdata: '203.0.113.200', type: 'A', class: 'IN' }]);
    expect(getField(query.document, 'source.ip')).toBe('10.0.1.25');
    expect(getField(query.document, 'event.action')).toBe('Query');
    expect(getField(found.document, 'finding_info.created_time')).toBe(1733450690000);
    expect(getField(found.document, 'severity_id')).toBe(4);
    expect(getField(found.document, 'metadata.product.feature.name')).toBe('GuardDuty');
    expect(found.document['@timestamp']).toBe('2024-12-06T02:05:00.000Z');
  });

  it.each(['GZIP', 'SNAPPY', 'UNCOMPRESSED'] as const)(
    'reads %s pages to the same documents',
    async (codec) => {
      // Act
      const docs = await parquetDocs(apiParquet({ codec }));

      // Assess
      expect(docs).toEqual(await parquetDocs(apiParquet()));
    },
  );

  it('reads a large object by ranges, one row group at a time, never whole', async () => {
    // Prepare: request data that does not compress, so the object is large on disk.
    const many = Array.from({ length: 6000 }, (_, i) => ({
      ...rows('api-activity')[0],
      time: 1733450400000 + i,
      api: { operation: 'GetObject', request: { uid: String(i), data: noise(i) } },
    }));
    const bytes = writeOcsfParquet(OCSF_SCHEMAS.apiActivity, many, { rowGroupSize: 2000 });
    const object = countingObject(bytes);

    // Act: objects over 64 KB are "large" here (8 MB in the function).
    const groups: Array<[number, number, string]> = [];
    for await (const g of parquetRowGroups(object, 64 * 1024)) {
      groups.push([
        g.firstRow,
        g.rows.length,
        (g.rows.at(-1)?.api as { request: { uid: string } }).request.uid,
      ]);
    }

    // Assess
    expect(groups).toEqual([
      [0, 2000, '1999'],
      [2000, 2000, '3999'],
      [4000, 2000, '5999'],
    ]);
    const largest = Math.max(...object.reads.map(([s, e]) => e - s));
    expect(largest).toBeLessThan(bytes.length / 2);
  });

  it('fails an object that is not Parquet, and an empty one', async () => {
    // Act / Assess
    await expect(parquetDocs(Buffer.from('{"class_uid":6003}\n'))).rejects.toThrow(/Parquet/);
    await expect(parquetDocs(Buffer.alloc(0))).rejects.toThrow(/too short/);
  });

  it('dead-letters a row without time, a row holding a common-field member, and keeps the others', async () => {
    // Prepare
    const schema = { ...OCSF_SCHEMAS.apiActivity, event: { code: 'string' } } as const;
    const [first, second] = rows('api-activity');
    const bytes = writeOcsfParquet(schema, [
      { ...first, time: null },
      { ...second, event: { code: 'x' } },
      first,
    ]);
    const dead: UnparsableRecord[] = [];
    const kept: ParsedRecord[] = [];

    // Act
    for await (const batch of readLogObject(bufferObject(bytes), { bucket: LAKE, key: KEY })) {
      dead.push(...batch.unparsable);
      kept.push(...batch.records);
    }

    // Assess
    expect(dead.map((d) => [d.ordinal, d.error])).toEqual([
      [1, 'missing or invalid time'],
      [2, 'member event is reserved for the common fields'],
    ]);
    expect(kept.map((r) => r.ordinal)).toEqual([3]);
    expect(JSON.parse(dead[1].raw)).toMatchObject({ class_uid: 6003 });
  });

  it('keeps an unmapped map over the bound whole but unindexed, as JSON text', async () => {
    // Prepare
    const big = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`k${i}`, 'v'.repeat(64)]));
    const bytes = writeOcsfParquet(OCSF_SCHEMAS.apiActivity, [{ ...rows('api-activity')[0], unmapped: big }]);

    // Act
    const d = (await parquetDocs(bytes))[0].document;

    // Assess
    expect(d).not.toHaveProperty('unmapped');
    const text = getField(d, 'siem.ocsf.unmapped_json') as string;
    expect(text.length).toBeGreaterThan(MAX_UNMAPPED_CHARS);
    expect(JSON.parse(text)).toEqual(big);
  });

  it('reads OCSF JSON lines with the same rules (appended fields kept)', async () => {
    // Prepare
    const lines = rows('api-activity').map((r) =>
      JSON.stringify({ ...r, appended_field_of_a_later_version: { x: 1 } }),
    );

    // Act
    const docs = await parseLogObject(
      Buffer.from(lines.join('\n') + '\n'),
      { bucket: 'b', key: 'ocsf/e.json' },
      { source: 'ocsf' },
    );

    // Assess
    expect(docs).toHaveLength(3);
    expect(getField(docs[0].document, 'appended_field_of_a_later_version')).toEqual({ x: 1 });
    expect(getField(docs[0].document, 'user.name')).toBe('build-bot');
  });

  it('writes a shallow row natively exactly as the generic writer does, whatever its value types', () => {
    const ctx = { bucket: LAKE, key: KEY, objectId: 'obj', accountId: '111122223333', region: 'eu-west-1' };
    const tricky: Record<string, unknown>[] = [
      {
        time: new Date(1733450400123),
        cloud: { region: 'us-east-1', provider: 'AWS', account: { uid: '999988887777', type: null } },
        user: { name: 'alice', uid: 42n, groups: [{ name: 'admins' }, null, undefined] },
        unmapped: {
          big: 2n ** 64n,
          small: -(2n ** 53n) + 1n,
          nan: NaN,
          inf: -Infinity,
          bytes: new Uint8Array([1, 2, 255]),
        },
        api: {
          operation: 'PutObject',
          when: new Date(Number.NaN),
          at: new Date(0),
          list: [1n, null, new Date(5)],
        },
        status_id: 2n,
        empty: {},
        nested: { a: { b: { c: [[], [{}], 'x\u0000"\\'] } } },
        nothing: null,
        skipped: undefined,
      },
      {
        time: 1733450400000n,
        cloud: { region: 7, account: 'not an object' },
        user: 'plain text',
        unmapped: ['a', 1],
      },
      { time: 1733450400000, unmapped: 'text', activity_name: 'Read', actor: { user: { uid: 'AROA:x' } } },
      { time: 'no time', metadata: { version: '1.1.0' } },
    ];
    for (const row of tricky) {
      const generic = ocsfRecord(row, ctx, 1, new IsoFormatter());
      const native = ocsfRecord(row, ctx, 1, new IsoFormatter(), true);
      expect(native).toEqual(generic);
      const text = (result: typeof generic) => ('record' in result ? documentText(result.record) : result);
      expect(text(native)).toEqual(text(generic));
    }
    const first = ocsfRecord(tricky[0]!, ctx, 1, new IsoFormatter(), true);
    expect('record' in first && JSON.parse(documentText(first.record))).toMatchObject({
      time: 1733450400123,
      unmapped: { big: '18446744073709551616', nan: 'NaN', bytes: 'AQL/' },
      user: { uid: 42, groups: [{ name: 'admins' }, null, null] },
    });
  });

  it('detects Security Lake keys', () => {
    expect(detectSourceFromKey(KEY)).toBe('ocsf');
    expect(
      detectSourceFromKey('ext/my_source/1.0/region=eu-west-1/accountId=x1/eventDay=20241206/a.parquet'),
    ).toBe('ocsf');
    expect(detectSourceFromKey('aws/CLOUD_TRAIL_MGMT/2.0/region=eu-west-1/a.parquet')).toBeUndefined();
  });

  describe('provenance: the Security Lake bucket', () => {
    const provenance = new ArchiveProvenance({
      namePrefix: 'siem',
      archiveAccountId: '999999999999',
      securityLakeBucket: LAKE,
    });
    const run = async (bytes: Buffer, key: string, bucket = LAKE) => {
      const added: string[] = [];
      const dead: string[] = [];
      const writer = {
        add: (r: ParsedRecord) => void added.push(documentText(r)),
        addUnparsable: (u: UnparsableRecord) => void dead.push(u.error),
      } as unknown as BulkWriter;
      await ingestObject(bufferObject(bytes), { bucket, key }, writer, { provenance });
      return { added, dead };
    };

    it('admits AWS-source objects whose records are of the partition account', async () => {
      const { added, dead } = await run(apiParquet(), KEY);
      expect([added.length, dead]).toEqual([3, []]);
    });

    it('refuses a record claiming another account than the accountId partition', async () => {
      const other = KEY.replace('accountId=111122223333', 'accountId=444455556666');
      const { added, dead } = await run(apiParquet(), other);
      expect(added).toHaveLength(0);
      expect(dead[0]).toMatch(/claims account 111122223333.*444455556666/);
    });

    it('refuses other keys and buckets: custom sources, another lake, a Parquet object in an archive bucket', async () => {
      const custom = await run(
        apiParquet(),
        'ext/mine/region=eu-west-1/accountId=111122223333/eventDay=20241206/a.parquet',
      );
      const foreign = await run(apiParquet(), KEY, 'aws-security-data-lake-eu-west-1-other');
      const archive = await run(
        apiParquet(),
        'AWSLogs/111122223333/vpcdnsquerylogs/vpc-0a1b2c3d/2024/12/06/a.parquet',
        'siem-999999999999-dns',
      );
      expect(custom.dead[0]).toMatch(/layout/);
      expect(foreign.dead[0]).toMatch(/not an archive bucket/);
      expect(archive.dead[0]).toMatch(/Parquet content/);
    });
  });
});
