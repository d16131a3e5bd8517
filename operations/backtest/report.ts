import type { Severity } from '../../detections/types';
import type { BacktestAlert } from './alerts';
import type { BacktestResult } from './run';
import { table } from '../text-table';

/* What a backtest prints: alerts per day, detection and entity; then per severity and per detection. */

const SEVERITIES: readonly Severity[] = [1, 2, 3, 4, 5];

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Alerts per severity, every severity listed (zeros too). */
export function perSeverity(alerts: readonly BacktestAlert[]): Record<Severity, number> {
  const counts = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } as Record<Severity, number>;
  for (const a of alerts) counts[a.severity] += 1;
  return counts;
}

/** Alerts per detection, most first. */
export function perDetection(
  alerts: readonly BacktestAlert[],
): Array<{ detection: string; severity: Severity; alerts: number }> {
  const counts = new Map<string, { detection: string; severity: Severity; alerts: number }>();
  for (const a of alerts) {
    const entry = counts.get(a.detection) ?? { detection: a.detection, severity: a.severity, alerts: 0 };
    entry.alerts += 1;
    counts.set(a.detection, entry);
  }
  return [...counts.values()].sort(
    (a, b) => a.severity - b.severity || b.alerts - a.alerts || a.detection.localeCompare(b.detection),
  );
}

/** One row per day, detection and entity: how many alerts, over how many events, first and last. */
export function alertRows(alerts: readonly BacktestAlert[]): string[] {
  const groups = new Map<string, BacktestAlert[]>();
  for (const a of alerts) {
    const key = [dayOf(a.at), a.severity, a.detection, a.entity].join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  const rows = [...groups.values()]
    .map((group) => {
      const first = group[0]!;
      const times = group.map((a) => a.at);
      return [
        dayOf(first.at),
        `sev ${first.severity}`,
        first.detection,
        String(group.length),
        String(group.reduce((n, a) => n + a.events, 0)),
        `${new Date(Math.min(...times)).toISOString().slice(11, 16)}–${new Date(Math.max(...times)).toISOString().slice(11, 16)}`,
        first.entity || '-',
      ];
    })
    .sort((a, b) => a.slice(0, 3).join(' ').localeCompare(b.slice(0, 3).join(' ')));
  return table(['DAY', 'SEVERITY', 'DETECTION', 'ALERTS', 'EVENTS', 'RUNS (UTC)', 'ENTITY'], rows);
}

export function summaryLines(result: BacktestResult): string[] {
  const severity = perSeverity(result.alerts);
  const days = Math.max(1, (result.to - result.from) / 86_400_000);
  return [
    `${result.alerts.length} alerts from ${result.detections.length} detections over ${new Date(result.from).toISOString()} – ${new Date(result.to).toISOString()} (${(result.alerts.length / days).toFixed(1)} per day)`,
    `per severity: ${SEVERITIES.map((s) => `sev ${s}: ${severity[s]}`).join(', ')}`,
    `${result.runs} monitor runs through the Alerting plugin (_execute, dry run) of ${result.slots} scheduled; the others had too few matching events in their window to fire`,
  ];
}

/** Everything the command prints on stdout. */
export function reportLines(result: BacktestResult): string[] {
  const lines: string[] = [];
  if (result.alerts.length > 0) {
    lines.push(...alertRows(result.alerts), '');
    lines.push(
      ...table(
        ['SEVERITY', 'DETECTION', 'ALERTS'],
        perDetection(result.alerts).map((d) => [`sev ${d.severity}`, d.detection, String(d.alerts)]),
      ),
      '',
    );
  }
  return [...lines, ...summaryLines(result)];
}
