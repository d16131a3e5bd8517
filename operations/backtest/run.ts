import { CompileBudget } from '../../detections/compile-budget';
import { ingestWindow } from '../../detections/monitor-window';
import { buildMonitor } from '../../detections/monitors';
import { runMonitorOnce, type MonitorRun } from '../../detections/run-monitor';
import type { Detection } from '../../detections/types';
import type { HttpClient } from '../../opensearch/http-client';
import { INDEX_PREFIX } from '../../opensearch/log-types';
import { alertsOf, type BacktestAlert, type SlotResult } from './alerts';
import { EVENT_TIME_FIELD, onEventTime } from './event-time-window';
import { MINUTE_MS, minimumDocuments, slotsOf } from './windows';

/*
 * The backtest engine: every detection's monitor, built as deployed but windowed on event time,
 * run through the Alerting plugin (`_execute?dryrun=true` with `period_end`) at each of its
 * scheduled runs over a past range. Runs that cannot fire (too few matching documents in their
 * window, from one histogram search per detection) are not sent to the plugin.
 */

/** Fields a query-level alert's principals are read from (every source that has the fact fills them). */
const ENTITY_FIELDS = [
  ['account', 'cloud.account.id'],
  ['principal', 'user.name'],
  ['source', 'source.ip'],
] as const;
/** Values of each entity field named per alert. */
const ENTITY_VALUES = 3;
/** The histogram of one search covers at most this much (1-minute buckets, under `search.max_buckets`). */
const HISTOGRAM_CHUNK_MS = 20 * 24 * 60 * MINUTE_MS;

export interface BacktestOptions {
  readonly client: Pick<HttpClient, 'request'>;
  readonly detections: readonly Detection[];
  /** Epoch ms; events from here on are replayed. */
  readonly from: number;
  /** Epoch ms; the last run ends at or before it. */
  readonly to: number;
  /** @default 'siem-' (indices `<prefix><logType>-*`) */
  readonly indexPrefix?: string;
  /** @default a budget that waits out the node's template compilation limit */
  readonly budget?: CompileBudget;
  /** Told after each detection. */
  readonly onProgress?: (progress: BacktestProgress) => void;
}

export interface BacktestProgress {
  readonly detection: string;
  readonly done: number;
  readonly total: number;
  readonly runs: number;
  readonly alerts: number;
}

export interface DetectionBacktest {
  readonly detection: Detection;
  /** Scheduled runs in the range. */
  readonly slots: number;
  /** Runs sent to the plugin. */
  readonly runs: number;
  readonly alerts: readonly BacktestAlert[];
}

export interface BacktestResult {
  readonly from: number;
  readonly to: number;
  readonly detections: readonly DetectionBacktest[];
  readonly alerts: readonly BacktestAlert[];
  readonly runs: number;
  readonly slots: number;
}

const SEARCH_QUERY = { ignore_unavailable: 'true', allow_no_indices: 'true' };

/** The detection's query over event times in `range` (epoch ms bounds). */
const inTimeRange = (
  query: Detection['query'],
  range: { readonly gte: number; readonly lte?: number; readonly lt?: number },
) => ({
  bool: { filter: [{ range: { [EVENT_TIME_FIELD]: { ...range, format: 'epoch_millis' } } }, query] },
});

interface HistogramResponse {
  aggregations?: { minutes?: { buckets?: Array<{ key: number; doc_count: number }> } };
}

/** Matching documents per minute of event time over `[from, to]`. */
async function matchesPerMinute(
  client: Pick<HttpClient, 'request'>,
  pattern: string,
  detection: Detection,
  from: number,
  to: number,
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (let start = from; start <= to; start += HISTOGRAM_CHUNK_MS) {
    const end = Math.min(to, start + HISTOGRAM_CHUNK_MS - 1);
    const { body } = await client.request<HistogramResponse>('POST', `/${pattern}/_search`, {
      query: SEARCH_QUERY,
      body: {
        size: 0,
        query: inTimeRange(detection.query, { gte: start, lte: end }),
        aggregations: {
          minutes: { date_histogram: { field: EVENT_TIME_FIELD, fixed_interval: '1m', min_doc_count: 1 } },
        },
      },
    });
    for (const b of body.aggregations?.minutes?.buckets ?? []) counts.set(b.key, b.doc_count);
  }
  return counts;
}

interface EntityResponse {
  aggregations?: Record<string, { buckets?: Array<{ key: string | number; key_as_string?: string }> }>;
}

