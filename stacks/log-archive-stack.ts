import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { SiemConfig } from '../config/schema';
import { configIndexLayout, indexPeriodsEnv } from '../opensearch/index-sizing';
import { AlarmTopic } from '../modules/alarm-topic';
import { AlertingSnsRole } from '../modules/alerting-sns-role';
import { CognitoDashboardsAuth } from '../modules/cognito-dashboards-auth';
import { GithubDriftRole } from '../modules/github-drift-role';
import { IngestionPipeline } from '../modules/ingestion-pipeline';
import { KmsKey } from '../modules/kms-key';
import { MemberAlarmBus } from '../modules/member-alarm-bus';
import { LogBucket } from '../modules/log-bucket';
import { OpenSearchAdminRole } from '../modules/opensearch-admin-role';
import { OpenSearchAlarms } from '../modules/opensearch-alarms';
import { OpenSearchDomain } from '../modules/opensearch-domain';
import { SnapshotRepository } from '../modules/snapshot-repository';
import {
  alarmForwardingAccountIds,
  archiveKeyAdministration,
  archiveKeyStatements,
  archiveTamperProtectionStatements,
  archiveWriterStatements,
  serviceKeyStatements,
} from './archive-access';
import {
  ARCHIVE_LOG_SOURCE_NAMES,
  type ArchiveLogSource,
  LOG_ARCHIVE_STACK_NAME,
  alarmBusName,
  archiveBucketName,
  archiveKeyAlias,
} from '../config/archive-names';
import { ElbAndCloudFrontLogBuckets } from './elb-cloudfront-buckets';
import { AccountFindingsRoute } from './findings-route';
import { accountProvider, configureBackend, type SiemStackProps } from './stack-foundation';

/** Per-source buckets that came after the ELB and CloudFront buckets, in the order they came. */
const ADDED_AFTER_ELB_AND_CLOUDFRONT: ReadonlySet<ArchiveLogSource> = new Set([
  'securityhub',
  'dns',
  'networkfirewall',
  'tgwflow',
  'guardduty',
  'config',
  'bedrock',
]);

export type LogArchiveStackProps = SiemStackProps;

/**
 * The log-archive account: per-source log buckets (ELB ones in every member region), the ingestion pipeline, the OpenSearch
 * domain with Cognito login, its snapshot repository, the alarms that watch all of it (and the bus
 * that brings the other accounts' SIEM alarms to the same topic), and this account's Security Hub
 * findings route.
 */
