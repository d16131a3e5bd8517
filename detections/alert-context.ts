import { COMMON_FIELDS } from '../opensearch/log-types';
import type { DslQuery } from './types';

/*
 * What an alert says about the events behind it: who (principal), where (account, source IP),
 * what (event names), when (first and last event) and how many. Every source fills these common
 * fields at ingestion, so one set serves every detection.
 *
 * Where the values come from depends on the monitor type, as the Alerting plugin (2.19) builds
 * the action's mustache context:
 * - query-level: `ctx.results.0` is the search response, so aggregations over the whole search
 *   (min/max event time, top values of each field with their counts) are read by path;
 * - bucket-level: an alert carries only its `bucket_keys` (comma-joined, in no fixed order), and
 *   `ctx.results` is the composite aggregation's last page, which is empty; the bucket's own
 *   sub-aggregations never reach the action. What does is `sample_documents` of each NEW alert:
 *   the plugin searches again, adding two top_hits of 5 documents per triggered bucket, sorted
 *   by the fields of the bucket's sub-aggregations (descending and ascending), and keeps the
 *   `_source` fields the message names inside `{{#sample_documents}}`. With min/max of the event
 *   time as the composite's first sub-aggregations, the samples are the 5 newest then the 5
 *   oldest events, newest first: the first sample is the last event, the last one the first.
 *   The bucket's event count is not among them: the message gives the number of samples.
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

/** Min and max of the event time: in a composite bucket, they make the samples sort by time. */
export function eventTimeAggregations(): Record<string, DslQuery> {
  return {
    [FIRST_EVENT]: { min: { field: COMMON_FIELDS.timestamp } },
    [LAST_EVENT]: { max: { field: COMMON_FIELDS.timestamp } },
  };
}

/**
 * The aggregations of a query-level monitor's context. Not for composite buckets: the plugin
 * takes every value of a sub-aggregation's body as a sort field of its samples, and a terms
 * size is no field.
 */
export function contextAggregations(): Record<string, DslQuery> {
  return {
    ...eventTimeAggregations(),
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
 * The context lines of a query-level message, `count` being the mustache path of the number of events.
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

/** Samples the plugin keeps per bucket: 5 newest and 5 oldest. */
export const MAX_SAMPLES = 10;
/** The alert's sample documents in the action's mustache context. */
export const SAMPLES_PATH = 'sample_documents';
const SAMPLES = SAMPLES_PATH;

/**
 * The number of samples: every event of the alert up to 9, 10 from 10 on. Mustache has no
 * comparison, and the plugin's lists fail a template on an index past their end, so neither
 * "10 or more" nor the last sample (the first event) can be singled out: the sample lines,
 * newest first, give the last event first and the first event last.
 */
export const sampleCount = (): string => `{{${SAMPLES}.size}}`;

/**
 * One line per sample, newest first: when, what, who, in which account, from where, and the
 * `extraFields` (key fields of the detection that are not common fields).
 */
export function sampleLines(extraFields: readonly string[]): string {
  const f = (field: string) => `{{_source.${field}}}`;
  const extra = extraFields
    .filter((field) => !CONTEXT_FIELDS.some((c) => c.field === field))
    .map((field) => ` ${field} ${f(field)}`)
    .join('');
  return (
    `{{#${SAMPLES}}}- ${f(COMMON_FIELDS.timestamp)} ${f(COMMON_FIELDS.action)}` +
    ` principal ${f(COMMON_FIELDS.userName)} account ${f(COMMON_FIELDS.accountId)} from ${f(COMMON_FIELDS.sourceIp)}${extra}\n{{/${SAMPLES}}}`
  );
}
