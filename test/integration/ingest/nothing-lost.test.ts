import { gzipSync } from 'node:zlib';
import { ingestLogObject, parseLogObject } from '../../../functions/ingest';
import { cloudTrailFile, vpcFlowFile } from '../../../scripts/bench/generate-logs';
import { openSearchUrl } from '../../support/env';
import { TestIndices } from './cluster';
import { FlakyProxy, type Behaviour } from './flaky-proxy';

jest.setTimeout(300_000);

const CT_KEY =
  'AWSLogs/123456789012/CloudTrail/us-east-1/2024/05/01/123456789012_CloudTrail_us-east-1_x.json.gz';
const fastRetries = { retryBaseDelayMs: 50, retryMaxDelayMs: 500 };

describe('nothing lost', () => {
  const indices = new TestIndices();
  beforeAll(() => indices.setUp());
  afterAll(() => indices.tearDown());

  it('keeps every record of a file whose fields conflict with the mapping', async () => {
    // Prepare: one shape, then the same fields with other types, then values over the term limit.
    const base = JSON.parse(cloudTrailFile(11, 1, Date.UTC(2023, 0, 5))).Records[0] as Record<
      string,
      unknown
    >;
    const records = [
      {
        ...base,
        eventID: 'conflict-1',
        resources: [{ ARN: 'arn:aws:s3:::a', type: 'AWS::S3::Bucket' }],
        errorMessage: 'denied',
      },
      { ...base, eventID: 'conflict-2', resources: 'arn:aws:s3:::b' },
      { ...base, eventID: 'conflict-3', tlsDetails: ['TLSv1.2'], userIdentity: 'anonymous' },
      {
        ...base,
        eventID: 'conflict-4',
        requestParameters: { policy: 'p'.repeat(40_000), bucketName: 'kept' },
      },
      { ...base, eventID: 'conflict-5', errorMessage: { nested: true } },
      { ...base, eventID: 'conflict-6' },
    ];
    const body = gzipSync(JSON.stringify({ Records: records }));
    const key = CT_KEY.replace('x.json', 'conflicts.json');

    // Act
    const counts = await ingestLogObject(
      body,
      { bucket: 'archive', key },
      { endpoint: openSearchUrl(), indexPrefix: indices.prefix },
    );

    // Assess
    expect(counts).toMatchObject({ records: 6, indexed: 6, deadLettered: 0, keptAsText: 4 });
    expect(await indices.count('cloudtrail', { prefix: { eventID: 'conflict-' } })).toBe(6);
    expect(await indices.count('cloudtrail', { term: { 'siem.conflicts.field': 'resources' } })).toBe(1);
    expect(await indices.count('cloudtrail', { term: { 'requestParameters.bucketName': 'kept' } })).toBe(1);
    expect(await indices.count('cloudtrail', { match: { 'siem.conflicts.value': 'anonymous' } })).toBe(1);
  });

  it('dead-letters a record that cannot be indexed at all, with its error and S3 pointer', async () => {
    // Prepare
    const base = JSON.parse(cloudTrailFile(12, 1, Date.UTC(2023, 0, 6))).Records[0] as Record<
      string,
      unknown
    >;
    const body = JSON.stringify({
      Records: [
        { ...base, eventID: 'dl-ok' },
        { ...base, eventID: 'dl-bad', eventTime: 'yesterday' },
      ],
    });
    const key = CT_KEY.replace('x.json', 'dead-letter.json');

    // Act
    const counts = await ingestLogObject(
      Buffer.from(body),
      { bucket: 'archive', key },
      {
        endpoint: openSearchUrl(),
        indexPrefix: indices.prefix,
      },
    );

    // Assess
    expect(counts).toMatchObject({ records: 2, indexed: 1, deadLettered: 1 });
    const [letter] = await indices.search('deadletter', { term: { 's3.key': key } });
    expect(letter).toMatchObject({
      s3: { bucket: 'archive', key, record: 2 },
      error: { type: 'parse_error' },
    });
    expect(letter.document).toContain('"dl-bad"');
  });

  it('changes no count when the same object is delivered twice', async () => {
    // Prepare
    const body = gzipSync(vpcFlowFile(21, 3_000, Date.UTC(2023, 0, 7) / 1000));
    const pointer = {
      bucket: 'archive',
      key: 'AWSLogs/123456789012/vpcflowlogs/us-east-1/2023/01/07/dup.log.gz',
    };
    const options = { endpoint: openSearchUrl(), indexPrefix: indices.prefix };
    const first = await ingestLogObject(body, pointer, options);
    const afterFirst = await indices.count('vpcflow');

    // Act
    const second = await ingestLogObject(body, pointer, options);

    // Assess
    expect(first.indexed).toBe(3_000);
    expect(second.indexed).toBe(3_000);
    expect(await indices.count('vpcflow')).toBe(afterFirst);
  });

  it('loses nothing when the cluster refuses, rejects items and goes away mid-ingest', async () => {
    // Prepare
    const schedule = (n: number): Behaviour => {
      if (n >= 3 && n <= 5) return { kind: 'status', status: 503 };
      if (n >= 6 && n <= 9) return { kind: 'reject-half-items' };
      if (n === 10) return { kind: 'down', ms: 2_000 };
      if (n >= 11 && n <= 12) return { kind: 'status', status: 429 };
      return { kind: 'pass' };
    };
    const proxy = new FlakyProxy(openSearchUrl(), schedule);
    await proxy.start();
    const text = cloudTrailFile(31, 8_000, Date.UTC(2023, 0, 8));
    const expectedIds = (await parseLogObject(Buffer.from(text), { bucket: 'archive', key: CT_KEY })).map(
      (d) => d.id,
    );

    // Act
    const counts = await ingestLogObject(
      gzipSync(text),
      { bucket: 'archive', key: CT_KEY },
      {
        endpoint: proxy.url,
        indexPrefix: indices.prefix,
        flushBytes: 256 * 1024,
        concurrency: 3,
        ...fastRetries,
      },
    ).finally(() => proxy.stop());

    // Assess
    expect(proxy.bulkRequests).toBeGreaterThan(15);
    expect(counts).toMatchObject({ records: 8_000, indexed: 8_000, deadLettered: 0 });
    expect(counts.retried).toBeGreaterThan(0);
    expect(await indices.count('cloudtrail', { terms: { eventID: expectedIds.slice(0, 1000) } })).toBe(1000);
    expect(
      await indices.count('cloudtrail', { range: { '@timestamp': { gte: '2023-01-08', lt: '2023-01-09' } } }),
    ).toBe(8_000);
  });

  it('loses nothing with many small bulk requests in flight at once', async () => {
    // Prepare
    const body = gzipSync(vpcFlowFile(41, 20_000, Date.UTC(2023, 0, 9) / 1000));
    const pointer = {
      bucket: 'archive',
      key: 'AWSLogs/123456789012/vpcflowlogs/us-east-1/2023/01/09/many.log.gz',
    };

    // Act
    const counts = await ingestLogObject(body, pointer, {
      endpoint: openSearchUrl(),
      indexPrefix: indices.prefix,
      flushBytes: 32 * 1024,
      concurrency: 24,
      ...fastRetries,
    });

    // Assess
    expect(counts.bulkRequests).toBeGreaterThan(100);
    expect(counts).toMatchObject({ records: 20_000, indexed: 20_000, deadLettered: 0 });
    expect(
      await indices.count('vpcflow', { range: { '@timestamp': { gte: '2023-01-09', lt: '2023-01-10' } } }),
    ).toBe(20_000);
  });
});
