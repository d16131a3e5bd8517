import type { SiemConfig } from '../config/schema';
import type { PolicyStatement } from '../modules/iam-policy';
import type { KmsKeyAdministration } from '../modules/kms-key';
import {
  logTransferRoleArnPattern,
  securityHubFindingsLogGroupName,
  wafDeliveryRoleArnPattern,
} from '../config/member-names';
import { ArchiveLogSource, archiveKeysArnPattern, organizationTrailArn } from '../config/archive-names';

/*
 * Who may write to which archive bucket, and use which key: the one place cross-account access
 * to the archive is decided. Plain data, so tests can read it without synthesizing.
 */

type AccessConfig = Pick<SiemConfig, 'namePrefix' | 'homeRegion' | 'organization' | 'memberAccounts'>;

/** `${...}` is Terraform interpolation; `$${` passes an IAM policy variable through literally. */
const PRINCIPAL_ACCOUNT = '$${aws:PrincipalAccount}';

/**
 * `aws:PrincipalArn` patterns of the roles the member stacks create to write to the archive, in
 * any account: the log-transfer function's (CloudWatch and Security Hub buckets) and the WAF
 * Firehose streams' (WAF bucket). Naming is shared with the member side in config/member-names.ts.
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

/** The configured member accounts: the only accounts whose log movers and WAF streams may write. */
export function memberWriterAccountIds(config: Pick<SiemConfig, 'memberAccounts'>): string[] {
  return config.memberAccounts.map((account) => account.id);
}

/** Members that log Bedrock model invocations to the archive (`bedrockInvocationLogs`). */
/** Members whose AWS Config delivery channel writes to the `config` bucket (`configDelivery`). */
export function configWriterAccountIds(config: Pick<SiemConfig, 'memberAccounts'>): string[] {
  return config.memberAccounts.filter((account) => account.configDelivery).map((account) => account.id);
}

/** `aws:SourceArn` pattern of the GuardDuty administrator's detectors (any region; ids are unknown here). */
export function guardDutyAdminDetectorArnPattern(config: Pick<SiemConfig, 'organization'>): string {
  return `arn:aws:guardduty:*:${config.organization.securityAccountId}:detector/*`;
}

export function bedrockWriterAccountIds(config: Pick<SiemConfig, 'memberAccounts'>): string[] {
  return config.memberAccounts
    .filter((account) => account.bedrockInvocationLogs)
    .map((account) => account.id);
}

/**
 * Accounts whose Security Hub findings route writes to the `securityhub` bucket: every member, and
 * the management, log-archive and security accounts, which carry their own findings route.
 */
export function findingsWriterAccountIds(
  config: Pick<SiemConfig, 'memberAccounts' | 'organization'>,
): string[] {
  const { organization } = config;
  return [
    ...new Set([
      ...memberWriterAccountIds(config),
      organization.managementAccountId,
      organization.logArchiveAccountId,
      organization.securityAccountId,
    ]),
  ];
}

/** Accounts whose SIEM alarms reach the alarm topic through the alarm bus: members and management. */
export function alarmForwardingAccountIds(
  config: Pick<SiemConfig, 'memberAccounts' | 'organization'>,
): string[] {
  return [...new Set([...memberWriterAccountIds(config), config.organization.managementAccountId])];
}

const accountRoots = (accountIds: readonly string[]): string[] =>
  accountIds.map((id) => `arn:aws:iam::${id}:root`);

/**
 * The listed accounts (as principals, so no other account of the organization is admitted), and
 * of those only the roles matching `rolePattern` in each. `aws:PrincipalOrgID` alone would let any
 * role of any organization account that holds a broad `s3:PutObject` (an admin, a CI role) write,
 * i.e. forge, logs under its account's prefix; the account list keeps out accounts this SIEM does
 * not cover, the role name pins the writer to what this project deploys. Creating a role with such
 * a name takes IAM rights in that account.
 */
