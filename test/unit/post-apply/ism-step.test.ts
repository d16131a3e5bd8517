import { parseConfig } from '../../../config/load';
import type { SiemConfig } from '../../../config/schema';
import { ismPolicies, type IsmPolicy } from '../../../opensearch/ism-policies';
import type { HttpClient, HttpResponse, RequestOptions } from '../../../opensearch/http-client';
import { reconcile } from '../../../operations/post-apply/reconcile';
import {
  applyPoliciesToExistingIndices,
  ismPolicyResources,
  planExistingIndices,
} from '../../../operations/post-apply/steps/ism';
import { testOrganization } from '../../support/config';

/*
 * The request sequence and batching, checked against a stand-in that answers `_cat/indices` and
 * `explain` the way OpenSearch and ISM do and records every call. The real plugin's answers (a new
 * cluster without any index, templates attaching policies) are covered by
 * test/integration/post-apply and test/integration/ops/ism-policies.test.ts.
 */

function config(hotDays: number): SiemConfig {
  return parseConfig({
    ...testOrganization(),
    memberAccounts: [{ id: '333333333333', name: 'workloads' }],
    retention: { hotDays },
  });
}

const current = ismPolicies(config(14));
const previous = ismPolicies(config(30));
/** The policy of daily index names, and its patterns (one per log type) as post-apply joins them. */
const DAY_POLICY = 'siem-retention-day';
const policyOf = (policies: IsmPolicy[], id: string) => policies.find((p) => p.id === id)!;
const DAY_PATTERN = (
  policyOf(current, DAY_POLICY).body.policy.ism_template as Array<{ index_patterns: string[] }>
)[0]!.index_patterns.join(',');

/** A policy as ISM keeps its copy in a managed index: ids, timestamps and default retries added. */
function asStored(policy: IsmPolicy): Record<string, unknown> {
  const body = structuredClone(policy.body.policy) as {
    states: Array<{ actions: Array<Record<string, unknown>> }>;
    ism_template: Array<Record<string, unknown>>;
  };
  return {
    policy_id: policy.id,
    last_updated_time: 1_764_000_000_000,
    schema_version: 21,
    error_notification: null,
    ...body,
    states: body.states.map((s) => ({
      ...s,
      actions: s.actions.map((a) => ({ retry: { count: 3, backoff: 'exponential', delay: '1m' }, ...a })),
    })),
    ism_template: body.ism_template.map((t) => ({ ...t, last_updated_time: 1_764_000_000_000 })),
  };
}

const managed = (policy: IsmPolicy, initialized = true) => ({
  'index.plugins.index_state_management.policy_id': policy.id,
  'index.opendistro.index_state_management.policy_id': policy.id,
  index: 'x',
  policy_id: policy.id,
  enabled: true,
  ...(initialized ? { policy: asStored(policy) } : {}),
});
const unmanaged = {
  'index.plugins.index_state_management.policy_id': null,
  'index.opendistro.index_state_management.policy_id': null,
  enabled: null,
};

type Answer = (path: string, opts: RequestOptions) => unknown;

/** An HttpClient that records `METHOD path [body]` and answers from `routes` (first match). */
function fakeIsm(routes: Array<[RegExp, Answer]>) {
  const calls: string[] = [];
  const answer = (method: string, path: string, opts: RequestOptions = {}) => {
    const query = opts.query ? `?${new URLSearchParams(opts.query as Record<string, string>)}` : '';
    calls.push(`${method} ${path}${query}${opts.body === undefined ? '' : ` ${JSON.stringify(opts.body)}`}`);
    const route = routes.find(([pattern]) => pattern.test(`${method} ${path}`));
    return route ? route[1](path, opts) : undefined;
  };
  const client: HttpClient = {
    endpoint: 'http://ism.test',
    async request<T>(method: string, path: string, opts?: RequestOptions): Promise<HttpResponse<T>> {
      return { status: 200, body: (answer(method, path, opts) ?? {}) as T };
    },
    async getIfExists<T>(path: string, opts?: RequestOptions): Promise<T | undefined> {
      return answer('GET', path, opts) as T | undefined;
    },
  };
  return { client, calls };
}

const ok = () => ({ updated_indices: 1, failures: false, failed_indices: [] });

