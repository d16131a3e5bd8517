import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { checkovSkip } from './checkov';
import { PolicyStatement, denyInsecureTransport, policyJson } from './iam-policy';

export interface LogBucketLifecycle {
  /** Objects (and noncurrent versions) move to S3 Glacier Flexible Retrieval after this many days; omit to stay in S3 Standard. */
  readonly glacierAfterDays?: number;
  /** Objects are deleted after this many days; omit for buckets whose objects another system expires. */
  readonly expireAfterDays?: number;
  /**
   * Overwritten or deleted versions are removed after this many days.
   * @default expireAfterDays, or 30 when objects do not expire
   */
  readonly noncurrentExpireAfterDays?: number;
}

/** S3 Object Lock default retention: every new object version is locked for `days`. */
export interface LogBucketObjectLock {
  /** GOVERNANCE: principals with `s3:BypassGovernanceRetention` may still delete; COMPLIANCE: nobody, not even root. */
  readonly mode: 'GOVERNANCE' | 'COMPLIANCE';
  readonly days: number;
}

export interface LogBucketProps {
  readonly bucketName: string;
  /**
   * KMS key ARN for SSE-KMS; an S3 bucket key keeps the KMS request cost per object low.
   * Omit only for buckets whose writer cannot deliver to SSE-KMS, and say why in `sseS3Because`.
   */
  readonly kmsKeyArn?: string;
  /**
   * Why the bucket uses SSE-S3 (no `kmsKeyArn`); recorded as the checkov justification.
   * @default the server access log bucket's reason (S3 delivers access logs to SSE-S3 buckets only)
   */
  readonly sseS3Because?: string;
  readonly lifecycle: LogBucketLifecycle;
  /** Who may write, each statement scoped by org/account conditions. TLS-only is always added. */
  readonly writerStatements?: readonly PolicyStatement[];
  /**
   * Set only when `writerStatements` admit `Principal: {AWS: "*"}` narrowed by conditions that
   * checkov does not credit, saying which; recorded as the CKV_AWS_70 justification.
   * @default undefined: no skip, checkov judges the policy
   */
  readonly anyPrincipalBecause?: string;
  /**
   * Deny statements that protect the bucket and its objects from its own account's principals
   * (see `archiveTamperProtectionStatements`); added after the writers.
   * @default none
   */
  readonly protectionStatements?: readonly PolicyStatement[];
  /**
   * Object Lock default retention. Enabling it on a bucket cannot be undone; it works on existing
   * buckets because they are versioned. S3 refuses it on a server access log destination.
   * @default undefined: no Object Lock
   */
  readonly objectLock?: LogBucketObjectLock;
  /**
   * Bucket that receives this bucket's server access logs; omit only for the access-log bucket
   * itself, which cannot log to itself without a loop.
   */
  readonly accessLogBucketName?: string;
  /**
   * Why the bucket is not access logged (no `accessLogBucketName`); the checkov justification.
   * @default the access-log bucket's reason (it cannot log to itself)
   */
  readonly noAccessLogsBecause?: string;
  /**
   * Set only for a writer that works through ACLs alone, saying which: keeps ACLs enabled
   * (`BucketOwnerPreferred`, so objects written with `bucket-owner-full-control` still belong to
   * the bucket owner) and records the reason as the checkov justification.
   * @default undefined: ACLs disabled (`BucketOwnerEnforced`)
   */
  readonly aclsRequiredBecause?: string;
  /**
   * Keep objects when the bucket is destroyed: these are audit records.
   * @default false
   */
  readonly forceDestroy?: boolean;
}

/**
 * An S3 bucket for audit logs: SSE-KMS, versioned, private (Block Public Access and
 * BucketOwnerEnforced), TLS only, lifecycle to Glacier and expiry, access logged. SSE-S3, ACLs
 * and no access logging are exceptions a caller must justify (recorded for checkov).
 */
export class LogBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly name: string;
  readonly arn: string;
  /** Other modules attach to this so notifications wait for the policy that allows them. */
  readonly policy: S3BucketPolicy;
  /** Resources that set the bucket ACL must wait for this when ACLs are enabled. */
  readonly ownership: S3BucketOwnershipControls;

  constructor(scope: Construct, id: string, props: LogBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy ?? false,
    });
    this.name = this.bucket.bucket;
    this.arn = this.bucket.arn;
    checkovSkip(this.bucket, {
      CKV_AWS_144:
        'Cross-region replication is a disaster-recovery choice left to the operator; the archive is versioned and its lifecycle keeps objects for years.',
    });
    if (!props.accessLogBucketName) {
      checkovSkip(this.bucket, {
        CKV_AWS_18:
          props.noAccessLogsBecause ?? 'This is the access-log bucket; logging it to itself would loop.',
      });
    }

    const versioning = new S3BucketVersioningA(this, 'versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    if (props.objectLock) {
      // The resource enables Object Lock on a new or an existing (versioned) bucket in place;
      // `object_lock_enabled` on aws_s3_bucket would replace the bucket instead.
      new S3BucketObjectLockConfigurationA(this, 'object-lock', {
        bucket: this.bucket.id,
        rule: { defaultRetention: { mode: props.objectLock.mode, days: props.objectLock.days } },
        dependsOn: [versioning],
      });
    }
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: this.bucket.id,
      rule: [
        props.kmsKeyArn
          ? {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: 'aws:kms',
                kmsMasterKeyId: props.kmsKeyArn,
              },
              bucketKeyEnabled: true,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
      ],
    });
    if (!props.kmsKeyArn) {
      checkovSkip(this.bucket, {
        CKV_AWS_145:
          props.sseS3Because ??
          'S3 server access logging only delivers to buckets encrypted with SSE-S3, not SSE-KMS.',
      });
    }
    new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    this.ownership = new S3BucketOwnershipControls(this, 'ownership', {
      bucket: this.bucket.id,
      rule: { objectOwnership: props.aclsRequiredBecause ? 'BucketOwnerPreferred' : 'BucketOwnerEnforced' },
    });
    if (props.aclsRequiredBecause) {
      checkovSkip(this.ownership, { CKV2_AWS_65: props.aclsRequiredBecause });
    }
    this.policy = new S3BucketPolicy(this, 'policy', {
      bucket: this.bucket.id,
      policy: policyJson([
        denyInsecureTransport(this.bucket.arn),
        ...(props.writerStatements ?? []),
        ...(props.protectionStatements ?? []),
      ]),
    });
    if (props.anyPrincipalBecause) checkovSkip(this.policy, { CKV_AWS_70: props.anyPrincipalBecause });
    const { glacierAfterDays, expireAfterDays } = props.lifecycle;
    const noncurrentDays = props.lifecycle.noncurrentExpireAfterDays ?? expireAfterDays ?? 30;
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'archive-then-expire',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          transition:
            glacierAfterDays !== undefined
              ? [{ days: glacierAfterDays, storageClass: 'GLACIER' }]
              : undefined,
          expiration: expireAfterDays !== undefined ? [{ days: expireAfterDays }] : undefined,
          noncurrentVersionTransition:
            glacierAfterDays !== undefined && glacierAfterDays < noncurrentDays
              ? [{ noncurrentDays: glacierAfterDays, storageClass: 'GLACIER' }]
              : undefined,
          noncurrentVersionExpiration: [{ noncurrentDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    if (props.accessLogBucketName) {
      new S3BucketLoggingA(this, 'access-logging', {
        bucket: this.bucket.id,
        targetBucket: props.accessLogBucketName,
        targetPrefix: `${props.bucketName}/`,
      });
    }
  }
}
