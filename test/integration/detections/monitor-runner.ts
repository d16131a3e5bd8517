import type { MonitorBody } from '../../../detections/monitors';
import { runMonitorOnce, type MonitorRun } from '../../../detections/run-monitor';
import { createHttpClient } from '../../../opensearch/http-client';
import { openSearchUrl } from '../../support/env';

/*
 * The detection tests' way to run a monitor once: the Alerting plugin's
 * `_execute?dryrun=true` on the test node (see detections/run-monitor.ts). A monitor the plugin
 * rejects or fails to run throws, naming the monitor and the plugin's error.
 */

export type { MonitorRun } from '../../../detections/run-monitor';

export async function runMonitor(monitor: MonitorBody, periodEnd?: number): Promise<MonitorRun> {
  const client = createHttpClient({ endpoint: openSearchUrl(), timeoutMs: 120_000 });
  return runMonitorOnce(client, monitor, { periodEnd });
}