/** Explain answers: the CloudTrail indices in every state that matters, nothing for other types. */
function cloudTrailIndices(): Record<string, unknown> {
  return {
    'siem-cloudtrail-2025.11.01': managed(policyOf(previous, DAY_POLICY)),
    'siem-cloudtrail-2025.11.02': managed(policyOf(current, DAY_POLICY)),
    'siem-cloudtrail-2025.11.03': unmanaged,
    'siem-cloudtrail-2025.11.04': { ...managed(policyOf(current, DAY_POLICY)), policy_id: 'legal-hold' },
    'siem-cloudtrail-2025.11.05': managed(policyOf(previous, DAY_POLICY), false),
    total_managed_indices: 4,
  };
}
const explainRoute = (cloudTrail: () => Record<string, unknown>): [RegExp, Answer] => [
  /^GET \/(_plugins\/_ism\/explain|_cat\/indices)\//,
  (path) => {
    const explained = path.split('/').at(-1)!.split(',').includes('siem-cloudtrail-*.*.*')
      ? cloudTrail()
      : { total_managed_indices: 0 };
    if (path.startsWith('/_plugins/')) return explained;
    // `_cat/indices/<pattern>?format=json`: the indices only, not the counters.
    return Object.keys(explained)
      .filter((key) => key.startsWith('siem-'))
      .map((index) => ({ index }));
  },
];
const explains = (calls: readonly string[]) => calls.filter((c) => !c.startsWith('GET /_cat/'));

describe('planExistingIndices', () => {
  it('sorts the indices of a policy pattern by what they need', async () => {
    // Prepare
    const { client, calls } = fakeIsm([explainRoute(cloudTrailIndices)]);

    // Act
    const plan = await planExistingIndices(client, policyOf(current, DAY_POLICY));

    // Assess
    expect(calls).toEqual([
      `GET /_cat/indices/${DAY_PATTERN}?format=json&h=index&expand_wildcards=all`,
      `GET /_plugins/_ism/explain/${DAY_PATTERN}?show_policy=true`,
    ]);
    expect(plan).toEqual({
      policyId: DAY_POLICY,
      pattern: DAY_PATTERN,
      outdated: ['siem-cloudtrail-2025.11.01'],
      unmanaged: ['siem-cloudtrail-2025.11.03'],
      otherPolicy: [{ index: 'siem-cloudtrail-2025.11.04', policyId: 'legal-hold' }],
    });
  });
});

