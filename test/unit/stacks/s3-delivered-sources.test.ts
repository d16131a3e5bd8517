import { archiveBucketName } from '../../../config/archive-names';
import { TGW_FLOW_DEFAULT_FIELDS } from '../../../functions/ingest/parsers/tgwflow';
import { LogArchiveStack } from '../../../stacks/log-archive-stack';
import { MemberAccountStack } from '../../../stacks/member-account-stack';
import { OrgManagementStack } from '../../../stacks/org-management-stack';
import {
  exampleSiemConfig,
  fakeBundler,
  resourcesOf,
  statementsOf,
  synthStack,
  testApp,
  type SynthesizedStack,
} from './synth-helpers';

/* Transit Gateway flow logs, GuardDuty's S3 export and AWS Config delivery: collection and archive access. */

const TGW_PROD = 'arn:aws:ec2:eu-central-1:333333333333:transit-gateway/tgw-0a1b2c3d4e5f60718';
const withSources = exampleSiemConfig((raw) => {
  raw.memberAccounts[0]!.transitGatewayArns = [TGW_PROD];
  raw.memberAccounts[0]!.configDelivery = { snapshotFrequency: 'Six_Hours' };
  raw.memberAccounts[2]!.configDelivery = {};
  raw.guardDuty = { s3Export: true };
});
const plain = exampleSiemConfig();

const archive = (config = withSources): SynthesizedStack =>
  synthStack(new LogArchiveStack(testApp(), { config, functionBundler: fakeBundler }));
const member = (name: string, config = withSources): SynthesizedStack =>
  synthStack(
    new MemberAccountStack(testApp(), {
      config,
      account: config.memberAccounts.find((a) => a.name === name)!,
      functionBundler: fakeBundler,
    }),
  );
const management = (config = withSources): SynthesizedStack =>
  synthStack(new OrgManagementStack(testApp(), { config, functionBundler: fakeBundler }));

const bucketPolicyOf = (stack: SynthesizedStack, bucket: string) => {
  const ref = resourcesOf(stack, 'aws_s3_bucket').find(([, b]) => b.bucket === bucket)![0];
  const [, policy] = resourcesOf(stack, 'aws_s3_bucket_policy').find(([, p]) =>
    String(p.bucket).includes(`.${ref}.`),
  )!;
  return statementsOf(policy.policy);
};
const archiveKeyStatements = (stack: SynthesizedStack) =>
  resourcesOf(stack, 'aws_kms_key').flatMap(([, k]) => statementsOf(k.policy));

