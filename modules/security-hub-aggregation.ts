import { SecurityhubAccount } from '@cdktf/provider-aws/lib/securityhub-account';
import { SecurityhubFindingAggregator } from '@cdktf/provider-aws/lib/securityhub-finding-aggregator';
import { SecurityhubOrganizationAdminAccount } from '@cdktf/provider-aws/lib/securityhub-organization-admin-account';
import { SecurityhubOrganizationConfiguration } from '@cdktf/provider-aws/lib/securityhub-organization-configuration';
import { SecurityhubStandardsSubscription } from '@cdktf/provider-aws/lib/securityhub-standards-subscription';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';

/** The delegated administrator account in one region. */
export interface SecurityHubAdminRegion {
  readonly region: string;
  readonly delegatedAdminProvider: TerraformProvider;
}

export interface SecurityHubAggregationProps {
  /** Account that administers Security Hub for the organization (the security-tooling account). */
  readonly delegatedAdminAccountId: string;
  /**
   * Provider for the delegated administrator account in the aggregation region; the scope's
   * default provider is the management account in that region.
   */
  readonly delegatedAdminProvider: TerraformProvider;
  /** The aggregation region: where findings of all regions are gathered. */
  readonly region: string;
  /**
   * Other regions where the administrator enables Security Hub, its standards and auto-enable
   * for members (organization configuration of the LOCAL type is regional).
   * @default [] (the aggregation region only)
   */
  readonly linkedRegions?: readonly SecurityHubAdminRegion[];
  /**
   * Standards (`<standard>/v/<version>`) enabled in the administrator account in every region.
   * @default AWS Foundational Security Best Practices v1.0.0 and CIS AWS Foundations Benchmark v3.0.0
   */
  readonly standards?: readonly string[];
}

const DEFAULT_STANDARDS = [
  'aws-foundational-security-best-practices/v/1.0.0',
  'cis-aws-foundations-benchmark/v/3.0.0',
];

/**
 * Security Hub for the organization: the management account delegates administration once
 * (the designation applies to every region); the administrator aggregates findings of all
 * regions in the aggregation region and, in each region, enables Security Hub, auto-enables
 * new accounts and subscribes the standards.
 */
export class SecurityHubAggregation extends Construct {
  constructor(scope: Construct, id: string, props: SecurityHubAggregationProps) {
    super(scope, id);
    const home: SecurityHubAdminRegion = {
      region: props.region,
      delegatedAdminProvider: props.delegatedAdminProvider,
    };
    const regions = [home, ...(props.linkedRegions ?? [])];
    const standards = props.standards ?? DEFAULT_STANDARDS;
    // Construct ids of the aggregation region stay unprefixed so existing state keeps its addresses.
    const idIn = (region: string, name: string) => (region === props.region ? name : `${region}-${name}`);

    const managementHub = new SecurityhubAccount(this, 'management-account', {});
    // Enabled before the designation, which may itself enable Security Hub in the administrator
    // account (and then make a later `EnableSecurityHub` fail as already subscribed).
    const adminHubs = regions.map(
      ({ region, delegatedAdminProvider }) =>
        new SecurityhubAccount(this, idIn(region, 'admin-account'), {
          provider: delegatedAdminProvider,
          enableDefaultStandards: false,
        }),
    );
    const delegation = new SecurityhubOrganizationAdminAccount(this, 'delegated-admin', {
      adminAccountId: props.delegatedAdminAccountId,
      dependsOn: [managementHub, ...adminHubs],
    });
    new SecurityhubFindingAggregator(this, 'finding-aggregator', {
      provider: props.delegatedAdminProvider,
      linkingMode: 'ALL_REGIONS',
      dependsOn: [delegation],
    });
    regions.forEach(({ region, delegatedAdminProvider }, r) => {
      const adminHub = adminHubs[r]!;
      new SecurityhubOrganizationConfiguration(this, idIn(region, 'organization-configuration'), {
        provider: delegatedAdminProvider,
        autoEnable: true,
        autoEnableStandards: 'DEFAULT',
        dependsOn: [delegation, adminHub],
      });
      standards.forEach((standard, i) => {
        new SecurityhubStandardsSubscription(this, idIn(region, `standard-${i}`), {
          provider: delegatedAdminProvider,
          standardsArn: `arn:aws:securityhub:${region}::standards/${standard}`,
          dependsOn: [adminHub],
        });
      });
    });
  }
}