describe('applyPoliciesToExistingIndices', () => {
  it('moves outdated indices to the current version and adds the policy to unmanaged ones, by name', async () => {
    // Prepare
    const { client, calls } = fakeIsm([
      explainRoute(cloudTrailIndices),
      [/^POST \/_plugins\/_ism\/(change_policy|add)\//, ok],
    ]);

    // Act
    const report = await applyPoliciesToExistingIndices(client, current, { log: () => undefined });

    // Assess
    expect(calls.filter((c) => c.startsWith('POST'))).toEqual([
      `POST /_plugins/_ism/change_policy/siem-cloudtrail-2025.11.01 {"policy_id":"${DAY_POLICY}"}`,
      `POST /_plugins/_ism/add/siem-cloudtrail-2025.11.03 {"policy_id":"${DAY_POLICY}"}`,
    ]);
    // Every pattern is listed; only the one with indices is explained (ISM answers 400 on none).
    expect(calls.filter((c) => c.startsWith('GET /_cat/indices/'))).toHaveLength(current.length);
    expect(explains(calls).filter((c) => c.startsWith('GET'))).toEqual([
      `GET /_plugins/_ism/explain/${DAY_PATTERN}?show_policy=true`,
    ]);
    expect(report.updated).toEqual([`existing indices of ${DAY_PATTERN} (policy ${DAY_POLICY})`]);
    expect(report.unchanged).toHaveLength(current.length - 1);
    expect(report.notes).toContain(
      `siem-cloudtrail-2025.11.04 is managed by policy legal-hold, not ${DAY_POLICY}: left alone`,
    );
  });

  it('only reads in a dry run, and says which indices it would change', async () => {
    // Prepare
    const { client, calls } = fakeIsm([explainRoute(cloudTrailIndices)]);
    const lines: string[] = [];

    // Act
    const report = await applyPoliciesToExistingIndices(client, current, {
      dryRun: true,
      log: (l) => lines.push(l),
    });

    // Assess
    expect(calls.every((c) => c.startsWith('GET /'))).toBe(true);
    expect(report.updated).toHaveLength(1);
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(`would change_policy to the current ${DAY_POLICY} on siem-cloudtrail-2025\\.11\\.01$`),
      ),
      expect.stringMatching(
        new RegExp(`would add ${DAY_POLICY} to unmanaged siem-cloudtrail-2025\\.11\\.03$`),
      ),
    ]);
  });

  it('changes nothing once every index runs the current version', async () => {
    // Prepare
    const { client, calls } = fakeIsm([
      explainRoute(() => ({
        'siem-cloudtrail-2025.11.02': managed(policyOf(current, DAY_POLICY)),
        total_managed_indices: 1,
      })),
    ]);

    // Act
    const report = await applyPoliciesToExistingIndices(client, current, { log: () => undefined });

    // Assess
    expect(calls.filter((c) => !c.startsWith('GET'))).toEqual([]);
    expect(report.updated).toEqual([]);
    expect(report.unchanged).toHaveLength(current.length);
  });

  it('splits long index lists so the request line stays short, and reports what ISM refused', async () => {
    // Prepare
    const many = Object.fromEntries(
      Array.from({ length: 150 }, (_, i) => [
        `siem-cloudtrail-${String(2000 + i)}.01.01`,
        managed(policyOf(previous, DAY_POLICY)),
      ]),
    );
    const { client, calls } = fakeIsm([
      explainRoute(() => many),
      [
        /^POST \/_plugins\/_ism\/change_policy\//,
        (path) =>
          path.includes('siem-cloudtrail-2000.01.01')
            ? {
                updated_indices: 0,
                failures: true,
                failed_indices: [
                  {
                    index_name: 'siem-cloudtrail-2000.01.01',
                    reason: 'Cannot change policy while transitioning',
                  },
                ],
              }
            : ok(),
      ],
    ]);

    // Act
    const report = await applyPoliciesToExistingIndices(client, current, { log: () => undefined });

    // Assess
    const posts = calls.filter((c) => c.startsWith('POST'));
    expect(posts.length).toBeGreaterThan(1);
    for (const post of posts) expect(post.split(' ')[1]!.length).toBeLessThan(2100);
    const named = posts.flatMap((p) =>
      p.split(' ')[1]!.replace('/_plugins/_ism/change_policy/', '').split(','),
    );
    expect(named.sort()).toEqual(Object.keys(many).sort());
    expect(report.notes).toEqual(
      expect.arrayContaining([expect.stringContaining('siem-cloudtrail-2000.01.01: Cannot change policy')]),
    );
  });
});

describe('the ISM steps of post-apply, in order', () => {
  it('writes the new policy version before switching existing indices to it', async () => {
    // Prepare
    const { client, calls } = fakeIsm([
      [
        /^GET \/_plugins\/_ism\/policies\//,
        (path) => {
          const id = decodeURIComponent(path.split('/').at(-1)!);
          return { _id: id, _seq_no: 7, _primary_term: 1, policy: asStored(policyOf(previous, id)) };
        },
      ],
      explainRoute(cloudTrailIndices),
      [/^(PUT|POST) /, ok],
    ]);
    const ro = { log: () => undefined };

    // Act
    await reconcile('ISM policies', ismPolicyResources(client, current), ro);
    await applyPoliciesToExistingIndices(client, current, ro);

    // Assess
    const cloudTrailCalls = explains(calls)
      .map((c) => c.replace(/ \{.*$/, ''))
      .filter((c) => c.includes(DAY_POLICY) || c.includes('siem-cloudtrail-'));
    expect(cloudTrailCalls).toEqual([
      `GET /_plugins/_ism/policies/${DAY_POLICY}`,
      `PUT /_plugins/_ism/policies/${DAY_POLICY}?if_seq_no=7&if_primary_term=1`,
      `GET /_plugins/_ism/explain/${DAY_PATTERN}?show_policy=true`,
      'POST /_plugins/_ism/change_policy/siem-cloudtrail-2025.11.01',
      'POST /_plugins/_ism/add/siem-cloudtrail-2025.11.03',
    ]);
  });
});