export class LogArchiveStack extends TerraformStack {
  constructor(scope: Construct, props: LogArchiveStackProps) {
    super(scope, LOG_ARCHIVE_STACK_NAME);
    const { config } = props;
    const accountId = config.organization.logArchiveAccountId;
    const region = config.homeRegion;
    const prefix = config.namePrefix;
    configureBackend(this, LOG_ARCHIVE_STACK_NAME, config.stateBackend);
    accountProvider(this, 'aws', {
      accountId,
      region,
      deploymentRoleName: config.organization.deploymentRoleName,
      stackName: LOG_ARCHIVE_STACK_NAME,
    });

    const archiveKey = new KmsKey(this, 'archive-key', {
      aliasName: archiveKeyAlias(config).replace(/^alias\//, ''),
      description: 'Encrypts the SIEM log archive buckets; usable by the organization through S3 only',
      accountId,
      administration: archiveKeyAdministration(config),
      statements: archiveKeyStatements(config),
    });
    const platformKey = new KmsKey(this, 'platform-key', {
      aliasName: `${prefix}-platform`,
      description: 'Encrypts the SIEM OpenSearch domain, queues, topics and log groups',
      accountId,
      statements: serviceKeyStatements(accountId, region),
    });

    const lifecycle = {
      glacierAfterDays: config.retention.glacierAfterDays,
      expireAfterDays: config.retention.expireAfterDays,
    };
    const accessLogBucketName = archiveBucketName(config, 's3access');
    const buckets = ARCHIVE_LOG_SOURCE_NAMES.map((source) => {
      const bucketName = archiveBucketName(config, source);
      const accessLogs = source === 's3access';
      const bucket = new LogBucket(this, `bucket-${source}`, {
        bucketName,
        // S3 server access logs can only be delivered to an SSE-S3 bucket...
        kmsKeyArn: accessLogs ? undefined : archiveKey.arn,
        lifecycle,
        writerStatements: archiveWriterStatements(config, source, `arn:aws:s3:::${bucketName}`),
        protectionStatements: archiveTamperProtectionStatements(config, `arn:aws:s3:::${bucketName}`),
        // ...and never to a bucket with an Object Lock default retention.
        objectLock: accessLogs ? undefined : config.archive.objectLock,
        accessLogBucketName: accessLogs ? undefined : accessLogBucketName,
      });
      return { source, ingested: { name: bucket.name, arn: bucket.arn, ready: bucket.policy } };
    });
    const elbAndCloudFront = new ElbAndCloudFrontLogBuckets(this, 'elb-cloudfront', {
      config,
      lifecycle,
      accessLogBucketName,
    });

    const adminRole = new OpenSearchAdminRole(this, 'opensearch-admin', {
      namePrefix: prefix,
      trustedPrincipalArns: [`arn:aws:iam::${accountId}:role/${config.organization.deploymentRoleName}`],
    });
    const cognito = new CognitoDashboardsAuth(this, 'dashboards-auth', {
      namePrefix: prefix,
      accountId,
      domainPrefix: config.openSearch.cognitoDomainPrefix ?? `${prefix}-${accountId}`,
      mfa: config.openSearch.mfa,
    });
    const domainName = `${prefix}-logs`;
    const domain = new OpenSearchDomain(this, 'opensearch', {
      domainName,
      accountId,
      region,
      sizing: config.openSearch,
      kmsKeyArn: platformKey.arn,
      masterRoleArn: adminRole.role.arn,
      cognito: {
        userPoolId: cognito.userPool.id,
        identityPoolId: cognito.identityPool.id,
        roleArn: cognito.openSearchCognitoRole.arn,
        ready: cognito.ready,
      },
    });

    const pipeline = new IngestionPipeline(this, 'ingestion', {
      namePrefix: prefix,
      accountId,
      region,
      hotDays: config.retention.hotDays,
      // Each log type's index period from the sizing model, as post-apply's templates and ISM see it.
      indexPeriods: indexPeriodsEnv(configIndexLayout(config)),
      // The pipeline numbers its S3 notifications by position in this list, and a notification
      // whose number moves to another bucket is replaced, racing the one created for that bucket
      // under its new number (either may run last and leave the bucket without notification). So
      // buckets added after the ELB and CloudFront ones go last, and existing numbers never move.
      buckets: [
        ...buckets.filter((b) => !ADDED_AFTER_ELB_AND_CLOUDFRONT.has(b.source)).map((b) => b.ingested),
        ...elbAndCloudFront.homeRegionBuckets,
        ...buckets.filter((b) => ADDED_AFTER_ELB_AND_CLOUDFRONT.has(b.source)).map((b) => b.ingested),
      ],
      forwardedBuckets: elbAndCloudFront.forwardedBuckets,
      archiveKeyArn: archiveKey.arn,
      platformKeyArn: platformKey.arn,
      openSearchEndpoint: domain.endpoint,
      openSearchDomainArn: domain.arn,
      functionBundler: props.functionBundler,
      securityLake: config.securityLake,
    });
    domain.allowPrincipals([adminRole.role.arn, pipeline.function.role.arn, cognito.authenticatedRole.arn]);

    const snapshots = new SnapshotRepository(this, 'snapshots', {
      namePrefix: prefix,
      bucketName: archiveBucketName(config, 'snapshots'),
      accountId,
      kmsKeyArn: platformKey.arn,
      domainArn: domain.arn,
      accessLogBucketName,
    });
    new IamRolePolicyAttachment(this, 'admin-registers-snapshots', {
      role: adminRole.role.name,
      policyArn: snapshots.registerPolicy.arn,
    });

    const alarmTopic = new AlarmTopic(this, 'alarm-topic', {
      topicName: `${prefix}-alarms`,
      accountId,
      region,
      kmsKeyArn: platformKey.arn,
      emails: config.alerting.emails,
    });
    // Alarm state changes of the member and management accounts' SIEM alarms (AlarmStateForwarder).
    new MemberAlarmBus(this, 'alarm-bus', {
      namePrefix: prefix,
      busName: alarmBusName(config),
      sourceAccountIds: alarmForwardingAccountIds(config),
      alarmTopicArn: alarmTopic.arn,
    });
    new AccountFindingsRoute(this, 'findings-route', {
      config,
      accountId,
      region,
      kmsKeyArn: platformKey.arn,
      alarmTopicArn: alarmTopic.arn,
      functionBundler: props.functionBundler,
    });
    const alertingRole = new AlertingSnsRole(this, 'alerting-sns', {
      namePrefix: prefix,
      accountId,
      topicArn: alarmTopic.arn,
      kmsKeyArn: platformKey.arn,
      passedByRoleName: adminRole.role.name,
    });
    new OpenSearchAlarms(this, 'alarms', {
      namePrefix: prefix,
      accountId,
      domainName,
      dataNodeCount: config.openSearch.instanceCount,
      ebsVolumeSizeGb: config.openSearch.ebsVolumeSizeGb,
      dedicatedMasters: config.openSearch.dedicatedMasters,
      alarmTopicArn: alarmTopic.arn,
      ingestFunctionName: pipeline.function.functionName,
      queueName: pipeline.queue.name,
      deadLetterQueueName: pipeline.deadLetterQueue.name,
      // A message that failed once waits out the visibility timeout before its retry; only a
      // backlog older than that plus 15 minutes means ingestion is really falling behind.
      maxQueueAgeSeconds: pipeline.visibilityTimeoutSeconds + 900,
    });

    const ciRole = config.ci ? this.ciDriftRole(config, config.ci) : undefined;

    const outputs: Record<string, string> = {
      ...(ciRole ? { ciDriftRoleArn: ciRole.role.arn } : {}),
      domainEndpoint: domain.endpoint,
      dashboardsUrl: domain.dashboardsUrl,
      snapshotRoleArn: snapshots.role.arn,
      snapshotBucket: snapshots.bucket.name,
      alarmTopicArn: alarmTopic.arn,
      deadLetterQueueUrl: pipeline.deadLetterQueue.url,
      alertingSnsRoleArn: alertingRole.role.arn,
      adminRoleArn: adminRole.role.arn,
      dashboardsUserRoleArn: cognito.authenticatedRole.arn,
      // Where `siem dashboards-user add` creates users (sign-up is off).
      userPoolId: cognito.userPool.id,
      ingestRoleArn: pipeline.function.role.arn,
    };
    for (const [name, value] of Object.entries(outputs)) new TerraformOutput(this, name, { value });
  }

  /** The role .github/workflows/drift.yml assumes (config `ci`): read-only, main branch or one environment. */
  private ciDriftRole(config: SiemConfig, ci: NonNullable<SiemConfig['ci']>): GithubDriftRole {
    const { organization, stateBackend } = config;
    const accounts = [
      organization.managementAccountId,
      organization.logArchiveAccountId,
      organization.securityAccountId,
      ...config.memberAccounts.map((account) => account.id),
    ];
    return new GithubDriftRole(this, 'ci-drift', {
      roleName: `${config.namePrefix}-ci-drift`,
      accountId: organization.logArchiveAccountId,
      githubRepository: ci.githubRepository,
      branch: ci.branch,
      environment: ci.environment,
      createOidcProvider: ci.createOidcProvider,
      assumableRoleArns: [...new Set(accounts)].map((id) => `arn:aws:iam::${id}:role/${ci.readOnlyRoleName}`),
      stateAccess:
        stateBackend.type === 's3'
          ? {
              bucket: stateBackend.bucket,
              keyPrefix: stateBackend.keyPrefix,
              lockTableArn: `arn:aws:dynamodb:${stateBackend.region}:*:table/${stateBackend.dynamodbTable}`,
            }
          : undefined,
    });
  }
}
