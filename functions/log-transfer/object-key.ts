/**
 * Where a subscription payload lands in the archive's CloudWatch bucket (or Security Hub bucket, same layout):
 * `AWSLogs/<account>/CloudWatchLogs/<region>/<logGroup without leading slash>/YYYY/MM/DD/HH/<id>.json.gz`.
 * The hour is that of the payload's first log event (UTC). The id is a hash of what identifies the
 * payload's events, so a retried invocation writes the same key instead of a duplicate object.
 */
import { createHash } from 'node:crypto';
import type { CloudWatchLogsPayload } from './decode-payload';

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

/** Hex SHA-256 of log group, log stream and the first and last event ids. */
export function payloadObjectId(
  payload: Pick<CloudWatchLogsPayload, 'logGroup' | 'logStream' | 'logEvents'>,
): string {
  const first = payload.logEvents[0];
  const last = payload.logEvents[payload.logEvents.length - 1];
  if (!first || !last) throw new Error('a payload without log events has no object id');
  // NUL cannot occur in any of the parts, so distinct tuples cannot join to the same text.
  return createHash('sha256')
    .update([payload.logGroup, payload.logStream, first.id, last.id].join('\0'))
    .digest('hex');
}

/** `YYYY/MM/DD/HH` of a millisecond timestamp, in UTC. */
export function utcHourPath(timestampMs: number): string {
  const iso = new Date(timestampMs).toISOString(); // throws RangeError for an invalid time
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(11, 13)}`;
}

export interface ObjectKeyInput {
  readonly accountId: string;
  readonly region: string;
  readonly payload: Pick<CloudWatchLogsPayload, 'logGroup' | 'logStream' | 'logEvents'>;
}

export function archiveObjectKey({ accountId, region, payload }: ObjectKeyInput): string {
  // Checked because both end up in the key, and the bucket policy only lets an account write under
  // its own AWSLogs/<account>/ prefix.
  if (!ACCOUNT_ID.test(accountId)) throw new Error(`account id must be 12 digits, got '${accountId}'`);
  if (!REGION.test(region)) throw new Error(`not an AWS region name: '${region}'`);
  const logGroupPath = payload.logGroup.replace(/^\/+/, '');
  if (logGroupPath === '')
    throw new Error(`log group name '${payload.logGroup}' is empty without its slashes`);
  const first = payload.logEvents[0];
  if (!first) throw new Error('a payload without log events has no object key');
  return [
    'AWSLogs',
    accountId,
    'CloudWatchLogs',
    region,
    logGroupPath,
    utcHourPath(first.timestamp),
    `${payloadObjectId(payload)}.json.gz`,
  ].join('/');
}
