import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { PolicyStatement, policyJson } from './iam-policy';
import { FunctionBundler } from './function-bundle';
import { BundledLambdaFunction } from './lambda-function';
import { objectCreatedPattern } from './object-created-forwarder';

export interface IngestedBucket {
  readonly name: string;
  readonly arn: string;
  /** The notification is created after this (the bucket's policy), so S3 can validate the queue. */
  readonly ready?: ITerraformDependable;
}

export interface IngestionPipelineProps {
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /**
   * `retention.hotDays`: the function never creates an index for an older event time (it goes
   * to the object's day instead, functions/ingest/index-routing.ts).
   */
  readonly hotDays: number;
  /**
   * `INDEX_PERIODS` of the function: each log type's index period from the sizing model
   * (opensearch/index-sizing.ts `indexPeriodsEnv`). @default '' (every log type daily)
   */
  readonly indexPeriods?: string;
  /** Buckets in this region: S3 notifies the queue directly. */
  readonly buckets: readonly IngestedBucket[];
  /**
   * Buckets in other regions, whose "Object Created" events an `ObjectCreatedForwarder` sends to
   * this region's default event bus; a rule here puts them on the queue.
   * @default none
   */
  readonly forwardedBuckets?: readonly IngestedBucket[];
  /** Key of the archive buckets: the function decrypts the objects it reads. */
  readonly archiveKeyArn: string;
  /** Key for the queues, the function's environment and its log group. */
  readonly platformKeyArn: string;
  /** Domain host name (the `endpoint` attribute); the function is given it as an https URL. */
  readonly openSearchEndpoint: string;
  readonly openSearchDomainArn: string;
  /**
   * Long enough for a large object, or for the writer to ride out a short cluster hiccup, after
   * the handler's 70 s safety margin (an OpenSearch request timing out, then the batch response);
   * the handler hands back messages it has no time left to start instead of timing out.
   * @default 300
   */
  readonly functionTimeoutSeconds?: number;
  /** @default 10 */
  readonly batchSize?: number;
  /** @default 5 */
  readonly maximumBatchingWindowSeconds?: number;
  /**
   * Upper bound of parallel bulk writers, sized so OpenSearch's write queue is not overrun.
   * @default 10
   */
  readonly reservedConcurrency?: number;
  /**
   * Receives before a message goes to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /** @default 365 */
  readonly logRetentionDays?: number;
  /** @default bundleFunction (esbuild) */
  readonly functionBundler?: FunctionBundler;
  /**
   * An Amazon Security Lake read as an external source: its bucket's object-created
   * notifications are admitted to the queue (from that bucket and account only), and the function
   * may assume the subscriber role Security Lake created, with its external id, to read the bucket.
   * @default none
   */
  readonly securityLake?: SecurityLakeSubscription;
}

export interface SecurityLakeSubscription {
  readonly bucketName: string;
  readonly accountId: string;
  readonly region: string;
  readonly subscriberRoleArn: string;
  readonly externalId: string;
}

/** New archive objects → S3 event notifications → SQS (with DLQ) → ingestion Lambda → OpenSearch. */
export class IngestionPipeline extends Construct {
  readonly queue: SqsQueue;
  readonly deadLetterQueue: SqsQueue;
  readonly function: BundledLambdaFunction;
  /** How long a received message stays hidden: also the delay before a failed one comes back. */
  readonly visibilityTimeoutSeconds: number;

