import type { LogType } from '../../opensearch/log-types';
import type { BulkItemError } from './conflict-fallback';
import type { S3Pointer } from './types';

/** A dead letter keeps at most this much of the record; the S3 pointer leads to the rest. */
export const DEAD_LETTER_DOCUMENT_CHARS = 1_000_000;

export interface DeadLetterRecord {
  /** Index the record was meant for, `''` when none could be named. */
  readonly target: string;
  readonly id: string;
  readonly logType: LogType | 'unknown';
  readonly ordinal: number;
  readonly pointer: S3Pointer;
}

/**
 * The dead-letter document of a record: the error, where the record is in S3, and its text (cut at
 * DEAD_LETTER_DOCUMENT_CHARS). `@timestamp` is when it was written, `now` (epoch ms).
 */
export function deadLetterDocument(
  record: DeadLetterRecord,
  original: string,
  error: BulkItemError,
  now: number,
): string {
  const document =
    original.length > DEAD_LETTER_DOCUMENT_CHARS ? original.slice(0, DEAD_LETTER_DOCUMENT_CHARS) : original;
  return JSON.stringify({
    '@timestamp': new Date(now).toISOString(),
    error: { type: error.type, reason: error.reason },
    s3: { bucket: record.pointer.bucket, key: record.pointer.key, record: record.ordinal },
    log_type: record.logType,
    target_index: record.target,
    document_id: record.id,
    document,
    document_truncated: document.length < original.length,
  });
}
