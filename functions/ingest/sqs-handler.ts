import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { BulkWriter, type BulkClient, type BulkWriterOptions } from './bulk-writer';
import type { IndexBounds } from './index-routing';
import { ingestObject } from './ingest-object';
import type { ObjectBody } from './object-reader';
import type { ArchiveProvenance } from './provenance';
import { readsByRange, s3RangeObject } from './random-access';
import { MalformedMessageError, objectsInMessage } from './s3-event-message';
import type { S3Pointer } from './types';
import { createLogger, errorFields, type Logger } from '../shared/logger';

export { MalformedMessageError, objectsInMessage } from './s3-event-message';

/*
 * SQS → S3 objects → OpenSearch, one SQS message at a time. A message whose object cannot be
 * read, parsed or fully written is reported in `batchItemFailures` (SQS redelivers it; document
 * ids are deterministic so nothing duplicates) while the other messages of the batch go through.
 *
 * The handler keeps to the Lambda deadline: writes stop (and their retries give up) a safety
 * margin before it, and messages it has no time left to start are handed back unstarted. A
 * timed-out invocation would instead send the whole batch back, messages already done included.
 */

export interface IngestHandlerDeps {
  readonly s3: Pick<S3Client, 'send'>;
  /** The client for buckets read with other credentials (the Security Lake bucket); `s3` otherwise. */
  readonly s3For?: (bucket: string) => Pick<S3Client, 'send'> | undefined;
  readonly openSearch: BulkClient;
  readonly writer?: Omit<BulkWriterOptions, 'client' | 'deadline'>;
  /** Each invocation logs through a child with the request id. @default a JSON-lines logger on stdout */
  readonly logger?: Logger;
  /** @deprecated pass `logger`; each entry is what the logger would write, parsed. */
  readonly log?: (entry: Record<string, unknown>) => void;
  /**
   * Each archive bucket's contract (provenance.ts): objects and records that break it are
   * dead-lettered with the reason. The Lambda entry point always sets it.
   */
  readonly provenance?: ArchiveProvenance;
  /** Window and per-object budget of daily indices (index-routing.ts); `now` is each object's arrival. */
  readonly bounds?: Omit<IndexBounds, 'now'>;
  /**
   * Time kept free at the end of an invocation: a bulk request started just before it must be
   * able to end (so at least the OpenSearch request timeout), then the batch response be
   * returned. Capped at a quarter of the invocation's time, so a short function timeout still
   * leaves room to work.
   * @default 15_000
   */
  readonly safetyMarginMs?: number;
  /**
   * A message is started only with this much time left before the margin; later ones are
   * reported as failures, unstarted, and come back after the queue's visibility timeout. The
   * first message of a batch is always started.
   * @default 15_000
   */
  readonly minMessageMs?: number;
}

/** What the handler needs of the Lambda context (optional: local runs and tests have no deadline). */
export type DeadlineContext = Pick<Context, 'getRemainingTimeInMillis'> &
  Partial<Pick<Context, 'awsRequestId'>>;

export function createIngestHandler(
  deps: IngestHandlerDeps,
): (event: SQSEvent, context?: DeadlineContext) => Promise<SQSBatchResponse> {
  const sink = deps.log;
  const baseLogger =
    deps.logger ??
    createLogger({}, sink ? { write: (line) => sink(JSON.parse(line) as Record<string, unknown>) } : {});

  const processObject = async (
    pointer: S3Pointer,
    deadline: number | undefined,
    log: Logger,
  ): Promise<void> => {
    const started = Date.now();
    // Parquet (Security Lake) is read by byte ranges, row group by row group; the rest as a stream.
    const s3 = deps.s3For?.(pointer.bucket) ?? deps.s3;
    const body = readsByRange(pointer.key)
      ? await s3RangeObject(s3, pointer)
      : ((await s3.send(new GetObjectCommand({ Bucket: pointer.bucket, Key: pointer.key })))
          .Body as unknown as ObjectBody | undefined);
    if (!body) throw new Error(`s3://${pointer.bucket}/${pointer.key}: empty response body`);
    const writer = new BulkWriter({ ...deps.writer, client: deps.openSearch, deadline });
    try {
      const { source, refused, rerouted, dailyIndices } = await ingestObject(body, pointer, writer, {
        provenance: deps.provenance,
        bounds: { ...deps.bounds, now: started },
      });
      const counts = await writer.flush();
      log[refused > 0 ? 'warn' : 'info']('object ingested', {
        ...pointer,
        source: source ?? 'empty',
        ...counts,
        refused,
        rerouted,
        dailyIndices,
        ms: ms(started),
      });
    } catch (err) {
      // Requests of this object may still be in flight: let them end before the next message,
      // so they neither overlap its writes nor run on unreported (or into the next invocation).
      const counts = await writer.settle();
      log.warn('object not ingested', { ...pointer, ...counts, ms: ms(started), ...errorFields(err) });
      throw err;
    }
  };

  const processMessage = async (
    record: SQSRecord,
    deadline: number | undefined,
    log: Logger,
  ): Promise<void> => {
    for (const pointer of objectsInMessage(record.body)) await processObject(pointer, deadline, log);
  };

  return async (event, context) => {
    const log = baseLogger.child({ requestId: context?.awsRequestId });
    const deadline = writeDeadline(context, deps.safetyMarginMs ?? 15_000);
    const minMessageMs = deps.minMessageMs ?? 15_000;
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const [i, record] of event.Records.entries()) {
      if (i > 0 && deadline !== undefined && deadline - Date.now() < minMessageMs) {
        const deferred = event.Records.slice(i).map((r) => r.messageId);
        log.warn('messages deferred: too little time left', {
          messageIds: deferred,
          msLeft: deadline - Date.now(),
        });
        for (const messageId of deferred) batchItemFailures.push({ itemIdentifier: messageId });
        break;
      }
      try {
        await processMessage(record, deadline, log);
      } catch (err) {
        if (err instanceof MalformedMessageError) {
          // No redelivery can fix the body, but nothing is thrown away either: reported here with its
          // start, and handed back, so after its receives it rests in the dead-letter queue, whose
          // alarm tells someone (something unexpected is writing to the queue).
          log.error('message malformed, left for the dead-letter queue', {
            messageId: record.messageId,
            receiveCount: record.attributes?.ApproximateReceiveCount,
            body: record.body.slice(0, MALFORMED_BODY_CHARS),
            ...errorFields(err),
          });
          batchItemFailures.push({ itemIdentifier: record.messageId });
          continue;
        }
        log.error('message failed', { messageId: record.messageId, ...errorFields(err) });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}

/**
 * Instant after which no bulk request is started or retried: the invocation's end minus the
 * safety margin (at most a quarter of the time left, so a short timeout still leaves room).
 */
export function writeDeadline(
  context: DeadlineContext | undefined,
  safetyMarginMs: number,
): number | undefined {
  if (!context) return undefined;
  const left = context.getRemainingTimeInMillis();
  return Date.now() + left - Math.min(safetyMarginMs, left / 4);
}

/** Enough of a malformed body to see what sent it; notifications are a few KB at most. */
const MALFORMED_BODY_CHARS = 2000;

const ms = (since: number) => Date.now() - since;
