import { CLOUDTRAIL_FRESHNESS_DEFAULTS, type SiemConfig } from '../config/schema';
import { indexPattern as logTypeIndexPattern, type LogType } from '../opensearch/log-types';
import { COMMON_FIELDS } from '../opensearch/log-types';
import { contextAggregations, eventTimeAggregations } from './alert-context';
import { bucketLevelMessage, queryLevelMessage, subjectTemplate, type BucketKey } from './alert-message';
import { routesForSeverity, type ChannelRoute } from './channels';
import {
  intervalSchedules,
  planSchedules,
  type MonitorSchedule,
  type PlannedSchedule,
  type SchedulePlan,
} from './schedule-plan';
import { detectionWindow, eventTimeWindow, type MonitorWindowOptions } from './monitor-window';
import type { Detection, DslQuery, Severity } from './types';

/*
 * OpenSearch Alerting monitor bodies (`POST _plugins/_alerting/monitors`) built from detections.
 * Names are stable (`siem: <id>`) so the post-apply script finds and updates monitors in place.
 */

export const MONITOR_NAME_PREFIX = 'siem: ';
/** Terms aggregation name bucket-level triggers point at. */
const BUCKET_AGGREGATION = 'composite_agg';
/** Buckets per page of the composite aggregation; the Alerting plugin pages through the rest. */
const BUCKETS_PER_PAGE = 100;
/** Sum aggregation name of `sum` conditions. */
const SUM_AGGREGATION = 'total';

export function monitorName(id: string): string {
  return `${MONITOR_NAME_PREFIX}${id}`;
}

/** Title of the saved search showing a detection's matches (the dashboards create it under this title). */
export function savedSearchTitle(detection: Pick<Detection, 'id'>): string {
  return `siem detection: ${detection.id}`;
}

export interface MonitorOptions {
  /**
   * Indices or patterns the monitor searches.
   * @default the log type's pattern, e.g. `siem-cloudtrail-*`
   */
  readonly indexPattern?: string | readonly string[];
  /** Notification channels; each gets an action when the detection is at least as urgent as its `maxSeverity`. */
  readonly channels: readonly ChannelRoute[];
  /** @default true */
  readonly enabled?: boolean;
  /**
   * When the monitor runs, from the plan of the whole monitor list ({@link buildMonitors}); each
   * run's ingestion window starts where the previous run's ended (monitor-window.ts).
   * @default every `scheduleMinutes`, on an interval schedule
   */
  readonly schedule?: PlannedSchedule;
  /** Delay and oldest event time of detection windows (monitor-window.ts). @default 2 minutes, 7 days */
  readonly window?: MonitorWindowOptions;
  /**
   * OpenSearch Dashboards base URL (`https://<domain>/_dashboards`) the alert's Discover link
   * starts with. @default none: the link is a path from that base
   */
  readonly dashboardsUrl?: string;
}

interface MonitorAction {
  readonly name: string;
  readonly destination_id: string;
  readonly subject_template: { readonly source: string; readonly lang: 'mustache' };
  readonly message_template: { readonly source: string; readonly lang: 'mustache' };
  readonly throttle_enabled?: boolean;
  readonly throttle?: { readonly value: number; readonly unit: 'MINUTES' };
  readonly action_execution_policy?: {
    readonly action_execution_scope: {
      readonly per_alert: { readonly actionable_alerts: readonly string[] };
    };
  };
}

interface SearchInput {
  readonly search: { readonly indices: readonly string[]; readonly query: DslQuery };
}

export interface QueryLevelMonitorBody {
  readonly type: 'monitor';
  readonly monitor_type: 'query_level_monitor';
  readonly name: string;
  readonly enabled: boolean;
  readonly schedule: MonitorSchedule;
  readonly inputs: readonly [SearchInput];
  readonly triggers: ReadonlyArray<{
    readonly query_level_trigger: {
      readonly name: string;
      readonly severity: string;
      readonly condition: { readonly script: { readonly source: string; readonly lang: 'painless' } };
      readonly actions: readonly MonitorAction[];
    };
  }>;
}

export interface BucketLevelMonitorBody {
  readonly type: 'monitor';
  readonly monitor_type: 'bucket_level_monitor';
  readonly name: string;
  readonly enabled: boolean;
  readonly schedule: MonitorSchedule;
  readonly inputs: readonly [SearchInput];
  readonly triggers: ReadonlyArray<{
    readonly bucket_level_trigger: {
      readonly name: string;
      readonly severity: string;
      readonly condition: {
        readonly buckets_path: Readonly<Record<string, string>>;
        readonly parent_bucket_path: string;
        readonly script: { readonly source: string; readonly lang: 'painless' };
      };
      readonly actions: readonly MonitorAction[];
    };
  }>;
}

