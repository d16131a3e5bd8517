import type { LogType } from '../opensearch/log-types';
import { CONTEXT_FIELDS, contextLines, eventTimePaths } from './alert-context';
import { DISCOVER_PATH, discoverLinkTemplate, type DiscoverFilter } from './discover-link';
import type { Detection, DslQuery } from './types';

/*
 * The subject and message templates of a detection's notifications: plain text, one fact a line,
 * readable as an email, a Slack or Chime message and a webhook body alike. One template of each
 * per detection, whatever the number of channels, so the node compiles no more of them than before.
 */

/** The id saved-objects/index-patterns.ts gives a log type's index pattern (a unit test holds them equal). */
export function discoverIndexPatternId(logType: LogType): string {
  return `siem-${logType}`;
}

/** Discover's columns: who did what, where, with which outcome. */
const COLUMNS = ['cloud.account.id', 'user.name', 'event.action', 'event.outcome', 'source.ip'];

/** A key field of a bucket-level monitor, as the composite aggregation names it. */
export interface BucketKey {
  readonly field: string;
  /** Name of the composite source (`key`, `key1`...). */
  readonly name: string;
  /** Documents missing the field form their own bucket (`missing_bucket`), keyed `null`. */
  readonly missingBucket: boolean;
}

export interface AlertMessageOptions {
  /** OpenSearch Dashboards base URL; without it the link is a path from that base. */
  readonly dashboardsUrl?: string;
  /**
   * The monitor's whole search query, window included (the `{{period_end}}` placeholder and
   * epoch_millis ranges of the search template): the link filters on it as well, so it selects the
   * same events as the run, whatever the window's clauses are.
   */
  readonly windowedQuery: DslQuery;
}

/** The monitor's query with its dates read as ISO 8601, the form `ctx.periodEnd` renders in. */
function isoDates(query: unknown): unknown {
  if (Array.isArray(query)) return query.map(isoDates);
  if (query === null || typeof query !== 'object') return query;
  return Object.fromEntries(
    Object.entries(query).map(([k, v]) =>
      k === 'format' && v === 'epoch_millis' ? [k, 'strict_date_optional_time'] : [k, isoDates(v)],
    ),
  );
}

function runFilter(detection: Detection, opts: AlertMessageOptions): DiscoverFilter {
  return {
    kind: 'custom',
    alias: `${detection.title}: the run's window`,
    query: isoDates(opts.windowedQuery) as DslQuery,
    placeholders: { '{{period_end}}': 'ctx.periodEnd' },
  };
}

function header(detection: Detection): string[] {
  return [
    `${detection.title} (${detection.id}), severity ${detection.severity}`,
    `MITRE ATT&CK: ${detection.mitre.id} ${detection.mitre.name}`,
    detection.description,
    '',
  ];
}

function footer(opts: AlertMessageOptions): string[] {
  return [
    '',
    'Run: {{ctx.periodEnd}}. The link shows the events this run evaluated and fired on.',
    ...(opts.dashboardsUrl
      ? []
      : [`(The Discover link starts at ${DISCOVER_PATH}: put the OpenSearch Dashboards URL before it.)`]),
  ];
}

export function subjectTemplate(detection: Detection): string {
  return `[SIEM sev ${detection.severity}] ${detection.title}`;
}

/** A query-level monitor's message; `matches` is its condition's line, aggregations at `ctx.results.0.aggregations`. */
export function queryLevelMessage(detection: Detection, matches: string, opts: AlertMessageOptions): string {
  const scope = 'ctx.results.0.aggregations';
  const times = eventTimePaths(scope);
  const link = discoverLinkTemplate({
    dashboardsUrl: opts.dashboardsUrl,
    indexPatternId: discoverIndexPatternId(detection.logType),
    fromPath: times.from,
    toPath: times.to,
    columns: COLUMNS,
    filters: () => [runFilter(detection, opts)],
  });
  return [
    ...header(detection),
    matches,
    ...contextLines(scope, 'ctx.results.0.hits.total.value'),
    `Discover: ${link}`,
    ...footer(opts),
  ].join('\n');
}

const labelOf = (field: string) => CONTEXT_FIELDS.find((f) => f.field === field)?.label ?? field;

/** The subject of a bucket-level monitor's notification, naming the entity (one alert per notification). */
export function bucketSubjectTemplate(detection: Detection, keys: readonly BucketKey[]): string {
  const values = keys
    .map(
      (k) =>
        `{{agg_alert_content.bucket.key.${k.name}}}{{^agg_alert_content.bucket.key.${k.name}}}-{{/agg_alert_content.bucket.key.${k.name}}}`,
    )
    .join(' ');
  return `${subjectTemplate(detection)}: {{#ctx.newAlerts}}${values} {{/ctx.newAlerts}}`.trimEnd();
}

/**
 * A bucket-level monitor's message: one section per new alert (the plugin sends one alert per
 * notification, or all of them in one when a run has more than its actionable-alert limit).
 */
export function bucketLevelMessage(
  detection: Detection,
  keys: readonly BucketKey[],
  perBucket: string,
  opts: AlertMessageOptions,
): string {
  const scope = 'agg_alert_content.bucket';
  const times = eventTimePaths(scope);
  const keyPath = (k: BucketKey) => `${scope}.key.${k.name}`;
  const link = discoverLinkTemplate({
    dashboardsUrl: opts.dashboardsUrl,
    indexPatternId: discoverIndexPatternId(detection.logType),
    fromPath: times.from,
    toPath: times.to,
    columns: COLUMNS,
    filters: (valueOf) => [
      runFilter(detection, opts),
      ...keys.map((k): DiscoverFilter => {
        const phrase: DiscoverFilter = { kind: 'phrase', field: k.field, value: valueOf(keyPath(k)) };
        return k.missingBucket
          ? {
              kind: 'either',
              path: keyPath(k),
              ifPresent: phrase,
              ifAbsent: { kind: 'missing', field: k.field },
            }
          : phrase;
      }),
    ],
  });
  const entity = keys
    .map((k) => `${labelOf(k.field)} {{${keyPath(k)}}}{{^${keyPath(k)}}}(none){{/${keyPath(k)}}}`)
    .join(', ');
  return [
    ...header(detection),
    '{{#ctx.newAlerts}}',
    `Entity: ${entity}`,
    perBucket,
    ...contextLines(scope, `${scope}.doc_count`),
    `Discover: ${link}`,
    '{{/ctx.newAlerts}}',
    ...footer(opts),
  ].join('\n');
}
