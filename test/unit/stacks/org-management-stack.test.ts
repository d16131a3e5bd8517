import { OrgManagementStack } from '../../../stacks/org-management-stack';
import { exampleSiemConfig, onlyResource, resourcesOf, synthStack, testApp } from './synth-helpers';

describe('OrgManagementStack', () => {
  const stack = synthStack(new OrgManagementStack(testApp(), { config: exampleSiemConfig() }));

  it('creates a multi-region organization trail with log file validation, KMS and the archive bucket', () => {
    // Act
    const trail = onlyResource(stack, 'aws_cloudtrail');

    // Assess
    expect(trail).toMatchObject({
      name: 'siem-organization-trail',
      is_organization_trail: true,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      s3_bucket_name: 'siem-222222222222-cloudtrail',
      kms_key_id: 'arn:aws:kms:eu-west-1:222222222222:alias/siem-archive',
    });
  });

  it('selects management events and, as configured, Lambda but not S3 data events', () => {
    // Act
    const selectors = onlyResource(stack, 'aws_cloudtrail').advanced_event_selector as Array<{
      field_selector: Array<{ field: string; equals?: string[] }>;
    }>;

    // Assess
    const types = selectors.flatMap((s) => s.field_selector.filter((f) => f.field === 'resources.type'));
    expect(types.map((f) => f.equals)).toEqual([['AWS::Lambda::Function']]);
    expect(selectors[0]!.field_selector).toEqual([{ field: 'eventCategory', equals: ['Management'] }]);
  });

  it('adds S3 data events, excluding the archive bucket itself, when the config enables them', () => {
    // Prepare
    const config = exampleSiemConfig(
      (raw) => (raw.cloudTrail = { s3DataEvents: true, lambdaDataEvents: false }),
    );

    // Act
    const trail = onlyResource(synthStack(new OrgManagementStack(testApp(), { config })), 'aws_cloudtrail');

    // Assess
    expect(JSON.stringify(trail.advanced_event_selector)).toContain('AWS::S3::Object');
    expect(JSON.stringify(trail.advanced_event_selector)).toContain(
      'arn:aws:s3:::siem-222222222222-cloudtrail/',
    );
    expect(JSON.stringify(trail.advanced_event_selector)).not.toContain('AWS::Lambda::Function');
  });

  it('assumes the deployment role in the management account by default and in the archive account for delegated admin', () => {
    // Act
    const providers = stack.provider.aws!;

    // Assess
    expect(
      providers.map((p) => [p.alias, (p.assume_role as Array<{ role_arn: string }>)[0]!.role_arn]),
    ).toEqual([
      [undefined, 'arn:aws:iam::111111111111:role/OrganizationAccountAccessRole'],
      ['delegated-admin', 'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole'],
    ]);
  });

  it('delegates Security Hub to the archive account, which aggregates all regions and subscribes FSBP and CIS', () => {
    // Act
    const admin = onlyResource(stack, 'aws_securityhub_organization_admin_account');
    const aggregator = onlyResource(stack, 'aws_securityhub_finding_aggregator');
    const standards = resourcesOf(stack, 'aws_securityhub_standards_subscription').map(([, s]) => s);

    // Assess
    expect(admin.admin_account_id).toBe('222222222222');
    expect(admin.provider).toBeUndefined();
    expect(aggregator).toMatchObject({ linking_mode: 'ALL_REGIONS', provider: 'aws.delegated-admin' });
    expect(onlyResource(stack, 'aws_securityhub_organization_configuration')).toMatchObject({
      auto_enable: true,
      provider: 'aws.delegated-admin',
    });
    expect(standards.map((s) => s.standards_arn)).toEqual([
      'arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0',
      'arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0',
    ]);
  });

  it('delegates GuardDuty and auto-enables every member from the administrator account', () => {
    // Act
    const configuration = onlyResource(stack, 'aws_guardduty_organization_configuration');

    // Assess
    expect(onlyResource(stack, 'aws_guardduty_organization_admin_account').admin_account_id).toBe(
      '222222222222',
    );
    expect(configuration).toMatchObject({
      auto_enable_organization_members: 'ALL',
      provider: 'aws.delegated-admin',
    });
  });

  it('aggregates AWS Config over the whole organization with its own role', () => {
    // Act
    const aggregator = onlyResource(stack, 'aws_config_configuration_aggregator');

    // Assess
    expect(aggregator).toMatchObject({ organization_aggregation_source: { all_regions: true } });
  });
});