export type MonitorBody = QueryLevelMonitorBody | BucketLevelMonitorBody;

function indicesOf(logType: LogType, indexPattern: MonitorOptions['indexPattern']): readonly string[] {
  if (indexPattern === undefined) return [logTypeIndexPattern(logType)];
  return typeof indexPattern === 'string' ? [indexPattern] : [...indexPattern];
}

/** Matches of `query` within a run's window: ingestion time for detections, event time for freshness. */
function inWindow(query: DslQuery, window: readonly DslQuery[]): DslQuery {
  return { bool: { filter: [...window, query] } };
}

function actionsFor(
  detection: Detection,
  channels: readonly ChannelRoute[],
  templates: { readonly subject: string; readonly message: string },
  bucketLevel: boolean,
): MonitorAction[] {
  return routesForSeverity(channels, detection.severity).map((route) => ({
    name: `${detection.id} to ${route.configId}`,
    destination_id: route.configId,
    subject_template: { source: templates.subject, lang: 'mustache' },
    message_template: { source: templates.message, lang: 'mustache' },
    // A match stays in the lookback window for several runs: notify once per window, not per run.
    // Bucket-level: once per entity (bucket) when its alert is NEW; a bucket still matching in later
    // runs is DEDUPED and sends nothing, while another entity's bucket is NEW and sends at once.
    ...(bucketLevel
      ? { action_execution_policy: { action_execution_scope: { per_alert: { actionable_alerts: ['NEW'] } } } }
      : { throttle_enabled: true, throttle: { value: detection.lookbackMinutes, unit: 'MINUTES' as const } }),
  }));
}

const schedule = (minutes: number, planned: PlannedSchedule | undefined): MonitorSchedule =>
  planned?.schedule ?? { period: { interval: minutes, unit: 'MINUTES' } };

/** Name of the per-bucket metric of cardinality and grouped sum conditions. */
const BUCKET_METRIC = 'metric';

/** The composite key, per-bucket metric and trigger of a bucket-level condition. */
interface Bucketing {
  readonly keys: readonly BucketKey[];
  readonly sources: ReadonlyArray<
    Record<
      string,
      {
        readonly terms:
          | { readonly field: string }
          | { readonly script: { readonly source: string; readonly lang: 'painless' } };
      }
    >
  >;
  readonly metric: DslQuery | undefined;
  readonly bucketsPath: Readonly<Record<string, string>>;
  readonly script: string;
  /** The condition in words, for the message (the bucket's own count or metric never reaches it). */
  readonly heading: string;
}

/**
 * Whom a "one event is enough" detection alerts about: the account and the principal, so a new
 * one alerts while an earlier one's alert is still active. Documents without one of them (a
 * source with no principal) are a bucket of their own, keyed `-`, never dropped.
 */
const PER_ENTITY_KEY = [COMMON_FIELDS.accountId, COMMON_FIELDS.userName] as const;

type KeyedCondition = Exclude<Detection['condition'], { kind: 'threshold' }>;

/**
 * The condition a monitor evaluates: a threshold of one event becomes one bucket per entity (the
 * same events fire it); larger thresholds count over everything, as their detections mean.
 */
function monitorCondition(condition: Detection['condition']): {
  readonly condition: Detection['condition'];
  readonly missingBucket: boolean;
} {
  // Not `missing_bucket`: the Alerting plugin (2.19) fails a trigger on a null key value.
  if (condition.kind === 'threshold' && condition.minCount === 1) {
    const [field, ...alsoBy] = PER_ENTITY_KEY;
    return { condition: { kind: 'bucket', field, alsoBy, minCount: 1 }, missingBucket: true };
  }
  return { condition, missingBucket: false };
}

/** Key value shown for a document missing the field. */
export const MISSING_KEY = '-';

/**
 * A key script giving the field's value, or {@link MISSING_KEY}: one source per field for every
 * monitor, so the node compiles each once (the `aggs` script cache).
 */
function valueOrDash(field: string): { readonly source: string; readonly lang: 'painless' } {
  const doc = `doc['${field}']`;
  return {
    source: `${doc}.size() == 0 ? '${MISSING_KEY}' : ${doc}.value.toString()`,
    lang: 'painless',
  };
}