function writerRoles(
  organizationId: string,
  accountIds: readonly string[],
  rolePattern: (accountId: string) => string,
): Pick<PolicyStatement, 'Principal' | 'Condition'> {
  return {
    Principal: { AWS: accountRoots(accountIds) },
    Condition: {
      StringEquals: { 'aws:PrincipalOrgID': organizationId },
      ArnLike: { 'aws:PrincipalArn': accountIds.map(rolePattern) },
    },
  };
}

/**
 * S3 conditional writes: a `PutObject` without `If-None-Match: *` is not granted, so a writer
 * cannot replace an archived object, only add new keys. The log-transfer function sends the
 * header (functions/log-transfer/transfer.ts). Firehose (WAF) and the AWS services send no
 * conditional headers, so their writes cannot be held to it.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes-enforce.html
 */
const IF_NONE_MATCH_PRESENT = { Null: { 's3:if-none-match': 'false' } } as const;

/** ARN of the break-glass role (`archive.breakGlassRoleName`) of the log-archive account. */
export function breakGlassRoleArn(config: Pick<SiemConfig, 'organization' | 'archive'>): string {
  return `arn:aws:iam::${config.organization.logArchiveAccountId}:role/${config.archive.breakGlassRoleName}`;
}

/** ARN of the role Terraform runs as in the log-archive account. */
export function archiveDeploymentRoleArn(config: Pick<SiemConfig, 'organization'>): string {
  return `arn:aws:iam::${config.organization.logArchiveAccountId}:role/${config.organization.deploymentRoleName}`;
}

/**
 * Deny statements that make an archive log bucket tamper resistant. Nobody but the break-glass
 * role deletes objects or versions, bypasses governance retention or deletes the bucket policy
 * (lifecycle expiry still runs: S3 performs it, not a principal). Nobody but the break-glass and
 * the deployment role changes the policy, lifecycle, versioning or Object Lock settings: Terraform
 * applies those with the deployment role (a new member account changes the writers), and a policy
 * that denied it would need the break-glass role for every change. Whoever holds the deployment
 * role can therefore rewrite this policy; an SCP on that role, or COMPLIANCE Object Lock, is the
 * protection against it. The account root user can always replace a bucket policy (S3 lockout
 * protection), so guard it with MFA and an SCP.
 */
export function archiveTamperProtectionStatements(
  config: Pick<SiemConfig, 'organization' | 'archive'>,
  bucketArn: string,
): PolicyStatement[] {
  const breakGlass = breakGlassRoleArn(config);
  return [
    {
      Sid: 'DenyDeletionExceptBreakGlass',
      Effect: 'Deny',
      Principal: '*',
      Action: [
        's3:DeleteObject',
        's3:DeleteObjectVersion',
        's3:BypassGovernanceRetention',
        's3:DeleteBucketPolicy',
      ],
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': breakGlass } },
    },
    {
      Sid: 'DenyProtectionChangesExceptDeploymentAndBreakGlass',
      Effect: 'Deny',
      Principal: '*',
      Action: [
        's3:PutLifecycleConfiguration',
        's3:PutBucketPolicy',
        's3:PutBucketObjectLockConfiguration',
        's3:PutBucketVersioning',
      ],
      Resource: bucketArn,
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': [breakGlass, archiveDeploymentRoleArn(config)] } },
    },
  ];
}

