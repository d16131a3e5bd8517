import type { Client } from '@opensearch-project/opensearch';
import type { MonitorBody } from '../../../detections/monitors';
import { runMonitorOnce, type MonitorRun } from '../../../detections/run-monitor';

/*
 * The detection tests' way to run a monitor once (see detections/run-monitor.ts): through the
 * Alerting plugin when the global setup found it on the node (OPENSEARCH_PLUGINS), else search
 * + painless on the node.
 */

export type { MonitorRun } from '../../../detections/run-monitor';

export function hasAlertingPlugin(): boolean {
  return (process.env.OPENSEARCH_PLUGINS ?? '').split(',').some((p) => p.includes('alerting'));
}

export async function runMonitor(
  client: Client,
  monitor: MonitorBody,
  periodEnd = Date.now(),
): Promise<MonitorRun> {
  return runMonitorOnce(client, monitor, { periodEnd, alertingPlugin: hasAlertingPlugin() });
}
