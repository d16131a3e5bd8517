import { archiveBucketName } from '../../config/archive-names';
import type { SiemConfig } from '../../config/schema';
import { MITRE } from '../mitre';
import type { Detection, DslQuery } from '../types';
import { apiCallDetection, hasValue } from './define';
import { onlyAccountsIn, organizationAccounts } from './organization';
import { cloudTrailRecord, type CloudTrailRecord } from './records';
import { MORE_MITRE } from './techniques';

/*
 * Data leaving the owner's control: resources shared with accounts outside the organization,
 * machine images, snapshots and databases exported or exposed, log buckets set to forget.
 */

const FOREIGN_ACCOUNT = '999988887777';

const policyText = (principal: unknown, action: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'Share', Effect: 'Allow', Principal: principal, Action: action, Resource: '*' }],
  });

/** The policy-setting calls whose policies ingestion reads (see cloudtrail-derived.ts), per service. */
const SHARED_POLICY_CALLS: ReadonlyArray<{ eventSource: string; eventNames: readonly string[] }> = [
  { eventSource: 's3.amazonaws.com', eventNames: ['PutBucketPolicy'] },
  { eventSource: 'sns.amazonaws.com', eventNames: ['SetTopicAttributes', 'CreateTopic'] },
  { eventSource: 'sqs.amazonaws.com', eventNames: ['SetQueueAttributes', 'CreateQueue'] },
  { eventSource: 'ecr.amazonaws.com', eventNames: ['SetRepositoryPolicy'] },
  { eventSource: 'secretsmanager.amazonaws.com', eventNames: ['PutResourcePolicy'] },
  { eventSource: 'kms.amazonaws.com', eventNames: ['PutKeyPolicy', 'CreateKey'] },
];

const sharedPolicySamples = (principal: unknown): CloudTrailRecord[] => [
  cloudTrailRecord('s3.amazonaws.com', 'PutBucketPolicy', {
    requestParameters: {
      bucketName: 'shop-exports',
      bucketPolicy: JSON.parse(policyText(principal, 's3:GetObject')) as unknown,
      policy: [''],
    },
  }),
  cloudTrailRecord('sns.amazonaws.com', 'SetTopicAttributes', {
    requestParameters: {
      topicArn: 'arn:aws:sns:eu-west-1:333333333333:orders',
      attributeName: 'Policy',
      attributeValue: policyText(principal, 'SNS:Subscribe'),
    },
  }),
  cloudTrailRecord('sqs.amazonaws.com', 'SetQueueAttributes', {
    requestParameters: {
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/333333333333/orders',
      attributes: { Policy: JSON.stringify(JSON.parse(policyText(principal, 'sqs:SendMessage')), null, 2) },
    },
  }),
  cloudTrailRecord('ecr.amazonaws.com', 'SetRepositoryPolicy', {
    requestParameters: { repositoryName: 'shop-web', policyText: policyText(principal, 'ecr:BatchGetImage') },
  }),
  cloudTrailRecord('secretsmanager.amazonaws.com', 'PutResourcePolicy', {
    requestParameters: {
      secretId: 'prod/db',
      resourcePolicy: policyText(principal, 'secretsmanager:GetSecretValue'),
    },
  }),
  cloudTrailRecord('kms.amazonaws.com', 'PutKeyPolicy', {
    requestParameters: {
      keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
      policyName: 'default',
      policy: policyText(principal, 'kms:Decrypt'),
    },
  }),
];

