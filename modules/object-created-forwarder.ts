import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { IngestedBucket } from './ingestion-pipeline';

export interface ObjectCreatedForwarderProps {
  readonly namePrefix: string;
  /** Region of the buckets (and of the provider this construct is created with). */
  readonly region: string;
  /** Buckets of this region whose new objects must be ingested. */
  readonly buckets: readonly IngestedBucket[];
  /** The ingestion region's default event bus, where `IngestionPipeline` picks the events up. */
  readonly targetEventBusArn: string;
  /** Role EventBridge assumes to put events on the target bus (`events:PutEvents` on it only). */
  readonly forwardingRoleArn: string;
  /** The target is created after this (the role's policy), so the first events are not refused. */
  readonly ready?: ITerraformDependable;
}

/*
 * Why EventBridge: S3 only notifies SQS queues and SNS topics in the bucket's own region, and the
 * ingestion queue is in the home region. S3 → EventBridge (this region) → the home region's default
 * bus → SQS needs no queue, topic or KMS key per region (an SNS hop would need an encrypted topic
 * and so a KMS key in every region), EventBridge retries cross-region delivery for 24 hours, and
 * the ingestion function already reads the EventBridge "Object Created" message shape.
 */

/**
 * Sends "Object Created" events of buckets in a region other than the ingestion region to the
 * ingestion region's default event bus.
 */
export class ObjectCreatedForwarder extends Construct {
  readonly rule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: ObjectCreatedForwarderProps) {
    super(scope, id);
    props.buckets.forEach((bucket, i) => {
      new S3BucketNotification(this, `notification-${i}`, {
        bucket: bucket.name,
        eventbridge: true,
        dependsOn: bucket.ready ? [bucket.ready] : undefined,
      });
    });
    this.rule = new CloudwatchEventRule(this, 'rule', {
      name: `${props.namePrefix}-forward-archive-objects`,
      description: `New archive objects in ${props.region} to the ingestion region's event bus`,
      eventPattern: objectCreatedPattern(props.buckets.map((b) => b.name)),
    });
    new CloudwatchEventTarget(this, 'target', {
      rule: this.rule.name,
      arn: props.targetEventBusArn,
      roleArn: props.forwardingRoleArn,
      dependsOn: props.ready ? [props.ready] : undefined,
    });
  }
}

/** EventBridge pattern of S3 "Object Created" events of the named buckets. */
export function objectCreatedPattern(bucketNames: readonly string[]): string {
  return JSON.stringify({
    source: ['aws.s3'],
    'detail-type': ['Object Created'],
    detail: { bucket: { name: bucketNames } },
  });
}
