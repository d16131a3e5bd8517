/**
 * Log-transferring function: the destination of every member-account log group's subscription
 * filter. Decodes each CloudWatch Logs payload and writes it, unchanged and gzip-compressed, to the
 * log-archive account's CloudWatch bucket (the Security Hub findings log group's payloads to its
 * Security Hub bucket) under
 * `AWSLogs/<account>/CloudWatchLogs/<region>/<logGroup>/YYYY/MM/DD/HH/<id>.json.gz`.
 *
 * Environment:
 * - `ARCHIVE_BUCKET` (required): name of the archive's CloudWatch Logs bucket (in another account).
 * - `FINDINGS_BUCKET` and `FINDINGS_LOG_GROUP` (both or neither): the archive's Security Hub bucket
 *   (same account and region as `ARCHIVE_BUCKET`) and the findings rule's log group, whose payloads
 *   go there. Without them every payload goes to `ARCHIVE_BUCKET`.
 * - `ARCHIVE_REGION` (required): the bucket's region (the SIEM's home region), where the S3 client
 *   sends its writes. The function runs in every member region; S3 rejects a request signed for
 *   another region than the bucket's, so without this every write from a non-home region failed.
 * - `ACCOUNT_ID` (optional): this member account; when set, payloads owned by another account are
 *   refused. Without it the payload's `owner` names the account in the key.
 * - `AWS_REGION`: set by Lambda; the log groups' region, which goes into the key.
 * - `LOG_LEVEL` (optional, default `info`): `debug`, `info`, `warn` or `error`.
 */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { CloudWatchLogsEvent, Context } from 'aws-lambda';
import { createLogger, errorFields, type Logger, parseLogLevel } from '../shared/logger';
import { decodeSubscriptionData } from './decode-payload';
import { type TransferResult, type TransferTarget, transferPayload } from './transfer';

export interface TransferDependencies {
  readonly s3: Pick<S3Client, 'send'>;
  readonly target: TransferTarget;
  readonly logger: Logger;
}

export interface TransferConfig extends TransferTarget {
  /** Region of the archive bucket: where the S3 client sends requests, whatever `region` is. */
  readonly archiveRegion: string;
}

const REGION_NAME = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

export function parseTransferConfig(env: Readonly<Record<string, string | undefined>>): TransferConfig {
  const bucket = env.ARCHIVE_BUCKET?.trim();
  if (!bucket) throw new Error('ARCHIVE_BUCKET must name the archive CloudWatch Logs bucket');
  const region = env.AWS_REGION?.trim();
  if (!region) throw new Error('AWS_REGION is not set (Lambda sets it; set it when running elsewhere)');
  // Required rather than defaulted to AWS_REGION: that guess is wrong in every non-home region.
  const archiveRegion = env.ARCHIVE_REGION?.trim();
  if (!archiveRegion)
    throw new Error("ARCHIVE_REGION must name the archive bucket's region (the home region)");
  if (!REGION_NAME.test(archiveRegion)) {
    throw new Error(`ARCHIVE_REGION must be an AWS region name, got '${archiveRegion}'`);
  }
  const findingsBucket = env.FINDINGS_BUCKET?.trim() || undefined;
  const findingsLogGroup = env.FINDINGS_LOG_GROUP?.trim() || undefined;
  if (!findingsBucket !== !findingsLogGroup) {
    // One without the other would send the findings to the CloudWatch bucket without a word.
    throw new Error(
      'FINDINGS_BUCKET and FINDINGS_LOG_GROUP go together: set both (the Security Hub bucket and the ' +
        'findings log group) or neither',
    );
  }
  const expectedAccountId = env.ACCOUNT_ID?.trim() || undefined;
  if (expectedAccountId && !/^\d{12}$/.test(expectedAccountId)) {
    throw new Error(`ACCOUNT_ID must be 12 digits, got '${expectedAccountId}'`);
  }
  const findings =
    findingsBucket && findingsLogGroup ? { bucket: findingsBucket, logGroup: findingsLogGroup } : undefined;
  return { bucket, findings, region, archiveRegion, expectedAccountId };
}

/** Settings of the S3 client that writes to the archive bucket. */
export function archiveS3ClientConfig(config: Pick<TransferConfig, 'archiveRegion'>): S3ClientConfig {
  return {
    region: config.archiveRegion,
    // Should the bucket's region ever differ from ARCHIVE_REGION, S3's redirect names the right
    // one and the client retries there instead of failing every write.
    followRegionRedirects: true,
  };
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

// Resolved once per container, on the first invocation: the client's region comes from the
// configuration, and constructing a client makes no network call.
export const handler = createTransferHandler(() => {
  const target = parseTransferConfig(process.env);
  return {
    s3: new S3Client(archiveS3ClientConfig(target)),
    target,
    logger: createLogger({ function: 'log-transfer' }, { level: parseLogLevel(process.env.LOG_LEVEL) }),
  };
});
