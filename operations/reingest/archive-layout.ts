import type { SiemConfig } from '../../config/schema';
import { securityHubFindingsLogGroupName } from '../../config/member-names';
import type { LogType } from '../../opensearch/log-types';
import {
  archiveBucketName,
  elbLogBucketName,
  elbLogRegions,
  type ArchiveLogSource,
} from '../../config/archive-names';

/**
 * One path segment of an archive key layout:
 * - a literal folder name;
 * - `ANY`: exactly one folder of any name (account, region, web ACL...), enumerated with Delimiter;
 * - `NESTED`: one or more folders of any name (a CloudWatch log group path, which keeps its slashes);
 * - `DISTRIBUTION`: the CloudFront log files of each distribution, under any prefix: the key up to
 *   and including `<distribution id>.` (file names are `<id>.YYYY-MM-DD-HH.<unique>.gz`).
 * A layout ends with the day, written `YYYY/MM/DD/` (`path`) or as the `YYYY-MM-DD-` start of the
 * rest of the object name (`name`).
 */
export type LayoutSegment = string | typeof ANY | typeof NESTED | typeof DISTRIBUTION;

export const ANY = Symbol('any folder');
export const NESTED = Symbol('one or more folders');
export const DISTRIBUTION = Symbol('CloudFront distribution file names');

export interface ArchiveLayout {
  /**
   * The archive bucket(s) holding this log type: one per source, except ELB access logs, which
   * ELB only writes to a bucket of the load balancer's region, hence one bucket per region.
   */
  readonly bucketSource: ArchiveLogSource | 'cloudfront' | 'elb-per-region' | 'securitylake';
  readonly segments: readonly LayoutSegment[];
  /** `partition`: Security Lake's `eventDay=YYYYMMDD/` folder; `unpadded-path`: AWS Config's `YYYY/M/D/`. */
  readonly day: 'path' | 'name' | 'partition' | 'unpadded-path';
  /** Parser for the objects: findings arrive as CloudWatch Logs payloads of an EventBridge rule. */
  readonly parseAs: LogType;
}

