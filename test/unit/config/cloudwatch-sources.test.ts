import { ConfigError, parseConfig } from '../../../config/load';
import type { SiemConfigInput } from '../../../config/schema';
import exampleConfig from '../../../siem.config.json';

function withMember(change: (member: Record<string, unknown>) => void) {
  const raw = structuredClone(exampleConfig) as SiemConfigInput;
  change(raw.memberAccounts[0] as unknown as Record<string, unknown>);
  return raw;
}

function problemsOf(change: (member: Record<string, unknown>) => void): string {
  try {
    parseConfig(withMember(change), 'test');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.join('\n');
    throw err;
  }
  throw new Error('the config was accepted');
}

const EKS = { clusters: [{ name: 'orders', region: 'eu-west-1' }] };
const RDS = {
  databases: [
    { id: 'orders-db', kind: 'instance', engine: 'mysql', version: '8.0', region: 'eu-west-1' },
    {
      id: 'ledger',
      kind: 'cluster',
      engine: 'aurora-postgresql',
      version: 'aurora-postgresql16',
      region: 'eu-central-1',
    },
  ],
};
const APIGW = { stages: [{ apiId: 'a1b2c3d4e5', stage: 'prod', region: 'eu-west-1' }] };

describe('memberAccounts[]: EKS audit, RDS audit and API Gateway access logs', () => {
  it('are off unless set, and kept as written when set', () => {
    // Act
    const config = parseConfig(
      withMember((m) => {
        m.eksAuditLogs = EKS;
        m.rdsAuditLogs = RDS;
        m.apiGatewayAccessLogs = APIGW;
      }),
      'test',
    );

    // Assess
    expect(config.memberAccounts[0]).toMatchObject({
      eksAuditLogs: EKS,
      rdsAuditLogs: RDS,
      apiGatewayAccessLogs: APIGW,
    });
    expect(config.memberAccounts[1]!.eksAuditLogs).toBeUndefined();
    expect(config.memberAccounts[1]!.rdsAuditLogs).toBeUndefined();
    expect(config.memberAccounts[1]!.apiGatewayAccessLogs).toBeUndefined();
  });

  it.each<[string, (m: Record<string, unknown>) => void, string]>([
    [
      'a cluster in a region the member does not list',
      (m) => (m.eksAuditLogs = { clusters: [{ name: 'orders', region: 'us-west-2' }] }),
      'memberAccounts[0].eksAuditLogs.clusters[0].region: is us-west-2, which regions does not list',
    ],
    [
      'a cluster name that is not one',
      (m) => (m.eksAuditLogs = { clusters: [{ name: '-bad', region: 'eu-west-1' }] }),
      'must be an EKS cluster name',
    ],
    [
      'a cluster twice',
      (m) => (m.eksAuditLogs = { clusters: [EKS.clusters[0], EKS.clusters[0]] }),
      'lists a cluster twice',
    ],
    ['no cluster', (m) => (m.eksAuditLogs = { clusters: [] }), 'list at least one cluster'],
    [
      'an Aurora engine on an instance',
      (m) =>
        (m.rdsAuditLogs = { databases: [{ ...RDS.databases[1], kind: 'instance', region: 'eu-west-1' }] }),
      'is audited per cluster: kind must be "cluster"',
    ],
    [
      'a family of another engine',
      (m) =>
        (m.rdsAuditLogs = {
          databases: [
            { id: 'pg', kind: 'instance', engine: 'postgres', version: 'mysql8.0', region: 'eu-west-1' },
          ],
        }),
      'must be a postgres parameter group family',
    ],
    [
      'a family where MySQL needs a major version',
      (m) => (m.rdsAuditLogs = { databases: [{ ...RDS.databases[0], version: 'mysql8.0' }] }),
      "must be the option group's major version for mysql",
    ],
    [
      'an unknown engine',
      (m) => (m.rdsAuditLogs = { databases: [{ ...RDS.databases[0], engine: 'oracle-ee' }] }),
      'rdsAuditLogs.databases[0].engine',
    ],
    [
      'an API id that is not one',
      (m) => (m.apiGatewayAccessLogs = { stages: [{ ...APIGW.stages[0], apiId: 'API' }] }),
      'must be an API Gateway API id',
    ],
    ['an unknown option', (m) => (m.apiGatewayAccessLogs = { ...APIGW, format: 'clf' }), 'format'],
  ])('rejects %s', (_what, change, message) => {
    expect(problemsOf(change)).toContain(message);
  });

  it('rejects an excluded prefix that would keep an opted-in log group from being subscribed', () => {
    // Act
    const problems = problemsOf((m) => {
      m.excludedLogGroupPrefixes = ['/aws/eks/', '/aws/rds/instance/orders'];
      m.eksAuditLogs = EKS;
      m.rdsAuditLogs = RDS;
      m.apiGatewayAccessLogs = APIGW;
    });

    // Assess
    expect(problems).toContain(
      'memberAccounts[0].eksAuditLogs.clusters[0]: its log group /aws/eks/orders/cluster starts with the excluded prefix "/aws/eks/"',
    );
    expect(problems).toContain(
      'its log group /aws/rds/instance/orders-db/audit starts with the excluded prefix',
    );
    expect(problems).not.toContain('apiGatewayAccessLogs');
    expect(problems).not.toContain('databases[1]');
  });
});
