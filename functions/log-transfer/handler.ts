/**
 * Log-transferring function: the destination of every member-account log group's subscription
 * filter. Decodes each CloudWatch Logs payload and writes it, unchanged and gzip-compressed, to the
 * log-archive account's CloudWatch bucket under
 * `AWSLogs/<account>/CloudWatchLogs/<region>/<logGroup>/YYYY/MM/DD/HH/<id>.json.gz`.
 *
 * Environment:
 * - `ARCHIVE_BUCKET` (required): name of the archive's CloudWatch Logs bucket (in another account).
 * - `ACCOUNT_ID` (optional): this member account; when set, payloads owned by another account are
 *   refused. Without it the payload's `owner` names the account in the key.
 * - `AWS_REGION`: set by Lambda; the region in the key and of the S3 client.
 * - `LOG_LEVEL` (optional, default `info`): `debug`, `info`, `warn` or `error`.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { CloudWatchLogsEvent, Context } from 'aws-lambda';
import { createLogger, errorFields, type Logger, parseLogLevel } from '../shared/logger';
import { decodeSubscriptionData } from './decode-payload';
import { type TransferResult, type TransferTarget, transferPayload } from './transfer';

export interface TransferDependencies {
  readonly s3: Pick<S3Client, 'send'>;
  readonly target: TransferTarget;
  readonly logger: Logger;
}

export function parseTransferConfig(env: Readonly<Record<string, string | undefined>>): TransferTarget {
  const bucket = env.ARCHIVE_BUCKET?.trim();
  if (!bucket) throw new Error('ARCHIVE_BUCKET must name the archive CloudWatch Logs bucket');
  const region = env.AWS_REGION?.trim();
  if (!region) throw new Error('AWS_REGION is not set (Lambda sets it; set it when running elsewhere)');
  const expectedAccountId = env.ACCOUNT_ID?.trim() || undefined;
  if (expectedAccountId && !/^\d{12}$/.test(expectedAccountId)) {
    throw new Error(`ACCOUNT_ID must be 12 digits, got '${expectedAccountId}'`);
  }
  return { bucket, region, expectedAccountId };
}

export function createTransferHandler(
  dependencies: () => TransferDependencies,
): (event: CloudWatchLogsEvent, context?: Pick<Context, 'awsRequestId'>) => Promise<TransferResult> {
  let resolved: TransferDependencies | undefined;
  return async (event, context) => {
    resolved ??= dependencies();
    const logger = resolved.logger.child({ requestId: context?.awsRequestId });
    try {
      const data = event?.awslogs?.data;
      if (typeof data !== 'string')
        throw new Error('event has no awslogs.data: not a CloudWatch Logs subscription');
      const payload = decodeSubscriptionData(data);
      const result = await transferPayload(resolved.s3, payload, resolved.target);
      logger.info('payload processed', {
        logGroup: payload.logGroup,
        logStream: payload.logStream,
        ...result,
      });
      return result;
    } catch (err) {
      // Rethrown: CloudWatch Logs invokes asynchronously, so Lambda retries and the Errors metric counts it.
      logger.error('payload not archived', errorFields(err));
      throw err;
    }
  };
}

// Created once per container; constructing a client makes no network call.
const s3 = new S3Client({});

export const handler = createTransferHandler(() => ({
  s3,
  target: parseTransferConfig(process.env),
  logger: createLogger({ function: 'log-transfer' }, { level: parseLogLevel(process.env.LOG_LEVEL) }),
}));
