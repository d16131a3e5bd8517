import { ConfigConfigurationAggregator } from '@cdktf/provider-aws/lib/config-configuration-aggregator';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { assumeRolePolicyJson } from './iam-policy';

export interface ConfigAggregatorProps {
  readonly namePrefix: string;
  readonly accountId: string;
}

/** An AWS Config aggregator over every account and region of the organization. */
export class ConfigAggregator extends Construct {
  readonly aggregator: ConfigConfigurationAggregator;

  constructor(scope: Construct, id: string, props: ConfigAggregatorProps) {
    super(scope, id);
    const role = new IamRole(this, 'role', {
      name: `${props.namePrefix}-config-aggregator`,
      description: 'Lets AWS Config read the organization to aggregate its accounts',
      assumeRolePolicy: assumeRolePolicyJson('config.amazonaws.com', {
        StringEquals: { 'aws:SourceAccount': props.accountId },
      }),
    });
    const attachment = new IamRolePolicyAttachment(this, 'role-policy', {
      role: role.name,
      policyArn: 'arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations',
    });
    this.aggregator = new ConfigConfigurationAggregator(this, 'aggregator', {
      name: `${props.namePrefix}-organization`,
      organizationAggregationSource: { allRegions: true, roleArn: role.arn },
      dependsOn: [attachment],
    });
  }
}
