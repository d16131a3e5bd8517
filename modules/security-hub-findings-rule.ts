import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { Construct } from 'constructs';
import { policyJson } from './iam-policy';
import { securityHubFindingsLogGroupName } from '../config/member-names';

export interface SecurityHubFindingsRuleProps {
  readonly namePrefix: string;
  readonly accountId: string;
  readonly region: string;
  readonly kmsKeyArn: string;
  /** @default 365 (CIS: a year of security events in every store) */
  readonly retentionDays?: number;
}

/**
 * Copies every imported Security Hub finding (ASFF) to a CloudWatch log group; the log-subscriber
 * subscribes that group like any other, and the log-transfer function writes its payloads to the
 * archive's `securityhub` bucket, so findings reach the archive and OpenSearch.
 */
export class SecurityHubFindingsRule extends Construct {
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: SecurityHubFindingsRuleProps) {
    super(scope, id);
    // EventBridge only delivers to log groups whose name starts with /aws/events/.
    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: securityHubFindingsLogGroupName(props.namePrefix),
      retentionInDays: props.retentionDays ?? 365,
      kmsKeyId: props.kmsKeyArn,
    });
    const rule = new CloudwatchEventRule(this, 'rule', {
      name: `${props.namePrefix}-securityhub-findings`,
      description: 'Security Hub findings to a log group that the log-subscriber ships to the archive',
      // Only this account's findings of this region: the Security Hub administrator (by default
      // the log-archive account) also receives every member's findings, and in the aggregation
      // region those of every linked region, which their own accounts' rules already ship.
      eventPattern: JSON.stringify({
        source: ['aws.securityhub'],
        'detail-type': ['Security Hub Findings - Imported'],
        detail: { findings: { AwsAccountId: [props.accountId], Region: [props.region] } },
      }),
    });
    const policy = new CloudwatchLogResourcePolicy(this, 'log-policy', {
      policyName: `${props.namePrefix}-securityhub-findings`,
      policyDocument: policyJson([
        {
          Sid: 'EventBridgeWritesFindings',
          Principal: { Service: ['events.amazonaws.com', 'delivery.logs.amazonaws.com'] },
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `${this.logGroup.arn}:*`,
          Condition: {
            ArnEquals: { 'aws:SourceArn': rule.arn },
            StringEquals: { 'aws:SourceAccount': props.accountId },
          },
        },
      ]),
    });
    new CloudwatchEventTarget(this, 'target', {
      rule: rule.name,
      arn: this.logGroup.arn,
      dependsOn: [policy],
    });
  }
}
