import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { BulkClient } from '../../../functions/ingest/bulk-writer';
import type { OpenSearchResponse } from '../../../opensearch/http-client';
import { createIngestHandler, writeDeadline } from '../../../functions/ingest/sqs-handler';
import { createLogger } from '../../../functions/shared/logger';
import { vpcFlowFile } from '../../../scripts/bench/generate-logs';

const silentLogger = createLogger({}, { write: () => undefined });
const KEY = 'AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/05/01/';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers each bulk item with `status` after `delayMs`; counts requests, acks and requests in flight. */
class FakeCluster implements BulkClient {
  requests = 0;
  inFlight = 0;
  acked = 0;
  constructor(private readonly options: { delayMs?: number; status?: number } = {}) {}

  async request(_method: string, _path: string, body?: Buffer | string): Promise<OpenSearchResponse> {
    this.requests++;
    this.inFlight++;
    await sleep(this.options.delayMs ?? 0);
    this.inFlight--;
    const status = this.options.status ?? 201;
    const n = String(body).trimEnd().split('\n').length / 2;
    if (status < 300) this.acked += n;
    const items = Array.from({ length: n }, () => ({ index: { status } }));
    return { status: 200, body: Buffer.from(JSON.stringify({ errors: status >= 300, items })) };
  }
}

/** S3 whose objects are produced by `body(key)`, after `delayMs`; remembers the keys read. */
function fakeS3(body: (key: string) => AsyncIterable<Uint8Array> | Uint8Array, delayMs = 0) {
  const keys: string[] = [];
  const s3 = {
    send: async (command: { input: { Key: string } }) => {
      keys.push(command.input.Key);
      await sleep(delayMs);
      return { Body: body(command.input.Key) };
    },
  } as unknown as Pick<S3Client, 'send'>;
  return { s3, keys };
}

function sqsEvent(objects: string[]): SQSEvent {
  return {
    Records: objects.map(
      (name) =>
        ({
          messageId: `m-${name}`,
          body: JSON.stringify({
            Records: [
              {
                eventSource: 'aws:s3',
                eventName: 'ObjectCreated:Put',
                s3: { bucket: { name: 'archive' }, object: { key: `${KEY}${name}` } },
              },
            ],
          }),
        }) as SQSRecord,
    ),
  };
}

/** A Lambda context whose invocation ends `ms` from now. */
function contextEndingIn(ms: number) {
  const end = Date.now() + ms;
  return { getRemainingTimeInMillis: () => end - Date.now() };
}

const flowLogs = () => Buffer.from(vpcFlowFile(1, 50));

describe('ingestion handler near the Lambda deadline', () => {
  it('hands back the messages it has no time left to start, and keeps the one it finished', async () => {
    // Prepare: reading an object takes 100 ms; after the first one, too little time is left.
    const { s3, keys } = fakeS3(flowLogs, 100);
    const cluster = new FakeCluster();
    const handler = createIngestHandler({
      s3,
      openSearch: cluster,
      logger: silentLogger,
      safetyMarginMs: 500,
      minMessageMs: 2_450,
    });

    // Act
    const result = await handler(sqsEvent(['a', 'b', 'c', 'd']), contextEndingIn(3_000));

    // Assess
    expect(keys).toEqual([`${KEY}a`]);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m-b', 'm-c', 'm-d']);
    expect(cluster.acked).toBe(50);
  });

  it('processes the whole batch when time allows', async () => {
    // Prepare
    const { s3, keys } = fakeS3(flowLogs);
    const handler = createIngestHandler({ s3, openSearch: new FakeCluster(), logger: silentLogger });

    // Act
    const result = await handler(sqsEvent(['a', 'b', 'c']), contextEndingIn(300_000));

    // Assess
    expect(keys).toHaveLength(3);
    expect(result.batchItemFailures).toEqual([]);
  });

  it('stops retrying a refusing cluster before the deadline instead of using the whole retry budget', async () => {
    // Prepare: the default retry budget (300 s) would outlast the invocation (1.5 s) many times.
    const { s3 } = fakeS3(flowLogs);
    const cluster = new FakeCluster({ status: 429 });
    const handler = createIngestHandler({
      s3,
      openSearch: cluster,
      writer: { retryBaseDelayMs: 20, retryMaxDelayMs: 100 },
      logger: silentLogger,
      safetyMarginMs: 300,
    });
    const context = contextEndingIn(1_500);

    // Act
    const result = await handler(sqsEvent(['a', 'b']), context);

    // Assess
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(0);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m-a', 'm-b']);
    expect(cluster.requests).toBeGreaterThan(1);
  });

  it('keeps a quarter of a short invocation free, at most the safety margin', () => {
    // Act & Assess
    const now = Date.now();
    expect(writeDeadline(undefined, 70_000)).toBeUndefined();
    expect(writeDeadline(contextEndingIn(300_000), 70_000)).toBeGreaterThanOrEqual(now + 230_000 - 50);
    expect(writeDeadline(contextEndingIn(300_000), 70_000)).toBeLessThanOrEqual(Date.now() + 230_000);
    expect(writeDeadline(contextEndingIn(40_000), 70_000)).toBeLessThanOrEqual(Date.now() + 30_000);
    expect(writeDeadline(contextEndingIn(40_000), 70_000)).toBeGreaterThan(now + 29_000);
  });
});

