import { SecurityhubAccount } from '@cdktf/provider-aws/lib/securityhub-account';
import { SecurityhubFindingAggregator } from '@cdktf/provider-aws/lib/securityhub-finding-aggregator';
import { SecurityhubOrganizationAdminAccount } from '@cdktf/provider-aws/lib/securityhub-organization-admin-account';
import { SecurityhubOrganizationConfiguration } from '@cdktf/provider-aws/lib/securityhub-organization-configuration';
import { SecurityhubStandardsSubscription } from '@cdktf/provider-aws/lib/securityhub-standards-subscription';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';

export interface SecurityHubAggregationProps {
  /** Account that administers Security Hub for the organization (the log-archive account). */
  readonly delegatedAdminAccountId: string;
  /** Provider for the delegated administrator account; the scope's default provider is the management account. */
  readonly delegatedAdminProvider: TerraformProvider;
  /** The aggregation region: where findings of all regions are gathered. */
  readonly region: string;
  /**
   * Standards enabled in the administrator account and, via auto-enable, in new members.
   * @default AWS Foundational Security Best Practices v1.0.0 and CIS AWS Foundations Benchmark v3.0.0
   */
  readonly standardsArns?: readonly string[];
}

/**
 * Security Hub for the organization: the management account delegates administration, and the
 * administrator aggregates findings from all regions, auto-enables new accounts, and subscribes
 * the AWS Foundational Security Best Practices and CIS AWS Foundations standards.
 */
export class SecurityHubAggregation extends Construct {
  constructor(scope: Construct, id: string, props: SecurityHubAggregationProps) {
    super(scope, id);
    const admin = { provider: props.delegatedAdminProvider };
    const managementHub = new SecurityhubAccount(this, 'management-account', {});
    const delegation = new SecurityhubOrganizationAdminAccount(this, 'delegated-admin', {
      adminAccountId: props.delegatedAdminAccountId,
      dependsOn: [managementHub],
    });
    const adminHub = new SecurityhubAccount(this, 'admin-account', {
      ...admin,
      enableDefaultStandards: false,
      dependsOn: [delegation],
    });
    new SecurityhubFindingAggregator(this, 'finding-aggregator', {
      ...admin,
      linkingMode: 'ALL_REGIONS',
      dependsOn: [adminHub],
    });
    new SecurityhubOrganizationConfiguration(this, 'organization-configuration', {
      ...admin,
      autoEnable: true,
      autoEnableStandards: 'DEFAULT',
      dependsOn: [adminHub],
    });
    const standards = props.standardsArns ?? [
      `arn:aws:securityhub:${props.region}::standards/aws-foundational-security-best-practices/v/1.0.0`,
      `arn:aws:securityhub:${props.region}::standards/cis-aws-foundations-benchmark/v/3.0.0`,
    ];
    standards.forEach((standardsArn, i) => {
      new SecurityhubStandardsSubscription(this, `standard-${i}`, {
        ...admin,
        standardsArn,
        dependsOn: [adminHub],
      });
    });
  }
}
