import { API_GATEWAY_ACCESS_LOG_FORMAT } from '../../../modules/apigateway-access-logs';
import { MemberAccountStack } from '../../../stacks/member-account-stack';
import { exampleSiemConfig, fakeBundler, resourcesOf, synthStack, testApp } from './synth-helpers';

const config = exampleSiemConfig((raw) => {
  const prod = raw.memberAccounts[0] as unknown as Record<string, unknown>;
  prod.eksAuditLogs = { clusters: [{ name: 'orders', region: 'eu-west-1' }] };
  prod.rdsAuditLogs = {
    databases: [
      { id: 'orders-db', kind: 'instance', engine: 'mysql', version: '8.0', region: 'eu-west-1' },
      {
        id: 'ledger',
        kind: 'cluster',
        engine: 'aurora-postgresql',
        version: 'aurora-postgresql16',
        region: 'eu-central-1',
      },
      { id: 'reports', kind: 'instance', engine: 'postgres', version: 'postgres16', region: 'eu-west-1' },
    ],
  };
  prod.apiGatewayAccessLogs = { stages: [{ apiId: 'a1b2c3d4e5', stage: 'prod', region: 'eu-central-1' }] };
});
const synth = (name: string) =>
  synthStack(
    new MemberAccountStack(testApp(), {
      config,
      account: config.memberAccounts.find((a) => a.name === name)!,
      functionBundler: fakeBundler,
    }),
  );

/** Resources of a type in one region's provider scope. */
const inRegion = (entries: Array<[string, Record<string, unknown>]>, region: string) =>
  entries.filter(([, r]) => r.provider === `aws.${region}`).map(([, r]) => r);

describe('MemberAccountStack: sources through CloudWatch Logs', () => {
  const prod = synth('workloads-prod');
  const dev = synth('workloads-dev');

  it('stops the plan for a named EKS cluster whose audit log is off, in its region only', () => {
    // Act
    const clusters = Object.values(prod.data.aws_eks_cluster ?? {});

    // Assess
    expect(clusters).toHaveLength(1);
    expect(clusters[0]).toMatchObject({ name: 'orders', provider: 'aws.eu-west-1' });
    const [postcondition] = (clusters[0].lifecycle as { postcondition: Array<Record<string, string>> })
      .postcondition;
    expect(postcondition.condition).toBe('contains(self.enabled_cluster_log_types, "audit")');
    expect(postcondition.error_message).toContain('aws eks update-cluster-config --name orders');
  });

  it('provides the audit option or parameter group of each engine and checks its export', () => {
    // Act
    const options = resourcesOf(prod, 'aws_db_option_group').map(([, r]) => r);
    const parameters = resourcesOf(prod, 'aws_db_parameter_group').map(([, r]) => r);
    const clusterParameters = resourcesOf(prod, 'aws_rds_cluster_parameter_group').map(([, r]) => r);
    const instances = Object.values(prod.data.aws_db_instance ?? {});
    const clusters = Object.values(prod.data.aws_rds_cluster ?? {});

    // Assess
    expect(options).toEqual([
      expect.objectContaining({
        name: 'siem-audit-orders-db',
        engine_name: 'mysql',
        major_engine_version: '8.0',
        option: [
          {
            option_name: 'MARIADB_AUDIT_PLUGIN',
            option_settings: [{ name: 'SERVER_AUDIT_EVENTS', value: 'CONNECT,QUERY_DCL,QUERY_DDL' }],
          },
        ],
      }),
    ]);
    expect(parameters).toEqual([
      expect.objectContaining({ family: 'postgres16', provider: 'aws.eu-west-1' }),
    ]);
    expect(parameters[0].parameter).toContainEqual({
      name: 'shared_preload_libraries',
      value: 'pgaudit',
      apply_method: 'pending-reboot',
    });
    expect(clusterParameters).toEqual([
      expect.objectContaining({ family: 'aurora-postgresql16', provider: 'aws.eu-central-1' }),
    ]);
    expect(instances.map((i) => i.db_instance_identifier)).toEqual(['orders-db', 'reports']);
    const conditions = [...instances, ...clusters].map(
      (d) => (d.lifecycle as { postcondition: Array<{ condition: string }> }).postcondition[0].condition,
    );
    expect(conditions).toEqual([
      'contains(coalesce(self.enabled_cloudwatch_logs_exports, []), "audit")',
      'contains(coalesce(self.enabled_cloudwatch_logs_exports, []), "postgresql")',
      'contains(coalesce(self.enabled_cloudwatch_logs_exports, []), "postgresql")',
    ]);
  });

  it('creates the access-log group of each named stage under the routed name, KMS-encrypted, and outputs the format', () => {
    // Act
    const groups = inRegion(resourcesOf(prod, 'aws_cloudwatch_log_group'), 'eu-central-1').filter((g) =>
      String(g.name).startsWith('/aws/apigateway/'),
    );

    // Assess
    expect(groups).toEqual([
      expect.objectContaining({ name: '/aws/apigateway/access/a1b2c3d4e5/prod', retention_in_days: 365 }),
    ]);
    expect(groups[0].kms_key_id).toBeDefined();
    expect(JSON.stringify(prod.output)).toContain(JSON.stringify(API_GATEWAY_ACCESS_LOG_FORMAT).slice(1, 40));
  });

  it('adds nothing to a member that opts into none of them', () => {
    expect(dev.data.aws_eks_cluster).toBeUndefined();
    expect(resourcesOf(dev, 'aws_db_option_group')).toEqual([]);
    expect(resourcesOf(dev, 'aws_rds_cluster_parameter_group')).toEqual([]);
  });
});
