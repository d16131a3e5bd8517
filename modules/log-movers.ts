import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogSubscriptionFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-subscription-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { PolicyStatement } from './iam-policy';
import { FunctionBundler } from './function-bundle';
import { BundledLambdaFunction, BundledLambdaFunctionProps } from './lambda-function';
import {
  logMoversDeadLetterQueueName,
  logMoversFilterName,
  logMoversOwnLogGroups,
  logSubscriberFunctionName,
  logTransferFunctionName,
  securityHubFindingsLogGroupName,
} from '../config/member-names';

export interface LogMoversProps {
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  /** The archive's CloudWatch Logs bucket name: every log group's payloads but the findings'. */
  readonly archiveBucketName: string;
  /**
   * The archive's Security Hub bucket name: payloads of the findings rule's log group
   * (`securityHubFindingsLogGroupName`) go there, with the same key layout.
   */
  readonly findingsBucketName: string;
  /**
   * Region of the archive bucket (the SIEM's home region). The transfer function runs in every
   * member region but must send its writes there: S3 refuses a request signed for another region.
   */
  readonly archiveRegion: string;
  /** Grant to encrypt with the archive bucket's key (a `kms:ViaService`-scoped statement). */
  readonly archiveKeyStatement: PolicyStatement;
  /** Member key for the functions' environment, logs and dead-letter queue. */
  readonly kmsKeyArn: string;
  /** Log groups whose name starts with one of these are never subscribed. */
  readonly excludedLogGroupPrefixes: readonly string[];
  /**
   * Ship only these log groups (the findings rule's, in the management and log-archive accounts):
   * Terraform puts their subscription filters, and no subscriber function subscribes the rest.
   * The groups must exist before this construct's filters (pass their resources in `ready`).
   * @default undefined: every log group of the region, through the subscriber function
   */
  readonly onlyLogGroups?: readonly { readonly name: string; readonly ready: ITerraformDependable }[];
  /**
   * Subscription filter name, so a rerun recognises (and does not duplicate) its own filters.
   * @default '<namePrefix>-log-transfer' (what `siem subscribe-existing` derives from the config)
   */
  readonly filterName?: string;
  /** @default 'rate(1 day)' */
  readonly backfillSchedule?: string;
  /** @default bundleFunction (esbuild) */
  readonly functionBundler?: FunctionBundler;
  /**
   * SNS topic (same region) notified when an alarm fires and when it recovers. Without one the
   * alarms only change state: visible in the CloudWatch console and to anything that follows
   * EventBridge's "CloudWatch Alarm State Change" events.
   * @default no alarm actions
   */
  readonly alarmTopicArn?: string;
}

/**
 * The member-account half of the CloudWatch Logs pipeline: a subscriber function that puts a
 * subscription filter on every log group (new ones via the CloudTrail `CreateLogGroup` event,
 * existing ones by a daily backfill), and the transfer function those filters invoke, which
 * writes the batches to the archive's CloudWatch bucket (the Security Hub findings log group's to
 * its Security Hub bucket) under `AWSLogs/<account>/CloudWatchLogs/`.
 */