  constructor(scope: Construct, id: string, props: IngestionPipelineProps) {
    super(scope, id);
    const timeout = props.functionTimeoutSeconds ?? 300;
    this.visibilityTimeoutSeconds = 6 * timeout;
    const encryption = { kmsMasterKeyId: props.platformKeyArn, kmsDataKeyReusePeriodSeconds: 300 };
    this.deadLetterQueue = new SqsQueue(this, 'dead-letter-queue', {
      name: `${props.namePrefix}-ingest-dlq`,
      messageRetentionSeconds: 14 * 24 * 3600,
      ...encryption,
    });
    this.queue = new SqsQueue(this, 'queue', {
      name: `${props.namePrefix}-ingest`,
      // AWS: at least 6× the function timeout, so a batch in flight is never delivered twice (30
      // min by default). It is also how long a failed or deferred message waits before it is
      // received again: a natural backoff for a cluster that keeps refusing.
      visibilityTimeoutSeconds: this.visibilityTimeoutSeconds,
      messageRetentionSeconds: 4 * 24 * 3600,
      redrivePolicy: JSON.stringify({
        deadLetterTargetArn: this.deadLetterQueue.arn,
        maxReceiveCount: props.maxReceiveCount ?? 5,
      }),
      ...encryption,
    });
    const bucketArns = props.buckets.map((b) => b.arn);
    const forwarded = props.forwardedBuckets ?? [];
    const forwardedRule =
      forwarded.length > 0
        ? new CloudwatchEventRule(this, 'forwarded-objects', {
            name: `${props.namePrefix}-ingest-forwarded-objects`,
            description:
              'New archive objects of other regions (forwarded to this bus) to the ingestion queue',
            eventPattern: objectCreatedPattern(forwarded.map((b) => b.name)),
          })
        : undefined;
    const queuePolicy = new SqsQueuePolicy(this, 'queue-policy', {
      queueUrl: this.queue.url,
      policy: policyJson([
        {
          Sid: 'ArchiveBucketNotifications',
          Principal: { Service: 's3.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: this.queue.arn,
          Condition: {
            ArnEquals: { 'aws:SourceArn': bucketArns },
            StringEquals: { 'aws:SourceAccount': props.accountId },
          },
        },
        ...(props.securityLake
          ? [
              {
                // Set up by the lake's administrator on the lake bucket (S3 notifies a queue of its own region).
                Sid: 'SecurityLakeNotifications',
                Principal: { Service: 's3.amazonaws.com' },
                Action: 'sqs:SendMessage',
                Resource: this.queue.arn,
                Condition: {
                  ArnEquals: { 'aws:SourceArn': `arn:aws:s3:::${props.securityLake.bucketName}` },
                  StringEquals: { 'aws:SourceAccount': props.securityLake.accountId },
                },
              },
            ]
          : []),
        ...(forwardedRule
          ? [
              {
                Sid: 'ForwardedObjectCreatedEvents',
                Principal: { Service: 'events.amazonaws.com' },
                Action: 'sqs:SendMessage',
                Resource: this.queue.arn,
                Condition: { ArnEquals: { 'aws:SourceArn': forwardedRule.arn } },
              },
            ]
          : []),
      ]),
    });
    props.buckets.forEach((bucket, i) => {
      new S3BucketNotification(this, `notification-${i}`, {
        bucket: bucket.name,
        queue: [{ queueArn: this.queue.arn, events: ['s3:ObjectCreated:*'] }],
        dependsOn: [queuePolicy, ...(bucket.ready ? [bucket.ready] : [])],
      });
    });
    if (forwardedRule) {
      // Events EventBridge gives up on (24 h of retries) land where failed messages do, with the
      // same body shape, so the dead-letter alarm and redrive cover them too.
      const deadLetterPolicy = new SqsQueuePolicy(this, 'dead-letter-queue-policy', {
        queueUrl: this.deadLetterQueue.url,
        policy: policyJson([
          {
            Sid: 'UndeliverableForwardedEvents',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: this.deadLetterQueue.arn,
            Condition: { ArnEquals: { 'aws:SourceArn': forwardedRule.arn } },
          },
        ]),
      });
      new CloudwatchEventTarget(this, 'forwarded-objects-target', {
        rule: forwardedRule.name,
        arn: this.queue.arn,
        deadLetterConfig: { arn: this.deadLetterQueue.arn },
        dependsOn: [queuePolicy, deadLetterPolicy],
      });
    }
    const readableArns = [...bucketArns, ...forwarded.map((b) => b.arn)];

    const statements: PolicyStatement[] = [
      {
        Sid: 'ConsumeQueue',
        Action: [
          'sqs:ReceiveMessage',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
          'sqs:ChangeMessageVisibility',
        ],
        Resource: this.queue.arn,
      },
      { Sid: 'ReadArchive', Action: 's3:GetObject', Resource: readableArns.map((arn) => `${arn}/*`) },
      { Sid: 'DecryptArchive', Action: 'kms:Decrypt', Resource: [props.archiveKeyArn, props.platformKeyArn] },
      ...(props.securityLake
        ? [
            {
              Sid: 'ReadSecurityLakeAsSubscriber',
              Action: 'sts:AssumeRole',
              Resource: props.securityLake.subscriberRoleArn,
            },
          ]
        : []),
      {
        Sid: 'WriteIndices',
        Action: ['es:ESHttpPost', 'es:ESHttpPut', 'es:ESHttpGet', 'es:ESHttpHead'],
        Resource: `${props.openSearchDomainArn}/*`,
      },
    ];
    this.function = new BundledLambdaFunction(this, 'ingest', {
      source: 'ingest',
      bundler: props.functionBundler,
      functionName: `${props.namePrefix}-ingest`,
      description: 'Parses archived log objects and bulk-indexes them into OpenSearch',
      accountId: props.accountId,
      region: props.region,
      statements,
      kmsKeyArn: props.platformKeyArn,
      // NAME_PREFIX and ARCHIVE_ACCOUNT_ID name the archive buckets, whose contracts the function
      // enforces (functions/ingest/provenance.ts); this account is the log-archive account.
      // NODE_OPTIONS stays BundledLambdaFunction's (no --max-semi-space-size): a larger young
      // generation cut Parquet CPU by a quarter but raised VPC flow and WAF CPU, and this one
      // function reads every source (docs/performance.md, "Young generation size").
      environment: {
        OPENSEARCH_ENDPOINT: `https://${props.openSearchEndpoint}`,
        NAME_PREFIX: props.namePrefix,
        ARCHIVE_ACCOUNT_ID: props.accountId,
        HOT_DAYS: String(props.hotDays),
        INDEX_PERIODS: props.indexPeriods ?? '',
        ...(props.securityLake
          ? {
              SECURITY_LAKE_BUCKET: props.securityLake.bucketName,
              SECURITY_LAKE_REGION: props.securityLake.region,
              SECURITY_LAKE_ROLE_ARN: props.securityLake.subscriberRoleArn,
              SECURITY_LAKE_EXTERNAL_ID: props.securityLake.externalId,
            }
          : {}),
      },
      timeoutSeconds: timeout,
      memorySizeMb: 1024,
      reservedConcurrency: props.reservedConcurrency ?? 10,
      logRetentionDays: props.logRetentionDays,
    });
    new LambdaEventSourceMapping(this, 'event-source', {
      eventSourceArn: this.queue.arn,
      functionName: this.function.arn,
      batchSize: props.batchSize ?? 10,
      maximumBatchingWindowInSeconds: props.maximumBatchingWindowSeconds ?? 5,
      functionResponseTypes: ['ReportBatchItemFailures'],
      scalingConfig: { maximumConcurrency: Math.max(2, props.reservedConcurrency ?? 10) },
    });
  }
}