function bucketingOf(condition: KeyedCondition, missingBucket: boolean): Bucketing {
  const keyFields =
    condition.kind === 'sum'
      ? [...(condition.groupBy ?? [])]
      : [condition.field, ...(condition.alsoBy ?? [])];
  // The first key keeps the name `key` (single-field bucket keys read `{ key: value }`).
  const bucketKeys = keyFields.map((field, i) => ({
    field,
    name: i === 0 ? 'key' : `key${i}`,
    missingBucket,
  }));
  const sources = bucketKeys.map((k) => ({
    [k.name]: { terms: missingBucket ? { script: valueOrDash(k.field) } : { field: k.field } },
  }));
  const keys = keyFields.join(' + ');
  if (condition.kind === 'bucket') {
    return {
      keys: bucketKeys,
      sources,
      metric: undefined,
      bucketsPath: { _count: '_count' },
      script: `params._count >= ${condition.minCount}`,
      heading: `at least ${condition.minCount} events per ${keys}`,
    };
  }
  const metric =
    condition.kind === 'cardinality'
      ? { [BUCKET_METRIC]: { cardinality: { field: condition.distinctField } } }
      : { [BUCKET_METRIC]: { sum: { field: condition.field } } };
  const what =
    condition.kind === 'cardinality' ? `distinct ${condition.distinctField}` : `total ${condition.field}`;
  return {
    keys: bucketKeys,
    sources,
    metric,
    bucketsPath: { [BUCKET_METRIC]: BUCKET_METRIC },
    script: `params.${BUCKET_METRIC} >= ${condition.minCount}`,
    heading: `at least ${condition.minCount} ${what} per ${keys}`,
  };
}

/**
 * The Alerting monitor of a detection: query-level for thresholds (on the hit count, or on a
 * field's sum), bucket-level per key.
 */
export function buildMonitor(definition: Detection, opts: MonitorOptions): MonitorBody {
  const detection: Detection = definition;
  const indices = indicesOf(detection.logType, opts.indexPattern);
  const intervalMinutes = opts.schedule?.intervalMinutes ?? detection.scheduleMinutes;
  const query = inWindow(detection.query, detectionWindow(detection, intervalMinutes, opts.window));
  const severity = String(detection.severity);
  const { condition, missingBucket } = monitorCondition(detection.condition);
  const messageOptions = { dashboardsUrl: opts.dashboardsUrl, windowedQuery: query };
  if (condition.kind === 'threshold' || (condition.kind === 'sum' && !condition.groupBy?.length)) {
    const sum = condition.kind === 'sum';
    const matches = sum
      ? `Total ${condition.field}: {{ctx.results.0.aggregations.${SUM_AGGREGATION}.value}} over {{ctx.results.0.hits.total.value}} events (threshold ${condition.minCount})`
      : `Threshold: ${condition.minCount} events, all accounts and principals together`;
    const search = {
      size: 0,
      track_total_hits: true,
      query,
      aggregations: {
        ...contextAggregations(),
        ...(sum ? { [SUM_AGGREGATION]: { sum: { field: condition.field } } } : {}),
      },
    };
    return {
      type: 'monitor',
      monitor_type: 'query_level_monitor',
      name: monitorName(detection.id),
      enabled: opts.enabled ?? true,
      schedule: schedule(detection.scheduleMinutes, opts.schedule),
      inputs: [{ search: { indices, query: search } }],
      triggers: [
        {
          query_level_trigger: {
            name: detection.title,
            severity,
            condition: {
              script: {
                source: sum
                  ? // No index matching the pattern yet (a new deployment): no aggregations at all.
                    `ctx.results[0].aggregations != null && ctx.results[0].aggregations.${SUM_AGGREGATION}.value >= ${condition.minCount}`
                  : `ctx.results[0].hits.total.value >= ${condition.minCount}`,
                lang: 'painless',
              },
            },
            actions: actionsFor(
              detection,
              opts.channels,
              {
                subject: subjectTemplate(detection),
                message: queryLevelMessage(detection, matches, messageOptions),
              },
              false,
            ),
          },
        },
      ],
    };
  }
  const bucketing = bucketingOf(condition, missingBucket);
  return {
    type: 'monitor',
    monitor_type: 'bucket_level_monitor',
    name: monitorName(detection.id),
    enabled: opts.enabled ?? true,
    schedule: schedule(detection.scheduleMinutes, opts.schedule),
    inputs: [
      {
        search: {
          indices,
          query: {
            size: 0,
            query,
            aggregations: {
              [BUCKET_AGGREGATION]: {
                composite: { size: BUCKETS_PER_PAGE, sources: bucketing.sources },
                // Event time first: the plugin sorts an alert's sample documents by these fields.
                aggregations: { ...eventTimeAggregations(), ...bucketing.metric },
              },
            },
          },
        },
      },
    ],
    triggers: [
      {
        bucket_level_trigger: {
          name: detection.title,
          severity,
          condition: {
            buckets_path: bucketing.bucketsPath,
            parent_bucket_path: BUCKET_AGGREGATION,
            script: { source: bucketing.script, lang: 'painless' },
          },
          actions: actionsFor(
            detection,
            opts.channels,
            {
              subject: subjectTemplate(detection),
              message: bucketLevelMessage(detection, bucketing.keys, bucketing.heading, messageOptions),
            },
            true,
          ),
        },
      },
    ],
  };
}

