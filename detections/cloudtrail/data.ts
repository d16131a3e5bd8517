import { MITRE } from '../mitre';
import type { Detection } from '../types';
import {
  AWS_SERVICE_CALLERS,
  CLOUDTRAIL_LOOKBACK_MINUTES,
  CLOUDTRAIL_SCHEDULE_MINUTES,
  apiCallDetection,
} from './define';
import { cloudTrailRecord, repeatRecord, serviceCall } from './records';

/* Data stores: S3 exposure and denial bursts, database and snapshot lifecycle, encryption. */

const S3_ACCESS_DENIED_BURST = 20;
const SAMPLE_KEY_ARN = 'arn:aws:kms:eu-west-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** EBS creating a grant for a volume it attaches, as CloudTrail records it. */
const kmsGrantByService = cloudTrailRecord('kms.amazonaws.com', 'CreateGrant', {
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'AROAQEXAMPLEDEPLOY01:ci',
    arn: 'arn:aws:sts::333333333333:assumed-role/deploy/ci',
    accountId: '333333333333',
    invokedBy: 'ec2.amazonaws.com',
  },
  sourceIPAddress: 'ec2.amazonaws.com',
  userAgent: 'ec2.amazonaws.com',
  requestParameters: {
    keyId: SAMPLE_KEY_ARN,
    granteePrincipal: 'ec2.eu-west-1.amazonaws.com',
    operations: ['Decrypt'],
    constraints: { encryptionContextSubset: { 'aws:ebs:id': 'vol-0123456789abcdef0' } },
  },
});

const s3Denied = (eventName: string) =>
  cloudTrailRecord('s3.amazonaws.com', eventName, {
    errorCode: 'AccessDenied',
    errorMessage: 'Access Denied',
    requestParameters: { bucketName: 'finance-exports', key: 'q3/report.csv' },
    eventCategory: 'Data',
    managementEvent: false,
  });

/** A denied bucket-level call: a management event, recorded by every trail. */
const s3BucketDenied = (eventName: string) =>
  cloudTrailRecord('s3.amazonaws.com', eventName, {
    errorCode: 'AccessDenied',
    errorMessage: 'Access Denied',
    requestParameters: { bucketName: 'finance-exports', Host: 'finance-exports.s3.eu-west-1.amazonaws.com' },
  });

const s3AccessDeniedBurst: Detection = {
  id: 's3-access-denied-burst',
  title: 'Burst of S3 AccessDenied errors',
  description:
    `${S3_ACCESS_DENIED_BURST} or more S3 calls denied in the window (calls by AWS services left out): bucket enumeration or a key trying data it may not read. ` +
    'Bucket-level calls (GetBucketPolicy, GetBucketAcl, PutBucketPolicy...) are management events and always count; object calls ' +
    '(GetObject, ListObjects...) are data events, which the default trail configuration does not record: ' +
    's3access-forbidden-burst sees those in S3 server access logs.',
  severity: 3,
  mitre: MITRE.cloudStorageObject,
  logType: 'cloudtrail',
  query: {
    bool: {
      filter: [{ term: { eventSource: 's3.amazonaws.com' } }, { term: { errorCode: 'AccessDenied' } }],
      must_not: AWS_SERVICE_CALLERS,
    },
  },
  condition: { kind: 'threshold', minCount: S3_ACCESS_DENIED_BURST },
  scheduleMinutes: CLOUDTRAIL_SCHEDULE_MINUTES,
  lookbackMinutes: CLOUDTRAIL_LOOKBACK_MINUTES,
  // Management events only: what the default trail records.
  positiveSamples: [
    ...repeatRecord(s3BucketDenied('GetBucketPolicy'), S3_ACCESS_DENIED_BURST / 2),
    ...repeatRecord(s3BucketDenied('GetBucketAcl'), S3_ACCESS_DENIED_BURST / 2),
  ],
  negativeSamples: [
    ...repeatRecord(s3Denied('GetObject'), S3_ACCESS_DENIED_BURST - 1),
    ...repeatRecord(cloudTrailRecord('s3.amazonaws.com', 'GetObject'), S3_ACCESS_DENIED_BURST),
    ...repeatRecord(
      cloudTrailRecord('ec2.amazonaws.com', 'DescribeInstances', { errorCode: 'AccessDenied' }),
      5,
    ),
    // AWS Config reading bucket settings it lacks permission for: AWS's call, not an intruder's.
    ...repeatRecord(
      serviceCall(
        's3.amazonaws.com',
        'GetBucketPolicy',
        s3BucketDenied('GetBucketPolicy'),
        'config.amazonaws.com',
      ),
      S3_ACCESS_DENIED_BURST,
    ),
  ],
};

