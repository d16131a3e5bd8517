import { COMMON_FIELDS } from '../opensearch/log-types';
import type { DslQuery } from './types';

/*
 * What an alert says about the events behind it: who (principal), where (account, source IP),
 * what (event names), when (first and last event) and how many. Every source fills these common
 * fields at ingestion, so one set of aggregations serves every detection: on the whole search of
 * a query-level monitor, and inside each composite bucket of a bucket-level one, where the
 * Alerting plugin hands the whole bucket (sub-aggregations included) to the action as
 * `agg_alert_content.bucket`. Terms and min/max, not top_hits: a bucket is stored in its alert
 * document, and a few values with counts say more than one sample event.
 */

export const FIRST_EVENT = 'first_event';
export const LAST_EVENT = 'last_event';

/** Values listed per field: enough to name the actors, short enough for a chat line. */
export const TOP_VALUES = 3;

/** The fields a message lists, each as the label it goes under. */
export const CONTEXT_FIELDS: ReadonlyArray<{
  readonly name: string;
  readonly field: string;
  readonly label: string;
}> = [
  { name: 'ctx_principal', field: COMMON_FIELDS.userName, label: 'Principal' },
  { name: 'ctx_account', field: COMMON_FIELDS.accountId, label: 'Account' },
  { name: 'ctx_source_ip', field: COMMON_FIELDS.sourceIp, label: 'Source IP' },
  { name: 'ctx_event', field: COMMON_FIELDS.action, label: 'Event' },
];

/** Names of the aggregations below; a detection's own aggregations must not reuse them. */
export const CONTEXT_AGGREGATION_NAMES: readonly string[] = [
  FIRST_EVENT,
  LAST_EVENT,
  ...CONTEXT_FIELDS.map((f) => f.name),
];

/** The aggregations of the context, to add to a search or to each bucket of a composite one. */
export function contextAggregations(): Record<string, DslQuery> {
  return {
    [FIRST_EVENT]: { min: { field: COMMON_FIELDS.timestamp } },
    [LAST_EVENT]: { max: { field: COMMON_FIELDS.timestamp } },
    ...Object.fromEntries(
      CONTEXT_FIELDS.map((f) => [f.name, { terms: { field: f.field, size: TOP_VALUES } }]),
    ),
  };
}

/** Mustache paths of the first and last event time under `scope` (where the aggregations are). */
export function eventTimePaths(scope: string): { readonly from: string; readonly to: string } {
  return { from: `${scope}.${FIRST_EVENT}.value_as_string`, to: `${scope}.${LAST_EVENT}.value_as_string` };
}

/**
 * The context lines of a message, `count` being the mustache path of the number of events.
 * Plain text, one fact a line, values as `value (count)`; a field no event has reads `-`.
 */
export function contextLines(scope: string, count: string): string[] {
  const times = eventTimePaths(scope);
  return [
    `Events: {{${count}}}, first {{${times.from}}}, last {{${times.to}}}`,
    ...CONTEXT_FIELDS.map((f) => {
      const buckets = `${scope}.${f.name}.buckets`;
      return `${f.label}: {{#${buckets}}}{{key}} ({{doc_count}})  {{/${buckets}}}{{^${buckets}}}-{{/${buckets}}}`;
    }),
  ];
}
