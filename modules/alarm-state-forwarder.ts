import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { assumeRolePolicyJson, policyJson } from './iam-policy';
import { alarmForwardingRoleName } from '../config/member-names';

export interface AlarmStateForwarderProps {
  readonly namePrefix: string;
  readonly accountId: string;
  /** Region of the alarms (and of the provider this construct is created with). */
  readonly region: string;
  /** The SIEM's alarm bus in the log-archive account's home region (`MemberAlarmBus`). */
  readonly targetEventBusArn: string;
}

/**
 * Sends the state changes of this region's SIEM alarms (names starting `<namePrefix>-`) to the
 * SIEM's alarm bus, whose rule publishes them to the central alarm topic.
 *
 * Why EventBridge rather than alarm actions on that topic: an alarm only notifies a topic of its
 * own region, the members run in regions other than the home region, and the topic is encrypted
 * with a key of the archive account. EventBridge delivers across accounts and regions with a role
 * of the sender's, retries for 24 hours, and the archive side needs no key grant for the members.
 */
export class AlarmStateForwarder extends Construct {
  readonly rule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: AlarmStateForwarderProps) {
    super(scope, id);
    const p = props.namePrefix;
    this.rule = new CloudwatchEventRule(this, 'rule', {
      name: `${p}-alarm-state-to-siem`,
      description: 'SIEM alarm state changes of this region to the SIEM alarm bus (log-archive account)',
      eventPattern: JSON.stringify({
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        resources: [{ prefix: `arn:aws:cloudwatch:${props.region}:${props.accountId}:alarm:${p}-` }],
      }),
    });
    const role = new IamRole(this, 'role', {
      name: alarmForwardingRoleName(p, props.region),
      description: 'EventBridge puts SIEM alarm state changes on the SIEM alarm bus',
      assumeRolePolicy: assumeRolePolicyJson('events.amazonaws.com', {
        StringEquals: { 'aws:SourceAccount': props.accountId },
      }),
    });
    const policy = new IamRolePolicy(this, 'role-policy', {
      role: role.id,
      name: 'put-events-on-siem-alarm-bus',
      policy: policyJson([
        { Sid: 'SiemAlarmBus', Action: 'events:PutEvents', Resource: props.targetEventBusArn },
      ]),
    });
    new CloudwatchEventTarget(this, 'target', {
      rule: this.rule.name,
      arn: props.targetEventBusArn,
      roleArn: role.arn,
      dependsOn: [policy],
    });
  }
}
