import type { SiemConfig } from '../config/schema';
import type { PolicyStatement } from '../modules/iam-policy';
import {
  logTransferRoleArnPattern,
  securityHubFindingsLogGroupName,
  wafDeliveryRoleArnPattern,
} from '../modules/member-names';
import { ArchiveLogSource, archiveKeysArnPattern, organizationTrailArn } from './archive-naming';

/*
 * Who may write to which archive bucket, and use which key: the one place cross-account access
 * to the archive is decided. Plain data, so tests can read it without synthesizing.
 */

type AccessConfig = Pick<SiemConfig, 'namePrefix' | 'homeRegion' | 'organization'>;

/** `${...}` is Terraform interpolation; `$${` passes an IAM policy variable through literally. */
const PRINCIPAL_ACCOUNT = '$${aws:PrincipalAccount}';

/**
 * `aws:PrincipalArn` patterns of the roles the member stacks create to write to the archive: the
 * log-transfer function's (CloudWatch and Security Hub buckets) and the WAF Firehose streams' (WAF
 * bucket). Naming is shared with the member side in modules/member-names.ts.
 */
export function memberWriterRolePatterns(config: Pick<SiemConfig, 'namePrefix'>): {
  readonly cloudwatch: string;
  readonly waf: string;
} {
  return {
    cloudwatch: logTransferRoleArnPattern(config.namePrefix),
    waf: wafDeliveryRoleArnPattern(config.namePrefix),
  };
}

/**
 * Organization principals, and of those only the given roles. `aws:PrincipalOrgID` alone would let
 * any role of any account in the organization that holds a broad `s3:PutObject` (an admin, a CI
 * role) write, i.e. forge, logs under its account's prefix; the role name pins the writer to what
 * this project deploys. Creating a role with such a name takes IAM rights in that account.
 */
function organizationRoles(
  organizationId: string,
  rolePatterns: string | readonly string[],
): NonNullable<PolicyStatement['Condition']> {
  return {
    StringEquals: { 'aws:PrincipalOrgID': organizationId },
    ArnLike: { 'aws:PrincipalArn': rolePatterns },
  };
}

/**
 * Why the bucket policy of `source` may name `Principal: {AWS: "*"}` (the checkov CKV_AWS_70
 * justification), or undefined where every writer is a named account or an AWS service. checkov
 * fails any `aws:PrincipalArn` pattern whose account is a wildcard, whatever conditions stand
 * beside it; members are admitted by organization rather than listed, so the account is one.
 */
export function anyPrincipalWritersBecause(source: ArchiveLogSource): string | undefined {
  if (source !== 'cloudwatch' && source !== 'securityhub' && source !== 'waf') return undefined;
  return (
    'Principal AWS * is narrowed to the organization (aws:PrincipalOrgID) and to the member writer roles ' +
    'this project creates (aws:PrincipalArn ArnLike on their names, any member account), each writing only ' +
    'its own AWSLogs/<account>/ prefix. Members are admitted by organization, not listed, hence the account ' +
    'wildcard that CKV_AWS_70 rejects regardless of the organization condition.'
  );
}