export class LogMovers extends Construct {
  /** Undefined with `onlyLogGroups`. */
  readonly subscriber?: BundledLambdaFunction;
  readonly transfer: BundledLambdaFunction;
  readonly deadLetterQueue: SqsQueue;
  /** Dead letters, errors and throttles of both functions: the movers otherwise fail silently. */
  readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: LogMoversProps) {
    super(scope, id);
    const p = props.namePrefix;
    const logGroupsArn = `arn:aws:logs:${props.region}:${props.accountId}:log-group:*`;
    this.deadLetterQueue = new SqsQueue(this, 'dead-letter-queue', {
      name: logMoversDeadLetterQueueName(p),
      messageRetentionSeconds: 14 * 24 * 3600,
      kmsMasterKeyId: props.kmsKeyArn,
      kmsDataKeyReusePeriodSeconds: 300,
    });
    const common = {
      accountId: props.accountId,
      region: props.region,
      kmsKeyArn: props.kmsKeyArn,
      deadLetterQueueArn: this.deadLetterQueue.arn,
      bundler: props.functionBundler,
    };

    this.transfer = new BundledLambdaFunction(this, 'transfer', {
      ...common,
      source: 'log-transfer',
      functionName: logTransferFunctionName(p),
      description: 'Writes CloudWatch Logs subscription batches to the log archive',
      timeoutSeconds: 60,
      reservedConcurrency: 20,
      environment: {
        ARCHIVE_BUCKET: props.archiveBucketName,
        FINDINGS_BUCKET: props.findingsBucketName,
        FINDINGS_LOG_GROUP: securityHubFindingsLogGroupName(p),
        ARCHIVE_REGION: props.archiveRegion,
        ACCOUNT_ID: props.accountId,
      },
      statements: [
        {
          Sid: 'WriteOwnAccountPrefix',
          Action: 's3:PutObject',
          Resource: [props.archiveBucketName, props.findingsBucketName].map(
            (bucket) => `arn:aws:s3:::${bucket}/AWSLogs/${props.accountId}/CloudWatchLogs/*`,
          ),
        },
        props.archiveKeyStatement,
      ],
    });
    const logsInvoke = new LambdaPermission(this, 'logs-invoke-transfer', {
      statementId: 'CloudWatchLogsSubscriptions',
      action: 'lambda:InvokeFunction',
      functionName: this.transfer.functionName,
      principal: 'logs.amazonaws.com',
      sourceAccount: props.accountId,
      sourceArn: logGroupsArn,
    });

    if (props.onlyLogGroups) {
      props.onlyLogGroups.forEach((group, i) => {
        new CloudwatchLogSubscriptionFilter(this, `subscription-${i}`, {
          name: props.filterName ?? logMoversFilterName(p),
          logGroupName: group.name,
          filterPattern: '',
          destinationArn: this.transfer.arn,
          dependsOn: [logsInvoke, group.ready],
        });
      });
    } else {
      this.subscriber = this.addSubscriber(props, common, logGroupsArn);
    }

    this.addAlarms(props);
  }

  /** The subscriber function and its triggers: a new log group's CloudTrail event, a daily backfill. */
  private addSubscriber(
    props: LogMoversProps,
    common: Omit<BundledLambdaFunctionProps, 'source' | 'functionName' | 'description' | 'statements'>,
    logGroupsArn: string,
  ): BundledLambdaFunction {
    const p = props.namePrefix;
    const subscriber = new BundledLambdaFunction(this, 'subscriber', {
      ...common,
      source: 'log-subscriber',
      functionName: logSubscriberFunctionName(p),
      description: 'Subscribes every log group of the region to the log-transfer function',
      timeoutSeconds: 300,
      reservedConcurrency: 2,
      environment: {
        DESTINATION_ARN: this.transfer.arn,
        FILTER_NAME: props.filterName ?? logMoversFilterName(p),
        EXCLUDED_PREFIXES: props.excludedLogGroupPrefixes.join(','),
        // Subscribing the movers' own groups would ship their logs about shipping logs, forever.
        OWN_LOG_GROUPS: logMoversOwnLogGroups(p).join(','),
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
      new CloudwatchEventTarget(this, `${name}-target`, { rule: rule.name, arn: subscriber.arn });
      new LambdaPermission(this, `${name}-invoke`, {
        statementId: `EventBridge-${name}`,
        action: 'lambda:InvokeFunction',
        functionName: subscriber.functionName,
        principal: 'events.amazonaws.com',
        sourceArn: rule.arn,
      });
    }
    return subscriber;
  }

  /**
   * Both functions are invoked asynchronously (CloudWatch Logs, EventBridge), so a failure shows
   * nowhere a caller would see it: only in these metrics, the functions' logs and the queue.
   */
  private addAlarms(props: LogMoversProps): void {
    const p = props.namePrefix;
    const actions = props.alarmTopicArn ? [props.alarmTopicArn] : [];
    const alarm = (
      id: string,
      spec: { namespace: 'AWS/SQS' | 'AWS/Lambda'; metric: string; dimensions: Record<string, string> },
      description: string,
    ): void => {
      this.alarms.push(
        new CloudwatchMetricAlarm(this, `${id}-alarm`, {
          alarmName: `${p}-${id}`,
          alarmDescription: description,
          namespace: spec.namespace,
          metricName: spec.metric,
          dimensions: spec.dimensions,
          statistic: spec.namespace === 'AWS/SQS' ? 'Maximum' : 'Sum',
          comparisonOperator: 'GreaterThanThreshold',
          threshold: 0,
          period: 300,
          evaluationPeriods: 1,
          // Lambda and SQS publish nothing while idle: no data is healthy here.
          treatMissingData: 'notBreaching',
          alarmActions: actions,
          okActions: actions,
        }),
      );
    };

    alarm(
      'log-movers-dead-letters',
      {
        namespace: 'AWS/SQS',
        metric: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: this.deadLetterQueue.name },
      },
      'Log mover invocations failed after all Lambda retries and wait in the dead-letter queue: their log ' +
        'batches or log groups are not archived. Fix the cause (function logs), then invoke the function ' +
        'again with each message body.',
    );
    const functions: Array<readonly [string, BundledLambdaFunction, string]> = [
      ['log-transfer', this.transfer, 'CloudWatch Logs batches are not reaching the archive'],
    ];
    if (this.subscriber) {
      functions.push(['log-subscriber', this.subscriber, 'new log groups may not be subscribed']);
    }
    for (const [name, fn, impact] of functions) {
      const dimensions = { FunctionName: fn.functionName };
      alarm(
        `${name}-errors`,
        { namespace: 'AWS/Lambda', metric: 'Errors', dimensions },
        `The ${name} function failed invocations (Lambda retries them, then dead-letters): ${impact}.`,
      );
      alarm(
        `${name}-throttles`,
        { namespace: 'AWS/Lambda', metric: 'Throttles', dimensions },
        `The ${name} function hit its reserved concurrency: invocations are delayed and, after Lambda's ` +
          `retries, dead-lettered (${impact}). Raise its reserved concurrency if this persists.`,
      );
    }
  }
}
