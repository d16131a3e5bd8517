import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { BulkWriter, type BulkClient, type BulkWriterOptions } from './bulk-writer';
import { ingestObject } from './ingest-object';
import type { ObjectBody } from './object-reader';
import type { S3Pointer } from './types';

/*
 * SQS → S3 objects → OpenSearch, one SQS message at a time. A message whose object cannot be
 * read, parsed or fully written is reported in `batchItemFailures` (SQS redelivers it; document
 * ids are deterministic so nothing duplicates) while the other messages of the batch go through.
 */

export interface IngestHandlerDeps {
  readonly s3: Pick<S3Client, 'send'>;
  readonly openSearch: BulkClient;
  readonly writer?: Omit<BulkWriterOptions, 'client'>;
  readonly log?: (entry: Record<string, unknown>) => void;
}

interface S3EventMessage {
  Event?: string;
  Records?: Array<{
    eventSource?: string;
    eventName?: string;
    s3?: { bucket?: { name?: string }; object?: { key?: string } };
  }>;
  'detail-type'?: string;
  detail?: { bucket?: { name?: string }; object?: { key?: string } };
}

/** Object pointers in one SQS message: an S3 event notification, or an EventBridge "Object Created". */
export function objectsInMessage(body: string): S3Pointer[] {
  const message = JSON.parse(body) as S3EventMessage;
  if (message.Event === 's3:TestEvent') return [];
  if (message.detail?.bucket?.name && message.detail.object?.key) {
    return [{ bucket: message.detail.bucket.name, key: message.detail.object.key }];
  }
  if (!Array.isArray(message.Records)) throw new Error('SQS message is not an S3 event notification');
  return message.Records.filter(
    (r) =>
      r.s3?.bucket?.name && r.s3.object?.key && (r.eventName ?? 'ObjectCreated').startsWith('ObjectCreated'),
  ).map((r) => ({
    bucket: r.s3?.bucket?.name as string,
    // Keys in notifications are URL-encoded with '+' for spaces.
    key: decodeURIComponent((r.s3?.object?.key as string).replace(/\+/g, ' ')),
  }));
}

export function createIngestHandler(deps: IngestHandlerDeps): (event: SQSEvent) => Promise<SQSBatchResponse> {
  const log = deps.log ?? ((entry) => console.log(JSON.stringify(entry)));

  const processMessage = async (message: SQSRecord): Promise<void> => {
    for (const pointer of objectsInMessage(message.body)) {
      const started = Date.now();
      const object = await deps.s3.send(new GetObjectCommand({ Bucket: pointer.bucket, Key: pointer.key }));
      if (!object.Body) throw new Error(`s3://${pointer.bucket}/${pointer.key}: empty response body`);
      const writer = new BulkWriter({ ...deps.writer, client: deps.openSearch });
      const { source } = await ingestObject(object.Body as unknown as ObjectBody, pointer, writer);
      const counts = await writer.flush();
      log({
        level: 'info',
        msg: 'object ingested',
        ...pointer,
        source: source ?? 'empty',
        ...counts,
        ms: Date.now() - started,
      });
    }
  };

  return async (event) => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const message of event.Records) {
      try {
        await processMessage(message);
      } catch (err) {
        log({
          level: 'error',
          msg: 'message failed',
          messageId: message.messageId,
          error: err instanceof Error ? err.message : String(err),
        });
        batchItemFailures.push({ itemIdentifier: message.messageId });
      }
    }
    return { batchItemFailures };
  };
}
