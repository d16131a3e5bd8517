import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { SiemConfig } from '../config/schema';
import { ConfigAggregator } from '../modules/config-aggregator';
import { GuardDutyOrganization } from '../modules/guardduty-organization';
import { OrganizationTrail } from '../modules/organization-trail';
import { SecurityHubAggregation } from '../modules/security-hub-aggregation';
import {
  ORG_MANAGEMENT_STACK_NAME,
  archiveBucketName,
  archiveKeyAliasArn,
  organizationTrailName,
} from './archive-naming';
import { accountProvider, configureBackend } from './stack-foundation';

export interface OrgManagementStackProps {
  readonly config: SiemConfig;
}

/**
 * The organization management account: the organization trail, and the delegation of Security
 * Hub and GuardDuty administration to the log-archive account (whose side is configured here
 * too, through a second provider), plus an organization-wide AWS Config aggregator.
 */
export class OrgManagementStack extends TerraformStack {
  constructor(scope: Construct, props: OrgManagementStackProps) {
    super(scope, ORG_MANAGEMENT_STACK_NAME);
    const { config } = props;
    const { organization } = config;
    const stackName = ORG_MANAGEMENT_STACK_NAME;
    configureBackend(this, stackName, config.stateBackend);
    const common = {
      region: config.homeRegion,
      deploymentRoleName: organization.deploymentRoleName,
      stackName,
    };
    accountProvider(this, 'aws', { ...common, accountId: organization.managementAccountId });
    const delegatedAdminProvider = accountProvider(this, 'aws-delegated-admin', {
      ...common,
      accountId: organization.logArchiveAccountId,
      alias: 'delegated-admin',
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
    new SecurityHubAggregation(this, 'security-hub', {
      delegatedAdminAccountId: organization.logArchiveAccountId,
      delegatedAdminProvider,
      region: config.homeRegion,
    });
    new GuardDutyOrganization(this, 'guardduty', {
      delegatedAdminAccountId: organization.logArchiveAccountId,
      delegatedAdminProvider,
    });
    new ConfigAggregator(this, 'config-aggregator', {
      namePrefix: config.namePrefix,
      accountId: organization.managementAccountId,
    });
  }
}