/** "account 111… · principal deploy, alice · source 203.0.113.7" for a query-level alert's window. */
async function entitiesOf(
  client: Pick<HttpClient, 'request'>,
  pattern: string,
  detection: Detection,
  alert: BacktestAlert,
  from: number,
): Promise<string> {
  const since = Math.max(from, alert.at - windowMinutes(detection) * MINUTE_MS);
  const { body } = await client.request<EntityResponse>('POST', `/${pattern}/_search`, {
    query: SEARCH_QUERY,
    body: {
      size: 0,
      query: inTimeRange(detection.query, { gte: since, lt: alert.at }),
      aggregations: Object.fromEntries(
        ENTITY_FIELDS.map(([name, field]) => [name, { terms: { field, size: ENTITY_VALUES } }]),
      ),
    },
  });
  return ENTITY_FIELDS.flatMap(([name]) => {
    const values = (body.aggregations?.[name]?.buckets ?? []).map((b) => b.key_as_string ?? String(b.key));
    return values.length > 0 ? [`${name} ${values.join(', ')}`] : [];
  }).join(' · ');
}

const keyText = (key: Readonly<Record<string, unknown>>) => Object.values(key).map(String).join(',');

function slotResult(end: number, run: MonitorRun | undefined): SlotResult {
  if (!run) return { end, triggered: false, buckets: [], matchedEvents: 0 };
  return {
    end,
    triggered: run.triggered,
    buckets: run.buckets.map((b) => ({ key: keyText(b.key), docCount: b.docCount })),
    matchedEvents: run.matchedEvents,
  };
}

/**
 * How far back one run looks: the interval for a detection that fires on one event (windows tile),
 * its lookback when it counts (monitor-window.ts).
 */
function windowMinutes(detection: Detection): number {
  const window = ingestWindow(detection, detection.scheduleMinutes, { delayMinutes: 0 });
  return window.startMinutes - window.endMinutes;
}

/** One detection over the range. */
export async function backtestDetection(
  opts: Omit<BacktestOptions, 'detections' | 'onProgress'> & { readonly detection: Detection },
): Promise<DetectionBacktest> {
  const { client, detection, from, to } = opts;
  const prefix = opts.indexPrefix ?? INDEX_PREFIX;
  const budget = opts.budget ?? new CompileBudget();
  const pattern = `${prefix}${detection.logType}-*`;
  const monitor = onEventTime(buildMonitor(detection, { indexPattern: pattern, channels: [] }), { from, to });
  const slots = slotsOf({
    from,
    to,
    scheduleMinutes: detection.scheduleMinutes,
    lookbackMinutes: windowMinutes(detection),
    matchesPerMinute: await matchesPerMinute(client, pattern, detection, from, to),
    minimum: minimumDocuments(detection.condition),
  });
  const runs = new Map<number, MonitorRun>();
  for (const end of slots.toRun) {
    runs.set(end, await budget.run(() => runMonitorOnce(client, monitor, { periodEnd: end })));
  }
  const raised = alertsOf(
    detection,
    monitor.monitor_type === 'bucket_level_monitor',
    slots.ends.map((end) => slotResult(end, runs.get(end))),
  );
  const alerts: BacktestAlert[] = [];
  for (const alert of raised) {
    alerts.push(
      alert.entity === ''
        ? { ...alert, entity: await entitiesOf(client, pattern, detection, alert, from) }
        : alert,
    );
  }
  return { detection, slots: slots.ends.length, runs: slots.toRun.length, alerts };
}

/** Every detection over the range, one after another (the node's compile budget is shared). */
export async function backtest(opts: BacktestOptions): Promise<BacktestResult> {
  if (!(opts.to > opts.from)) throw new Error('the backtest range is empty: --to must be after --from');
  const budget = opts.budget ?? new CompileBudget();
  const results: DetectionBacktest[] = [];
  for (const detection of opts.detections) {
    const result = await backtestDetection({ ...opts, detection, budget });
    results.push(result);
    opts.onProgress?.({
      detection: detection.id,
      done: results.length,
      total: opts.detections.length,
      runs: results.reduce((n, r) => n + r.runs, 0),
      alerts: results.reduce((n, r) => n + r.alerts.length, 0),
    });
  }
  return {
    from: opts.from,
    to: opts.to,
    detections: results,
    alerts: results
      .flatMap((r) => r.alerts)
      .sort((a, b) => a.at - b.at || a.detection.localeCompare(b.detection)),
    runs: results.reduce((n, r) => n + r.runs, 0),
    slots: results.reduce((n, r) => n + r.slots, 0),
  };
}
