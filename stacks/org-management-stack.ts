import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AlarmStateForwarder } from '../modules/alarm-state-forwarder';
import { ConfigAggregator } from '../modules/config-aggregator';
import { GuardDutyOrganization } from '../modules/guardduty-organization';
import { KmsKey } from '../modules/kms-key';
import { OrganizationTrail } from '../modules/organization-trail';
import { ProviderScope } from '../modules/provider-scope';
import { SecurityHubAdminRegion, SecurityHubAggregation } from '../modules/security-hub-aggregation';
import {
  ORG_MANAGEMENT_STACK_NAME,
  alarmBusArn,
  archiveBucketName,
  archiveBucketArn,
  archiveKeyAliasArn,
  organizationTrailName,
} from '../config/archive-names';
import { serviceKeyStatements } from './archive-access';
import { AccountFindingsRoute } from './findings-route';
import { securityServiceRegions } from './security-service-regions';
import { accountProvider, configureBackend, type SiemStackProps } from './stack-foundation';

export type OrgManagementStackProps = SiemStackProps;

/**
 * The organization management account: the organization trail, and the delegation of Security
 * Hub, GuardDuty and the AWS Config aggregator to the security account
 * (`organization.securityAccountId`, by default the log-archive account), whose side is
 * configured here too through its own providers. GuardDuty is delegated and auto-enabled in
 * every region member accounts use; Security Hub is delegated once and enabled by its
 * administrator in the same regions, with findings aggregated in the home region.
 */
export class OrgManagementStack extends TerraformStack {
  constructor(scope: Construct, props: OrgManagementStackProps) {
    super(scope, ORG_MANAGEMENT_STACK_NAME);
    const { config } = props;
    const { organization } = config;
    const stackName = ORG_MANAGEMENT_STACK_NAME;
    configureBackend(this, stackName, config.stateBackend);
    const common = { deploymentRoleName: organization.deploymentRoleName, stackName };
    accountProvider(this, 'aws', {
      ...common,
      region: config.homeRegion,
      accountId: organization.managementAccountId,
    });

    new OrganizationTrail(this, 'organization-trail', {
      trailName: organizationTrailName(config),
      managementAccountId: organization.managementAccountId,
      region: config.homeRegion,
      bucketName: archiveBucketName(config, 'cloudtrail'),
      kmsKeyId: archiveKeyAliasArn(config),
      s3DataEvents: config.cloudTrail.s3DataEvents,
      lambdaDataEvents: config.cloudTrail.lambdaDataEvents,
    });

    // The management account's own Security Hub findings (home region), like a member's, and its
    // findings mover's alarms forwarded to the SIEM alarm topic.
    const key = new KmsKey(this, 'management-key', {
      aliasName: `${config.namePrefix}-management`,
      description: 'Encrypts the SIEM findings log group, its log-transfer function and dead-letter queue',
      accountId: organization.managementAccountId,
      statements: serviceKeyStatements(organization.managementAccountId, config.homeRegion),
    });
    new AccountFindingsRoute(this, 'findings-route', {
      config,
      accountId: organization.managementAccountId,
      region: config.homeRegion,
      kmsKeyArn: key.arn,
      functionBundler: props.functionBundler,
    });
    new AlarmStateForwarder(this, 'alarm-forwarding', {
      namePrefix: config.namePrefix,
      accountId: organization.managementAccountId,
      region: config.homeRegion,
      targetEventBusArn: alarmBusArn(config),
    });

    // Home-region construct ids and provider aliases are those of the single-region version, so
    // existing state keeps its addresses; other regions get an aliased provider pair each.
    const adminRegions: SecurityHubAdminRegion[] = securityServiceRegions(config).map((region) => {
      const home = region === config.homeRegion;
      const delegatedAdminProvider = accountProvider(
        this,
        home ? 'aws-delegated-admin' : `aws-delegated-admin-${region}`,
        {
          ...common,
          region,
          accountId: organization.securityAccountId,
          alias: home ? 'delegated-admin' : `delegated-admin-${region}`,
        },
      );
      const managementScope = home
        ? this
        : new ProviderScope(
            this,
            region,
            accountProvider(this, `aws-${region}`, {
              ...common,
              region,
              accountId: organization.managementAccountId,
              alias: region,
            }),
          );
      new GuardDutyOrganization(managementScope, 'guardduty', {
        delegatedAdminAccountId: organization.securityAccountId,
        delegatedAdminProvider,
        findingsExport: config.guardDuty.s3Export
          ? { bucketArn: archiveBucketArn(config, 'guardduty'), kmsKeyAliasArn: archiveKeyAliasArn(config) }
          : undefined,
      });
      return { region, delegatedAdminProvider };
    });
    const [homeAdmin, ...linkedRegions] = adminRegions;

    new SecurityHubAggregation(this, 'security-hub', {
      delegatedAdminAccountId: organization.securityAccountId,
      delegatedAdminProvider: homeAdmin!.delegatedAdminProvider,
      region: config.homeRegion,
      linkedRegions,
    });
    // A new construct id, not the management-account one's: Terraform then destroys the old
    // aggregator with the management provider instead of orphaning it there.
    new ConfigAggregator(this, 'security-config-aggregator', {
      namePrefix: config.namePrefix,
      accountId: organization.securityAccountId,
      delegatedAdminProvider: homeAdmin!.delegatedAdminProvider,
    });
  }
}