/** A log source going silent: no document at all for a while. Not a detection (no attack evidence). */
export interface FreshnessCheck {
  readonly id: string;
  readonly title: string;
  readonly logType: LogType;
  /** Alert when no document arrived for this long. */
  readonly silentMinutes: number;
  readonly scheduleMinutes: number;
  readonly severity: Severity;
  /**
   * Accounts expected to send this log type, each its own bucket (a `filters` aggregation on
   * `cloud.account.id`): the monitor fires when any of them is silent. Absent: the log type as a
   * whole (any account) is checked.
   */
  readonly accounts?: readonly ExpectedAccount[];
  /** Where to look when it fires. */
  readonly remedy: string;
}

/** An account a freshness check expects documents from; `name` says which one it is in the message. */
export interface ExpectedAccount {
  readonly id: string;
  readonly name: string;
}

/** The part of the config the health monitors read. */
export interface FreshnessConfig {
  readonly organization: Pick<
    SiemConfig['organization'],
    'managementAccountId' | 'logArchiveAccountId' | 'securityAccountId'
  >;
  readonly memberAccounts: ReadonlyArray<
    Pick<SiemConfig['memberAccounts'][number], 'id' | 'name' | 'vpcs' | 'resolverQueryLogs'>
  >;
  readonly detections: {
    readonly cloudTrailFreshness: Readonly<SiemConfig['detections']['cloudTrailFreshness']>;
  };
}

/**
 * Silence window and schedule of the per-account checks of sources other than CloudTrail. VPC
 * flow logs and Resolver query logs reach S3 within about 10 minutes of the traffic; an hour
 * without a single record from an account whose VPCs are logged means a deleted flow log or
 * query log configuration, a revoked bucket permission or a broken ingestion, not a quiet hour.
 */
export const SOURCE_FRESHNESS_DEFAULTS = { silentMinutes: 60, scheduleMinutes: 15 } as const;

const CLOUDTRAIL_TITLE = 'No CloudTrail events received';
const CLOUDTRAIL_REMEDY =
  'Every detection on this log type is blind until it resumes: check the trail, its delivery to the archive bucket, and the ingestion function.';

/** Every account of the config, each once: management, log archive, security, then the members. */
export function configAccounts(
  config: Pick<FreshnessConfig, 'organization' | 'memberAccounts'>,
): ExpectedAccount[] {
  const names = new Map<string, string[]>();
  const add = (id: string, name: string) => names.set(id, [...(names.get(id) ?? []), name]);
  add(config.organization.managementAccountId, 'management');
  add(config.organization.logArchiveAccountId, 'log-archive');
  add(config.organization.securityAccountId, 'security');
  for (const member of config.memberAccounts) add(member.id, member.name);
  return [...names].map(([id, roles]) => ({ id, name: [...new Set(roles)].join('/') }));
}

/**
 * CloudTrail is the SIEM's backbone: if it goes quiet in an account (a stopped trail, a broken
 * delivery, a failing ingestion function), every CloudTrail detection is blind there. Every
 * account of the config is expected (the organization trail logs them all); the timing comes
 * from `detections.cloudTrailFreshness` in the config.
 */
export function cloudTrailFreshness(config: FreshnessConfig): FreshnessCheck {
  const { silentMinutes, scheduleMinutes } = config.detections.cloudTrailFreshness;
  return {
    id: 'freshness-cloudtrail',
    title: CLOUDTRAIL_TITLE,
    logType: 'cloudtrail',
    silentMinutes,
    scheduleMinutes,
    severity: 2,
    accounts: configAccounts(config),
    remedy: CLOUDTRAIL_REMEDY,
  };
}

