import { Client } from '@opensearch-project/opensearch';
import { parseConfig } from '../../../config/load';
import { ismPolicies, snapshotManagementPolicy, snapshotRepository } from '../../../opensearch/ism-policies';
import { openSearchPlugins, openSearchUrl } from '../../support/env';
import { testOrganization } from '../../support/config';

/**
 * The policies as the post-apply script would PUT them, under ids and index patterns of our own
 * (ISM refuses two policies with the same pattern and priority, and the real ones may be there).
 */
const run = `itism${Date.now().toString(36)}`;
const config = parseConfig({
  ...testOrganization(),
  memberAccounts: [{ id: '333333333333', name: 'workloads' }],
  retention: { hotDays: 30, snapshotRetentionDays: 90 },
});

function ownPatterns(body: { policy: Record<string, unknown> }): { policy: Record<string, unknown> } {
  const templates = body.policy.ism_template as Array<{ index_patterns: string[]; priority: number }>;
  return {
    policy: {
      ...body.policy,
      ism_template: templates.map((t) => ({
        ...t,
        index_patterns: t.index_patterns.map((p) => `${run}-${p}`),
      })),
    },
  };
}

let client: Client;
const created: string[] = [];

beforeAll(() => {
  client = new Client({ node: openSearchUrl() });
});

afterAll(async () => {
  await client.indices.delete({ index: `${run}-*` }).catch(() => undefined);
  for (const id of created) {
    await client.transport
      .request({ method: 'DELETE', path: `/_plugins/_ism/policies/${id}` })
      .catch(() => undefined);
  }
  await client.transport
    .request({ method: 'DELETE', path: `/_plugins/_sm/policies/${run}-sm` })
    .catch(() => undefined);
  await client.close();
});

/** Index State Management and Snapshot Management both come with the index-management plugin. */
const describeWithIndexManagement = openSearchPlugins().includes('opensearch-index-management')
  ? describe
  : describe.skip;

describeWithIndexManagement('ISM and snapshot management bodies against the local OpenSearch node', () => {
  it('accepts every retention policy and attaches one to a new daily index through its ism_template', async () => {
    // Prepare
    const policies = ismPolicies(config);

    // Act
    for (const { id, body } of policies) {
      await client.transport.request({
        method: 'PUT',
        path: `/_plugins/_ism/policies/${run}-${id}`,
        body: ownPatterns(body),
      });
      created.push(`${run}-${id}`);
    }
    await client.indices.create({ index: `${run}-siem-cloudtrail-2019.03.01` });
    const explain = await client.transport.request({
      method: 'GET',
      path: `/_plugins/_ism/explain/${run}-siem-cloudtrail-2019.03.01`,
    });

    // Assess
    expect(created).toHaveLength(9);
    const state = (
      explain.body as Record<
        string,
        { 'index.plugins.index_state_management.policy_id'?: string; policy_id?: string }
      >
    )[`${run}-siem-cloudtrail-2019.03.01`];
    expect(state['index.plugins.index_state_management.policy_id'] ?? state.policy_id).toBe(
      `${run}-siem-cloudtrail-retention`,
    );
  }, 60_000);

  it('accepts the snapshot management policy', async () => {
    // Prepare
    const { body } = snapshotManagementPolicy(
      config,
      snapshotRepository({ type: 'fs', location: '/unused' }),
    );

    // Act
    await client.transport.request({ method: 'POST', path: `/_plugins/_sm/policies/${run}-sm`, body });
    const stored = await client.transport.request({
      method: 'GET',
      path: `/_plugins/_sm/policies/${run}-sm`,
    });

    // Assess
    expect(stored.body).toMatchObject({
      sm_policy: {
        snapshot_config: { repository: 'siem-snapshots', indices: 'siem-*' },
        deletion: { condition: { max_age: '90d', max_count: 91, min_count: 7 } },
      },
    });
  }, 60_000);
});
