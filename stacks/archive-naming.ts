import type { SiemConfig } from '../config/schema';

/**
 * Names and ARNs of what the log-archive account owns, derived from the config alone.
 * The stacks live in different accounts and Terraform states, so a member stack cannot read
 * the archive's outputs: both sides compute the same names here instead.
 */

/** The per-source buckets that receive logs, and the log type their objects hold. */
export const ARCHIVE_LOG_SOURCES = {
  cloudtrail: 'cloudtrail',
  cloudwatch: 'cloudwatch',
  vpcflow: 'vpcflow',
  waf: 'waf',
  s3access: 's3access',
} as const;

export type ArchiveLogSource = keyof typeof ARCHIVE_LOG_SOURCES;

export const ARCHIVE_LOG_SOURCE_NAMES = Object.keys(ARCHIVE_LOG_SOURCES) as ArchiveLogSource[];

type NamingConfig = Pick<SiemConfig, 'namePrefix' | 'homeRegion' | 'organization'>;

/** `<namePrefix>-<logArchiveAccountId>-<source>`: globally unique because the account id is in it. */
export function archiveBucketName(config: NamingConfig, source: ArchiveLogSource | 'snapshots'): string {
  return `${config.namePrefix}-${config.organization.logArchiveAccountId}-${source}`;
}

export function archiveBucketArn(config: NamingConfig, source: ArchiveLogSource | 'snapshots'): string {
  return `arn:aws:s3:::${archiveBucketName(config, source)}`;
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

export function memberStackName(account: { readonly name: string }): string {
  return `member-${account.name}`;
}

export const ORG_MANAGEMENT_STACK_NAME = 'org-management';
export const LOG_ARCHIVE_STACK_NAME = 'log-archive';