export const dataDetections: readonly Detection[] = [
  s3AccessDeniedBurst,
  apiCallDetection({
    id: 's3-public-access-block-removed',
    title: 'S3 Block Public Access removed',
    description:
      'Block Public Access was deleted for a bucket or the whole account: buckets can be made public.',
    severity: 2,
    mitre: MITRE.cloudStorageObject,
    eventSource: 's3.amazonaws.com',
    eventNames: ['DeleteBucketPublicAccessBlock', 'DeleteAccountPublicAccessBlock'],
    benignEventName: 'GetBucketPublicAccessBlock',
  }),
  apiCallDetection({
    id: 's3-bucket-deleted',
    title: 'S3 bucket deleted',
    description: 'A bucket was deleted.',
    severity: 3,
    mitre: MITRE.dataDestruction,
    eventSource: 's3.amazonaws.com',
    eventNames: ['DeleteBucket'],
    benignEventName: 'ListBuckets',
  }),
  apiCallDetection({
    id: 's3-bucket-encryption-removed',
    title: 'S3 default encryption removed',
    description: 'A bucket default encryption configuration was deleted.',
    severity: 3,
    mitre: MITRE.impairDefenses,
    eventSource: 's3.amazonaws.com',
    eventNames: ['DeleteBucketEncryption'],
    benignEventName: 'GetBucketEncryption',
  }),
  apiCallDetection({
    id: 'dynamodb-table-changed',
    title: 'DynamoDB table created or updated',
    description: 'A DynamoDB table was created or its settings (capacity, streams, encryption) updated.',
    severity: 4,
    mitre: MITRE.modifyCloudCompute,
    eventSource: 'dynamodb.amazonaws.com',
    eventNames: ['CreateTable', 'UpdateTable'],
    benignEventName: 'DescribeTable',
  }),
  apiCallDetection({
    id: 'dynamodb-table-deleted',
    title: 'DynamoDB table or backup deleted',
    description: 'A DynamoDB table or one of its backups was deleted.',
    severity: 3,
    mitre: MITRE.dataDestruction,
    eventSource: 'dynamodb.amazonaws.com',
    eventNames: ['DeleteTable', 'DeleteBackup'],
    benignEventName: 'ListTables',
  }),
  apiCallDetection({
    id: 'rds-instance-changed',
    title: 'RDS instance or cluster created or modified',
    description:
      'An RDS instance or cluster was created or modified (public accessibility, master password, security groups).',
    severity: 4,
    mitre: MITRE.modifyCloudCompute,
    eventSource: 'rds.amazonaws.com',
    eventNames: ['CreateDBInstance', 'ModifyDBInstance', 'CreateDBCluster', 'ModifyDBCluster'],
    benignEventName: 'DescribeDBInstances',
  }),
  apiCallDetection({
    id: 'rds-instance-deleted',
    title: 'RDS instance, cluster or snapshot deleted',
    description: 'An RDS database or one of its snapshots was deleted.',
    severity: 3,
    mitre: MITRE.dataDestruction,
    eventSource: 'rds.amazonaws.com',
    eventNames: ['DeleteDBInstance', 'DeleteDBCluster', 'DeleteDBSnapshot', 'DeleteDBClusterSnapshot'],
    benignEventName: 'DescribeDBSnapshots',
  }),
  apiCallDetection({
    id: 'rds-snapshot-shared',
    title: 'RDS snapshot sharing changed',
    description:
      'Who may restore an RDS snapshot changed: it may have been shared with another account or made public.',
    severity: 2,
    mitre: MITRE.transferToCloudAccount,
    eventSource: 'rds.amazonaws.com',
    eventNames: ['ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute'],
    benignEventName: 'DescribeDBSnapshotAttributes',
  }),
  apiCallDetection({
    id: 'ebs-snapshot-shared',
    title: 'EBS snapshot sharing changed',
    description:
      'The create-volume permission of an EBS snapshot changed: it may be shared with another account or public.',
    severity: 2,
    mitre: MITRE.transferToCloudAccount,
    eventSource: 'ec2.amazonaws.com',
    eventNames: ['ModifySnapshotAttribute'],
    benignEventName: 'DescribeSnapshotAttribute',
  }),
  apiCallDetection({
    id: 'ebs-default-encryption-disabled',
    title: 'EBS encryption by default disabled',
    description: 'New EBS volumes in the region are no longer encrypted by default.',
    severity: 2,
    mitre: MITRE.impairDefenses,
    eventSource: 'ec2.amazonaws.com',
    eventNames: ['DisableEbsEncryptionByDefault'],
    benignEventName: 'GetEbsEncryptionByDefault',
  }),
  apiCallDetection({
    id: 'kms-key-policy-changed',
    title: 'KMS key policy changed',
    description:
      'A KMS key policy was replaced: someone else, possibly in another account, may now use the key.',
    severity: 3,
    mitre: MITRE.accountManipulation,
    eventSource: 'kms.amazonaws.com',
    eventNames: ['PutKeyPolicy'],
    benignEventName: 'GetKeyPolicy',
    // EBS, RDS, Secrets Manager... create grants for every encrypted volume or secret they touch.
    extraNegatives: [kmsGrantByService],
  }),
  apiCallDetection({
    id: 'kms-grant-created',
    title: 'KMS grant created by a principal',
    description:
      'A principal created a KMS grant, letting a grantee use the key outside the key policy. AWS services ' +
      "(EBS, RDS, Secrets Manager...) create grants all the time on their callers' behalf: those are left out.",
    severity: 4,
    mitre: MITRE.accountManipulation,
    eventSource: 'kms.amazonaws.com',
    eventNames: ['CreateGrant'],
    benignEventName: 'ListGrants',
    excludeServiceCallers: true,
    positiveOverrides: {
      requestParameters: {
        keyId: SAMPLE_KEY_ARN,
        granteePrincipal: 'arn:aws:iam::444444444444:role/outsider',
        operations: ['Decrypt', 'GenerateDataKey'],
      },
    },
    extraNegatives: [kmsGrantByService],
  }),
];
