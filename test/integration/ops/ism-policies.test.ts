import { Client } from '@opensearch-project/opensearch';
import { parseConfig } from '../../../config/load';
import {
  ismPolicies,
  retentionPolicyId,
  snapshotManagementPolicy,
  snapshotRepository,
} from '../../../opensearch/ism-policies';
import { openSearchUrl } from '../../support/env';
import { testOrganization } from '../../support/config';

/*
 * The retention policies as post-apply PUTs them, on the real ISM plugin of the shared node (job
 * interval 1 minute), under ids and index patterns of this run's own (ISM refuses two policies with
 * the same pattern and priority, and the real ones may be there): every policy is accepted, a new
 * index gets the policy of its name's shape (day, week, month) through the `ism_template`
 * priorities, and an index past its age is deleted.
 */

jest.setTimeout(300_000);

const run = `itism${Date.now().toString(36)}`;
const config = parseConfig({
  ...testOrganization(),
  memberAccounts: [{ id: '333333333333', name: 'workloads' }],
  retention: { hotDays: 30, snapshotRetentionDays: 90 },
});
const DAY_POLICY = ismPolicies(config).find((p) => p.id === retentionPolicyId('day'))!;

type PolicyBody = { policy: Record<string, unknown> };
type State = { name: string; transitions: Array<{ conditions?: { min_index_age?: string } }> };

/** `body` with its ism_template patterns under `prefix`, and its hot days shortened to `minIndexAge`. */
function variant(body: PolicyBody, prefix: string, minIndexAge?: string): PolicyBody {
  const templates = body.policy.ism_template as Array<{ index_patterns: string[]; priority: number }>;
  const states = body.policy.states as State[];
  return {
    policy: {
      ...body.policy,
      ism_template: templates.map((t) => ({
        ...t,
        index_patterns: t.index_patterns.map((p) => `${prefix}${p}`),
      })),
      states: minIndexAge
        ? states.map((s) => ({
            ...s,
            transitions: s.transitions.map((t) => ({ ...t, conditions: { min_index_age: minIndexAge } })),
          }))
        : states,
    },
  };
}

let client: Client;
const policyIds: string[] = [];

/** The daily index the short-lived copy of the day policy must delete. */
const EXPIRING = `${run}-short-siem-cloudtrail-2019.03.01`;
const SHORT_POLICY = `${run}-short-${DAY_POLICY.id}`;

async function putPolicy(id: string, body: PolicyBody): Promise<void> {
  await client.transport.request({ method: 'PUT', path: `/_plugins/_ism/policies/${id}`, body });
  policyIds.push(id);
}

type Explained = Record<
  string,
  {
    'index.plugins.index_state_management.policy_id'?: string | null;
    state?: { name: string };
    info?: { message?: string };
  }
>;

async function explain(index: string): Promise<Explained[string] | undefined> {
  const { body } = await client.transport.request({ method: 'GET', path: `/_plugins/_ism/explain/${index}` });
  return (body as Explained)[index];
}

/** Retries `check` until it passes or `timeoutMs` is over (ISM works in the background). */
async function eventually(check: () => Promise<void>, timeoutMs: number, intervalMs = 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

beforeAll(async () => {
  client = new Client({ node: openSearchUrl() });
  // Started first, since ISM needs three runs of its job (initialize, transition, delete) to
  // delete an index, about three minutes at one a minute: the other tests run meanwhile.
  await putPolicy(SHORT_POLICY, variant(DAY_POLICY.body, `${run}-short-`, '1s'));
  await client.indices.create({ index: EXPIRING });
});

afterAll(async () => {
  await client.indices.delete({ index: `${run}-*` }).catch(() => undefined);
  for (const id of policyIds) {
    await client.transport
      .request({ method: 'DELETE', path: `/_plugins/_ism/policies/${id}` })
      .catch(() => undefined);
  }
  await client.transport
    .request({ method: 'DELETE', path: `/_plugins/_sm/policies/${run}-sm` })
    .catch(() => undefined);
  await client.close();
});

describe('retention policies on the real ISM plugin', () => {
  it('accepts every retention policy and attaches to each new index the policy of its name shape', async () => {
    // Prepare
    const policies = ismPolicies(config);
    for (const { id, body } of policies) await putPolicy(`${run}-${id}`, variant(body, `${run}-`));
    const expected: Record<string, string> = {
      [`${run}-siem-cloudtrail-2019.03.01`]: retentionPolicyId('day'),
      [`${run}-siem-vpcflow-2019.w10`]: retentionPolicyId('week'),
      [`${run}-siem-findings-2019.m03`]: retentionPolicyId('month'),
      [`${run}-siem-deadletter-2019.m03`]: retentionPolicyId('month'),
      [`${run}-siem-deadletter-undated`]: retentionPolicyId('month'),
    };

    // Act
    for (const index of Object.keys(expected)) await client.indices.create({ index });

    // Assess: ISM matches a new index against the templates asynchronously, right after creation.
    expect(policies).toHaveLength(3);
    await eventually(async () => {
      const attached: Record<string, string | null | undefined> = {};
      for (const index of Object.keys(expected))
        attached[index] = (await explain(index))?.['index.plugins.index_state_management.policy_id'];
      expect(attached).toEqual(
        Object.fromEntries(Object.entries(expected).map(([index, id]) => [index, `${run}-${id}`])),
      );
    }, 60_000);
  });

  it('deletes an index once it is older than the hot days (here 1 s), through the real states', async () => {
    // Act: nothing; ISM's job runs once a minute on the test node.
    const seen = new Set<string>();
    await eventually(
      async () => {
        const state = await explain(EXPIRING).catch(() => undefined);
        if (state?.state?.name) seen.add(state.state.name);
        expect((await client.indices.exists({ index: EXPIRING })).body).toBe(false);
      },
      270_000,
      2000,
    );

    // Assess: ISM initialized it in the policy's default state before deleting it.
    expect([...seen]).toContain('hot');
  });
});

describe('the snapshot management policy on the real plugin', () => {
  it('is accepted as post-apply writes it', async () => {
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
  });
});
