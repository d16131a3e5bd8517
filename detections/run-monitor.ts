import { HttpError, type HttpClient } from '../opensearch/http-client';
import type { MonitorBody } from './monitors';

/*
 * Runs a monitor once through the Alerting plugin: `POST _plugins/_alerting/monitors/_execute`
 * with the monitor body itself (not wrapped), or `POST _plugins/_alerting/monitors/<id>/_execute`
 * for a stored one, always with `dryrun=true` so no alert is written and no action sent.
 * There is no imitation of the plugin here: an earlier search + painless stand-in passed every
 * test while the real plugin rejected every monitor.
 *
 * The plugin answers 200 even when the run failed; failures are in the body (`error`,
 * `input_results.error`, `trigger_results.<id>.error`). Each one becomes an exception naming the
 * monitor, so a broken monitor can never read as "did not fire".
 */

/** One bucket (bucket-level monitors) whose trigger condition held. */
export interface TriggeredBucket {
  /** The composite aggregation key of the bucket, e.g. `{ key: '203.0.113.7' }`. */
  readonly key: Readonly<Record<string, unknown>>;
  readonly docCount: number;
}

export interface MonitorRun {
  /** The monitor's name as the plugin ran it. */
  readonly monitor: string;
  readonly triggered: boolean;
  /**
   * Events behind the alert: the search's total hits for a query-level monitor, the documents of
   * the triggered buckets for a bucket-level one (0 when it did not fire).
   */
  readonly matchedEvents: number;
  /** Bucket-level monitors only: the buckets that fired. */
  readonly buckets: readonly TriggeredBucket[];
  /** The period the plugin searched, epoch milliseconds. */
  readonly periodStart: number;
  readonly periodEnd: number;
}

export interface RunMonitorOptions {
  /** End of the monitored period, epoch milliseconds (`period_end` of `_execute`). @default now */
  readonly periodEnd?: number;
}

/** The parts of the plugin's `MonitorRunResult` (its `toXContent`) read here. */
export interface ExecuteMonitorResponse {
  readonly monitor_name?: string;
  readonly period_start?: number;
  readonly period_end?: number;
  readonly error?: string | null;
  readonly input_results?: {
    readonly error?: string | null;
    readonly results?: ReadonlyArray<{ readonly hits?: { readonly total?: { readonly value?: number } } }>;
  };
  readonly trigger_results?: Readonly<
    Record<
      string,
      {
        readonly name?: string;
        readonly triggered?: boolean;
        readonly error?: string | null;
        readonly agg_result_buckets?: Readonly<
          Record<
            string,
            {
              readonly agg_alert_content?: {
                readonly bucket_keys?: readonly string[];
                readonly bucket?: { readonly doc_count?: number; readonly key?: Record<string, unknown> };
              };
            }
          >
        >;
      }
    >
  >;
}

/** A monitor run the plugin reported as failed: the monitor's own error, its input's, or a trigger's. */
export class MonitorRunError extends Error {
  constructor(
    readonly monitor: string,
    readonly where: 'monitor' | 'input' | `trigger ${string}`,
    readonly detail: string,
  ) {
    super(`monitor '${monitor}' failed (${where}): ${detail}`);
    this.name = 'MonitorRunError';
  }
}

/**
 * What a `_execute` response says: the run, or a {@link MonitorRunError}. The input's error comes
 * first: when the search fails, the triggers fail too, with a less telling message.
 */
export function monitorRunOf(name: string, response: ExecuteMonitorResponse): MonitorRun {
  const monitor = response.monitor_name ?? name;
  if (response.error) throw new MonitorRunError(monitor, 'monitor', response.error);
  if (response.input_results?.error)
    throw new MonitorRunError(monitor, 'input', response.input_results.error);
  const triggers = Object.values(response.trigger_results ?? {});
  for (const trigger of triggers) {
    if (trigger.error) throw new MonitorRunError(monitor, `trigger ${trigger.name ?? '?'}`, trigger.error);
  }
  if (triggers.length !== 1)
    throw new MonitorRunError(monitor, 'monitor', `expected one trigger result, got ${triggers.length}`);
  const [trigger] = triggers;
  const period = { periodStart: response.period_start ?? 0, periodEnd: response.period_end ?? 0 };
  if (trigger?.agg_result_buckets !== undefined) {
    const buckets = Object.entries(trigger.agg_result_buckets).map(
      ([key, { agg_alert_content: content }]) => ({
        key: content?.bucket?.key ?? { key: content?.bucket_keys?.join(',') ?? key },
        docCount: content?.bucket?.doc_count ?? 0,
      }),
    );
    return {
      monitor,
      triggered: buckets.length > 0,
      matchedEvents: buckets.reduce((n, b) => n + b.docCount, 0),
      buckets,
      ...period,
    };
  }
  const triggered = trigger?.triggered === true;
  const hits = response.input_results?.results?.[0]?.hits?.total?.value ?? 0;
  return { monitor, triggered, matchedEvents: triggered ? hits : 0, buckets: [], ...period };
}

/** A request the plugin refused (e.g. a body it cannot parse), as a {@link MonitorRunError}. */
async function execute(
  client: Pick<HttpClient, 'request'>,
  name: string,
  path: string,
  options: RunMonitorOptions,
  body?: MonitorBody,
): Promise<MonitorRun> {
  try {
    const response = await client.request<ExecuteMonitorResponse>('POST', path, {
      query: executeQuery(options),
      ...(body === undefined ? {} : { body }),
    });
    return monitorRunOf(name, response.body);
  } catch (error) {
    if (error instanceof HttpError) throw new MonitorRunError(name, 'monitor', error.message);
    throw error;
  }
}

function executeQuery(options: RunMonitorOptions): Record<string, string> {
  // `period_end` is read as a time value (`paramAsTime`): epoch milliseconds need the `ms` unit.
  return {
    dryrun: 'true',
    ...(options.periodEnd === undefined ? {} : { period_end: `${options.periodEnd}ms` }),
  };
}

/** Runs a monitor body once (`_execute?dryrun=true`); throws {@link MonitorRunError} when the run failed. */
export async function runMonitorOnce(
  client: Pick<HttpClient, 'request'>,
  monitor: MonitorBody,
  options: RunMonitorOptions = {},
): Promise<MonitorRun> {
  return execute(client, monitor.name, '/_plugins/_alerting/monitors/_execute', options, monitor);
}

/** Runs the stored monitor `id` once (`<id>/_execute?dryrun=true`); `name` is for error messages. */
export async function runStoredMonitorOnce(
  client: Pick<HttpClient, 'request'>,
  monitor: { readonly id: string; readonly name: string },
  options: RunMonitorOptions = {},
): Promise<MonitorRun> {
  const path = `/_plugins/_alerting/monitors/${encodeURIComponent(monitor.id)}/_execute`;
  return execute(client, monitor.name, path, options);
}
