import type { SiemConfig } from './schema';

/**
 * Names and ARNs of what the log-archive account owns, derived from the config alone.
 * The stacks live in different accounts and Terraform states, so a member stack cannot read
 * the archive's outputs: both sides compute the same names here instead.
 */

/**
 * The per-source buckets that receive logs, and the log type their objects hold. `securityhub`
 * holds the Security Hub findings rule's log group (GuardDuty, Inspector, Config... findings in
 * ASFF), written by the log-transfer function in the CloudWatch Logs subscription format: the
 * ingestion function reads them with the CloudWatch parser, which indexes each finding as `findings`.
 */
export const ARCHIVE_LOG_SOURCES = {
  cloudtrail: 'cloudtrail',
  cloudwatch: 'cloudwatch',
  vpcflow: 'vpcflow',
  waf: 'waf',
  s3access: 's3access',
  securityhub: 'findings',
  dns: 'dns',
  networkfirewall: 'networkfirewall',
  tgwflow: 'tgwflow',
  guardduty: 'guardduty',
  config: 'config',
  bedrock: 'bedrock',
} as const;

export type ArchiveLogSource = keyof typeof ARCHIVE_LOG_SOURCES;

export const ARCHIVE_LOG_SOURCE_NAMES = Object.keys(ARCHIVE_LOG_SOURCES) as ArchiveLogSource[];

type NamingConfig = Pick<SiemConfig, 'namePrefix' | 'homeRegion' | 'organization'>;

/** Home-region archive buckets that are not a per-source log bucket of `ARCHIVE_LOG_SOURCES`. */
export type ArchiveBucketKind = ArchiveLogSource | 'snapshots' | 'cloudfront';

/** `<namePrefix>-<logArchiveAccountId>-<source>`: globally unique because the account id is in it. */
export function archiveBucketName(config: NamingConfig, source: ArchiveBucketKind): string {
  return `${config.namePrefix}-${config.organization.logArchiveAccountId}-${source}`;
}

export function archiveBucketArn(config: NamingConfig, source: ArchiveBucketKind): string {
  return `arn:aws:s3:::${archiveBucketName(config, source)}`;
}

/**
 * Regions that get an ELB access log bucket: every region of every member account, because
 * Elastic Load Balancing only delivers to a bucket in the load balancer's own region.
 */
export function elbLogRegions(config: Pick<SiemConfig, 'memberAccounts'>): string[] {
  return [...new Set(config.memberAccounts.flatMap((account) => account.regions))].sort();
}

/** `<namePrefix>-<logArchiveAccountId>-elb-<region>`: one per region, so the region is in the name. */
export function elbLogBucketName(config: NamingConfig, region: string): string {
  return `${config.namePrefix}-${config.organization.logArchiveAccountId}-elb-${region}`;
}

/**
 * Regions CloudFront standard logging (legacy) does not deliver to: the opt-in regions.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html
 */
const CLOUDFRONT_LEGACY_UNSUPPORTED_REGIONS: ReadonlySet<string> = new Set([
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
]);

/** The CloudFront log bucket lives in the home region unless CloudFront cannot deliver there. */
export function cloudFrontLogRegion(config: Pick<SiemConfig, 'homeRegion'>): string {
  return CLOUDFRONT_LEGACY_UNSUPPORTED_REGIONS.has(config.homeRegion) ? 'us-east-1' : config.homeRegion;
}

/** Alias of the key that encrypts the archive buckets; shared with the organization by key policy. */
export function archiveKeyAlias(config: NamingConfig): string {
  return `alias/${config.namePrefix}-archive`;
}

export function archiveKeyAliasArn(config: NamingConfig): string {
  return `arn:aws:kms:${config.homeRegion}:${config.organization.logArchiveAccountId}:${archiveKeyAlias(config)}`;
}

/**
 * IAM resource pattern for "any key of the archive account in the home region". Members cannot
 * know the key id, and KMS does not authorize by alias ARN, so member policies pair this with a
 * `kms:ViaService` condition that limits use to S3 in the home region.
 */
export function archiveKeysArnPattern(config: NamingConfig): string {
  return `arn:aws:kms:${config.homeRegion}:${config.organization.logArchiveAccountId}:key/*`;
}

export function organizationTrailName(config: Pick<SiemConfig, 'namePrefix'>): string {
  return `${config.namePrefix}-organization-trail`;
}

export function organizationTrailArn(config: NamingConfig): string {
  return `arn:aws:cloudtrail:${config.homeRegion}:${config.organization.managementAccountId}:trail/${organizationTrailName(config)}`;
}

/** The log-archive account's bus for other accounts' SIEM alarm state changes (home region). */
export function alarmBusName(config: Pick<SiemConfig, 'namePrefix'>): string {
  return `${config.namePrefix}-alarms`;
}

export function alarmBusArn(config: NamingConfig): string {
  return `arn:aws:events:${config.homeRegion}:${config.organization.logArchiveAccountId}:event-bus/${alarmBusName(config)}`;
}

export function memberStackName(account: { readonly name: string }): string {
  return `member-${account.name}`;
}

export const ORG_MANAGEMENT_STACK_NAME = 'org-management';
export const LOG_ARCHIVE_STACK_NAME = 'log-archive';
