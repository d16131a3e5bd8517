/**
 * Writes one decoded subscription payload to its archive bucket: the Security Hub findings log
 * group's payloads to the findings bucket, every other group's to the CloudWatch bucket, both under
 * the same key layout. The object is the payload JSON on
 * one line (newline-delimited JSON, so several payloads could share an object later), gzip-compressed;
 * the ingestion function reads one document per log event from it.
 *
 * No ACL is sent (the archive bucket enforces BucketOwnerEnforced, which rejects ACLs other than
 * bucket-owner-full-control and makes the bucket owner own every object anyway) and no encryption
 * header (the bucket's default SSE-KMS key applies).
 */
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { awsErrorName } from '../shared/retry';
import type { CloudWatchLogsPayload } from './decode-payload';
import { archiveObjectKey } from './object-key';

export interface FindingsTarget {
  /** The archive's Security Hub bucket. */
  readonly bucket: string;
  /** The findings rule's log group (exact name): its payloads go to `bucket`. */
  readonly logGroup: string;
}

export interface TransferTarget {
  /** The archive's CloudWatch Logs bucket: every payload not routed to `findings`. */
  readonly bucket: string;
  /** When set, payloads of the findings log group go to the findings bucket instead of `bucket`. */
  readonly findings?: FindingsTarget;
  /**
   * Region of the log group, for the key: the Lambda's own, since a subscription's destination is
   * in its region. Not the bucket's region, which only the S3 client needs.
   */
  readonly region: string;
  /** When set, payloads from another account are refused instead of written under their owner. */
  readonly expectedAccountId?: string;
}

export type TransferResult =
  | { readonly status: 'dropped'; readonly reason: 'control-message' | 'no-log-events' }
  | {
      /** `written`, or `already-present` when a retried invocation found its own object there. */
      readonly status: 'written' | 'already-present';
      readonly bucket: string;
      readonly key: string;
      readonly logEvents: number;
      readonly bytes: number;
    };

/** The object body: the payload as one JSON line, gzip-compressed. Deterministic for equal payloads. */
export function encodeArchiveObject(payload: CloudWatchLogsPayload): Buffer {
  return gzipSync(Buffer.from(`${JSON.stringify(payload)}\n`, 'utf8'));
}

/** The bucket a payload of `logGroup` is written to. */
export function destinationBucket(
  logGroup: string,
  target: Pick<TransferTarget, 'bucket' | 'findings'>,
): string {
  return target.findings && logGroup === target.findings.logGroup ? target.findings.bucket : target.bucket;
}

export class TransferError extends Error {
  override readonly name = 'TransferError';
}

export async function transferPayload(
  s3: Pick<S3Client, 'send'>,
  payload: CloudWatchLogsPayload,
  target: TransferTarget,
): Promise<TransferResult> {
  // CloudWatch Logs sends a CONTROL_MESSAGE to check the destination is reachable; it is no log data.
  if (payload.messageType === 'CONTROL_MESSAGE') return { status: 'dropped', reason: 'control-message' };
  if (payload.logEvents.length === 0) return { status: 'dropped', reason: 'no-log-events' };
  if (target.expectedAccountId && payload.owner !== target.expectedAccountId) {
    throw new TransferError(
      `payload from account ${payload.owner} (log group ${payload.logGroup}) but this function archives ` +
        `account ${target.expectedAccountId}; check the subscription's destination`,
    );
  }

  const bucket = destinationBucket(payload.logGroup, target);
  const key = archiveObjectKey({ accountId: payload.owner, region: target.region, payload });
  const body = encodeArchiveObject(payload);
  const written = { bucket, key, logEvents: payload.logEvents.length, bytes: body.length };
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        // No Content-Encoding: HTTP clients would then unzip transparently and readers could not
        // rely on the bytes matching the `.gz` in the key.
        ContentType: 'application/gzip',
        // Write once: a retry of the same payload must not add a version in a versioned bucket.
        IfNoneMatch: '*',
      }),
    );
  } catch (err) {
    // The key is derived from the events, so an existing object (or a concurrent write of the same
    // key, ConditionalRequestConflict) already holds this payload.
    const name = awsErrorName(err);
    if (name === 'PreconditionFailed' || name === 'ConditionalRequestConflict') {
      return { status: 'already-present', ...written };
    }
    throw new TransferError(
      `cannot write s3://${bucket}/${key}: ${name ?? 'Error'}: ${err instanceof Error ? err.message : err}`,
      { cause: err },
    );
  }
  return { status: 'written', ...written };
}
