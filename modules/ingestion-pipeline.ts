import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { PolicyStatement, policyJson } from './iam-policy';
import { BundledLambdaFunction } from './lambda-function';

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
  readonly buckets: readonly IngestedBucket[];
  /** Key of the archive buckets: the function decrypts the objects it reads. */
  readonly archiveKeyArn: string;
  /** Key for the queues, the function's environment and its log group. */
  readonly platformKeyArn: string;
  /** Domain host name (the `endpoint` attribute); the function is given it as an https URL. */
  readonly openSearchEndpoint: string;
  readonly openSearchDomainArn: string;
  /** @default 120 */
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
}

/** New archive objects → S3 event notifications → SQS (with DLQ) → ingestion Lambda → OpenSearch. */
export class IngestionPipeline extends Construct {
  readonly queue: SqsQueue;
  readonly deadLetterQueue: SqsQueue;
  readonly function: BundledLambdaFunction;

  constructor(scope: Construct, id: string, props: IngestionPipelineProps) {
    super(scope, id);
    const timeout = props.functionTimeoutSeconds ?? 120;
    const encryption = { kmsMasterKeyId: props.platformKeyArn, kmsDataKeyReusePeriodSeconds: 300 };
    this.deadLetterQueue = new SqsQueue(this, 'dead-letter-queue', {
      name: `${props.namePrefix}-ingest-dlq`,
      messageRetentionSeconds: 14 * 24 * 3600,
      ...encryption,
    });
    this.queue = new SqsQueue(this, 'queue', {
      name: `${props.namePrefix}-ingest`,
      // AWS: at least 6× the function timeout, so a batch in flight is never delivered twice.
      visibilityTimeoutSeconds: 6 * timeout,
      messageRetentionSeconds: 4 * 24 * 3600,
      redrivePolicy: JSON.stringify({
        deadLetterTargetArn: this.deadLetterQueue.arn,
        maxReceiveCount: props.maxReceiveCount ?? 5,
      }),
      ...encryption,
    });
    const bucketArns = props.buckets.map((b) => b.arn);
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
      ]),
    });
    props.buckets.forEach((bucket, i) => {
      new S3BucketNotification(this, `notification-${i}`, {
        bucket: bucket.name,
        queue: [{ queueArn: this.queue.arn, events: ['s3:ObjectCreated:*'] }],
        dependsOn: [queuePolicy, ...(bucket.ready ? [bucket.ready] : [])],
      });
    });

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
      { Sid: 'ReadArchive', Action: 's3:GetObject', Resource: bucketArns.map((arn) => `${arn}/*`) },
      { Sid: 'DecryptArchive', Action: 'kms:Decrypt', Resource: [props.archiveKeyArn, props.platformKeyArn] },
      {
        Sid: 'WriteIndices',
        Action: ['es:ESHttpPost', 'es:ESHttpPut', 'es:ESHttpGet', 'es:ESHttpHead'],
        Resource: `${props.openSearchDomainArn}/*`,
      },
    ];
    this.function = new BundledLambdaFunction(this, 'ingest', {
      source: 'ingest',
      functionName: `${props.namePrefix}-ingest`,
      description: 'Parses archived log objects and bulk-indexes them into OpenSearch',
      accountId: props.accountId,
      region: props.region,
      statements,
      kmsKeyArn: props.platformKeyArn,
      environment: { OPENSEARCH_ENDPOINT: `https://${props.openSearchEndpoint}` },
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
