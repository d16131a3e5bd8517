import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { OpenSearchClient } from '../../../functions/ingest';
import { createIngestHandler } from '../../../functions/ingest/sqs-handler';
import {
  createNotifiedBucket,
  notifiedKeyOf,
  sqsEventOf,
  type NotifiedBucket,
} from '../../../scripts/local/notified-bucket';
import { awsTestClientConfig, openSearchUrl } from '../../support/env';
import { TestIndices } from './cluster';

jest.setTimeout(120_000);

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const BUCKET = `archive-ingest-${suffix}`;
const CT_KEY =
  'AWSLogs/123456789012/CloudTrail/us-west-2/2019/06/24/123456789012_CloudTrail_us-west-2_ok.json.gz';
const OBJECTS: Record<string, Buffer> = {
  [CT_KEY]: gzipSync(readFileSync(join(FIXTURES, 'cloudtrail/management-events.json'))),
  'AWSLogs/123456789010/vpcflowlogs/us-east-2/2014/12/14/flows ok.log.gz': gzipSync(
    readFileSync(join(FIXTURES, 'vpcflow/default-v2.log')),
  ),
  'AWSLogs/123456789012/CloudTrail/us-west-2/2019/06/24/truncated.json.gz': gzipSync(
    readFileSync(join(FIXTURES, 'cloudtrail/management-events.json')),
  ).subarray(0, 300),
  'AWSLogs/123456789010/vpcflowlogs/us-east-2/2014/12/14/garbage.log.gz': Buffer.from([
    0, 1, 2, 3, 0xff, 0xfe, 0x10, 0x0a,
  ]),
  'uploads/unknown.txt': Buffer.from('just some notes\nnot a log format\n'),
};

describe('S3 notification → SQS → handler → OpenSearch (moto and the local node)', () => {
  const indices = new TestIndices();
  const s3 = new S3Client(awsTestClientConfig());
  const sqs = new SQSClient(awsTestClientConfig());
  const openSearch = new OpenSearchClient(openSearchUrl());
  let messages: Message[] = [];
  let delivery: NotifiedBucket;

  beforeAll(async () => {
    await indices.setUp();
    delivery = await createNotifiedBucket(s3, sqs, { bucket: BUCKET, queueName: `ingest-${suffix}` });
    for (const [key, body] of Object.entries(OBJECTS))
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    // Collect the notifications (plus S3's test event) as the Lambda event source would.
    for (let i = 0; i < 20 && messages.filter(notifiedKeyOf).length < Object.keys(OBJECTS).length; i++) {
      const r = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: delivery.queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
        }),
      );
      messages = [...messages, ...(r.Messages ?? [])];
    }
  });

  afterAll(async () => {
    await delivery?.remove();
    openSearch.close();
    s3.destroy();
    sqs.destroy();
    await indices.tearDown();
  });

  it('indexes the good objects and fails only the messages of the bad ones', async () => {
    // Prepare
    const handler = createIngestHandler({
      s3,
      openSearch,
      writer: { indexPrefix: indices.prefix },
      log: () => undefined,
    });
    const bad = messages
      .filter((m) => /truncated|garbage|unknown/.test(notifiedKeyOf(m) ?? ''))
      .map((m) => m.MessageId);

    // Act
    const result = await handler(sqsEventOf(messages, delivery.queueArn));

    // Assess
    expect(bad).toHaveLength(3);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([...bad].sort());
    expect(await indices.count('cloudtrail')).toBe(4);
    expect(await indices.count('vpcflow')).toBe(4);
    expect(await indices.count('cloudtrail', { term: { 'user.name': 'Alice' } })).toBe(1);
  });

  it('changes no count when SQS delivers the same messages again', async () => {
    // Prepare
    const handler = createIngestHandler({
      s3,
      openSearch,
      writer: { indexPrefix: indices.prefix },
      log: () => undefined,
    });
    const good = messages.filter((m) => /ok/.test(notifiedKeyOf(m) ?? ''));

    // Act
    const result = await handler(sqsEventOf(good, delivery.queueArn));

    // Assess
    expect(good).toHaveLength(2);
    expect(result.batchItemFailures).toEqual([]);
    expect(await indices.count('cloudtrail')).toBe(4);
    expect(await indices.count('vpcflow')).toBe(4);
  });
});
