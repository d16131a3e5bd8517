import { LOG_TYPES, type LogType } from '../../opensearch/log-types';
import type { DemoResult } from './run-demo';

/* What the demo prints on stdout: the alerts that fired, and documents per source. */

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const format = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [format(header), ...rows.map(format)];
}

export function alertLines(result: DemoResult): string[] {
  const { alerts, monitors } = result.monitors;
  const title = `Alerts: ${alerts.length} of ${monitors} monitors fired (OpenSearch Alerting _execute)`;
  if (alerts.length === 0) return [title];
  const rows = alerts.map((a) => [
    `sev ${a.severity}`,
    a.id,
    String(a.count),
    a.keys.length > 0 ? `${a.title} [${a.keys.join(' ')}]` : a.title,
  ]);
  return [title, ...table(['SEVERITY', 'DETECTION', 'EVENTS', 'TITLE'], rows).map((l) => `  ${l}`)];
}

/** Sources whose count differs from what the demo generated. */
export function countMismatches(result: DemoResult): LogType[] {
  return LOG_TYPES.filter((t) => result.counts[t] !== result.expected[t]);
}

export function countLines(result: DemoResult, prefix: string): string[] {
  const rows = LOG_TYPES.map((t) => [
    `${prefix}${t}`,
    String(result.counts[t]),
    result.counts[t] === result.expected[t] ? '' : `expected ${result.expected[t]}`,
  ]);
  const total = LOG_TYPES.reduce((n, t) => n + result.counts[t], 0);
  return [
    `Documents per source (_count per alias): ${total} in all`,
    ...table(['ALIAS', 'DOCUMENTS', ''], rows).map((l) => `  ${l}`),
  ];
}
