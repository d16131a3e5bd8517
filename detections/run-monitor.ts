import type { Client } from '@opensearch-project/opensearch';
import type { MonitorBody } from './monitors';

/*
 * Runs a monitor body once and says whether its trigger fired, and on how many events.
 *
 * With the Alerting plugin on the node this is `POST _plugins/_alerting/monitors/_execute?dryrun=true`.
 * Without it (the plugin is not published where the local node installs from), the same
 * steps the plugin takes are done here, with OpenSearch still doing the real work: the query's
 * `{{period_start}}`/`{{period_end}}` are rendered as epoch milliseconds, the search runs on the
 * node, and the trigger's painless condition is evaluated by the node's painless engine, on
 * `ctx.results[0]` for query-level monitors and per composite bucket (`params.<buckets_path>`)
 * for bucket-level ones. Used by the detection tests and the local demo.
 */

/** One composite bucket whose trigger condition held. */
export interface TriggeredBucket {
  readonly key: Record<string, unknown>;
  readonly docCount: number;
}

export interface MonitorRun {
  readonly triggered: boolean;
  /** How the run was done, for failure messages. */
  readonly via: 'alerting-plugin' | 'search-and-painless';
  /**
   * Events behind the alert: the search's total hits for a query-level monitor, the documents of
   * the triggered buckets for a bucket-level one (0 when it did not fire).
   */
  readonly matchedEvents: number;
  /** Bucket-level monitors only: the buckets that fired. */
  readonly buckets: readonly TriggeredBucket[];
}

export interface RunMonitorOptions {
  /** End of the monitored period, epoch milliseconds. @default now */
  readonly periodEnd?: number;
  /** Run through the Alerting plugin's `_execute` API (see {@link alertingPluginInstalled}). */
  readonly alertingPlugin: boolean;
}

/** Whether the node has the Alerting plugin (`_cat/plugins` lists it as `opensearch-alerting`). */
export async function alertingPluginInstalled(client: Client): Promise<boolean> {
  const response = await client.transport.request({
    method: 'GET',
    path: '/_cat/plugins',
    querystring: { format: 'json', h: 'component' },
  });
  const plugins = response.body as Array<{ component: string }>;
  return plugins.some((p) => p.component.includes('alerting'));
}

interface ExecuteResponse {
  error: string | null;
  input_results: { error: string | null; results?: Array<{ hits?: { total?: { value?: number } } }> };
  trigger_results: Record<
    string,
    {
      triggered?: boolean;
      error: string | null;
      agg_result_buckets?: Record<string, { bucket_keys?: string[]; doc_count?: number }>;
    }
  >;
}

async function executeWithPlugin(client: Client, monitor: MonitorBody): Promise<MonitorRun> {
  const response = await client.transport.request({
    method: 'POST',
    path: '/_plugins/_alerting/monitors/_execute',
    querystring: { dryrun: 'true' },
    body: { monitor },
  });
  const result = response.body as ExecuteResponse;
  const triggers = Object.values(result.trigger_results);
  const failure = result.error ?? result.input_results.error ?? triggers.find((t) => t.error)?.error;
  if (failure) throw new Error(`monitor ${monitor.name} failed: ${failure}`);
  if (triggers.length !== 1) throw new Error(`monitor ${monitor.name}: expected one trigger result`);
  const [trigger] = triggers;
  if (trigger?.agg_result_buckets !== undefined) {
    const buckets = Object.entries(trigger.agg_result_buckets).map(([key, bucket]) => ({
      key: { key: bucket.bucket_keys?.join(',') ?? key },
      docCount: bucket.doc_count ?? 0,
    }));
    return {
      triggered: buckets.length > 0,
      via: 'alerting-plugin',
      matchedEvents: buckets.reduce((n, b) => n + b.docCount, 0),
      buckets,
    };
  }
  const triggered = trigger?.triggered === true;
  const hits = result.input_results.results?.[0]?.hits?.total?.value ?? 0;
  return { triggered, via: 'alerting-plugin', matchedEvents: triggered ? hits : 0, buckets: [] };
}

