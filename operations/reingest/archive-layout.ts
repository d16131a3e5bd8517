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

/** `AWSLogs/<account>/<service folder>/...`, the layout AWS's log delivery writes. */
const underAccount = (folder: string, ...rest: LayoutSegment[]): LayoutSegment[] => [
  'AWSLogs',
  ANY,
  folder,
  ...rest,
];

/** A log type archived as `AWSLogs/<account>/<folder>/.../YYYY/MM/DD/` and parsed as itself. */
const dayPath = (
  bucketSource: ArchiveLayout['bucketSource'],
  parseAs: LogType,
  segments: LayoutSegment[],
): ArchiveLayout => ({ bucketSource, segments, day: 'path', parseAs });

/**
 * A log group in the CloudWatch bucket (`AWSLogs/<account>/CloudWatchLogs/<region>/<group path>/`),
 * read with the CloudWatch parser, which gives each record its routed log type
 * (functions/ingest/parsers/cloudwatch-routes.ts).
 */
const inLogGroup = (...groupPath: LayoutSegment[]): ArchiveLayout =>
  dayPath('cloudwatch', 'cloudwatch', underAccount('CloudWatchLogs', ANY, ...groupPath));

/**
 * Where each log type lands in the archive, as AWS and our own writers lay keys out
 * (see modules/waf-logging.ts, modules/vpc-flow-logs.ts, functions/log-transfer/object-key.ts,
 * stacks/elb-cloudfront-buckets.ts). Findings are missing: their log group is named from the config.
 */
const LAYOUTS: Readonly<Record<Exclude<LogType, 'findings'>, ArchiveLayout>> = {
  // Organization trail: AWSLogs/<org id>/<account>/CloudTrail/<region>/YYYY/MM/DD/
  cloudtrail: dayPath('cloudtrail', 'cloudtrail', ['AWSLogs', ANY, ANY, 'CloudTrail', ANY]),
  vpcflow: dayPath('vpcflow', 'vpcflow', underAccount('vpcflowlogs', ANY)),
  // AWSLogs/<account>/CloudWatchLogs/<region>/<log group path>/YYYY/MM/DD/HH/
  cloudwatch: inLogGroup(NESTED),
  // Firehose prefix AWSLogs/<account>/WAFLogs/<region>/<web ACL>/, to which Firehose appends YYYY/MM/DD/HH/.
  waf: dayPath('waf', 'waf', underAccount('WAFLogs', ANY, ANY)),
  // Resolver query logs: AWSLogs/<account>/vpcdnsquerylogs/<vpc id>/YYYY/MM/DD/ (no region).
  dns: dayPath('dns', 'dns', underAccount('vpcdnsquerylogs', ANY)),
  // AWSLogs/<account>/network-firewall/<alert|flow|tls>/<region>/<firewall>/YYYY/MM/DD/HH/
  networkfirewall: dayPath(
    'networkfirewall',
    'networkfirewall',
    underAccount('network-firewall', ANY, ANY, ANY),
  ),
  // Transit Gateway flow logs keep the VPC flow layout, in a bucket of their own.
  tgwflow: dayPath('tgwflow', 'tgwflow', underAccount('vpcflowlogs', ANY)),
  // Bedrock model invocation logs: AWSLogs/<account>/BedrockModelInvocationLogs/<region>/YYYY/MM/DD/HH/
  bedrock: dayPath('bedrock', 'bedrock', underAccount('BedrockModelInvocationLogs', ANY)),
  // Security Lake: aws/<SOURCE>/<version>/region=<r>/accountId=<a>/eventDay=YYYYMMDD/, in the
  // lake's own bucket (config `securityLake.bucketName`), not an archive bucket.
  ocsf: {
    bucketSource: 'securitylake',
    segments: ['aws', ANY, ANY, ANY, ANY],
    day: 'partition',
    parseAs: 'ocsf',
  },
  // GuardDuty publishing destination: AWSLogs/<administrator>/GuardDuty/<region>/YYYY/MM/DD/
  guardduty: dayPath('guardduty', 'guardduty', underAccount('GuardDuty', ANY)),
  // Config delivery channel: AWSLogs/<account>/Config/<region>/YYYY/M/D/ (month and day unpadded)
  config: {
    bucketSource: 'config',
    segments: underAccount('Config', ANY),
    day: 'unpadded-path',
    parseAs: 'config',
  },
  // /aws/eks/<cluster>/cluster (the audit streams and the cluster's other control-plane logs).
  eksaudit: inLogGroup('aws', 'eks', ANY, 'cluster'),
  // /aws/rds/<instance|cluster>/<id>/<audit|postgresql> (other exports of the database come along).
  rdsaudit: inLogGroup('aws', 'rds', ANY, ANY, ANY),
  // /aws/apigateway/access/<api id>/<stage>, the groups the member stack creates.
  apigateway: inLogGroup('aws', 'apigateway', 'access', ANY, ANY),
  // /siem/os/linux/<name>, the groups the member stack creates for the CloudWatch agent.
  linux: inLogGroup('siem', 'os', 'linux', ANY),
  // /siem/os/windows/<name>, likewise.
  windows: inLogGroup('siem', 'os', 'windows', ANY),
  // /aws/clientvpn/<endpoint id>, the group the member stack creates for each endpoint.
  clientvpn: inLogGroup('aws', 'clientvpn', ANY),
  // S3 server access logs of the archive buckets: <source bucket>/YYYY-MM-DD-HH-MM-SS-<unique>
  s3access: { bucketSource: 's3access', segments: [ANY], day: 'name', parseAs: 's3access' },
  // AWSLogs/<account>/elasticloadbalancing/<region>/YYYY/MM/DD/<file>.log.gz. The bucket policy
  // only lets load balancers write under AWSLogs/<member account>/, so there is no custom prefix.
  elb: dayPath('elb-per-region', 'elb', underAccount('elasticloadbalancing', ANY)),
  // Standard (legacy) logging: <prefix chosen per distribution>/<distribution id>.YYYY-MM-DD-HH.<unique>.gz.
  // The date is in the file name, so each day is one name prefix per distribution.
  cloudfront: { bucketSource: 'cloudfront', segments: [DISTRIBUTION], day: 'name', parseAs: 'cloudfront' },
};

/** Where a log type lands in the archive (see LAYOUTS). */
export function archiveLayout(config: Pick<SiemConfig, 'namePrefix'>, logType: LogType): ArchiveLayout {
  if (logType !== 'findings') return LAYOUTS[logType];
  // The Security Hub EventBridge rule's log group (modules/security-hub-findings-rule.ts), which
  // the log-transfer function writes to its own bucket with the CloudWatch key layout.
  const group = securityHubFindingsLogGroupName(config.namePrefix).split('/').filter(Boolean);
  return { ...inLogGroup(...group), bucketSource: 'securityhub' };
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
