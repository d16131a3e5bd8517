import type { LogType } from '../opensearch/log-types';
import {
  CONTEXT_FIELDS,
  contextLines,
  eventTimePaths,
  MAX_SAMPLES,
  SAMPLES_PATH,
  sampleCount,
  sampleLines,
} from './alert-context';
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

const EVENT_TIME = '@timestamp';
/** Discover's time range when the window has no bound on event time: a week, as the monitors' default. */
const DEFAULT_LOOKBACK = '7d';

/** Discover's columns: who did what, where, with which outcome. */
const COLUMNS = ['cloud.account.id', 'user.name', 'event.action', 'event.outcome', 'source.ip'];

/** A key field of a bucket-level monitor, as the composite aggregation names it. */
export interface BucketKey {
  readonly field: string;
  /** Name of the composite source (`key`, `key1`...). */
  readonly name: string;
  /** Documents missing the field form their own bucket (keyed `-`, by a key script). */
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

/**
 * The oldest event time the monitor evaluates, as mustache text: the lower bound of its window
 * on `@timestamp` (its `{{period_end}}` read as the run's end). Discover's time range starts
 * there, so the range hides none of the alert's events whatever their age.
 */
export function eventTimeLowerBound(windowedQuery: DslQuery): string {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      const range = (value as { range?: Record<string, { gte?: unknown }> }).range;
      const gte = range?.[EVENT_TIME]?.gte;
      if (typeof gte === 'string') found.push(gte);
      Object.values(value).forEach(walk);
    }
  };
  walk(windowedQuery);
  const bound = found[0] ?? `{{period_end}}||-${DEFAULT_LOOKBACK}`;
  return bound.split('{{period_end}}').join('{{ctx.periodEnd}}');
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

/**
 * The subject (email through SNS, the title elsewhere): fixed text, no entity. SNS refuses a
 * subject over 100 characters, and mustache cannot cut one short; the message names the entity.
 */
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
    from: `{{${times.from}}}`,
    to: `{{${times.to}}}`,
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

/**
 * A bucket-level monitor's message: one section per new alert (the plugin sends one alert per
 * notification, or all of them in one when a run has more than its actionable-alert limit),
 * from the alert's bucket keys and sample documents (see alert-context.ts). Nothing reads a
 * sample by index: the plugin fails a whole template on an index past a list's end, and a
 * sample search that failed leaves the list empty; then the message and link still go out,
 * without samples and without the key filters.
 */
export function bucketLevelMessage(
  detection: Detection,
  keys: readonly BucketKey[],
  condition: string,
  opts: AlertMessageOptions,
): string {
  const link = discoverLinkTemplate({
    dashboardsUrl: opts.dashboardsUrl,
    indexPatternId: discoverIndexPatternId(detection.logType),
    from: eventTimeLowerBound(opts.windowedQuery),
    // No upper bound on event time in the window (a skewed clock's future event is evaluated too).
    to: '{{ctx.periodEnd}}||+1d',
    columns: COLUMNS,
    filters: () => [runFilter(detection, opts)],
    // Every sample has the bucket's key values: the same filters once per sample, which
    // Dashboards folds into one pill each.
    each: {
      path: SAMPLES_PATH,
      filters: (valueOf) =>
        keys.map((k): DiscoverFilter => {
          const path = `_source.${k.field}`;
          if (!k.missingBucket) return { kind: 'phrase', field: k.field, value: valueOf(path) };
          // Inside the section on the value, the value is `.`: a name looked up with a string on
          // top of the context stack fails the whole template in the plugin's mustache.
          const phrase: DiscoverFilter = { kind: 'phrase', field: k.field, value: valueOf('.') };
          return { kind: 'either', path, ifPresent: phrase, ifAbsent: { kind: 'missing', field: k.field } };
        }),
    },
  });
  return [
    ...header(detection),
    '{{#ctx.newAlerts}}',
    `Entity: {{bucket_keys}} (${keys.map((k) => labelOf(k.field)).join(', ')}, in the plugin's order)`,
    `Condition: ${condition}`,
    `Events: ${sampleCount()} (${MAX_SAMPLES} at most: the ${MAX_SAMPLES / 2} newest and ${MAX_SAMPLES / 2} oldest), newest first:`,
    `${sampleLines(keys.map((k) => k.field))}Discover: ${link}`,
    '{{/ctx.newAlerts}}',
    ...footer(opts),
  ].join('\n');
}
