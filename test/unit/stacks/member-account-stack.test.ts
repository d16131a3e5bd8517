import { alarmForwardingRoleArnPattern } from '../../../config/member-names';
import { memberWriterRolePatterns } from '../../../stacks/archive-access';
import { MemberAccountStack, webAclRegion } from '../../../stacks/member-account-stack';
import { FLOW_LOG_V5_FIELDS } from '../../../modules/vpc-flow-logs';
import {
  SynthesizedStack,
  arnLikeMatches,
  exampleSiemConfig,
  fakeBundler,
  onlyResource,
  resourcesOf,
  statementsOf,
  synthStack,
  testApp,
} from './synth-helpers';

const config = exampleSiemConfig();
const synthMember = (name: string): SynthesizedStack => {
  const account = config.memberAccounts.find((a) => a.name === name)!;
  return synthStack(new MemberAccountStack(testApp(), { config, account, functionBundler: fakeBundler }));
};

describe('MemberAccountStack', () => {
  const prod = synthMember('workloads-prod');
  const dev = synthMember('workloads-dev');
  const network = synthMember('shared-network');

  it.each([
    ['workloads-prod', prod, ['eu-west-1', 'eu-central-1']],
    ['workloads-dev', dev, ['eu-west-1']],
    ['shared-network', network, ['eu-west-1', 'us-east-1']],
  ])(
    '%s has one aliased provider per region, assuming the deployment role in the account',
    (_name, stack, regions) => {
      // Act
      const providers = stack.provider.aws!;

      // Assess
      expect(providers.map((p) => [p.alias, p.region])).toEqual(regions.map((r) => [r, r]));
      for (const provider of providers) {
        expect(provider.allowed_account_ids).toHaveLength(1);
        expect((provider.assume_role as Array<{ role_arn: string }>)[0]!.role_arn).toBe(
          `arn:aws:iam::${(provider.allowed_account_ids as string[])[0]}:role/OrganizationAccountAccessRole`,
        );
      }
    },
  );

  it.each([
    ['workloads-prod', prod],
    ['shared-network', network],
  ])('%s names its IAM roles uniquely across regions (IAM is global to the account)', (_name, stack) => {
    // Act
    const names = resourcesOf(stack, 'aws_iam_role').map(([, role]) => String(role.name));

    // Assess
    expect(names.length).toBeGreaterThan(2);
    expect(new Set(names).size).toBe(names.length);
  });

  it('puts every resource and data source on a regional provider', () => {
    // Act
    const bodies = [prod, dev, network].flatMap((stack) =>
      [...Object.values(stack.resource), ...Object.values(stack.data)].flatMap((byName) =>
        Object.values(byName),
      ),
    );

    // Assess
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) expect(body.provider).toMatch(/^aws\.[a-z]+-[a-z]+-\d$/);
  });

  it('logs the listed VPCs with all v5 fields in the documented order, plain text, to the archive bucket', () => {
    // Act
    const flowLogs = resourcesOf(prod, 'aws_flow_log').map(([, f]) => f);

    // Assess
    expect(flowLogs).toHaveLength(2);
    for (const flowLog of flowLogs) {
      expect(flowLog).toMatchObject({
        vpc_id: 'vpc-0a1b2c3d4e5f60718',
        traffic_type: 'ALL',
        log_destination_type: 's3',
        log_destination: 'arn:aws:s3:::siem-222222222222-vpcflow',
        destination_options: { file_format: 'plain-text', hive_compatible_partitions: false },
      });
      // Terraform JSON escapes AWS's ${field} placeholders as $${field}.
      expect(flowLog.log_format).toBe(FLOW_LOG_V5_FIELDS.map((f) => `$\${${f}}`).join(' '));
    }
    expect(FLOW_LOG_V5_FIELDS.slice(0, 3)).toEqual(['version', 'account-id', 'interface-id']);
    expect(FLOW_LOG_V5_FIELDS.at(-1)).toBe('traffic-path');
  });

  it('logs every VPC of a region through a data source and for_each when vpcs is "all"', () => {
    // Act
    const flowLog = onlyResource(dev, 'aws_flow_log');
    const vpcs = Object.keys(dev.data.aws_vpcs ?? {});

    // Assess
    expect(vpcs).toHaveLength(1);
    expect(flowLog.for_each).toBe(`\${toset(data.aws_vpcs.${vpcs[0]}.ids)}`);
    expect(flowLog.vpc_id).toBe('${each.value}');
  });

  describe('Network Firewall logging', () => {
    const FIREWALL = 'arn:aws:network-firewall:eu-central-1:333333333333:firewall/egress';
    const withFirewall = exampleSiemConfig((raw) => {
      raw.memberAccounts[0]!.networkFirewallArns = [FIREWALL];
    });

    it('is off unless firewalls are listed', () => {
      // Assess
      for (const stack of [prod, dev, network]) {
        expect(resourcesOf(stack, 'aws_networkfirewall_logging_configuration')).toEqual([]);
      }
    });

    it('sends alert and flow logs of a listed firewall, from its region, to the archive bucket', () => {
      // Act
      const stack = synthStack(
        new MemberAccountStack(testApp(), {
          config: withFirewall,
          account: withFirewall.memberAccounts[0]!,
          functionBundler: fakeBundler,
        }),
      );
      const logging = onlyResource(stack, 'aws_networkfirewall_logging_configuration');

      // Assess
      expect(logging.provider).toBe('aws.eu-central-1');
      expect(logging.firewall_arn).toBe(FIREWALL);
      expect(logging.logging_configuration).toEqual({
        log_destination_config: ['ALERT', 'FLOW'].map((type) => ({
          log_type: type,
          log_destination_type: 'S3',
          log_destination: { bucketName: 'siem-222222222222-networkfirewall' },
        })),
      });
    });
  });

  describe('Route 53 Resolver query logs', () => {
    const withDns = exampleSiemConfig((raw) => {
      raw.memberAccounts[0]!.resolverQueryLogs = { vpcs: ['vpc-0a1b2c3d4e5f60718'] };
      raw.memberAccounts[1]!.resolverQueryLogs = {};
    });
    const synthWith = (name: string) =>
      synthStack(
        new MemberAccountStack(testApp(), {
          config: withDns,
          account: withDns.memberAccounts.find((a) => a.name === name)!,
          functionBundler: fakeBundler,
        }),
      );

    it('are off unless the member opts in', () => {
      // Assess
      for (const stack of [prod, dev, network]) {
        expect(resourcesOf(stack, 'aws_route53_resolver_query_log_config')).toEqual([]);
      }
    });

    it('log the listed VPCs of each region to the archive dns bucket', () => {
      // Act
      const stack = synthWith('workloads-prod');
      const configs = resourcesOf(stack, 'aws_route53_resolver_query_log_config').map(([, c]) => c);
      const associations = resourcesOf(stack, 'aws_route53_resolver_query_log_config_association').map(
        ([, a]) => a,
      );

      // Assess
      expect(configs.map((c) => [c.provider, c.destination_arn]).sort()).toEqual([
        ['aws.eu-central-1', 'arn:aws:s3:::siem-222222222222-dns'],
        ['aws.eu-west-1', 'arn:aws:s3:::siem-222222222222-dns'],
      ]);
      expect(associations.map((a) => a.resource_id)).toEqual([
        'vpc-0a1b2c3d4e5f60718',
        'vpc-0a1b2c3d4e5f60718',
      ]);
      for (const a of associations) {
        expect(a.resolver_query_log_config_id).toMatch(
          /^\$\{aws_route53_resolver_query_log_config\.[^.]+\.id\}$/,
        );
      }
    });

    it('log every VPC of a region through a data source and for_each when vpcs is "all" (the default)', () => {
      // Act
      const stack = synthWith('workloads-dev');
      const association = onlyResource(stack, 'aws_route53_resolver_query_log_config_association');

      // Assess
      expect(withDns.memberAccounts[1]!.resolverQueryLogs).toEqual({ vpcs: 'all' });
      expect(association.for_each).toMatch(/^\$\{toset\(data\.aws_vpcs\.[^.]+\.ids\)\}$/);
      expect(association.resource_id).toBe('${each.value}');
    });
  });

  it('ships WAF logs through an aws-waf-logs- Firehose stream with a CMK, in the web ACL region', () => {
    // Act
    const stream = onlyResource(network, 'aws_kinesis_firehose_delivery_stream');
    const logging = onlyResource(network, 'aws_wafv2_web_acl_logging_configuration');

    // Assess
    expect(stream.name).toBe('aws-waf-logs-siem-edge');
    expect(stream.provider).toBe('aws.us-east-1');
    expect(stream.server_side_encryption).toMatchObject({ enabled: true, key_type: 'CUSTOMER_MANAGED_CMK' });
    expect(stream.extended_s3_configuration).toMatchObject({
      bucket_arn: 'arn:aws:s3:::siem-222222222222-waf',
      prefix: 'AWSLogs/555555555555/WAFLogs/us-east-1/edge/',
      error_output_prefix: 'AWSLogs/555555555555/WAFLogs-errors/us-east-1/edge/',
    });
    expect(logging.resource_arn).toBe(config.memberAccounts[2]!.wafWebAclArns[0]);
  });

  it.each([
    ['arn:aws:wafv2:us-east-1:555555555555:global/webacl/edge/x', 'us-east-1'],
    ['arn:aws:wafv2:eu-central-1:333333333333:regional/webacl/shop/x', 'eu-central-1'],
  ])('places web ACL %s in %s', (arn, region) => {
    // Act & Assess
    expect(webAclRegion(arn)).toBe(region);
  });

  it('configures the log-subscriber with the transfer function, filter name, exclusions and its own log groups', () => {
    // Act
    const subscriber = onlyResource(dev, 'aws_lambda_function', 'subscriber');

    // Assess
    const variables = (subscriber.environment as { variables: Record<string, string> }).variables;
    expect(variables).toMatchObject({
      FILTER_NAME: 'siem-log-transfer',
      EXCLUDED_PREFIXES: '/aws/lambda/dev-scratch-',
      OWN_LOG_GROUPS: '/aws/lambda/siem-log-transfer,/aws/lambda/siem-log-subscriber',
    });
    expect(variables.DESTINATION_ARN).toMatch(
      /^\$\{aws_lambda_function\.eu-west-1_log-movers_transfer_function_\w+\.arn\}$/,
    );
  });

  it('lets CloudWatch Logs invoke the transfer function only from this account’s log groups', () => {
    // Act
    const permission = resourcesOf(dev, 'aws_lambda_permission')
      .map(([, p]) => p)
      .find((p) => p.principal === 'logs.amazonaws.com');

    // Assess
    expect(permission).toMatchObject({
      source_account: '444444444444',
      source_arn: 'arn:aws:logs:eu-west-1:444444444444:log-group:*',
    });
  });

  it('limits the transfer function to its own account prefix of the CloudWatch and Security Hub buckets and the archive key via S3', () => {
    // Act
    const policy = resourcesOf(dev, 'aws_iam_role_policy').find(([name]) => name.includes('transfer'))![1];

    // Assess
    const statements = statementsOf(policy.policy);
    const writes = statements.filter((s) => JSON.stringify(s.Action).includes('s3:'));
    expect(writes).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: [
          'arn:aws:s3:::siem-222222222222-cloudwatch/AWSLogs/444444444444/CloudWatchLogs/*',
          'arn:aws:s3:::siem-222222222222-securityhub/AWSLogs/444444444444/CloudWatchLogs/*',
        ],
      }),
    ]);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: 'arn:aws:kms:eu-west-1:222222222222:key/*',
        Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
      }),
    );
  });

  it('triggers the subscriber on CreateLogGroup and on a daily schedule', () => {
    // Act
    const rules = resourcesOf(dev, 'aws_cloudwatch_event_rule').map(([, r]) => r);

    // Assess
    expect(rules.map((r) => r.schedule_expression).filter(Boolean)).toEqual(['rate(1 day)']);
    const patterns = rules.filter((r) => r.event_pattern).map((r) => JSON.parse(String(r.event_pattern)));
    expect(patterns).toContainEqual(
      expect.objectContaining({
        detail: { eventSource: ['logs.amazonaws.com'], eventName: ['CreateLogGroup'] },
      }),
    );
    // Only the account's own findings of the region: the Security Hub administrator receives all.
    expect(patterns).toContainEqual({
      source: ['aws.securityhub'],
      'detail-type': ['Security Hub Findings - Imported'],
      detail: { findings: { AwsAccountId: ['444444444444'], Region: ['eu-west-1'] } },
    });
  });

  it('tells the transfer function the archive buckets, the findings log group and the home region, in every member region', () => {
    // Act
    const transfers = resourcesOf(prod, 'aws_lambda_function').filter(([name]) => name.includes('transfer'));
    const findingsGroups = resourcesOf(prod, 'aws_cloudwatch_log_group')
      .map(([, g]) => g.name)
      .filter((name) => String(name).startsWith('/aws/events/'));

    // Assess
    expect(transfers.map(([, f]) => f.provider).sort()).toEqual(['aws.eu-central-1', 'aws.eu-west-1']);
    for (const [, transfer] of transfers) {
      expect((transfer.environment as { variables: Record<string, string> }).variables).toMatchObject({
        ARCHIVE_BUCKET: 'siem-222222222222-cloudwatch',
        FINDINGS_BUCKET: 'siem-222222222222-securityhub',
        FINDINGS_LOG_GROUP: '/aws/events/siem-securityhub-findings',
        ARCHIVE_REGION: 'eu-west-1',
        ACCOUNT_ID: '333333333333',
      });
    }
    // The group the findings rule writes to is the one the transfer function routes.
    expect(findingsGroups).toEqual([
      '/aws/events/siem-securityhub-findings',
      '/aws/events/siem-securityhub-findings',
    ]);
  });

  it('names the archive writer roles so the archive bucket and key policies admit them', () => {
    // Prepare
    const patterns = memberWriterRolePatterns(config);
    const roleArn = (stack: SynthesizedStack, nameIncludes: string, account: string): string[] =>
      resourcesOf(stack, 'aws_iam_role')
        .filter(([name]) => name.includes(nameIncludes))
        .map(([, role]) => `arn:aws:iam::${account}:role/${String(role.name)}`);

    // Act
    const transferRoles = roleArn(prod, 'transfer_role', '333333333333');
    const wafRoles = [
      ...roleArn(prod, 'waf-logging', '333333333333'),
      ...roleArn(network, 'waf-logging', '555555555555'),
    ];
    const otherRoles = resourcesOf(prod, 'aws_iam_role')
      .filter(([name]) => !name.includes('transfer_role') && !name.includes('waf-logging'))
      .map(([, role]) => `arn:aws:iam::333333333333:role/${String(role.name)}`);

    // Assess
    expect(transferRoles.sort()).toEqual([
      'arn:aws:iam::333333333333:role/siem-log-transfer-eu-central-1',
      'arn:aws:iam::333333333333:role/siem-log-transfer-eu-west-1',
    ]);
    expect(wafRoles).toHaveLength(2);
    for (const arn of transferRoles) expect(arnLikeMatches(patterns.cloudwatch, arn)).toBe(true);
    for (const arn of wafRoles) expect(arnLikeMatches(patterns.waf, arn)).toBe(true);
    // No other member role may write: in particular not the log-subscriber's.
    expect(otherRoles.length).toBeGreaterThan(0);
    for (const arn of otherRoles) {
      expect(arnLikeMatches(patterns.cloudwatch, arn) || arnLikeMatches(patterns.waf, arn)).toBe(false);
    }
  });

  it('forwards its SIEM alarms’ state changes from every region to the alarm bus of the archive account', () => {
    // Prepare
    const bus = 'arn:aws:events:eu-west-1:222222222222:event-bus/siem-alarms';

    for (const region of ['eu-west-1', 'eu-central-1']) {
      // Act
      const inRegion = <T extends Record<string, unknown>>(type: string): Array<[string, T]> =>
        resourcesOf(prod, type).filter(([name]) => name.startsWith(`${region}_alarm-forwarding`)) as Array<
          [string, T]
        >;
      const [rule] = inRegion('aws_cloudwatch_event_rule');
      const [target] = inRegion('aws_cloudwatch_event_target');
      const [role] = inRegion('aws_iam_role');
      const [policy] = inRegion('aws_iam_role_policy');

      // Assess
      expect(JSON.parse(String(rule![1].event_pattern))).toEqual({
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        resources: [{ prefix: `arn:aws:cloudwatch:${region}:333333333333:alarm:siem-` }],
      });
      expect(target![1]).toMatchObject({ arn: bus, role_arn: `\${aws_iam_role.${role![0]}.arn}` });
      expect(statementsOf(policy![1].policy)).toEqual([
        expect.objectContaining({ Effect: 'Allow', Action: 'events:PutEvents', Resource: bus }),
      ]);
      // The bus policy admits the forwarding roles by this pattern (config/member-names.ts).
      expect(
        arnLikeMatches(
          alarmForwardingRoleArnPattern('siem', '333333333333'),
          `arn:aws:iam::333333333333:role/${String(role![1].name)}`,
        ),
      ).toBe(true);
    }
  });

  it('alarms on the log movers’ dead letters, errors and throttles in every region, without same-region actions', () => {
    // Prepare
    const ref = (type: string, nameIncludes: string, region: string) =>
      `\${${type}.${resourcesOf(prod, type).find(([name]) => name.startsWith(`${region}_`) && name.includes(nameIncludes))![0]}`;

    for (const region of ['eu-west-1', 'eu-central-1']) {
      // Act
      const alarms = resourcesOf(prod, 'aws_cloudwatch_metric_alarm')
        .map(([, a]) => a)
        .filter((a) => a.provider === `aws.${region}`);

      // Assess
      const summary = alarms.map((a) => [a.alarm_name, a.namespace, a.metric_name, a.dimensions]);
      expect(summary).toHaveLength(5);
      expect(summary).toEqual(
        expect.arrayContaining([
          [
            'siem-log-movers-dead-letters',
            'AWS/SQS',
            'ApproximateNumberOfMessagesVisible',
            { QueueName: `${ref('aws_sqs_queue', 'dead-letter-queue', region)}.name}` },
          ],
          ...['log-transfer', 'log-subscriber'].flatMap((fn) =>
            ['Errors', 'Throttles'].map((metric) => [
              `siem-${fn}-${metric.toLowerCase()}`,
              'AWS/Lambda',
              metric,
              {
                FunctionName: `${ref('aws_lambda_function', fn === 'log-transfer' ? 'transfer' : 'subscriber', region)}.function_name}`,
              },
            ]),
          ),
        ]),
      );
      for (const alarm of alarms) {
        expect(alarm).toMatchObject({
          comparison_operator: 'GreaterThanThreshold',
          threshold: 0,
          treat_missing_data: 'notBreaching',
          alarm_actions: [],
          ok_actions: [],
        });
        expect(String(alarm.alarm_description)).not.toBe('');
      }
    }
    expect(onlyResource(dev, 'aws_sqs_queue', 'dead-letter-queue').name).toBe('siem-log-movers-dlq');
  });
});