function resourcePolicyOutsideOrganization(config: SiemConfig): Detection {
  const knownAccount = config.organization.managementAccountId;
  const base = apiCallDetection({
    id: 'resource-policy-shared-outside-organization',
    title: 'Bucket, topic, queue, repository, secret or key shared outside the organization',
    description:
      'A resource policy (S3 bucket, SNS topic, SQS queue, ECR repository, Secrets Manager secret, KMS key) now grants an account the SIEM does not know: its principals can read or use the resource. ' +
      'Read from siem.policy.otherAccounts, which ingestion derives from the policy; "everyone" is resource-policy-made-public.',
    severity: 3,
    mitre: MITRE.transferToCloudAccount,
    eventSource: 's3.amazonaws.com',
    eventNames: ['PutBucketPolicy'],
    benignEventName: 'GetBucketPolicy',
    positives: sharedPolicySamples({ AWS: `arn:aws:iam::${FOREIGN_ACCOUNT}:root` }),
    extraNegatives: [
      // Near miss: shared, but with an account of the organization.
      ...sharedPolicySamples({ AWS: `arn:aws:iam::${knownAccount}:root` }),
      ...sharedPolicySamples({ Service: 'cloudfront.amazonaws.com' }).slice(0, 2),
    ],
  });
  const calls: DslQuery = {
    bool: {
      should: SHARED_POLICY_CALLS.map(({ eventSource, eventNames }) => ({
        bool: { filter: [{ term: { eventSource } }, { terms: { eventName: [...eventNames] } }] },
      })),
      minimum_should_match: 1,
    },
  };
  return {
    ...base,
    query: {
      bool: {
        filter: [calls, { exists: { field: 'siem.policy.otherAccounts' } }],
        must_not: [{ exists: { field: 'errorCode' } }, onlyAccountsIn(organizationAccounts(config))],
      },
    },
  };
}

const LOG_BUCKET_WORDS = ['log', 'trail', 'audit'];
const SHORT_EXPIRATION_DAYS = ['1', '2', '3', '4', '5', '6', '7'];

const lifecycle = (bucketName: string, days: number) =>
  cloudTrailRecord('s3.amazonaws.com', 'PutBucketLifecycle', {
    requestParameters: {
      bucketName,
      lifecycle: '',
      LifecycleConfiguration: {
        xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
        Rule: { ID: 'expire', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: days } },
      },
    },
  });

function logBucketShortLifecycle(config: SiemConfig): Detection {
  const archive = archiveBucketName(config, 'cloudtrail').replace(/cloudtrail$/, '');
  return apiCallDetection({
    id: 's3-log-bucket-short-lifecycle',
    title: 'Log bucket set to expire objects within a week',
    description: `A lifecycle rule expiring objects after ${SHORT_EXPIRATION_DAYS.length} days or less was put on a log bucket (the SIEM's archive buckets, ${archive}*, or any bucket named like log, trail or audit): evidence is deleted before anyone looks.`,
    severity: 2,
    mitre: MITRE.indicatorRemoval,
    eventSource: 's3.amazonaws.com',
    eventNames: ['PutBucketLifecycle', 'PutBucketLifecycleConfiguration'],
    benignEventName: 'GetBucketLifecycle',
    extraFilters: [
      { terms: { 'requestParameters.LifecycleConfiguration.Rule.Expiration.Days': SHORT_EXPIRATION_DAYS } },
      {
        bool: {
          should: [
            { prefix: { 'requestParameters.bucketName': archive } },
            ...LOG_BUCKET_WORDS.map((word) => ({
              wildcard: { 'requestParameters.bucketName': { value: `*${word}*`, case_insensitive: true } },
            })),
          ],
          minimum_should_match: 1,
        },
      },
    ],
    positives: [lifecycle('org-cloudtrail-logs', 1), lifecycle(`${archive}vpcflow`, 7)],
    extraNegatives: [
      // Near misses: a log bucket keeping 30 days, a scratch bucket expiring daily.
      lifecycle('org-cloudtrail-logs', 30),
      lifecycle('build-scratch', 1),
    ],
  });
}

