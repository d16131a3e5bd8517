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

/** ISM's wildcard match: `*` is any run of characters. */
const matches = (pattern: string, index: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.]/g, '\\.'))
      .join('.*')}$`,
  ).test(index);

/** The policies whose `ism_template` matches `index`: at most one, so post-apply plans it once. */
function policiesFor(index: string, config = configWith({})): string[] {
  return ismPolicies(config)
    .filter((p) =>
      (p.body.policy as PolicyBody).ism_template.some((t) =>
        t.index_patterns.some((pattern) => matches(pattern, index)),
      ),
    )
    .map((p) => p.id);
}

it('sits above the per-log-type policies of earlier releases (priority 100), which may still be there', () => {
  // Act
  const priorities = ismPolicies(configWith({})).flatMap((p) =>
    (p.body.policy as PolicyBody).ism_template.map((t) => t.priority),
  );

  // Assess
  expect(Math.min(...priorities)).toBeGreaterThan(100);
});

describe('ismPolicies', () => {
  it('gives each shape of index name its own retention policy', () => {
    // Act
    const ids = ismPolicies(configWith({})).map((p) => p.id);

    // Assess
    expect(ids).toEqual(['siem-retention-day', 'siem-retention-week', 'siem-retention-month']);
  });

  it.each([
    ['siem-cloudtrail-2025.11.01', 'siem-retention-day'],
    ['siem-vpcflow-2025.w44', 'siem-retention-week'],
    ['siem-findings-2025.m11', 'siem-retention-month'],
    ['siem-deadletter-2025.m11', 'siem-retention-month'],
    ['siem-deadletter-undated', 'siem-retention-month'],
    ...LOG_TYPES.map((t) => [`siem-${t}-2025.11.01`, 'siem-retention-day']),
  ])('attaches to %s the policy %s', (index, id) => {
    // Act & Assess
    expect(policiesFor(index)).toEqual([id]);
  });

  it.each([7, 30, 365])(
    'keeps every document hotDays=%i days at least: the period and a day ahead added',
    (hotDays) => {
      // Prepare
      const config = configWith({ hotDays });

      // Act
      const ages = Object.fromEntries(
        ismPolicies(config).map((p) => {
          const body = p.body.policy as PolicyBody;
          const hot = body.states.find((s) => s.name === body.default_state);
          expect(body.states.find((s) => s.name === 'delete')?.actions).toEqual([{ delete: {} }]);
          return [p.id, hot?.transitions];
        }),
      );

      // Assess
      const deleteAfter = (days: number) => [
        { state_name: 'delete', conditions: { min_index_age: `${days}d` } },
      ];
      expect(ages).toEqual({
        'siem-retention-day': deleteAfter(hotDays + 2),
        'siem-retention-week': deleteAfter(hotDays + 8),
        'siem-retention-month': deleteAfter(hotDays + 32),
      });
    },
  );

  it.each([
    'restored-siem-cloudtrail-2025.11.01',
    'siem-deadletter',
    'siem-cloudtrail',
    'siem-other-2025.11.01',
    'siem-cloudtrail-mine',
  ])('never matches %s, which age would delete wrongly', (index) => {
    // Act & Assess
    expect(policiesFor(index)).toEqual([]);
  });
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