/**
 * Where each log type lands in the archive, as AWS and our own writers lay keys out
 * (see modules/waf-logging.ts, modules/vpc-flow-logs.ts, functions/log-transfer/object-key.ts,
 * stacks/elb-cloudfront-buckets.ts).
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
      // The Security Hub EventBridge rule's log group (modules/security-hub-findings-rule.ts), which
      // the log-transfer function writes to its own bucket with the CloudWatch key layout.
      return {
        bucketSource: 'securityhub',
        segments: [
          'AWSLogs',
          ANY,
          'CloudWatchLogs',
          ANY,
          ...securityHubFindingsLogGroupName(config.namePrefix).split('/').filter(Boolean),
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
    case 'dns':
      // Resolver query logs: AWSLogs/<account>/vpcdnsquerylogs/<vpc id>/YYYY/MM/DD/ (no region).
      return {
        bucketSource: 'dns',
        segments: ['AWSLogs', ANY, 'vpcdnsquerylogs', ANY],
        day: 'path',
        parseAs: 'dns',
      };
    case 'networkfirewall':
      // AWSLogs/<account>/network-firewall/<alert|flow|tls>/<region>/<firewall>/YYYY/MM/DD/HH/
      return {
        bucketSource: 'networkfirewall',
        segments: ['AWSLogs', ANY, 'network-firewall', ANY, ANY, ANY],
        day: 'path',
        parseAs: 'networkfirewall',
      };
    case 'tgwflow':
      // Transit Gateway flow logs keep the VPC flow layout, in a bucket of their own.
      return {
        bucketSource: 'tgwflow',
        segments: ['AWSLogs', ANY, 'vpcflowlogs', ANY],
        day: 'path',
        parseAs: 'tgwflow',
      };
    case 'bedrock':
      // Bedrock model invocation logs: AWSLogs/<account>/BedrockModelInvocationLogs/<region>/YYYY/MM/DD/HH/
      return {
        bucketSource: 'bedrock',
        segments: ['AWSLogs', ANY, 'BedrockModelInvocationLogs', ANY],
        day: 'path',
        parseAs: 'bedrock',
      };
    case 'ocsf':
      // Security Lake: aws/<SOURCE>/<version>/region=<r>/accountId=<a>/eventDay=YYYYMMDD/, in the
      // lake's own bucket (config `securityLake.bucketName`), not an archive bucket.
      return {
        bucketSource: 'securitylake',
        segments: ['aws', ANY, ANY, ANY, ANY],
        day: 'partition',
        parseAs: 'ocsf',
      };
    case 'guardduty':
      // GuardDuty publishing destination: AWSLogs/<administrator>/GuardDuty/<region>/YYYY/MM/DD/
      return {
        bucketSource: 'guardduty',
        segments: ['AWSLogs', ANY, 'GuardDuty', ANY],
        day: 'path',
        parseAs: 'guardduty',
      };
    case 'config':
      // Config delivery channel: AWSLogs/<account>/Config/<region>/YYYY/M/D/ (month and day unpadded)
      return {
        bucketSource: 'config',
        segments: ['AWSLogs', ANY, 'Config', ANY],
        day: 'unpadded-path',
        parseAs: 'config',
      };
    // Routed out of the CloudWatch bucket by log group (functions/ingest/parsers/cloudwatch-routes.ts);
    // the CloudWatch parser gives each record its routed log type.
    case 'eksaudit':
      // /aws/eks/<cluster>/cluster (the audit streams and the cluster's other control-plane logs).
      return {
        bucketSource: 'cloudwatch',
        segments: ['AWSLogs', ANY, 'CloudWatchLogs', ANY, 'aws', 'eks', ANY, 'cluster'],
        day: 'path',
        parseAs: 'cloudwatch',
      };
    case 'rdsaudit':
      // /aws/rds/<instance|cluster>/<id>/<audit|postgresql> (other exports of the database come along).
      return {
        bucketSource: 'cloudwatch',
        segments: ['AWSLogs', ANY, 'CloudWatchLogs', ANY, 'aws', 'rds', ANY, ANY, ANY],
        day: 'path',
        parseAs: 'cloudwatch',
      };
    case 'apigateway':
      // /aws/apigateway/access/<api id>/<stage>, the groups the member stack creates.
      return {
        bucketSource: 'cloudwatch',
        segments: ['AWSLogs', ANY, 'CloudWatchLogs', ANY, 'aws', 'apigateway', 'access', ANY, ANY],
        day: 'path',
        parseAs: 'cloudwatch',
      };
    case 'linux':
      // /siem/os/linux/<name>, the groups the member stack creates for the CloudWatch agent.
      return {
        bucketSource: 'cloudwatch',
        segments: ['AWSLogs', ANY, 'CloudWatchLogs', ANY, 'siem', 'os', 'linux', ANY],
        day: 'path',
        parseAs: 'cloudwatch',
      };
    case 'windows':
      // /siem/os/windows/<name>, likewise.
      return {
        bucketSource: 'cloudwatch',
        segments: ['AWSLogs', ANY, 'CloudWatchLogs', ANY, 'siem', 'os', 'windows', ANY],
        day: 'path',
        parseAs: 'cloudwatch',
      };
    case 'clientvpn':
      // /aws/clientvpn/<endpoint id>, the group the member stack creates for each endpoint.
      return {
        bucketSource: 'cloudwatch',
        segments: ['AWSLogs', ANY, 'CloudWatchLogs', ANY, 'aws', 'clientvpn', ANY],
        day: 'path',
        parseAs: 'cloudwatch',
      };
    case 's3access':
      // S3 server access logs of the archive buckets: <source bucket>/YYYY-MM-DD-HH-MM-SS-<unique>
      return { bucketSource: 's3access', segments: [ANY], day: 'name', parseAs: 's3access' };
    case 'elb':
      // AWSLogs/<account>/elasticloadbalancing/<region>/YYYY/MM/DD/<file>.log.gz. The bucket policy
      // only lets load balancers write under AWSLogs/<member account>/, so there is no custom prefix.
      return {
        bucketSource: 'elb-per-region',
        segments: ['AWSLogs', ANY, 'elasticloadbalancing', ANY],
        day: 'path',
        parseAs: 'elb',
      };
    case 'cloudfront':
      // Standard (legacy) logging: <prefix chosen per distribution>/<distribution id>.YYYY-MM-DD-HH.<unique>.gz.
      // The date is in the file name, so each day is one name prefix per distribution.
      return { bucketSource: 'cloudfront', segments: [DISTRIBUTION], day: 'name', parseAs: 'cloudfront' };
  }
}

/**
 * The archive buckets of a log type, named from the config as the log-archive stack names them:
 * for ELB, the bucket of every region a member account uses.
 */
export function defaultArchiveBuckets(config: SiemConfig, layout: ArchiveLayout): string[] {
  if (layout.bucketSource === 'elb-per-region')
    return elbLogRegions(config).map((region) => elbLogBucketName(config, region));
  if (layout.bucketSource === 'securitylake')
    return config.securityLake ? [config.securityLake.bucketName] : [];
  return [archiveBucketName(config, layout.bucketSource)];
}