describe('Transit Gateway flow logs: collection', () => {
  it('log a listed transit gateway from its region, every field, to the tgwflow bucket', () => {
    // Act
    const logs = resourcesOf(member('workloads-prod'), 'aws_flow_log').filter(
      ([, f]) => f.transit_gateway_id,
    );

    // Assess
    expect(logs).toHaveLength(1);
    const [, log] = logs[0]!;
    expect(log).toMatchObject({
      provider: 'aws.eu-central-1',
      transit_gateway_id: 'tgw-0a1b2c3d4e5f60718',
      log_destination_type: 's3',
      log_destination: 'arn:aws:s3:::siem-222222222222-tgwflow',
      max_aggregation_interval: 60,
      destination_options: {
        file_format: 'plain-text',
        hive_compatible_partitions: false,
        per_hour_partition: false,
      },
    });
    // Transit gateway flow logs refuse a traffic type.
    expect(log.traffic_type).toBeUndefined();
    // `$${` is Terraform's escape: AWS receives `${version} ${resource-type} …`.
    expect(log.log_format).toBe(TGW_FLOW_DEFAULT_FIELDS.map((f) => `$\${${f}}`).join(' '));
  });

  it('are off unless transit gateways are listed', () => {
    for (const stack of [member('workloads-dev'), member('workloads-prod', plain)]) {
      expect(resourcesOf(stack, 'aws_flow_log').filter(([, f]) => f.transit_gateway_id)).toEqual([]);
    }
  });

  it('let only the organization log delivery write the tgwflow bucket, under AWSLogs/*/vpcflowlogs/', () => {
    // Act
    const statements = bucketPolicyOf(archive(), archiveBucketName(withSources, 'tgwflow'));

    // Assess
    expect(statements.find((s) => s.Sid === 'LogDeliveryWriteTransitGatewayFlowLogs')).toMatchObject({
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::siem-222222222222-tgwflow/AWSLogs/*/vpcflowlogs/*',
      Condition: { StringEquals: { 'aws:SourceOrgID': 'o-a1b2c3d4e5' } },
    });
  });
});

describe('GuardDuty findings export: collection', () => {
  const stack = management();

  it("adds a publishing destination on the administrator's detector in every GuardDuty region", () => {
    // Act
    const destinations = resourcesOf(stack, 'aws_guardduty_publishing_destination');
    const detectors = resourcesOf(stack, 'aws_guardduty_detector').filter(([name]) => name.includes('admin'));

    // Assess
    expect(destinations.length).toBe(detectors.length);
    expect(destinations.length).toBeGreaterThan(1);
    for (const [, destination] of destinations) {
      expect(destination).toMatchObject({
        destination_type: 'S3',
        destination_arn: 'arn:aws:s3:::siem-222222222222-guardduty',
      });
      expect(String(destination.provider)).toMatch(/^aws\.delegated-admin/);
      expect(String(destination.detector_id)).toMatch(
        /^\$\{aws_guardduty_detector\..*admin-detector.*\.id\}$/,
      );
      // The key's own ARN, read from the archive key's alias (a destination does not take an alias).
      expect(String(destination.kms_key_arn)).toMatch(/^\$\{data\.aws_kms_key\..*\.arn\}$/);
    }
    const keys = Object.values((stack.data?.aws_kms_key ?? {}) as Record<string, { key_id: string }>);
    expect(new Set(keys.map((k) => k.key_id))).toEqual(
      new Set(['arn:aws:kms:eu-west-1:222222222222:alias/siem-archive']),
    );
  });

  it('is off by default', () => {
    expect(resourcesOf(management(plain), 'aws_guardduty_publishing_destination')).toEqual([]);
  });

  it("lets only the administrator's detectors write, under the administrator's prefix, and encrypt with the archive key", () => {
    // Act
    const statements = bucketPolicyOf(archive(), archiveBucketName(withSources, 'guardduty'));
    const keys = archiveKeyStatements(archive());

    // Assess
    const fromAdministrator = {
      StringEquals: { 'aws:SourceAccount': '222222222222' },
      ArnLike: { 'aws:SourceArn': 'arn:aws:guardduty:*:222222222222:detector/*' },
    };
    expect(statements.find((s) => s.Sid === 'GuardDutyExportFindings')).toEqual(
      expect.objectContaining({
        Principal: { Service: 'guardduty.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::siem-222222222222-guardduty/AWSLogs/222222222222/GuardDuty/*',
        Condition: fromAdministrator,
      }),
    );
    expect(keys.find((s) => s.Sid === 'GuardDutyEncryptsExportedFindings')?.Condition).toEqual(
      fromAdministrator,
    );
    expect(keys.find((s) => s.Sid === 'SecurityAccountDeploymentDescribesKey')).toMatchObject({
      Principal: { AWS: 'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole' },
      Action: 'kms:DescribeKey',
    });
  });
});

describe('AWS Config delivery: collection', () => {
  it('creates a delivery channel to the config bucket in each region of an opted-in member', () => {
    // Act
    const channels = resourcesOf(member('workloads-prod'), 'aws_config_delivery_channel');

    // Assess
    expect(
      channels.map(([, c]) => [c.provider, c.s3_bucket_name, c.snapshot_delivery_properties]).sort(),
    ).toEqual([
      ['aws.eu-central-1', 'siem-222222222222-config', { delivery_frequency: 'Six_Hours' }],
      ['aws.eu-west-1', 'siem-222222222222-config', { delivery_frequency: 'Six_Hours' }],
    ]);
    // No recorder: Control Tower's or a StackSet's records; a region holds one.
    expect(resourcesOf(member('workloads-prod'), 'aws_config_configuration_recorder')).toEqual([]);
    expect(
      resourcesOf(member('shared-network'), 'aws_config_delivery_channel').map(
        ([, c]) => c.snapshot_delivery_properties,
      ),
    ).toEqual([{ delivery_frequency: 'TwentyFour_Hours' }, { delivery_frequency: 'TwentyFour_Hours' }]);
  });

  it('is off for members that do not opt in', () => {
    expect(resourcesOf(member('workloads-dev'), 'aws_config_delivery_channel')).toEqual([]);
  });

  it("lets Config write each opted-in member's own prefix only, and no one when none opts in", () => {
    // Act
    const statements = bucketPolicyOf(archive(), archiveBucketName(withSources, 'config'));
    const none = bucketPolicyOf(archive(plain), archiveBucketName(plain, 'config'));

    // Assess
    expect(statements.filter((s) => String(s.Sid).startsWith('ConfigDelivery'))).toEqual(
      ['333333333333', '555555555555'].map((id) =>
        expect.objectContaining({
          Principal: { Service: 'config.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `arn:aws:s3:::siem-222222222222-config/AWSLogs/${id}/Config/*`,
          Condition: {
            StringEquals: { 'aws:SourceAccount': id, 's3:x-amz-acl': 'bucket-owner-full-control' },
          },
        }),
      ),
    );
    expect(JSON.stringify(none)).not.toContain('config.amazonaws.com');
    expect(
      archiveKeyStatements(archive()).find((s) => s.Sid === 'ConfigEncryptsDeliveredFiles')?.Condition,
    ).toEqual({
      StringEquals: { 'aws:SourceAccount': ['333333333333', '555555555555'] },
    });
    expect(
      archiveKeyStatements(archive(plain)).find((s) => s.Sid === 'ConfigEncryptsDeliveredFiles'),
    ).toBeUndefined();
  });
});
