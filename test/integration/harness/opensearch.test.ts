/**
 * Smoke test of the local OpenSearch node: the features the SIEM's integration tests rely on work on it,
 * with every plugin production runs (the global setup fails the run when one is missing).
 */
import { openSearchPathRepo, openSearchPlugins, openSearchUrl } from '../../support/env';
import { REQUIRED_NODE_PLUGINS } from '../../support/required-plugins';

const suffix = `${Date.now()}-${process.pid}`;
const index = `harness-smoke-${suffix}`;

async function request<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${openSearchUrl()}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 1000)}`);
  return JSON.parse(text) as T;
}

interface SearchResponse {
  hits: { total: { value: number } };
}

beforeAll(async () => {
  await request('PUT', `/${index}`, {
    settings: { number_of_shards: 1, number_of_replicas: 0 },
    mappings: { properties: { eventName: { type: 'keyword' }, '@timestamp': { type: 'date' } } },
  });
  await request('POST', `/${index}/_doc?refresh=true`, {
    eventName: 'ConsoleLogin',
    '@timestamp': new Date().toISOString(),
  });
});

afterAll(async () => {
  await request('DELETE', `/${index}`);
});

it('lists every plugin production runs', () => {
  expect(openSearchPlugins()).toEqual(expect.arrayContaining([...REQUIRED_NODE_PLUGINS]));
});

it('runs OpenSearch 2.19 with the lang-painless and lang-mustache modules', async () => {
  const nodes = await request<{ nodes: Record<string, { version: string; modules: { name: string }[] }> }>(
    'GET',
    '/_nodes/plugins',
  );
  const [node] = Object.values(nodes.nodes);
  expect(node.version).toMatch(/^2\.19\./);
  expect(node.modules.map((m) => m.name)).toEqual(expect.arrayContaining(['lang-painless', 'lang-mustache']));
});

it('finds an indexed document', async () => {
  const result = await request<SearchResponse>('POST', `/${index}/_search`, {
    query: { term: { eventName: 'ConsoleLogin' } },
  });
  expect(result.hits.total.value).toBe(1);
});

it('evaluates a painless trigger condition over a real search response', async () => {
  const search = await request<SearchResponse>('POST', `/${index}/_search`, { query: { match_all: {} } });
  // The same expression an Alerting query-monitor trigger uses, with `ctx.results` passed as params.
  const execute = async (results: unknown[]) =>
    request<{ result: string }>('POST', '/_scripts/painless/_execute', {
      script: { source: 'params.results[0].hits.total.value > 0', params: { results } },
    });
  expect((await execute([search])).result).toBe('true');
  expect((await execute([{ hits: { total: { value: 0 } } }])).result).toBe('false');
});

it('takes an fs snapshot under path.repo', async () => {
  const repository = `harness-repo-${suffix}`;
  await request('PUT', `/_snapshot/${repository}`, {
    type: 'fs',
    settings: { location: `${openSearchPathRepo()}/${repository}` },
  });
  try {
    const snapshot = await request<{ snapshot: { state: string; indices: string[] } }>(
      'PUT',
      `/_snapshot/${repository}/smoke?wait_for_completion=true`,
      { indices: index, include_global_state: false },
    );
    expect(snapshot.snapshot.state).toBe('SUCCESS');
    expect(snapshot.snapshot.indices).toEqual([index]);
  } finally {
    await request('DELETE', `/_snapshot/${repository}/smoke`);
    await request('DELETE', `/_snapshot/${repository}`);
  }
});

describe('with the opensearch-index-management plugin', () => {
  it('creates an ISM policy', async () => {
    const policyId = `harness-policy-${suffix}`;
    const created = await request<{ _id: string }>('PUT', `/_plugins/_ism/policies/${policyId}`, {
      policy: {
        description: 'harness smoke test',
        default_state: 'hot',
        states: [
          {
            name: 'hot',
            actions: [],
            transitions: [{ state_name: 'delete', conditions: { min_index_age: '1d' } }],
          },
          { name: 'delete', actions: [{ delete: {} }], transitions: [] },
        ],
      },
    });
    expect(created._id).toBe(policyId);
    await request('DELETE', `/_plugins/_ism/policies/${policyId}`);
  });
});

describe('with the opensearch-alerting plugin', () => {
  it('executes a query monitor whose painless trigger fires', async () => {
    const monitor = await request<{ _id: string }>('POST', '/_plugins/_alerting/monitors', {
      type: 'monitor',
      monitor_type: 'query_level_monitor',
      name: `harness-monitor-${suffix}`,
      enabled: false,
      schedule: { period: { interval: 1, unit: 'MINUTES' } },
      inputs: [{ search: { indices: [index], query: { query: { term: { eventName: 'ConsoleLogin' } } } } }],
      triggers: [
        {
          name: 'any-hit',
          severity: '1',
          condition: { script: { source: 'ctx.results[0].hits.total.value > 0', lang: 'painless' } },
          actions: [],
        },
      ],
    });
    try {
      const run = await request<{ trigger_results: Record<string, { triggered: boolean; error: unknown }> }>(
        'POST',
        `/_plugins/_alerting/monitors/${monitor._id}/_execute?dryrun=true`,
      );
      const [result] = Object.values(run.trigger_results);
      expect(result).toEqual(expect.objectContaining({ triggered: true, error: null }));
    } finally {
      await request('DELETE', `/_plugins/_alerting/monitors/${monitor._id}`);
    }
  });
});

describe('with the opensearch-notifications plugin', () => {
  it('creates a webhook notification channel', async () => {
    const configId = `harness-webhook-${suffix}`;
    const created = await request<{ config_id: string }>('POST', '/_plugins/_notifications/configs', {
      config_id: configId,
      config: {
        name: 'harness webhook',
        config_type: 'webhook',
        is_enabled: true,
        webhook: { url: 'https://example.com/siem-hook' },
      },
    });
    expect(created.config_id).toBe(configId);
    await request('DELETE', `/_plugins/_notifications/configs/${configId}`);
  });
});