describe('ingestion handler with an object that fails partway', () => {
  it('waits for the writes already in flight and logs what they did before moving on', async () => {
    // Prepare: the first chunk is sent in small requests, then the object's stream breaks.
    const text = Buffer.from(vpcFlowFile(2, 2_000));
    const { s3 } = fakeS3((key) =>
      key.endsWith('broken')
        ? (async function* () {
            yield text;
            throw new Error('connection reset by S3');
          })()
        : flowLogs(),
    );
    const cluster = new FakeCluster({ delayMs: 50 });
    const logs: Array<Record<string, unknown>> = [];
    const inFlightAtNextObject: number[] = [];
    const handler = createIngestHandler({
      s3,
      openSearch: cluster,
      writer: { flushBytes: 8 * 1024, concurrency: 4 },
      logger: createLogger(
        {},
        {
          write: (line) => {
            const entry = JSON.parse(line) as Record<string, unknown>;
            logs.push(entry);
            if (entry.message === 'message failed') inFlightAtNextObject.push(cluster.inFlight);
          },
        },
      ),
    });

    // Act
    const result = await handler(sqsEvent(['broken', 'ok']));

    // Assess
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m-broken']);
    expect(inFlightAtNextObject).toEqual([0]);
    const failed = logs.find((l) => l.message === 'object not ingested');
    expect(failed).toMatchObject({
      key: `${KEY}broken`,
      errorMessage: 'connection reset by S3',
      records: 2_000,
    });
    // Everything the cluster acknowledged for the broken object is in its log entry.
    expect(failed?.indexed).toBe(cluster.acked - 50);
    expect(failed?.indexed).toBeGreaterThan(0);
    // ~40 requests of 50 ms, four at a time: well under a second alone, but 5 s were seen
    // exceeded under coverage on a loaded machine.
  }, 30_000);
});

describe('ingestion handler logging and malformed messages', () => {
  it('writes every line with the invocation’s request id, and hands a malformed message back (for the dead-letter queue) after reporting it', async () => {
    // Prepare: one good message between a non-JSON body and a JSON body of no known shape.
    const { s3, keys } = fakeS3(flowLogs);
    const lines: Array<Record<string, unknown>> = [];
    const handler = createIngestHandler({
      s3,
      openSearch: new FakeCluster(),
      logger: createLogger({}, { write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) }),
    });
    const good = sqsEvent(['ok']).Records[0]!;
    const event: SQSEvent = {
      Records: [
        { messageId: 'm-text', body: 'hello', attributes: { ApproximateReceiveCount: '1' } } as SQSRecord,
        good,
        { messageId: 'm-sns', body: JSON.stringify({ Type: 'Notification', Message: '{}' }) } as SQSRecord,
      ],
    };

    // Act
    const result = await handler(event, { ...contextEndingIn(300_000), awsRequestId: 'req-1' });

    // Assess: both handed back, so they end in the dead-letter queue, each reported with its start.
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-text' }, { itemIdentifier: 'm-sns' }]);
    expect(keys).toEqual([`${KEY}ok`]);
    expect(lines.every((l) => l.requestId === 'req-1')).toBe(true);
    expect(lines.map((l) => [l.level, l.message, l.messageId])).toEqual([
      ['error', 'message malformed, left for the dead-letter queue', 'm-text'],
      ['info', 'object ingested', undefined],
      ['error', 'message malformed, left for the dead-letter queue', 'm-sns'],
    ]);
    expect(lines[0]).toMatchObject({ body: 'hello', receiveCount: '1', errorName: 'MalformedMessageError' });
    expect(lines[0]!.errorMessage).toMatch(/not JSON/);
    expect(lines[2]!.errorMessage).toMatch(/fields Type, Message$/);
  });

  it('still hands back a well-formed message whose object fails', async () => {
    // Prepare
    const { s3 } = fakeS3(() => {
      throw new Error('AccessDenied');
    });
    const handler = createIngestHandler({ s3, openSearch: new FakeCluster(), logger: silentLogger });

    // Act
    const result = await handler(sqsEvent(['denied']));

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-denied' }]);
  });
});
