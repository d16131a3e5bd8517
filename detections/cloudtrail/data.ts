import { MITRE } from '../mitre';
import type { Detection } from '../types';
import { CLOUDTRAIL_LOOKBACK_MINUTES, CLOUDTRAIL_SCHEDULE_MINUTES, apiCallDetection } from './define';
import { cloudTrailRecord, repeatRecord } from './records';

/* Data stores: S3 exposure and denial bursts, database and snapshot lifecycle, encryption. */

const S3_ACCESS_DENIED_BURST = 20;

const s3Denied = (eventName: string) =>
  cloudTrailRecord('s3.amazonaws.com', eventName, {
    errorCode: 'AccessDenied',
    errorMessage: 'Access Denied',
    requestParameters: { bucketName: 'finance-exports', key: 'q3/report.csv' },
    eventCategory: 'Data',
    managementEvent: false,
  });

const s3AccessDeniedBurst: Detection = {
  id: 's3-access-denied-burst',
  title: 'Burst of S3 AccessDenied errors',
  description: `${S3_ACCESS_DENIED_BURST} or more S3 calls denied in the window: bucket enumeration or a key trying data it may not read.`,
  severity: 3,
  mitre: MITRE.cloudStorageObject,
  logType: 'cloudtrail',
  query: {
    bool: {
      filter: [{ term: { eventSource: 's3.amazonaws.com' } }, { term: { errorCode: 'AccessDenied' } }],
    },
  },
  condition: { kind: 'threshold', minCount: S3_ACCESS_DENIED_BURST },
  scheduleMinutes: CLOUDTRAIL_SCHEDULE_MINUTES,
  lookbackMinutes: CLOUDTRAIL_LOOKBACK_MINUTES,
  positiveSamples: [
    ...repeatRecord(s3Denied('GetObject'), S3_ACCESS_DENIED_BURST / 2),
    ...repeatRecord(s3Denied('ListObjects'), S3_ACCESS_DENIED_BURST / 2),
  ],
  negativeSamples: [
    ...repeatRecord(s3Denied('GetObject'), S3_ACCESS_DENIED_BURST - 1),
    ...repeatRecord(cloudTrailRecord('s3.amazonaws.com', 'GetObject'), S3_ACCESS_DENIED_BURST),
    ...repeatRecord(
      cloudTrailRecord('ec2.amazonaws.com', 'DescribeInstances', { errorCode: 'AccessDenied' }),
      5,
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
    title: 'KMS key policy changed or grant created',
    description:
      'A KMS key policy was replaced or a grant created: someone else may now decrypt with the key.',
    severity: 3,
    mitre: MITRE.accountManipulation,
    eventSource: 'kms.amazonaws.com',
    eventNames: ['PutKeyPolicy', 'CreateGrant'],
    benignEventName: 'GetKeyPolicy',
  }),
];