/** Renders the two template variables the Alerting plugin gives a search input. */
function renderQuery(query: unknown, periodStart: number, periodEnd: number): Record<string, unknown> {
  const text = JSON.stringify(query)
    .replaceAll('{{period_end}}', String(periodEnd))
    .replaceAll('{{period_start}}', String(periodStart));
  const leftover = /\{\{[^}]*\}\}/.exec(text);
  if (leftover)
    throw new Error(`query uses a template variable the Alerting plugin does not provide: ${leftover[0]}`);
  return JSON.parse(text) as Record<string, unknown>;
}

async function painless(client: Client, source: string, params: Record<string, unknown>): Promise<boolean> {
  const response = await client.transport.request({
    method: 'POST',
    path: '/_scripts/painless/_execute',
    body: { script: { source, params } },
  });
  const { result } = response.body as { result: string };
  if (result !== 'true' && result !== 'false')
    throw new Error(`condition did not return a boolean: ${result}`);
  return result === 'true';
}

interface CompositeBucket {
  key: Record<string, unknown>;
  doc_count: number;
  [metric: string]: unknown;
}

async function executeLocally(client: Client, monitor: MonitorBody, periodEnd: number): Promise<MonitorRun> {
  const periodStart = periodEnd - monitor.schedule.period.interval * 60_000;
  const { indices, query } = monitor.inputs[0].search;
  const body = renderQuery(query, periodStart, periodEnd);
  const search = async (request: Record<string, unknown>) =>
    (await client.search({ index: indices.join(','), body: request })).body as unknown as Record<
      string,
      unknown
    >;

  if (monitor.monitor_type === 'query_level_monitor') {
    const trigger = monitor.triggers[0]?.query_level_trigger;
    if (!trigger) throw new Error(`monitor ${monitor.name} has no trigger`);
    const results = [await search(body)];
    // `ctx` is the trigger's execution context in the plugin; here it is passed as a parameter.
    const triggered = await painless(client, `def ctx = params.ctx; ${trigger.condition.script.source}`, {
      ctx: { results, periodStart, periodEnd },
    });
    const hits = (results[0]?.hits as { total?: { value?: number } } | undefined)?.total?.value ?? 0;
    return { triggered, via: 'search-and-painless', matchedEvents: triggered ? hits : 0, buckets: [] };
  }

  const trigger = monitor.triggers[0]?.bucket_level_trigger;
  if (!trigger) throw new Error(`monitor ${monitor.name} has no trigger`);
  const { buckets_path: bucketsPath, parent_bucket_path: parent, script } = trigger.condition;
  const aggregations = body.aggregations as Record<string, { composite: Record<string, unknown> }>;
  const composite = aggregations[parent]?.composite;
  if (!composite) throw new Error(`monitor ${monitor.name}: no composite aggregation '${parent}'`);
  const fired: TriggeredBucket[] = [];
  let after: unknown;
  do {
    const page = await search({
      ...body,
      aggregations: { [parent]: { composite: { ...composite, ...(after ? { after } : {}) } } },
    });
    const result = (page.aggregations as Record<string, { buckets: CompositeBucket[]; after_key?: unknown }>)[
      parent
    ];
    for (const bucket of result?.buckets ?? []) {
      const params = Object.fromEntries(
        Object.entries(bucketsPath).map(([name, path]) => [
          name,
          path === '_count' ? bucket.doc_count : (bucket[path] as { value?: unknown } | undefined)?.value,
        ]),
      );
      if (await painless(client, script.source, params))
        fired.push({ key: bucket.key, docCount: bucket.doc_count });
    }
    after = result?.buckets.length ? result.after_key : undefined;
  } while (after);
  return {
    triggered: fired.length > 0,
    via: 'search-and-painless',
    matchedEvents: fired.reduce((n, b) => n + b.docCount, 0),
    buckets: fired,
  };
}

/** Runs `monitor` once: through the Alerting plugin when the node has it, else search + painless. */
export async function runMonitorOnce(
  client: Client,
  monitor: MonitorBody,
  options: RunMonitorOptions,
): Promise<MonitorRun> {
  return options.alertingPlugin
    ? executeWithPlugin(client, monitor)
    : executeLocally(client, monitor, options.periodEnd ?? Date.now());
}