/** Writers of one archive bucket, each limited to the organization and to its own key prefix. */
export function archiveWriterStatements(
  config: AccessConfig,
  source: ArchiveLogSource,
  bucketArn: string,
): PolicyStatement[] {
  const { organization } = config;
  const writerRoles = memberWriterRolePatterns(config);
  switch (source) {
    case 'cloudtrail': {
      const fromTrail = { StringEquals: { 'aws:SourceArn': organizationTrailArn(config) } };
      return [
        {
          Sid: 'CloudTrailAclCheck',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:GetBucketAcl',
          Resource: bucketArn,
          Condition: fromTrail,
        },
        {
          Sid: 'CloudTrailWrite',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: [
            `${bucketArn}/AWSLogs/${organization.managementAccountId}/*`,
            `${bucketArn}/AWSLogs/${organization.id}/*`,
          ],
          Condition: fromTrail,
        },
      ];
    }
    case 'vpcflow': {
      const fromOrganization = { StringEquals: { 'aws:SourceOrgID': organization.id } };
      return [
        {
          Sid: 'LogDeliveryAclCheck',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: ['s3:GetBucketAcl', 's3:ListBucket'],
          Resource: bucketArn,
          Condition: fromOrganization,
        },
        {
          Sid: 'LogDeliveryWrite',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${bucketArn}/AWSLogs/*`,
          Condition: fromOrganization,
        },
      ];
    }
    case 'waf':
      return [
        {
          Sid: 'OrganizationFirehoseLocate',
          Principal: { AWS: '*' },
          Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
          Resource: bucketArn,
          Condition: organizationRoles(organization.id, writerRoles.waf),
        },
        {
          Sid: 'OrganizationFirehoseWriteOwnPrefix',
          Principal: { AWS: '*' },
          Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
          Resource: [
            `${bucketArn}/AWSLogs/${PRINCIPAL_ACCOUNT}/WAFLogs/*`,
            `${bucketArn}/AWSLogs/${PRINCIPAL_ACCOUNT}/WAFLogs-errors/*`,
          ],
          Condition: organizationRoles(organization.id, writerRoles.waf),
        },
      ];
    case 'cloudwatch':
      return [
        {
          Sid: 'OrganizationLogTransferWriteOwnPrefix',
          Principal: { AWS: '*' },
          Action: 's3:PutObject',
          Resource: `${bucketArn}/AWSLogs/${PRINCIPAL_ACCOUNT}/CloudWatchLogs/*`,
          Condition: organizationRoles(organization.id, writerRoles.cloudwatch),
        },
      ];
    case 'securityhub':
      // The same writers as the cloudwatch bucket, and only under the findings rule's log group:
      // `*` stands for the region (modules/security-hub-findings-rule.ts, functions/log-transfer).
      return [
        {
          Sid: 'OrganizationLogTransferWriteOwnFindings',
          Principal: { AWS: '*' },
          Action: 's3:PutObject',
          Resource: `${bucketArn}/AWSLogs/${PRINCIPAL_ACCOUNT}/CloudWatchLogs/*${securityHubFindingsLogGroupName(config.namePrefix)}/*`,
          Condition: organizationRoles(organization.id, writerRoles.cloudwatch),
        },
      ];
    case 's3access':
      return [
        {
          Sid: 'ServerAccessLogDelivery',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${bucketArn}/*`,
          Condition: { StringEquals: { 'aws:SourceAccount': organization.logArchiveAccountId } },
        },
      ];
  }
}

/**
 * Elastic Load Balancing accounts that write access logs in the regions opened before August 2022;
 * newer regions only know the `logdelivery.elasticloadbalancing.amazonaws.com` service principal.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 */
export const LEGACY_ELB_LOG_ACCOUNTS: Readonly<Record<string, string>> = {
  'us-east-1': '127311923021',
  'us-east-2': '033677994240',
  'us-west-1': '027434742980',
  'us-west-2': '797873946194',
  'af-south-1': '098369216593',
  'ap-east-1': '754344448648',
  'ap-southeast-3': '589379963580',
  'ap-south-1': '718504428378',
  'ap-northeast-3': '383597477331',
  'ap-northeast-2': '600734575887',
  'ap-southeast-1': '114774131450',
  'ap-southeast-2': '783225319266',
  'ap-northeast-1': '582318560864',
  'ca-central-1': '985666609251',
  'eu-central-1': '054676820928',
  'eu-west-1': '156460612806',
  'eu-west-2': '652711504416',
  'eu-south-1': '635631232127',
  'eu-west-3': '009996457667',
  'eu-north-1': '897822967062',
  'me-south-1': '076674570225',
  'sa-east-1': '507241528517',
};

/**
 * Writers of the ELB access log bucket of one region: load balancers of the member accounts that
 * use that region. ELB documents no source-account condition keys for its log delivery, so each
 * writer is limited to `AWSLogs/<member account>/`: ELB names that prefix after the load balancer's
 * owner, so a load balancer outside the organization cannot write here.
 */
export function elbWriterStatements(
  config: AccessConfig & Pick<SiemConfig, 'memberAccounts'>,
  region: string,
  bucketArn: string,
): PolicyStatement[] {
  const accounts = config.memberAccounts
    .filter((account) => (account.regions as readonly string[]).includes(region))
    .map((account) => account.id);
  const ownPrefixes = accounts.map((id) => `${bucketArn}/AWSLogs/${id}/*`);
  const legacyAccount = LEGACY_ELB_LOG_ACCOUNTS[region];
  return [
    {
      Sid: 'ElbLogDelivery',
      Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: ownPrefixes,
    },
    ...(legacyAccount
      ? [
          {
            Sid: 'ElbRegionalAccountLogDelivery',
            Principal: { AWS: `arn:aws:iam::${legacyAccount}:root` },
            Action: 's3:PutObject',
            Resource: ownPrefixes,
          },
        ]
      : []),
  ];
}

/**
 * The CloudFront log bucket's policy grants nothing extra: CloudFront standard logging (legacy)
 * writes through the bucket ACL (`awslogsdelivery` FULL_CONTROL), not through the bucket policy.
 */
/**
 * Key policy grants of the archive key (it encrypts the log buckets). Members cannot learn the
 * key id, so writers are admitted by `aws:PrincipalOrgID` plus the member writer role names, and
 * only through S3 in the home region (`kms:ViaService`); AWS services by their source trail or
 * organization.
 */
export function archiveKeyStatements(config: AccessConfig): PolicyStatement[] {
  const { organization } = config;
  const writerRoles = memberWriterRolePatterns(config);
  return [
    {
      Sid: 'CloudTrailEncryptsOrganizationTrail',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceArn': organizationTrailArn(config) },
        StringLike: {
          'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${organization.managementAccountId}:trail/*`,
        },
      },
    },
    {
      Sid: 'LogDeliveryEncryptsFlowLogs',
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceOrgID': organization.id } },
    },
    {
      Sid: 'OrganizationWritersThroughS3',
      Principal: { AWS: '*' },
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: '*',
      Condition: {
        StringEquals: {
          'aws:PrincipalOrgID': organization.id,
          'kms:ViaService': `s3.${config.homeRegion}.amazonaws.com`,
        },
        // The same writer roles as the bucket policies: without it any organization role could
        // use the archive key through S3.
        ArnLike: { 'aws:PrincipalArn': [writerRoles.cloudwatch, writerRoles.waf] },
      },
    },
  ];
}

/** The IAM grant a member-account writer needs to encrypt objects with the archive key. */
export function archiveKeyUseStatement(config: AccessConfig): PolicyStatement {
  return {
    Sid: 'EncryptWithArchiveKeyThroughS3',
    Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
    Resource: archiveKeysArnPattern(config),
    Condition: { StringEquals: { 'kms:ViaService': `s3.${config.homeRegion}.amazonaws.com` } },
  };
}

/**
 * Key policy grants of a key used by CloudWatch Logs groups, SQS queues fed by S3, and SNS topics
 * fed by CloudWatch alarms and EventBridge, all in one account and region.
 */
export function serviceKeyStatements(accountId: string, region: string): PolicyStatement[] {
  const sameAccount = { StringEquals: { 'aws:SourceAccount': accountId } };
  return [
    {
      Sid: 'CloudWatchLogsEncryptsLogGroups',
      Principal: { Service: `logs.${region}.amazonaws.com` },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
      Condition: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${accountId}:log-group:*` },
      },
    },
    {
      Sid: 'ServicesPublishToEncryptedQueuesAndTopics',
      Principal: { Service: ['s3.amazonaws.com', 'cloudwatch.amazonaws.com', 'events.amazonaws.com'] },
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      Resource: '*',
      Condition: sameAccount,
    },
  ];
}
