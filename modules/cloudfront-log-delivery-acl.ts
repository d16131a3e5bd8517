import { DataAwsCanonicalUserId } from '@cdktf/provider-aws/lib/data-aws-canonical-user-id';
import { S3BucketAcl } from '@cdktf/provider-aws/lib/s3-bucket-acl';
import { Construct } from 'constructs';
import { LogBucket } from './log-bucket';

/**
 * Canonical user of `awslogsdelivery`, the account CloudFront standard logging (legacy) writes as.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/AccessLogs.html#AccessLogsBucketAndFileOwnership
 */
export const AWS_LOGS_DELIVERY_CANONICAL_ID =
  'c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0';

/**
 * The bucket ACL CloudFront legacy logging needs: the owner and `awslogsdelivery` with FULL_CONTROL.
 * CloudFront adds this grant itself when the bucket owner enables logging; writing it here makes the
 * grant part of the reviewed configuration and lets distributions in member accounts (which cannot
 * edit this bucket's ACL) deliver without touching it. Nothing else is granted: the bucket stays
 * private and Block Public Access still refuses any public grant.
 */
export class CloudFrontLogDeliveryAcl extends Construct {
  readonly acl: S3BucketAcl;

  constructor(scope: Construct, id: string, bucket: LogBucket) {
    super(scope, id);
    const owner = new DataAwsCanonicalUserId(this, 'owner');
    this.acl = new S3BucketAcl(this, 'acl', {
      bucket: bucket.bucket.id,
      accessControlPolicy: {
        owner: { id: owner.id },
        grant: [
          { grantee: { type: 'CanonicalUser', id: owner.id }, permission: 'FULL_CONTROL' },
          {
            grantee: { type: 'CanonicalUser', id: AWS_LOGS_DELIVERY_CANONICAL_ID },
            permission: 'FULL_CONTROL',
          },
        ],
      },
      dependsOn: [bucket.ownership],
    });
  }
}
