/**
 * Decodes the payload CloudWatch Logs hands a subscribed Lambda: `event.awslogs.data` is the
 * subscription JSON, gzip-compressed, then base64-encoded. Fields we do not know (e.g.
 * `policyLevel` of account-level subscriptions) are kept, so the archive holds what AWS sent.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

export interface CloudWatchLogsLogEvent {
  readonly id: string;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
  /** The log line exactly as written; JSON documents (e.g. Security Hub findings) stay a string. */
  readonly message: string;
  readonly extractedFields?: Readonly<Record<string, string>>;
}

export interface CloudWatchLogsPayload {
  /** `DATA_MESSAGE`, or `CONTROL_MESSAGE` for the reachability checks CloudWatch Logs sends. */
  readonly messageType: string;
  /** Account that owns the log group. */
  readonly owner: string;
  readonly logGroup: string;
  readonly logStream: string;
  readonly subscriptionFilters: readonly string[];
  readonly logEvents: readonly CloudWatchLogsLogEvent[];
  readonly [extra: string]: unknown;
}

export class PayloadError extends Error {
  override readonly name = 'PayloadError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkLogEvent(value: unknown, index: number): void {
  if (!isRecord(value)) throw new PayloadError(`logEvents[${index}] is not an object`);
  if (typeof value.id !== 'string') throw new PayloadError(`logEvents[${index}].id is not a string`);
  if (typeof value.timestamp !== 'number' || !Number.isFinite(value.timestamp)) {
    throw new PayloadError(`logEvents[${index}].timestamp is not a number`);
  }
  if (typeof value.message !== 'string')
    throw new PayloadError(`logEvents[${index}].message is not a string`);
}

/** Checks the decoded JSON has the subscription payload's shape; returns it unchanged. */
export function validatePayload(value: unknown): CloudWatchLogsPayload {
  if (!isRecord(value)) throw new PayloadError('payload is not a JSON object');
  for (const field of ['messageType', 'owner', 'logGroup', 'logStream'] as const) {
    if (typeof value[field] !== 'string') throw new PayloadError(`payload field ${field} is not a string`);
  }
  if (!Array.isArray(value.subscriptionFilters))
    throw new PayloadError('payload field subscriptionFilters is not a list');
  if (!Array.isArray(value.logEvents)) throw new PayloadError('payload field logEvents is not a list');
  value.logEvents.forEach(checkLogEvent);
  return value as CloudWatchLogsPayload;
}

export function decodeSubscriptionData(data: string): CloudWatchLogsPayload {
  let json: string;
  try {
    json = gunzipSync(Buffer.from(data, 'base64')).toString('utf8');
  } catch (err) {
    throw new PayloadError(
      `awslogs.data is not base64-encoded gzip: ${err instanceof Error ? err.message : err}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (err) {
    throw new PayloadError(`awslogs.data does not hold JSON: ${err instanceof Error ? err.message : err}`);
  }
  return validatePayload(parsed);
}

/** Inverse of {@link decodeSubscriptionData}: what CloudWatch Logs sends, for tests and tools. */
export function encodeSubscriptionData(payload: CloudWatchLogsPayload): string {
  return gzipSync(Buffer.from(JSON.stringify(payload), 'utf8')).toString('base64');
}
