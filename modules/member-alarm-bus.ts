import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus';
import { CloudwatchEventBusPolicy } from '@cdktf/provider-aws/lib/cloudwatch-event-bus-policy';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { Construct } from 'constructs';
import { policyJson } from './iam-policy';
import { alarmForwardingRoleArnPattern } from '../config/member-names';

export interface MemberAlarmBusProps {
  readonly namePrefix: string;
  readonly busName: string;
  /** Accounts whose `AlarmStateForwarder` may put alarm state changes on the bus. */
  readonly sourceAccountIds: readonly string[];
  /** The central alarm topic (same account and region); its policy admits this account's rules. */
  readonly alarmTopicArn: string;
}

/**
 * An event bus of its own for other accounts' SIEM alarm state changes (the default bus keeps its
 * own policy), open to the listed accounts' forwarding roles for CloudWatch alarm state changes
 * only, and a rule that publishes every state change on it to the alarm topic.
 */
export class MemberAlarmBus extends Construct {
  readonly bus: CloudwatchEventBus;

  constructor(scope: Construct, id: string, props: MemberAlarmBusProps) {
    super(scope, id);
    this.bus = new CloudwatchEventBus(this, 'bus', { name: props.busName });
    const accounts = [...props.sourceAccountIds];
    new CloudwatchEventBusPolicy(this, 'policy', {
      eventBusName: this.bus.name,
      policy: policyJson([
        {
          Sid: 'AccountsForwardSiemAlarmStateChanges',
          Principal: { AWS: accounts.map((id) => `arn:aws:iam::${id}:root`) },
          Action: 'events:PutEvents',
          Resource: this.bus.arn,
          Condition: {
            StringEquals: {
              'events:source': 'aws.cloudwatch',
              'events:detail-type': 'CloudWatch Alarm State Change',
            },
            ArnLike: {
              'aws:PrincipalArn': accounts.map((id) => alarmForwardingRoleArnPattern(props.namePrefix, id)),
            },
          },
        },
      ]),
    });
    const rule = new CloudwatchEventRule(this, 'rule', {
      name: `${props.namePrefix}-member-alarms-to-topic`,
      description: 'SIEM alarm state changes of other accounts to the SIEM alarm topic',
      eventBusName: this.bus.name,
      eventPattern: JSON.stringify({
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        account: accounts,
      }),
    });
    new CloudwatchEventTarget(this, 'target', {
      rule: rule.name,
      eventBusName: this.bus.name,
      arn: props.alarmTopicArn,
    });
  }
}
