import { ConfigConfigurationAggregator } from '@cdktf/provider-aws/lib/config-configuration-aggregator';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { OrganizationsDelegatedAdministrator } from '@cdktf/provider-aws/lib/organizations-delegated-administrator';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { assumeRolePolicyJson } from './iam-policy';

export interface ConfigAggregatorProps {
  readonly namePrefix: string;
  /** Account that holds the aggregator and its role. */
  readonly accountId: string;
  /**
   * Provider for `accountId` when it is a delegated administrator rather than the management
   * account (the scope's default provider): the module then registers it as AWS Config's
   * delegated administrator from the management account first.
   * @default undefined (the aggregator lives in the management account)
   */
  readonly delegatedAdminProvider?: TerraformProvider;
}

/** An AWS Config aggregator over every account and region of the organization. */
export class ConfigAggregator extends Construct {
  readonly aggregator: ConfigConfigurationAggregator;

  constructor(scope: Construct, id: string, props: ConfigAggregatorProps) {
    super(scope, id);
    const provider = props.delegatedAdminProvider;
    const delegation = provider
      ? [
          new OrganizationsDelegatedAdministrator(this, 'delegated-admin', {
            accountId: props.accountId,
            servicePrincipal: 'config.amazonaws.com',
          }),
        ]
      : [];
    const role = new IamRole(this, 'role', {
      provider,
      name: `${props.namePrefix}-config-aggregator`,
      description: 'Lets AWS Config read the organization to aggregate its accounts',
      assumeRolePolicy: assumeRolePolicyJson('config.amazonaws.com', {
        StringEquals: { 'aws:SourceAccount': props.accountId },
      }),
    });
    const attachment = new IamRolePolicyAttachment(this, 'role-policy', {
      provider,
      role: role.name,
      policyArn: 'arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations',
    });
    this.aggregator = new ConfigConfigurationAggregator(this, 'aggregator', {
      provider,
      name: `${props.namePrefix}-organization`,
      organizationAggregationSource: { allRegions: true, roleArn: role.arn },
      dependsOn: [attachment, ...delegation],
    });
  }
}
