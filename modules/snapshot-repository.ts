import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { checkovSkip } from './checkov';
import { assumeRolePolicyJson, policyJson } from './iam-policy';
import { LogBucket } from './log-bucket';

export interface SnapshotRepositoryProps {
  readonly namePrefix: string;
  readonly bucketName: string;
  readonly accountId: string;
  readonly kmsKeyArn: string;
  readonly domainArn: string;
  readonly accessLogBucketName: string;
}

/**
 * The S3 bucket for manual OpenSearch snapshots, the role the domain assumes to write it, and
 * the policy that lets whoever registers the repository pass that role. Snapshot objects are
 * never expired by lifecycle: snapshots share segment files, so only OpenSearch may delete them.
 */
export class SnapshotRepository extends Construct {
  readonly bucket: LogBucket;
  readonly role: IamRole;
  /** Attach to the principal that calls `PUT _snapshot/<repo>` (the FGAC master role). */
  readonly registerPolicy: IamPolicy;

  constructor(scope: Construct, id: string, props: SnapshotRepositoryProps) {
    super(scope, id);
    this.bucket = new LogBucket(this, 'bucket', {
      bucketName: props.bucketName,
      kmsKeyArn: props.kmsKeyArn,
      lifecycle: { noncurrentExpireAfterDays: 30 },
      accessLogBucketName: props.accessLogBucketName,
    });
    checkovSkip(this.bucket.bucket, {
      CKV2_AWS_62: 'Only OpenSearch writes and reads snapshots; no consumer of object events exists.',
    });
    this.role = new IamRole(this, 'role', {
      name: `${props.namePrefix}-opensearch-snapshots`,
      description: 'Assumed by OpenSearch Service to write manual snapshots',
      assumeRolePolicy: assumeRolePolicyJson('es.amazonaws.com', {
        StringEquals: { 'aws:SourceAccount': props.accountId },
      }),
    });
    new IamRolePolicy(this, 'role-policy', {
      role: this.role.id,
      name: 'snapshot-bucket',
      policy: policyJson([
        { Sid: 'ListRepository', Action: 's3:ListBucket', Resource: this.bucket.arn },
        {
          Sid: 'ReadWriteSnapshots',
          Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
          Resource: `${this.bucket.arn}/*`,
        },
        { Sid: 'SnapshotKey', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: props.kmsKeyArn },
      ]),
    });
    this.registerPolicy = new IamPolicy(this, 'register-policy', {
      name: `${props.namePrefix}-opensearch-snapshot-register`,
      description: 'Register the snapshot repository: pass the snapshot role to OpenSearch',
      policy: policyJson([
        {
          Sid: 'PassSnapshotRole',
          Action: 'iam:PassRole',
          Resource: this.role.arn,
          Condition: { StringEquals: { 'iam:PassedToService': 'es.amazonaws.com' } },
        },
        { Sid: 'RegisterRepository', Action: 'es:ESHttpPut', Resource: `${props.domainArn}/*` },
      ]),
    });
  }
}
