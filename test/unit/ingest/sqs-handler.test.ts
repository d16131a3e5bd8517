import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSRecord } from 'aws-lambda';
import type { BulkClient } from '../../../functions/ingest/bulk-writer';
import { ingestionGuardsFromEnv } from '../../../functions/ingest/config';
import { createIngestHandler, objectsInMessage } from '../../../functions/ingest/sqs-handler';

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

  it('rejects a message that is not an S3 event', () => {
    // Act & Assess
    expect(() => objectsInMessage('{"hello":1}')).toThrow(/not an S3 event/);
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
      log: (entry) => logs.push(entry),
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
        msg: 'object ingested',
        refused: 1,
        indexed: 0,
        deadLettered: 1,
      }),
    ]);
  });
});