export function sharingDetections(config: SiemConfig): readonly Detection[] {
  return [
    resourcePolicyOutsideOrganization(config),
    apiCallDetection({
      id: 'ec2-image-exported',
      title: 'EC2 instance or image exported',
      description:
        'An instance or AMI was exported to S3 as a disk image (CreateInstanceExportTask, ExportImage, CreateStoreImageTask): a full copy of its disks that can be downloaded anywhere.',
      severity: 2,
      mitre: MORE_MITRE.dataFromLocalSystem,
      eventSource: 'ec2.amazonaws.com',
      eventNames: ['CreateInstanceExportTask', 'ExportImage', 'CreateStoreImageTask'],
      benignEventName: 'DescribeExportTasks',
      positiveOverrides: {
        requestParameters: { instanceId: 'i-0a1b2c3d4e5f60718', exportToS3: { s3Bucket: 'exports-tmp' } },
      },
    }),
    apiCallDetection({
      id: 'rds-snapshot-exported',
      title: 'RDS snapshot exported to S3',
      description:
        'A database or cluster snapshot export to S3 was started (StartExportTask): the data leaves the database as Parquet files in a bucket, readable by whoever the bucket and key allow.',
      severity: 2,
      mitre: MORE_MITRE.dataFromLocalSystem,
      eventSource: 'rds.amazonaws.com',
      eventNames: ['StartExportTask'],
      benignEventName: 'DescribeExportTasks',
      positiveOverrides: {
        requestParameters: {
          exportTaskIdentifier: 'copy-1',
          sourceArn: 'arn:aws:rds:eu-west-1:333333333333:snapshot:shop-db-2026-01-15',
          s3BucketName: 'exports-tmp',
        },
      },
    }),
    apiCallDetection({
      id: 'ec2-block-public-access-disabled',
      title: 'Block public access for snapshots or AMIs disabled',
      description:
        "The region's block public access for EBS snapshots or AMIs was turned off: snapshots and images can be made public again.",
      severity: 3,
      mitre: MITRE.transferToCloudAccount,
      eventSource: 'ec2.amazonaws.com',
      eventNames: ['DisableSnapshotBlockPublicAccess', 'DisableImageBlockPublicAccess'],
      benignEventName: 'GetSnapshotBlockPublicAccessState',
    }),
    apiCallDetection({
      id: 'rds-instance-made-public',
      title: 'RDS database created, restored or modified as publicly accessible',
      description:
        'A database instance was created, restored from a snapshot or modified with publiclyAccessible set: it gets an address reachable from the internet (security groups still apply). A known way to copy data out through a restored snapshot.',
      severity: 2,
      mitre: MITRE.cloudStorageObject,
      eventSource: 'rds.amazonaws.com',
      eventNames: [
        'CreateDBInstance',
        'ModifyDBInstance',
        'RestoreDBInstanceFromDBSnapshot',
        'RestoreDBInstanceToPointInTime',
        'RestoreDBInstanceFromS3',
      ],
      benignEventName: 'DescribeDBInstances',
      extraFilters: [{ term: { 'requestParameters.publiclyAccessible': true } }],
      positiveOverrides: rdsRequest({ publiclyAccessible: true }),
      extraNegatives: [
        cloudTrailRecord(
          'rds.amazonaws.com',
          'RestoreDBInstanceFromDBSnapshot',
          rdsRequest({ publiclyAccessible: false }),
        ),
        cloudTrailRecord('rds.amazonaws.com', 'ModifyDBInstance', rdsRequest({ allocatedStorage: 200 })),
      ],
    }),
    apiCallDetection({
      id: 'rds-master-password-changed',
      title: 'RDS master password changed',
      description:
        "A database instance's or cluster's master user password was changed: whoever set it has full access to the data, and the owners are locked out.",
      severity: 3,
      mitre: MITRE.accountManipulation,
      eventSource: 'rds.amazonaws.com',
      eventNames: ['ModifyDBInstance', 'ModifyDBCluster'],
      benignEventName: 'DescribeDBInstances',
      extraFilters: [hasValue('requestParameters.masterUserPassword')],
      positiveOverrides: rdsRequest({
        masterUserPassword: 'HIDDEN_DUE_TO_SECURITY_REASONS',
        applyImmediately: true,
      }),
      extraNegatives: [
        cloudTrailRecord('rds.amazonaws.com', 'ModifyDBInstance', rdsRequest({ allocatedStorage: 200 })),
      ],
    }),
    apiCallDetection({
      id: 's3-bucket-website-enabled',
      title: 'S3 static website hosting enabled',
      description:
        'A bucket was configured as a static website (PutBucketWebsite): with a public policy, its objects are served to anyone over plain HTTP; also a way to host phishing pages under a trusted name.',
      severity: 4,
      mitre: MITRE.cloudStorageObject,
      eventSource: 's3.amazonaws.com',
      eventNames: ['PutBucketWebsite'],
      benignEventName: 'GetBucketWebsite',
      positiveOverrides: {
        requestParameters: {
          bucketName: 'shop-exports',
          website: '',
          WebsiteConfiguration: { IndexDocument: { Suffix: 'index.html' } },
        },
      },
    }),
    logBucketShortLifecycle(config),
  ];
}

function rdsRequest(parameters: Record<string, unknown>): CloudTrailRecord {
  return { requestParameters: { dBInstanceIdentifier: 'shop-db', ...parameters } };
}
