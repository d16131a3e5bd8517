import type { SiemConfig } from '../../config/schema';
import type { LogType } from '../../opensearch/log-types';
import { archiveBucketName, type ArchiveLogSource } from '../../stacks/archive-naming';

/**
 * One path segment of an archive key layout:
 * - a literal folder name;
 * - `ANY`: exactly one folder of any name (account, region, web ACL...), enumerated with Delimiter;
 * - `NESTED`: one or more folders of any name (a CloudWatch log group path, which keeps its slashes).
 * A layout ends with the day, written `YYYY/MM/DD/` (`path`) or as the `YYYY-MM-DD-` start of the
 * object name (`name`).
 */
export type LayoutSegment = string | typeof ANY | typeof NESTED;

export const ANY = Symbol('any folder');
export const NESTED = Symbol('one or more folders');

export interface ArchiveLayout {
  /** The archive bucket holding this log type. */
  readonly bucketSource: ArchiveLogSource;
  readonly segments: readonly LayoutSegment[];
  readonly day: 'path' | 'name';
  /** Parser for the objects: findings arrive as CloudWatch Logs payloads of an EventBridge rule. */
  readonly parseAs: LogType;
}

/**
 * Where each log type lands in the archive, as AWS and our own writers lay keys out
 * (see modules/waf-logging.ts, modules/vpc-flow-logs.ts, functions/log-transfer/object-key.ts).
 * ELB and CloudFront have no archive bucket in this deployment, so they cannot be re-read.
 */
export function archiveLayout(config: Pick<SiemConfig, 'namePrefix'>, logType: LogType): ArchiveLayout {
  switch (logType) {
    case 'cloudtrail':
      // Organization trail: AWSLogs/<org id>/<account>/CloudTrail/<region>/YYYY/MM/DD/
      return {
        bucketSource: 'cloudtrail',
        segments: ['AWSLogs', ANY, ANY, 'CloudTrail', ANY],
        day: 'path',
        parseAs: 'cloudtrail',
      };
    case 'vpcflow':
      return {
        bucketSource: 'vpcflow',
        segments: ['AWSLogs', ANY, 'vpcflowlogs', ANY],
        day: 'path',
        parseAs: 'vpcflow',
      };
    case 'cloudwatch':
      // AWSLogs/<account>/CloudWatchLogs/<region>/<log group path>/YYYY/MM/DD/HH/
      return {
        bucketSource: 'cloudwatch',
        segments: ['AWSLogs', ANY, 'CloudWatchLogs', ANY, NESTED],
        day: 'path',
        parseAs: 'cloudwatch',
      };
    case 'findings':
      // The Security Hub EventBridge rule's log group (modules/security-hub-findings-rule.ts).
      return {
        bucketSource: 'cloudwatch',
        segments: [
          'AWSLogs',
          ANY,
          'CloudWatchLogs',
          ANY,
          'aws',
          'events',
          `${config.namePrefix}-securityhub-findings`,
        ],
        day: 'path',
        parseAs: 'cloudwatch',
      };
    case 'waf':
      // Firehose prefix AWSLogs/<account>/WAFLogs/<region>/<web ACL>/, to which Firehose appends YYYY/MM/DD/HH/.
      return {
        bucketSource: 'waf',
        segments: ['AWSLogs', ANY, 'WAFLogs', ANY, ANY],
        day: 'path',
        parseAs: 'waf',
      };
    case 's3access':
      // S3 server access logs of the archive buckets: <source bucket>/YYYY-MM-DD-HH-MM-SS-<unique>
      return { bucketSource: 's3access', segments: [ANY], day: 'name', parseAs: 's3access' };
    case 'elb':
    case 'cloudfront':
      throw new Error(`${logType} logs have no archive bucket in this SIEM, so there is nothing to re-read`);
  }
}

export function defaultArchiveBucket(config: SiemConfig, layout: ArchiveLayout): string {
  return archiveBucketName(config, layout.bucketSource);
}