/** Writers of one archive bucket, each limited to the organization and to its own key prefix. */
export function archiveWriterStatements(
  config: AccessConfig,
  source: ArchiveLogSource,
  bucketArn: string,
): PolicyStatement[] {
  const { organization, namePrefix } = config;
  const members = memberWriterAccountIds(config);
  const logTransfer = (accountIds: readonly string[]) =>
    writerRoles(organization.id, accountIds, (id) => logTransferRoleArnPattern(namePrefix, id));
  const firehose = writerRoles(organization.id, members, (id) => wafDeliveryRoleArnPattern(namePrefix, id));
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
      return logDeliveryStatements(bucketArn, organization.id, 'LogDeliveryWrite', '/AWSLogs/*');
    }
    case 'bedrock':
      // Bedrock writes each member's invocation logs as its service principal, into that member's
      // own prefix only (modules/bedrock-invocation-logging.ts); no statement when none opts in.
      return bedrockWriterAccountIds(config).map((id) => ({
        Sid: `BedrockInvocationLogs${id}`,
        Principal: { Service: 'bedrock.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${bucketArn}/AWSLogs/${id}/BedrockModelInvocationLogs/*`,
        Condition: {
          StringEquals: { 'aws:SourceAccount': id },
          ArnLike: { 'aws:SourceArn': `arn:aws:bedrock:*:${id}:*` },
        },
      }));
    case 'dns': {
      // Route 53 Resolver query logging delivers through the log delivery service, like flow
      // logs, into AWSLogs/<account>/vpcdnsquerylogs/ (modules/resolver-query-logs.ts).
      return logDeliveryStatements(
        bucketArn,
        organization.id,
        'LogDeliveryWriteResolverQueryLogs',
        '/AWSLogs/*/vpcdnsquerylogs/*',
      );
    }
    case 'guardduty': {
      // The GuardDuty administrator's publishing destination (modules/guardduty-organization.ts)
      // exports every member's findings under the administrator's own prefix, as GuardDuty itself.
      const fromAdministrator = {
        StringEquals: { 'aws:SourceAccount': organization.securityAccountId },
        ArnLike: { 'aws:SourceArn': guardDutyAdminDetectorArnPattern(config) },
      };
      return [
        {
          Sid: 'GuardDutyLocateBucket',
          Principal: { Service: 'guardduty.amazonaws.com' },
          Action: 's3:GetBucketLocation',
          Resource: bucketArn,
          Condition: fromAdministrator,
        },
        {
          Sid: 'GuardDutyExportFindings',
          Principal: { Service: 'guardduty.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${bucketArn}/AWSLogs/${organization.securityAccountId}/GuardDuty/*`,
          Condition: fromAdministrator,
        },
      ];
    }
    case 'config': {
      // Each opted-in member's AWS Config delivery channel (modules/config-delivery.ts), as Config's
      // service principal, into that member's own prefix only; no statement when none opts in.
      const writers = configWriterAccountIds(config);
      if (writers.length === 0) return [];
      return [
        {
          Sid: 'ConfigCheckBucket',
          Principal: { Service: 'config.amazonaws.com' },
          Action: ['s3:GetBucketAcl', 's3:ListBucket'],
          Resource: bucketArn,
          Condition: { StringEquals: { 'aws:SourceAccount': writers } },
        },
        ...writers.map((id) => ({
          Sid: `ConfigDelivery${id}`,
          Principal: { Service: 'config.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${bucketArn}/AWSLogs/${id}/Config/*`,
          Condition: {
            StringEquals: { 'aws:SourceAccount': id, 's3:x-amz-acl': 'bucket-owner-full-control' },
          },
        })),
      ];
    }
    case 'tgwflow': {
      // Transit Gateway flow logs, through the log delivery service, in the VPC flow key layout
      // (modules/transit-gateway-flow-logs.ts).
      return logDeliveryStatements(
        bucketArn,
        organization.id,
        'LogDeliveryWriteTransitGatewayFlowLogs',
        '/AWSLogs/*/vpcflowlogs/*',
      );
    }
    case 'networkfirewall': {
      // Network Firewall alert and flow logs, through the log delivery service
      // (modules/network-firewall-logging.ts).
      return logDeliveryStatements(
        bucketArn,
        organization.id,
        'LogDeliveryWriteNetworkFirewallLogs',
        '/AWSLogs/*/network-firewall/*',
      );
    }
    case 'waf':
      return [
        {
          Sid: 'MemberFirehoseLocate',
          ...firehose,
          Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
          Resource: bucketArn,
        },
        {
          Sid: 'MemberFirehoseWriteOwnPrefix',
          ...firehose,
          Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
          Resource: [
            `${bucketArn}/AWSLogs/${PRINCIPAL_ACCOUNT}/WAFLogs/*`,
            `${bucketArn}/AWSLogs/${PRINCIPAL_ACCOUNT}/WAFLogs-errors/*`,
          ],
        },
      ];
    case 'cloudwatch':
      return [
        ...logTransferWrites(
          'MemberLogTransferWriteOwnPrefix',
          logTransfer(members),
          bucketArn,
          `${bucketArn}/AWSLogs/${PRINCIPAL_ACCOUNT}/CloudWatchLogs/*`,
          namePrefix,
        ),
      ];
    case 'securityhub':
      // The same writers as the cloudwatch bucket, and only under the findings rule's log group:
      // `*` stands for the region (modules/security-hub-findings-rule.ts, functions/log-transfer).
      return [
        ...logTransferWrites(
          'LogTransferWriteOwnFindings',
          logTransfer(findingsWriterAccountIds(config)),
          bucketArn,
          `${bucketArn}/AWSLogs/${PRINCIPAL_ACCOUNT}/CloudWatchLogs/*${securityHubFindingsLogGroupName(namePrefix)}/*`,
          namePrefix,
        ),
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
 * The log-transfer roles' grant, only with `If-None-Match` (no overwrite), and a Deny that holds
 * every log-transfer role to it: the grant alone would not bind a writer of the archive account
 * itself, whose IAM policy suffices without the bucket policy.
 */
function logTransferWrites(
  sid: string,
  writers: Pick<PolicyStatement, 'Principal' | 'Condition'>,
  bucketArn: string,
  resource: string,
  namePrefix: string,
): PolicyStatement[] {
  return [
    {
      Sid: sid,
      Principal: writers.Principal,
      Action: 's3:PutObject',
      Resource: resource,
      Condition: { ...writers.Condition, ...IF_NONE_MATCH_PRESENT },
    },
    {
      Sid: 'DenyLogTransferOverwrites',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: `${bucketArn}/*`,
      Condition: {
        ArnLike: { 'aws:PrincipalArn': logTransferRoleArnPattern(namePrefix) },
        Null: { 's3:if-none-match': 'true' },
      },
    },
  ];
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
 * Key policy grants of the archive key (it encrypts the log buckets). Writers cannot learn the
 * key id, so they are admitted as their accounts (the configured members, plus the accounts with
 * a findings route) with the writer role names, and only through S3 in the home region
 * (`kms:ViaService`); AWS services by their source trail or organization.
 */
export function archiveKeyStatements(config: AccessConfig): PolicyStatement[] {
  const { organization, namePrefix } = config;
  const members = new Set(memberWriterAccountIds(config));
  const writers = findingsWriterAccountIds(config);
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
    ...bedrockKeyStatements(bedrockWriterAccountIds(config)),
    ...guardDutyKeyStatements(config),
    ...configKeyStatements(configWriterAccountIds(config)),
    {
      Sid: 'WriterRolesThroughS3',
      Principal: { AWS: accountRoots(writers) },
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: '*',
      Condition: {
        StringEquals: {
          'aws:PrincipalOrgID': organization.id,
          'kms:ViaService': `s3.${config.homeRegion}.amazonaws.com`,
        },
        // The same writer roles as the bucket policies: without it any role of those accounts
        // could use the archive key through S3.
        ArnLike: {
          'aws:PrincipalArn': writers.flatMap((id) => [
            logTransferRoleArnPattern(namePrefix, id),
            ...(members.has(id) ? [wafDeliveryRoleArnPattern(namePrefix, id)] : []),
          ]),
        },
      },
    },
  ];
}

/**
 * Who administers and who uses the archive key: the deployment role (Terraform) and the
 * break-glass role administer it; the archive account's own principals use it only through S3
 * (the ingestion function and re-ingest read objects), as their IAM policies allow. Only the
 * break-glass role disables it or schedules its deletion; the deployment role also changes its
 * policy, since KMS refuses a policy that would lock out its caller and a new member account
 * changes the writers above.
 */
export function archiveKeyAdministration(
  config: Pick<SiemConfig, 'organization' | 'archive' | 'homeRegion'>,
): KmsKeyAdministration {
  const deployment = archiveDeploymentRoleArn(config);
  const breakGlass = breakGlassRoleArn(config);
  return {
    administratorArns: [deployment, breakGlass],
    breakGlassArns: [breakGlass],
    policyEditorArns: [deployment],
    accountUseViaService: `s3.${config.homeRegion}.amazonaws.com`,
  };
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

/**
 * GuardDuty encrypts the findings it exports with the archive key (a publishing destination must
 * name a key), for the administrator's detectors only; the administrator's deployment role reads
 * the key's ARN from its alias, which is all the org-management stack knows of it.
 */
function guardDutyKeyStatements(config: Pick<SiemConfig, 'organization'>): PolicyStatement[] {
  const { securityAccountId, deploymentRoleName } = config.organization;
  return [
    {
      Sid: 'GuardDutyEncryptsExportedFindings',
      Principal: { Service: 'guardduty.amazonaws.com' },
      Action: 'kms:GenerateDataKey',
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceAccount': securityAccountId },
        ArnLike: { 'aws:SourceArn': guardDutyAdminDetectorArnPattern(config) },
      },
    },
    {
      Sid: 'SecurityAccountDeploymentDescribesKey',
      Principal: { AWS: `arn:aws:iam::${securityAccountId}:role/${deploymentRoleName}` },
      Action: 'kms:DescribeKey',
      Resource: '*',
    },
  ];
}

/** AWS Config encrypts the configuration files it delivers with the archive key, for the opted-in members only. */
function configKeyStatements(accountIds: readonly string[]): PolicyStatement[] {
  if (accountIds.length === 0) return [];
  return [
    {
      Sid: 'ConfigEncryptsDeliveredFiles',
      Principal: { Service: 'config.amazonaws.com' },
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': [...accountIds] } },
    },
  ];
}

/** Bedrock encrypts the invocation logs it writes with the archive key, for the opted-in members only. */
function bedrockKeyStatements(accountIds: readonly string[]): PolicyStatement[] {
  if (accountIds.length === 0) return [];
  return [
    {
      Sid: 'BedrockEncryptsInvocationLogs',
      Principal: { Service: 'bedrock.amazonaws.com' },
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceAccount': [...accountIds] },
        ArnLike: { 'aws:SourceArn': accountIds.map((id) => `arn:aws:bedrock:*:${id}:*`) },
      },
    },
  ];
}

/**
 * The log delivery service's two statements (flow logs, Resolver query logs, Network Firewall):
 * it checks the bucket's ACL, then writes under `keyPattern`, only for this organization's
 * sources (`aws:SourceOrgID`).
 */
function logDeliveryStatements(
  bucketArn: string,
  organizationId: string,
  writeSid: string,
  keyPattern: string,
) {
  const fromOrganization = { StringEquals: { 'aws:SourceOrgID': organizationId } };
  const principal = { Service: 'delivery.logs.amazonaws.com' };
  return [
    {
      Sid: 'LogDeliveryAclCheck',
      Principal: principal,
      Action: ['s3:GetBucketAcl', 's3:ListBucket'],
      Resource: bucketArn,
      Condition: fromOrganization,
    },
    {
      Sid: writeSid,
      Principal: principal,
      Action: 's3:PutObject',
      Resource: `${bucketArn}${keyPattern}`,
      Condition: fromOrganization,
    },
  ];
}