/**
 * The organization-wide CloudTrail check (any account) with the config's default timing, for
 * callers without a config at hand; anything deployed uses {@link cloudTrailFreshness}, per account.
 */
export const CLOUDTRAIL_FRESHNESS: FreshnessCheck = {
  id: 'freshness-cloudtrail',
  title: CLOUDTRAIL_TITLE,
  logType: 'cloudtrail',
  ...CLOUDTRAIL_FRESHNESS_DEFAULTS,
  severity: 2,
  remedy: CLOUDTRAIL_REMEDY,
};

/** VPC flow logs of every member that logs its VPCs (`vpcs` "all" or a non-empty list). */
export function vpcFlowFreshness(config: FreshnessConfig): FreshnessCheck | undefined {
  const accounts = config.memberAccounts
    .filter((m) => m.vpcs === 'all' || m.vpcs.length > 0)
    .map((m) => ({ id: m.id, name: m.name }));
  if (accounts.length === 0) return undefined;
  return {
    id: 'freshness-vpcflow',
    title: 'No VPC flow logs received',
    logType: 'vpcflow',
    ...SOURCE_FRESHNESS_DEFAULTS,
    severity: 3,
    accounts,
    remedy:
      "Network detections are blind for these accounts: check the member's flow logs (deleted or failing delivery), the archive's vpcflow bucket policy, and the ingestion function.",
  };
}

/** Route 53 Resolver query logs of every member that has `resolverQueryLogs`. */
export function dnsFreshness(config: FreshnessConfig): FreshnessCheck | undefined {
  const accounts = config.memberAccounts
    .filter((m) => m.resolverQueryLogs !== undefined)
    .map((m) => ({ id: m.id, name: m.name }));
  if (accounts.length === 0) return undefined;
  return {
    id: 'freshness-dns',
    title: 'No Route 53 Resolver query logs received',
    logType: 'dns',
    ...SOURCE_FRESHNESS_DEFAULTS,
    severity: 3,
    accounts,
    remedy:
      "DNS detections are blind for these accounts: check the member's Resolver query log configuration and its VPC associations, the archive's dns bucket policy, and the ingestion function.",
  };
}

/**
 * Every health monitor of a deployment (they are not detections: no attack evidence), one per
 * source whose silence is abnormal, each checking every account expected to send it. None for
 * CloudWatch Logs (the log movers never ship their own groups, so a member with quiet workloads
 * sends nothing) nor for traffic-driven sources (findings, WAF, ELB, S3 access, CloudFront,
 * Network Firewall): no traffic, no logs.
 */
export function freshnessChecks(config: FreshnessConfig): FreshnessCheck[] {
  return [cloudTrailFreshness(config), vpcFlowFreshness(config), dnsFreshness(config)].filter(
    (check): check is FreshnessCheck => check !== undefined,
  );
}

/** Filters aggregation of every expected account (names in the message), and of the silent ones only. */
const ACCOUNTS_AGGREGATION = 'accounts';
const SILENT_AGGREGATION = 'silent';

/**
 * Both aggregations are keyed by account id (OpenSearch's `filters` has no `keyed: false`, so
 * the buckets are an object that mustache cannot iterate): the message names each expected
 * account's bucket by path. In `silent`, a `bucket_selector` keeps only the empty buckets, so
 * a section on an account's bucket there renders only when that account is silent.
 */
function perAccountSearch(accounts: readonly ExpectedAccount[]): Record<string, unknown> {
  const filters = {
    filters: Object.fromEntries(accounts.map((a) => [a.id, { term: { 'cloud.account.id': a.id } }])),
  };
  return {
    [ACCOUNTS_AGGREGATION]: { filters },
    [SILENT_AGGREGATION]: {
      filters,
      aggregations: {
        empty_only: {
          bucket_selector: {
            buckets_path: { count: '_count' },
            // In the form the plugin stores, so post-apply sees a stored monitor as unchanged.
            script: { source: 'params.count == 0', lang: 'painless' },
          },
        },
      },
    },
  };
}

