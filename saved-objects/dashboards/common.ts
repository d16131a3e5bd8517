import { COMMON_FIELDS, type LogType } from '../../opensearch/log-types';
import { ALL_LOGS_INDEX_PATTERN_ID, indexPatternId } from '../index-patterns';
import type { DataSource, MetricSpec, MetricVisSpec, PanelSpec } from '../spec';

/** Reads all days of one log type. */
export function logs(logType: LogType): DataSource {
  return { indexPattern: indexPatternId(logType) };
}

/** Reads every log type at once. */
export const allLogs: DataSource = { indexPattern: ALL_LOGS_INDEX_PATTERN_ID };

export const count: MetricSpec = { type: 'count', label: 'Events' };

export const F = COMMON_FIELDS;

/** Visualization id: `siem-vis-<dashboard>-<name>`, stable across releases. */
export function visId(dashboard: string, name: string): string {
  return `siem-vis-${dashboard}-${name}`;
}

/** The headline numbers at a dashboard's top left: a metric panel 16 columns wide and 8 rows high. */
export function headlineMetrics(visualization: Omit<MetricVisSpec, 'kind'>): PanelSpec {
  return { width: 16, height: 8, visualization: { kind: 'metric', ...visualization } };
}

/** The count of a request log (web, load balancer, S3 access). */
export const requestCount = { type: 'count', label: 'Requests' } as const;

/** A web log's headline: requests, distinct client addresses and bytes sent, by the log's own field names. */
export function requestsClientsBytes(
  id: string,
  source: DataSource,
  fields: { readonly clientIp: string; readonly bytesSent: string },
): PanelSpec {
  return headlineMetrics({
    id,
    title: 'Requests, clients and bytes',
    source,
    metrics: [
      requestCount,
      { type: 'cardinality', field: fields.clientIp, label: 'Clients' },
      { type: 'sum', field: fields.bytesSent, label: 'Bytes sent' },
    ],
  });
}
