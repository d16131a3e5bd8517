import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSRecord } from 'aws-lambda';
import type { BulkClient } from '../../../functions/ingest/bulk-writer';
import { ingestionGuardsFromEnv } from '../../../functions/ingest/config';
import {
  createIngestHandler,
  MalformedMessageError,
  objectsInMessage,
} from '../../../functions/ingest/sqs-handler';
import { createLogger } from '../../../functions/shared/logger';

describe('objectsInMessage', () => {
  it('reads bucket and URL-decoded key from an S3 event notification', () => {
    // Prepare
    const body = JSON.stringify({
      Records: [
        {
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Put',
          s3: {
            bucket: { name: 'archive' },
            object: { key: 'AWSLogs/1/CloudWatchLogs/us-east-1/my+group%2Fx/f.json.gz' },
          },
        },
      ],
    });

    // Act & Assess
    expect(objectsInMessage(body)).toEqual([
      { bucket: 'archive', key: 'AWSLogs/1/CloudWatchLogs/us-east-1/my group/x/f.json.gz' },
    ]);
  });

  it.each([
    ['the S3 test event', { Event: 's3:TestEvent', Bucket: 'archive' }, []],
    [
      'an EventBridge Object Created event',
      { 'detail-type': 'Object Created', detail: { bucket: { name: 'a' }, object: { key: 'k' } } },
      [{ bucket: 'a', key: 'k' }],
    ],
    [
      'a removal',
      {
        Records: [{ eventName: 'ObjectRemoved:Delete', s3: { bucket: { name: 'a' }, object: { key: 'k' } } }],
      },
      [],
    ],
  ])('handles %s', (_name, message, expected) => {
    // Act & Assess
    expect(objectsInMessage(JSON.stringify(message))).toEqual(expected);
  });

  it('reads a Security Lake subscriber notification (EventBridge Object Created, unknown fields kept)', () => {
    // Prepare: the shape Security Lake sends to an SQS subscriber.
    const message = {
      version: '0',
      id: '5b1e5b1e-0000-4000-8000-000000000000',
      'detail-type': 'Object Created',
      source: 'aws.s3',
      account: '555555555555',
      time: '2026-01-15T10:00:00Z',
      region: 'eu-west-1',
      resources: ['arn:aws:s3:::aws-security-data-lake-eu-west-1-abc'],
      detail: {
        version: '0',
        bucket: { name: 'aws-security-data-lake-eu-west-1-abc' },
        object: {
          key: 'ext/CLOUD_TRAIL_MGMT/2.0/region=eu-west-1/accountId=111111111111/eventDay=20260115/a.gz.parquet',
          size: 1234,
          etag: 'e',
        },
        'request-id': 'r',
        requester: 'securitylake.amazonaws.com',
        reason: 'PutObject',
      },
    };

    // Act & Assess
    expect(objectsInMessage(JSON.stringify(message))).toEqual([
      { bucket: message.detail.bucket.name, key: message.detail.object.key },
    ]);
  });

  it('skips notification records without a bucket or key, and keeps the others', () => {
    // Prepare
    const body = JSON.stringify({
      Records: [
        { eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'a' } } },
        {
          eventName: 'ObjectCreated:CompleteMultipartUpload',
          s3: { bucket: { name: 'a' }, object: { key: 'k%3D1' } },
        },
        {},
      ],
    });

    // Act & Assess
    expect(objectsInMessage(body)).toEqual([{ bucket: 'a', key: 'k=1' }]);
  });

  it.each([
    ['{"hello":1}', /fields hello$/],
    ['not json', /not JSON/],
    ['[1,2]', /the body is an array/],
    ['null', /the body is null/],
    ['{"Records":"x"}', /fields Records$/],
    ['{"detail":{"bucket":{"name":"a"}}}', /fields detail$/],
  ])('rejects %s as malformed', (body, reason) => {
    // Act & Assess
    expect(() => objectsInMessage(body)).toThrow(MalformedMessageError);
    expect(() => objectsInMessage(body)).toThrow(/not an S3 event notification/);
    expect(() => objectsInMessage(body)).toThrow(reason);
  });
});

describe('createIngestHandler with the archive contracts', () => {
  it('dead-letters an object of the wrong bucket with the reason, and logs it as refused', async () => {
    // Prepare: a CloudTrail file put by a member into the cloudwatch bucket, under its own prefix.
    const sent: string[] = [];
    const logs: Array<Record<string, unknown>> = [];
    const openSearch: BulkClient = {
      request: (_m, _p, body) => {
        const lines = String(body).trimEnd().split('\n');
        sent.push(...lines);
        const items = lines.filter((_, i) => i % 2 === 0).map(() => ({ create: { status: 201 } }));
        return Promise.resolve({ status: 200, body: Buffer.from(JSON.stringify({ errors: false, items })) });
      },
    };
    const s3 = {
      send: () =>
        Promise.resolve({ Body: Buffer.from('{"Records":[{"eventTime":"2024-05-01T00:00:00Z"}]}') }),
    } as unknown as Pick<S3Client, 'send'>;
    const handler = createIngestHandler({
      s3,
      openSearch,
      logger: createLogger({}, { write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) }),
      ...ingestionGuardsFromEnv({ NAME_PREFIX: 'siem', ARCHIVE_ACCOUNT_ID: '222222222222', HOT_DAYS: '30' }),
    });
    const key =
      'AWSLogs/333333333333/CloudWatchLogs/eu-west-1/x/AWSLogs/444444444444/CloudTrail/eu-west-1/f.json';
    const body = JSON.stringify({
      Records: [{ s3: { bucket: { name: 'siem-222222222222-cloudwatch' }, object: { key } } }],
    });

    // Act
    const result = await handler({ Records: [{ messageId: 'm1', body } as SQSRecord] });

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toContain('deadletter-undated');
    expect(JSON.parse(sent[1])).toMatchObject({
      error: {
        reason: 'provenance: content is cloudtrail, but the cloudwatch bucket holds cloudwatch objects only',
      },
      s3: { bucket: 'siem-222222222222-cloudwatch', key },
    });
    expect(logs).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: 'object ingested',
        refused: 1,
        indexed: 0,
        deadLettered: 1,
      }),
    ]);
  });
});
