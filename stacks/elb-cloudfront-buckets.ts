import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { SiemConfig } from '../config/schema';
import { CloudFrontLogDeliveryAcl } from '../modules/cloudfront-log-delivery-acl';
import { assumeRolePolicyJson, policyJson } from '../modules/iam-policy';
import type { IngestedBucket } from '../modules/ingestion-pipeline';
import { LogBucket, LogBucketLifecycle } from '../modules/log-bucket';
import { ObjectCreatedForwarder } from '../modules/object-created-forwarder';
import { ProviderScope } from '../modules/provider-scope';
import { archiveTamperProtectionStatements, elbWriterStatements } from './archive-access';
import {
  LOG_ARCHIVE_STACK_NAME,
  archiveBucketName,
  cloudFrontLogRegion,
  elbLogBucketName,
  elbLogRegions,
} from '../config/archive-names';
import { accountProvider } from './stack-foundation';

export interface ElbAndCloudFrontLogBucketsProps {
  readonly config: SiemConfig;
  readonly lifecycle: LogBucketLifecycle;
  /** The home region's server access log bucket; S3 only logs to a bucket of the same region. */
  readonly accessLogBucketName: string;
}

const ELB_SSE_S3 =
  'Elastic Load Balancing delivers access logs only to buckets encrypted with SSE-S3, not SSE-KMS.';
const CLOUDFRONT_SSE_S3 =
  'CloudFront standard logging (legacy) writes as the awslogsdelivery account; SSE-KMS would need the archive key to admit that delivery with no condition key scoping it to the organization.';
const CLOUDFRONT_ACLS =
  'CloudFront standard logging (legacy) delivers only through the bucket ACL (awslogsdelivery FULL_CONTROL); BucketOwnerPreferred keeps delivered objects owned by the archive account.';
const NO_SAME_REGION_ACCESS_LOG_BUCKET =
  'S3 delivers server access logs only to a bucket in the same region, and the access-log bucket is in the home region; CloudTrail data events can cover this bucket instead.';

/**
 * The log buckets whose writers dictate their region and encryption: one ELB access log bucket in
 * each member region (ELB only writes to a bucket of the load balancer's region, SSE-S3 only) and
 * the CloudFront standard log bucket (ACLs enabled, SSE-S3). Buckets outside the home region get a
 * provider of their region and forward their "Object Created" events to the home region's bus.
 */
export class ElbAndCloudFrontLogBuckets extends Construct {
  /** Buckets in the home region: S3 notifies the ingestion queue directly. */
  readonly homeRegionBuckets: IngestedBucket[] = [];
  /** Buckets in other regions: their events reach the home region's default event bus. */
  readonly forwardedBuckets: IngestedBucket[] = [];

  constructor(scope: Construct, id: string, props: ElbAndCloudFrontLogBucketsProps) {
    super(scope, id);
    const { config } = props;
    const home = config.homeRegion;
    const accountId = config.organization.logArchiveAccountId;
    const byRegion = new Map<string, IngestedBucket[]>();
    const scopes = new Map<string, Construct>();
    const scopeOf = (region: string): Construct => {
      if (region === home) return this;
      let regional = scopes.get(region);
      if (!regional) {
        const provider = accountProvider(TerraformStack.of(this), `aws-${region}`, {
          accountId,
          region,
          deploymentRoleName: config.organization.deploymentRoleName,
          stackName: LOG_ARCHIVE_STACK_NAME,
          alias: region,
        });
        regional = new ProviderScope(this, region, provider);
        scopes.set(region, regional);
      }
      return regional;
    };
    const add = (region: string, bucket: LogBucket): void => {
      const ingested = { name: bucket.name, arn: bucket.arn, ready: bucket.policy };
      if (region === home) this.homeRegionBuckets.push(ingested);
      else byRegion.set(region, [...(byRegion.get(region) ?? []), ingested]);
    };
    const accessLogging = (region: string) =>
      region === home
        ? { accessLogBucketName: props.accessLogBucketName }
        : { noAccessLogsBecause: NO_SAME_REGION_ACCESS_LOG_BUCKET };

    for (const region of elbLogRegions(config)) {
      const bucketName = elbLogBucketName(config, region);
      const bucket = new LogBucket(scopeOf(region), `bucket-elb-${region}`, {
        bucketName,
        sseS3Because: ELB_SSE_S3,
        lifecycle: props.lifecycle,
        writerStatements: elbWriterStatements(config, region, `arn:aws:s3:::${bucketName}`),
        protectionStatements: archiveTamperProtectionStatements(config, `arn:aws:s3:::${bucketName}`),
        objectLock: config.archive.objectLock,
        ...accessLogging(region),
      });
      add(region, bucket);
    }

    const cloudFrontRegion = cloudFrontLogRegion(config);
    const cloudFrontBucketName = archiveBucketName(config, 'cloudfront');
    const cloudFront = new LogBucket(scopeOf(cloudFrontRegion), 'bucket-cloudfront', {
      bucketName: cloudFrontBucketName,
      protectionStatements: archiveTamperProtectionStatements(config, `arn:aws:s3:::${cloudFrontBucketName}`),
      objectLock: config.archive.objectLock,
      sseS3Because: CLOUDFRONT_SSE_S3,
      aclsRequiredBecause: CLOUDFRONT_ACLS,
      lifecycle: props.lifecycle,
      ...accessLogging(cloudFrontRegion),
    });
    new CloudFrontLogDeliveryAcl(scopeOf(cloudFrontRegion), 'cloudfront-log-delivery', cloudFront);
    add(cloudFrontRegion, cloudFront);

    if (byRegion.size === 0) return;
    const homeBusArn = `arn:aws:events:${home}:${accountId}:event-bus/default`;
    const role = new IamRole(this, 'forwarding-role', {
      name: `${config.namePrefix}-forward-archive-objects`,
      description: 'EventBridge puts archive "Object Created" events of other regions on the home region bus',
      assumeRolePolicy: assumeRolePolicyJson('events.amazonaws.com', {
        StringEquals: { 'aws:SourceAccount': accountId },
      }),
    });
    const rolePolicy = new IamRolePolicy(this, 'forwarding-role-policy', {
      role: role.id,
      name: 'put-events-on-home-bus',
      policy: policyJson([{ Sid: 'PutOnHomeBus', Action: 'events:PutEvents', Resource: homeBusArn }]),
    });
    for (const [region, buckets] of byRegion) {
      new ObjectCreatedForwarder(scopeOf(region), 'forward-objects', {
        namePrefix: config.namePrefix,
        region,
        buckets,
        targetEventBusArn: homeBusArn,
        forwardingRoleArn: role.arn,
        ready: rolePolicy,
      });
      this.forwardedBuckets.push(...buckets);
    }
  }
}
