import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { assumeRolePolicyJson, policyJson } from './iam-policy';

export interface AlertingSnsRoleProps {
  readonly namePrefix: string;
  readonly accountId: string;
  readonly topicArn: string;
  /** Key of the (encrypted) topic. */
  readonly kmsKeyArn: string;
  /** Role that creates the Notifications channel and so must pass this role. */
  readonly passedByRoleName: string;
}

/**
 * The role the OpenSearch Notifications plugin assumes to publish alerts to the SNS topic, and
 * the permission for the FGAC master role (post-apply) to hand it over when creating the channel.
 */
export class AlertingSnsRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: AlertingSnsRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      name: `${props.namePrefix}-opensearch-alerting-sns`,
      description: 'Assumed by OpenSearch Notifications to publish SIEM alerts to SNS',
      assumeRolePolicy: assumeRolePolicyJson('es.amazonaws.com', {
        StringEquals: { 'aws:SourceAccount': props.accountId },
      }),
    });
    new IamRolePolicy(this, 'publish', {
      role: this.role.id,
      name: 'publish-alerts',
      policy: policyJson([
        { Sid: 'PublishAlerts', Action: 'sns:Publish', Resource: props.topicArn },
        { Sid: 'EncryptedTopic', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: props.kmsKeyArn },
      ]),
    });
    new IamRolePolicy(this, 'pass', {
      role: props.passedByRoleName,
      name: 'pass-alerting-sns-role',
      policy: policyJson([
        {
          Sid: 'PassAlertingRole',
          Action: 'iam:PassRole',
          Resource: this.role.arn,
          Condition: { StringEquals: { 'iam:PassedToService': 'es.amazonaws.com' } },
        },
      ]),
    });
  }
}
