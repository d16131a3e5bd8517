import { OrgManagementStack } from '../../../stacks/org-management-stack';
import { archiveWriterStatements } from '../../../stacks/archive-access';
import {
  arnLikeMatches,
  asList,
  exampleSiemConfig,
  fakeBundler,
  onlyResource,
  reference,
  resourcesOf,
  synthStack,
  testApp,
} from './synth-helpers';

describe('OrgManagementStack', () => {
  const stack = synthStack(
    new OrgManagementStack(testApp(), { config: exampleSiemConfig(), functionBundler: fakeBundler }),
  );

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
    const trail = onlyResource(
      synthStack(new OrgManagementStack(testApp(), { config, functionBundler: fakeBundler })),
      'aws_cloudtrail',
    );

    // Assess
    expect(JSON.stringify(trail.advanced_event_selector)).toContain('AWS::S3::Object');
    expect(JSON.stringify(trail.advanced_event_selector)).toContain(
      'arn:aws:s3:::siem-222222222222-cloudtrail/',
    );
    expect(JSON.stringify(trail.advanced_event_selector)).not.toContain('AWS::Lambda::Function');
  });

  it('assumes the deployment role in the management and the security account, one provider pair per region', () => {
    // Act
    const providers = stack.provider.aws!.map((p) => [
      p.alias,
      p.region,
      (p.assume_role as Array<{ role_arn: string }>)[0]!.role_arn,
    ]);

    // Assess
    const management = 'arn:aws:iam::111111111111:role/OrganizationAccountAccessRole';
    const security = 'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole';
    expect(providers).toEqual(
      expect.arrayContaining([
        [undefined, 'eu-west-1', management],
        ['delegated-admin', 'eu-west-1', security],
        ['eu-central-1', 'eu-central-1', management],
        ['delegated-admin-eu-central-1', 'eu-central-1', security],
        ['us-east-1', 'us-east-1', management],
        ['delegated-admin-us-east-1', 'us-east-1', security],
      ]),
    );
    expect(providers).toHaveLength(6);
  });

  it('delegates Security Hub once, from the management account, to the security account', () => {
    // Act
    const delegations = resourcesOf(stack, 'aws_securityhub_organization_admin_account').map(([, r]) => r);

    // Assess
    expect(delegations).toHaveLength(1);
    expect(delegations[0]).toMatchObject({ admin_account_id: '222222222222' });
    expect(delegations[0]!.provider).toBeUndefined();
  });

  it('aggregates Security Hub findings of all regions in the home region of the administrator account', () => {
    // Act
    const aggregator = onlyResource(stack, 'aws_securityhub_finding_aggregator');

    // Assess
    expect(aggregator).toMatchObject({ linking_mode: 'ALL_REGIONS', provider: 'aws.delegated-admin' });
  });

  it.each([
    ['eu-west-1', 'aws.delegated-admin'],
    ['eu-central-1', 'aws.delegated-admin-eu-central-1'],
    ['us-east-1', 'aws.delegated-admin-us-east-1'],
  ])(
    'in %s, the Security Hub administrator (%s) enables itself, FSBP and CIS, and auto-enables new accounts',
    (region, adminProvider) => {
      // Act
      const inRegion = (type: string) =>
        resourcesOf(stack, type)
          .map(([, r]) => r)
          .filter((r) => r.provider === adminProvider);
      const hubs = inRegion('aws_securityhub_account');
      const configurations = inRegion('aws_securityhub_organization_configuration');
      const standards = inRegion('aws_securityhub_standards_subscription');

      // Assess
      expect(hubs).toEqual([expect.objectContaining({ enable_default_standards: false })]);
      expect(configurations).toEqual([
        expect.objectContaining({ auto_enable: true, auto_enable_standards: 'DEFAULT' }),
      ]);
      expect(standards.map((s) => s.standards_arn)).toEqual([
        `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`,
        `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`,
      ]);
    },
  );

  it('enables the administrator account before the delegation, and configures the organization after it', () => {
    // Act
    const delegation = reference(stack, 'aws_securityhub_organization_admin_account', 'delegated-admin');
    const delegationBody = onlyResource(stack, 'aws_securityhub_organization_admin_account');
    const adminHubs = resourcesOf(stack, 'aws_securityhub_account')
      .filter(([name]) => name.includes('admin-account'))
      .map(([name]) => `aws_securityhub_account.${name}`);
    const configurations = resourcesOf(stack, 'aws_securityhub_organization_configuration').map(([, r]) => r);

    // Assess
    expect(adminHubs).toHaveLength(3);
    expect(delegationBody.depends_on).toEqual(expect.arrayContaining(adminHubs));
    expect(configurations).toHaveLength(3);
    configurations.forEach((c) => expect(c.depends_on).toContain(delegation));
  });

  it.each([
    ['eu-west-1', undefined, 'aws.delegated-admin'],
    ['eu-central-1', 'aws.eu-central-1', 'aws.delegated-admin-eu-central-1'],
    ['us-east-1', 'aws.us-east-1', 'aws.delegated-admin-us-east-1'],
  ])(
    'in %s, delegates GuardDuty from the management account and auto-enables every member from the administrator',
    (_region, managementProvider, adminProvider) => {
      // Act
      const delegations = resourcesOf(stack, 'aws_guardduty_organization_admin_account').filter(
        ([, r]) => r.provider === managementProvider,
      );
      const adminDetectors = resourcesOf(stack, 'aws_guardduty_detector').filter(
        ([, r]) => r.provider === adminProvider,
      );
      const configurations = resourcesOf(stack, 'aws_guardduty_organization_configuration')
        .map(([, r]) => r)
        .filter((r) => r.provider === adminProvider);

      // Assess
      expect(delegations).toHaveLength(1);
      expect(adminDetectors).toHaveLength(1);
      const [[delegationName, delegation]] = delegations as [[string, Record<string, unknown>]];
      const detector = `aws_guardduty_detector.${adminDetectors[0]![0]}`;
      expect(delegation.admin_account_id).toBe('222222222222');
      expect(delegation.depends_on).toContain(detector);
      expect(configurations).toEqual([
        expect.objectContaining({
          auto_enable_organization_members: 'ALL',
          detector_id: `\${${detector}.id}`,
          depends_on: [`aws_guardduty_organization_admin_account.${delegationName}`],
        }),
      ]);
    },
  );

  it('delegates to organization.securityAccountId when set, leaving the archive account out of the stack', () => {
    // Prepare
    const config = exampleSiemConfig((raw) => (raw.organization.securityAccountId = '666666666666'));

    // Act
    const secured = synthStack(new OrgManagementStack(testApp(), { config, functionBundler: fakeBundler }));

    // Assess
    const adminIds = [
      ...resourcesOf(secured, 'aws_guardduty_organization_admin_account'),
      ...resourcesOf(secured, 'aws_securityhub_organization_admin_account'),
    ].map(([, r]) => r.admin_account_id);
    expect(new Set(adminIds)).toEqual(new Set(['666666666666']));
    expect(adminIds).toHaveLength(4);
    const roleArns = secured.provider.aws!.map(
      (p) => (p.assume_role as Array<{ role_arn: string }>)[0]!.role_arn,
    );
    expect(roleArns.filter((arn) => arn.includes('666666666666'))).toHaveLength(3);
    expect(secured.json).not.toContain('arn:aws:iam::222222222222:role/');
    expect(onlyResource(secured, 'aws_organizations_delegated_administrator')).toMatchObject({
      account_id: '666666666666',
      service_principal: 'config.amazonaws.com',
    });
  });

  it('covers the home region alone when every member stays there', () => {
    // Prepare
    const config = exampleSiemConfig((raw) => raw.memberAccounts.forEach((a) => (a.regions = ['eu-west-1'])));

    // Act
    const homeOnly = synthStack(new OrgManagementStack(testApp(), { config, functionBundler: fakeBundler }));

    // Assess
    expect(homeOnly.provider.aws!.map((p) => p.alias)).toEqual([undefined, 'delegated-admin']);
    expect(resourcesOf(homeOnly, 'aws_guardduty_organization_admin_account')).toHaveLength(1);
  });

  it('aggregates AWS Config over the whole organization in the security account, registered as its delegated administrator', () => {
    // Act
    const aggregator = onlyResource(stack, 'aws_config_configuration_aggregator');
    const registration = onlyResource(stack, 'aws_organizations_delegated_administrator');
    const role = onlyResource(stack, 'aws_iam_role', 'config-aggregator');

    // Assess
    expect(aggregator).toMatchObject({
      organization_aggregation_source: { all_regions: true },
      provider: 'aws.delegated-admin',
    });
    expect(registration).toMatchObject({
      account_id: '222222222222',
      service_principal: 'config.amazonaws.com',
    });
    expect(registration.provider).toBeUndefined();
    expect(aggregator.depends_on).toContain(
      reference(stack, 'aws_organizations_delegated_administrator', 'config-aggregator'),
    );
    expect(role.provider).toBe('aws.delegated-admin');
    expect(JSON.parse(String(role.assume_role_policy)).Statement[0].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '222222222222' },
    });
  });

  it('ships the management account’s own Security Hub findings to the archive like a member', () => {
    // Act
    const rule = onlyResource(stack, 'aws_cloudwatch_event_rule', 'findings-route');
    const filter = onlyResource(stack, 'aws_cloudwatch_log_subscription_filter');
    const transfer = onlyResource(stack, 'aws_lambda_function', 'findings-route');
    const role = onlyResource(stack, 'aws_iam_role', 'findings-route');

    // Assess
    expect(JSON.parse(String(rule.event_pattern))).toMatchObject({
      detail: { findings: { AwsAccountId: ['111111111111'], Region: ['eu-west-1'] } },
    });
    expect(filter.destination_arn).toBe(
      `\${${reference(stack, 'aws_lambda_function', 'findings-route')}.arn}`,
    );
    expect(transfer).toMatchObject({
      environment: {
        variables: { FINDINGS_BUCKET: 'siem-222222222222-securityhub', ACCOUNT_ID: '111111111111' },
      },
    });
    // The securityhub bucket admits this role: it is a log-transfer role of the management account.
    const [write] = archiveWriterStatements(exampleSiemConfig(), 'securityhub', 'arn:aws:s3:::b');
    const roleArn = `arn:aws:iam::111111111111:role/${String(role.name)}`;
    expect(asList(write!.Principal && (write!.Principal as { AWS: string[] }).AWS)).toContain(
      'arn:aws:iam::111111111111:root',
    );
    expect(
      asList(write!.Condition!.ArnLike!['aws:PrincipalArn'] as string[]).some((p) =>
        arnLikeMatches(p, roleArn),
      ),
    ).toBe(true);
  });

  it('forwards the management account’s SIEM alarm state changes to the archive alarm bus', () => {
    // Act
    const target = onlyResource(stack, 'aws_cloudwatch_event_target', 'alarm-forwarding');

    // Assess
    expect(target.arn).toBe('arn:aws:events:eu-west-1:222222222222:event-bus/siem-alarms');
    expect(target.role_arn).toBe(`\${${reference(stack, 'aws_iam_role', 'alarm-forwarding')}.arn}`);
  });
});
