import { parseConfig } from '../../../config/load';
import type { SiemConfigInput } from '../../../config/schema';
import {
  ismPolicies,
  snapshotManagementPolicy,
  snapshotRepository,
  SNAPSHOT_REPOSITORY_NAME,
} from '../../../opensearch/ism-policies';
import { LOG_TYPES } from '../../../opensearch/log-types';
import { testOrganization } from '../../support/config';

const minimalConfig: SiemConfigInput = {
  ...testOrganization(),
  memberAccounts: [{ id: '333333333333', name: 'workloads' }],
};

function configWith(retention: SiemConfigInput['retention']) {
  return parseConfig({ ...minimalConfig, retention });
}

type PolicyBody = {
  default_state: string;
  states: Array<{
    name: string;
    actions: object[];
    transitions: Array<{ state_name: string; conditions: object }>;
  }>;
  ism_template: Array<{ index_patterns: string[]; priority: number }>;
};

describe('ismPolicies', () => {
  it('gives every log type and the dead letters their own retention policy', () => {
    // Prepare
    const config = configWith({});

    // Act
    const ids = ismPolicies(config).map((p) => p.id);

    // Assess
    expect(ids).toEqual([...LOG_TYPES.map((t) => `siem-${t}-retention`), 'siem-deadletter-retention']);
  });

  it.each([
    ['cloudtrail', ['siem-cloudtrail-*']],
    ['vpcflow', ['siem-vpcflow-*']],
    ['deadletter', ['siem-deadletter-*']],
  ])('attaches the %s policy to new indices matching %j', (type, patterns) => {
    // Prepare
    const config = configWith({});

    // Act
    const policy = ismPolicies(config).find((p) => p.id === `siem-${type}-retention`);

    // Assess
    const body = policy?.body.policy as PolicyBody;
    expect(body.ism_template).toEqual([{ index_patterns: patterns, priority: 100 }]);
  });

  it.each([7, 30, 365])('keeps indices hot for hotDays=%i, then deletes them', (hotDays) => {
    // Prepare
    const config = configWith({ hotDays });

    // Act
    const bodies = ismPolicies(config).map((p) => p.body.policy as PolicyBody);

    // Assess
    for (const body of bodies) {
      const hot = body.states.find((s) => s.name === body.default_state);
      expect(hot?.transitions).toEqual([
        { state_name: 'delete', conditions: { min_index_age: `${hotDays}d` } },
      ]);
      expect(body.states.find((s) => s.name === 'delete')?.actions).toEqual([{ delete: {} }]);
    }
  });

  it.each(['restored-siem-cloudtrail-2025.11.01', 'siem-deadletter'])(
    'never matches %s, which age would delete wrongly',
    (index) => {
      // Prepare
      const patterns = ismPolicies(configWith({})).flatMap((p) =>
        (p.body.policy as PolicyBody).ism_template.flatMap((t) => t.index_patterns),
      );

      // Act
      const matching = patterns.filter((p) => new RegExp(`^${p.replace('*', '.*')}$`).test(index));

      // Assess
      expect(matching).toEqual([]);
    },
  );
});

describe('snapshotRepository', () => {
  it('registers an encrypted S3 repository with the role OpenSearch assumes', () => {
    // Act
    const repo = snapshotRepository({
      type: 's3',
      bucket: 'siem-snapshots-222222222222',
      region: 'eu-west-1',
      roleArn: 'arn:aws:iam::222222222222:role/siem-snapshots',
    });

    // Assess
    expect(repo).toEqual({
      name: SNAPSHOT_REPOSITORY_NAME,
      body: {
        type: 's3',
        settings: {
          bucket: 'siem-snapshots-222222222222',
          region: 'eu-west-1',
          role_arn: 'arn:aws:iam::222222222222:role/siem-snapshots',
          server_side_encryption: true,
        },
      },
    });
  });

  it('registers a file system repository for local clusters', () => {
    // Act
    const repo = snapshotRepository({ type: 'fs', location: '/var/snapshots' });

    // Assess
    expect(repo.body).toEqual({ type: 'fs', settings: { location: '/var/snapshots', compress: true } });
  });
});

describe('snapshotManagementPolicy', () => {
  it.each([
    [3, { max_age: '3d', max_count: 4, min_count: 3 }],
    [14, { max_age: '14d', max_count: 15, min_count: 7 }],
    [90, { max_age: '90d', max_count: 91, min_count: 7 }],
  ])(
    'snapshots siem-* daily and keeps snapshotRetentionDays=%i of them: %j',
    (snapshotRetentionDays, condition) => {
      // Prepare
      const config = configWith({ snapshotRetentionDays });
      const repo = snapshotRepository({ type: 'fs', location: '/tmp/x' });

      // Act
      const { id, body } = snapshotManagementPolicy(config, repo);

      // Assess
      expect(id).toBe('siem-daily-snapshots');
      expect(body).toMatchObject({
        creation: { schedule: { cron: { expression: '30 1 * * *', timezone: 'UTC' } } },
        deletion: { condition },
        snapshot_config: { repository: 'siem-snapshots', indices: 'siem-*', include_global_state: false },
      });
    },
  );
});
