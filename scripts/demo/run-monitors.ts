import type { SiemConfig } from '../../config/schema';
import { allDetections } from '../../detections';
import {
  CLOUDTRAIL_FRESHNESS,
  buildFreshnessMonitor,
  buildMonitor,
  type MonitorBody,
} from '../../detections/monitors';
import { CompileBudget } from '../../detections/compile-budget';
import { INGESTED_FIELD, ingestWindow, periodEndCovering } from '../../detections/monitor-window';
import { runMonitorOnce } from '../../detections/run-monitor';
import type { Severity } from '../../detections/types';
import type { HttpClient } from '../../opensearch/http-client';

/** An alert the demo's monitor run raised. */
export interface DemoAlert {
  readonly severity: Severity;
  /** Detection (or freshness check) id; the monitor is named `siem: <id>`. */
  readonly id: string;
  readonly title: string;
  /** Events behind the alert. */
  readonly count: number;
  /** Bucket-level monitors: the keys that fired, e.g. a source address. */
  readonly keys: readonly string[];
}

export interface MonitorSweep {
  readonly monitors: number;
  readonly alerts: readonly DemoAlert[];
}

interface Check {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly monitor: MonitorBody;
}

/** Requests in flight at once: the node has one core to spare on a small machine. */
const CONCURRENCY = 4;

function checks(config: SiemConfig, prefix: string): Check[] {
  const pattern = (logType: string) => `${prefix}${logType}-*`;
  return [
    ...allDetections(config).map((d) => ({
      id: d.id,
      title: d.title,
      severity: d.severity,
      // Dry runs: no notification channel is attached.
      monitor: buildMonitor(d, { indexPattern: pattern(d.logType), channels: [] }),
    })),
    {
      id: CLOUDTRAIL_FRESHNESS.id,
      title: CLOUDTRAIL_FRESHNESS.title,
      severity: CLOUDTRAIL_FRESHNESS.severity,
      monitor: buildFreshnessMonitor(CLOUDTRAIL_FRESHNESS, {
        indexPattern: pattern(CLOUDTRAIL_FRESHNESS.logType),
        channels: [],
      }),
    },
  ];
}

/**
 * The first run whose ingestion window holds every document of the demo's indices (detections
 * select on `event.ingested`): a run right now would not see what was just ingested until the
 * window's delay has passed. Windows end together, so the narrowest (the shortest schedule) decides.
 */
async function periodEndAfterIngestion(
  client: Pick<HttpClient, 'request'>,
  prefix: string,
  narrowestMinutes: number,
): Promise<number> {
  const { body } = await client.request<{
    aggregations?: Record<'from' | 'to', { value: number | null }>;
  }>('POST', `/${prefix}*/_search`, {
    body: {
      size: 0,
      aggregations: { from: { min: { field: INGESTED_FIELD } }, to: { max: { field: INGESTED_FIELD } } },
    },
  });
  const from = body.aggregations?.from.value;
  const to = body.aggregations?.to.value;
  if (from == null || to == null) return Date.now();
  const oneEvent = { condition: { kind: 'threshold', minCount: 1 }, lookbackMinutes: 0 } as const;
  return periodEndCovering({ from, to }, ingestWindow(oneEvent, narrowestMinutes));
}

/**
 * Runs every monitor of the deployment once, right after the ingestion, through the Alerting plugin's `_execute`, and
 * returns those that fired, most urgent first. Throws, naming every monitor the plugin failed to
 * run, when any did.
 */
export async function runAllMonitors(
  client: Pick<HttpClient, 'request'>,
  config: SiemConfig,
  prefix: string,
): Promise<MonitorSweep> {
  const queue = checks(config, prefix);
  const total = queue.length;
  const shortest = Math.min(...allDetections(config).map((d) => d.scheduleMinutes));
  const periodEnd = await periodEndAfterIngestion(client, prefix, shortest);
  const alerts: DemoAlert[] = [];
  const failures: string[] = [];
  // A node with default script settings compiles 75 monitor templates per 5 minutes: wait, don't fail.
  const budget = new CompileBudget();
  const worker = async () => {
    for (let check = queue.shift(); check; check = queue.shift()) {
      const run = await budget
        .run(() => runMonitorOnce(client, check.monitor, { periodEnd }))
        .catch((error: unknown) => {
          failures.push(error instanceof Error ? error.message : String(error));
          return undefined;
        });
      if (!run?.triggered) continue;
      alerts.push({
        severity: check.severity,
        id: check.id,
        title: check.title,
        count: run.matchedEvents,
        keys: run.buckets.map((b) => Object.values(b.key).map(String).join(',')),
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (failures.length > 0)
    throw new Error(`${failures.length} of ${total} monitors failed to run:\n${failures.sort().join('\n')}`);
  alerts.sort((a, b) => a.severity - b.severity || a.id.localeCompare(b.id));
  return { monitors: total, alerts };
}
