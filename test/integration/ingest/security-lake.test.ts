import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { SQSEvent } from 'aws-lambda';
import { ArchiveProvenance, OpenSearchClient } from '../../../functions/ingest';
import { parquetRowGroups } from '../../../functions/ingest/parquet-rows';
import { s3RangeObject } from '../../../functions/ingest/random-access';
import { createIngestHandler } from '../../../functions/ingest/sqs-handler';
import { OCSF_SCHEMAS, writeOcsfParquet } from '../../../scripts/demo/generate/ocsf-parquet';
import { awsTestClientConfig, openSearchUrl } from '../../support/env';
import { TestIndices } from './cluster';

/*
 * Security Lake Parquet objects through the ingestion handler: S3 (moto) read by range GETs,
 * provenance by the lake bucket and the accountId partition, documents on the real node.
 */

jest.setTimeout(180_000);

const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const LAKE = `aws-security-data-lake-us-east-1-${suffix}`;
const partition = (account: string) =>
  `aws/CLOUD_TRAIL_MGMT/2.0/region=eu-west-1/accountId=${account}/eventDay=20241206`;
const OWN = `${partition('111122223333')}/own.gz.parquet`;
const FOREIGN = `${partition('444455556666')}/foreign.gz.parquet`;
const rows = readFileSync(join(__dirname, '../../fixtures/ocsf/api-activity.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Record<string, unknown>);
/** Event times near now, inside the hot window the handler's index bounds allow. */
const recent = rows.map((r, i) => ({ ...r, time: Date.now() - 60_000 * (i + 1) }));

const s3 = new S3Client(awsTestClientConfig());
const indices = new TestIndices();

function notification(keys: readonly string[]): SQSEvent {
  return {
    Records: keys.map((key, i) => ({
      messageId: `m${i}`,
      receiptHandle: `r${i}`,
      body: JSON.stringify({
        Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: LAKE }, object: { key } } }],
      }),
      attributes: {} as never,
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:222222222222:siem-ingest',
      awsRegion: 'us-east-1',
    })),
  };
}

beforeAll(async () => {
  await indices.setUp();
  await s3.send(new CreateBucketCommand({ Bucket: LAKE }));
  const body = writeOcsfParquet(OCSF_SCHEMAS.apiActivity, recent, { rowGroupSize: 2 });
  for (const key of [OWN, FOREIGN])
    await s3.send(new PutObjectCommand({ Bucket: LAKE, Key: key, Body: body }));
});

afterAll(async () => {
  await indices.tearDown();
});

describe('Security Lake objects through the ingestion handler', () => {
  it('indexes the rows of an object under its own account partition and dead-letters those of a foreign one', async () => {
    // Prepare
    const openSearch = new OpenSearchClient(openSearchUrl());
    const handler = createIngestHandler({
      s3,
      s3For: (bucket) => (bucket === LAKE ? s3 : undefined),
      openSearch,
      provenance: new ArchiveProvenance({
        namePrefix: 'siem',
        archiveAccountId: '222222222222',
        securityLakeBucket: LAKE,
      }),
      bounds: { window: { hotDays: 30, futureDays: 1 } },
      writer: { indexPrefix: indices.prefix },
      log: () => undefined,
    });

    // Act
    const result = await handler(notification([OWN, FOREIGN]));
    openSearch.close();

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(await indices.count('ocsf')).toBe(recent.length);
    expect(await indices.count('ocsf', { term: { 'api.operation': 'StopLogging' } })).toBe(1);
    expect(await indices.count('ocsf', { term: { 'cloud.account.uid': '111122223333' } })).toBe(
      recent.length,
    );
    expect(await indices.count('deadletter')).toBe(recent.length);
  });

  it('reads a large object from S3 by ranges, row group by row group', async () => {
    // Prepare: request data that does not compress, so the object is large on disk.
    const noise = (i: number) =>
      [1, 2, 3, 4, 5].map((n) => createHash('sha256').update(`${n}:${i}`).digest('hex')).join('');
    const many = Array.from({ length: 6000 }, (_, i) => ({
      ...rows[0],
      time: Date.now(),
      api: { operation: 'GetObject', request: { uid: String(i), data: noise(i) } },
    }));
    const key = `${partition('111122223333')}/large.gz.parquet`;
    const bytes = writeOcsfParquet(OCSF_SCHEMAS.apiActivity, many, { rowGroupSize: 1000 });
    await s3.send(new PutObjectCommand({ Bucket: LAKE, Key: key, Body: bytes }));
    const object = await s3RangeObject(s3, { bucket: LAKE, key });
    const reads: number[] = [];
    const counted = {
      ...object,
      read: (start: number, end: number) => (reads.push(end - start), object.read(start, end)),
    };

    // Act: objects over 64 KB count as large here (8 MB in the function).
    const groups: number[] = [];
    for await (const group of parquetRowGroups(counted, 64 * 1024)) groups.push(group.rows.length);

    // Assess
    expect(object.byteLength).toBe(bytes.length);
    expect(groups).toEqual([1000, 1000, 1000, 1000, 1000, 1000]);
    expect(Math.max(...reads)).toBeLessThan(bytes.length / 2);
  });
});
