import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { Construct } from 'constructs';
import { PolicyStatement } from './iam-policy';
import { FunctionBundler } from './function-bundle';
import { BundledLambdaFunction } from './lambda-function';

export interface LogMoversProps {
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** The archive's CloudWatch Logs bucket name. */
  readonly archiveBucketName: string;
  /** Grant to encrypt with the archive bucket's key (a `kms:ViaService`-scoped statement). */
  readonly archiveKeyStatement: PolicyStatement;
  /** Member key for the functions' environment, logs and dead-letter queue. */
  readonly kmsKeyArn: string;
  /** Log groups whose name starts with one of these are never subscribed. */
  readonly excludedLogGroupPrefixes: readonly string[];
  /**
   * Subscription filter name, so a rerun recognises (and does not duplicate) its own filters.
   * @default '<namePrefix>-log-transfer' (the subscriber CLI's default for the default prefix)
   */
  readonly filterName?: string;
  /** @default 'rate(1 day)' */
  readonly backfillSchedule?: string;
  /** @default bundleFunction (esbuild) */
  readonly functionBundler?: FunctionBundler;
}

/**
 * The member-account half of the CloudWatch Logs pipeline: a subscriber function that puts a
 * subscription filter on every log group (new ones via the CloudTrail `CreateLogGroup` event,
 * existing ones by a daily backfill), and the transfer function those filters invoke, which
 * writes the batches to the archive bucket under `AWSLogs/<account>/CloudWatchLogs/`.
 */
export class LogMovers extends Construct {
  readonly subscriber: BundledLambdaFunction;
  readonly transfer: BundledLambdaFunction;

  constructor(scope: Construct, id: string, props: LogMoversProps) {
    super(scope, id);
    const p = props.namePrefix;
    const logGroupsArn = `arn:aws:logs:${props.region}:${props.accountId}:log-group:*`;
    const deadLetterQueue = new SqsQueue(this, 'dead-letter-queue', {
      name: `${p}-log-movers-dlq`,
      messageRetentionSeconds: 14 * 24 * 3600,
      kmsMasterKeyId: props.kmsKeyArn,
      kmsDataKeyReusePeriodSeconds: 300,
    });
    const common = {
      accountId: props.accountId,
      region: props.region,
      kmsKeyArn: props.kmsKeyArn,
      deadLetterQueueArn: deadLetterQueue.arn,
      bundler: props.functionBundler,
    };

    this.transfer = new BundledLambdaFunction(this, 'transfer', {
      ...common,
      source: 'log-transfer',
      functionName: `${p}-log-transfer`,
      description: 'Writes CloudWatch Logs subscription batches to the log archive',
      timeoutSeconds: 60,
      reservedConcurrency: 20,
      environment: { ARCHIVE_BUCKET: props.archiveBucketName, ACCOUNT_ID: props.accountId },
      statements: [
        {
          Sid: 'WriteOwnAccountPrefix',
          Action: 's3:PutObject',
          Resource: `arn:aws:s3:::${props.archiveBucketName}/AWSLogs/${props.accountId}/CloudWatchLogs/*`,
        },
        props.archiveKeyStatement,
      ],
    });
    new LambdaPermission(this, 'logs-invoke-transfer', {
      statementId: 'CloudWatchLogsSubscriptions',
      action: 'lambda:InvokeFunction',
      functionName: this.transfer.functionName,
      principal: 'logs.amazonaws.com',
      sourceAccount: props.accountId,
      sourceArn: logGroupsArn,
    });

    this.subscriber = new BundledLambdaFunction(this, 'subscriber', {
      ...common,
      source: 'log-subscriber',
      functionName: `${p}-log-subscriber`,
      description: 'Subscribes every log group of the region to the log-transfer function',
      timeoutSeconds: 300,
      reservedConcurrency: 2,
      environment: {
        DESTINATION_ARN: this.transfer.arn,
        FILTER_NAME: props.filterName ?? `${p}-log-transfer`,
        EXCLUDED_PREFIXES: props.excludedLogGroupPrefixes.join(','),
        // Subscribing the movers' own groups would ship their logs about shipping logs, forever.
        OWN_LOG_GROUPS: [`/aws/lambda/${p}-log-transfer`, `/aws/lambda/${p}-log-subscriber`].join(','),
      },
      statements: [
        {
          Sid: 'ManageSubscriptions',
          Action: [
            'logs:PutSubscriptionFilter',
            'logs:DescribeSubscriptionFilters',
            'logs:DescribeLogGroups',
          ],
          Resource: logGroupsArn,
        },
      ],
    });

    const triggers = {
      'create-log-group': new CloudwatchEventRule(this, 'create-log-group-rule', {
        name: `${p}-subscribe-new-log-groups`,
        description: 'CreateLogGroup calls (recorded by CloudTrail) trigger the log-subscriber',
        eventPattern: JSON.stringify({
          source: ['aws.logs'],
          'detail-type': ['AWS API Call via CloudTrail'],
          detail: { eventSource: ['logs.amazonaws.com'], eventName: ['CreateLogGroup'] },
        }),
      }),
      backfill: new CloudwatchEventRule(this, 'backfill-rule', {
        name: `${p}-subscribe-backfill`,
        description: 'Daily re-run of the log-subscriber over all log groups',
        scheduleExpression: props.backfillSchedule ?? 'rate(1 day)',
      }),
    };
    for (const [name, rule] of Object.entries(triggers)) {
      new CloudwatchEventTarget(this, `${name}-target`, { rule: rule.name, arn: this.subscriber.arn });
      new LambdaPermission(this, `${name}-invoke`, {
        statementId: `EventBridge-${name}`,
        action: 'lambda:InvokeFunction',
        functionName: this.subscriber.functionName,
        principal: 'events.amazonaws.com',
        sourceArn: rule.arn,
      });
    }
  }
}