export function buildFreshnessMonitor(check: FreshnessCheck, opts: MonitorOptions): QueryLevelMonitorBody {
  // The silence window is the check's meaning: a run less often than that would let a silence pass unseen.
  if (opts.schedule && opts.schedule.intervalMinutes > check.silentMinutes)
    throw new Error(
      `${check.id} would run every ${opts.schedule.intervalMinutes} minutes, longer than its ${check.silentMinutes}-minute window`,
    );
  const accounts = check.accounts;
  const period = `in the last ${check.silentMinutes} minutes (up to {{ctx.periodEnd}})`;
  const aggs = 'ctx.results.0.aggregations';
  const text =
    accounts === undefined
      ? [`${check.title}: no ${check.logType} document with an event time ${period}.`, check.remedy]
      : [
          `${check.title}: no ${check.logType} document with an event time ${period} from:`,
          accounts
            .map((a) => {
              const bucket = `${aggs}.${SILENT_AGGREGATION}.buckets.${a.id}`;
              return `{{#${bucket}}}- ${a.id} (${a.name})\n{{/${bucket}}}`;
            })
            .join('') +
            `{{^${aggs}}}- any of the ${accounts.length} expected accounts (no ${indicesOf(check.logType, opts.indexPattern).join(', ')} index at all)\n{{/${aggs}}}`,
          check.remedy,
          '',
          'Documents per expected account in the window:',
          accounts
            .map(
              (a) => `- ${a.id} (${a.name}): {{${aggs}.${ACCOUNTS_AGGREGATION}.buckets.${a.id}.doc_count}}\n`,
            )
            .join(''),
        ];
  const windowQuery = inWindow({ match_all: {} }, eventTimeWindow(check.silentMinutes));
  const search =
    accounts === undefined
      ? { size: 0, track_total_hits: true, query: windowQuery }
      : { size: 0, query: windowQuery, aggregations: perAccountSearch(accounts) };
  const condition =
    accounts === undefined
      ? 'ctx.results[0].hits.total.value == 0'
      : // No index matching the pattern (a new deployment, or nothing ever ingested): every account is silent.
        `ctx.results[0].aggregations == null || ctx.results[0].aggregations.${SILENT_AGGREGATION}.buckets.size() > 0`;
  return {
    type: 'monitor',
    monitor_type: 'query_level_monitor',
    name: monitorName(check.id),
    enabled: opts.enabled ?? true,
    schedule: schedule(check.scheduleMinutes, opts.schedule),
    inputs: [{ search: { indices: indicesOf(check.logType, opts.indexPattern), query: search } }],
    triggers: [
      {
        query_level_trigger: {
          name: check.title,
          severity: String(check.severity),
          condition: { script: { source: condition, lang: 'painless' } },
          actions: routesForSeverity(opts.channels, check.severity).map((route) => ({
            name: `${check.id} to ${route.configId}`,
            destination_id: route.configId,
            subject_template: { source: `[SIEM sev ${check.severity}] ${check.title}`, lang: 'mustache' },
            message_template: { source: text.join('\n'), lang: 'mustache' },
            throttle_enabled: true,
            throttle: { value: check.silentMinutes, unit: 'MINUTES' },
          })),
        },
      },
    ],
  };
}

/** Plans the schedules of the whole monitor list (see `schedule-plan.ts`). */
export function monitorSchedulePlan(
  detections: readonly Detection[],
  checks: readonly FreshnessCheck[],
  kind: SchedulePlan['kind'] = 'cron',
): SchedulePlan {
  const list = [...detections, ...checks];
  return kind === 'cron' ? planSchedules(list) : intervalSchedules(list);
}

/**
 * Every monitor of a deployment, on the schedule plan of the whole list: the hot tier every 5
 * minutes, the warm one less often, cron minutes spread so script compilations stay within the
 * node's default limits.
 */
export function buildMonitors(
  detections: readonly Detection[],
  checks: readonly FreshnessCheck[],
  opts: Omit<MonitorOptions, 'schedule'> & { readonly plan?: SchedulePlan },
): MonitorBody[] {
  const { plan: given, ...options } = opts;
  const plan = given ?? monitorSchedulePlan(detections, checks);
  const planned = new Map(plan.entries.map((entry) => [entry.id, entry]));
  const scheduleOf = (id: string): PlannedSchedule => {
    const entry = planned.get(id);
    if (!entry) throw new Error(`the schedule plan has no entry for ${id}`);
    return entry;
  };
  return [
    ...detections.map((d) => buildMonitor(d, { ...options, schedule: scheduleOf(d.id) })),
    ...checks.map((check) => buildFreshnessMonitor(check, { ...options, schedule: scheduleOf(check.id) })),
  ];
}
