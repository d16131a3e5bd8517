import type { SiemConfig } from '../config/schema';
import { PERIOD_MAX_DAYS, periodLookup, type IndexPeriod, type PeriodOf } from './index-names';
import { isLogType, LOG_TYPES } from './log-types';

/*
 * Which period (day, week, month) and how many primary shards each log type's indices get, from
 * a model of the organization: accounts × events per account per day × bytes per document on
 * disk. The aim is AWS's guidance of 10–50 GB per shard without giving up exactly-once writes
 * (the index of a record stays a function of its event time, see index-names.ts).
 *
 * - The period is the shortest one whose index reaches MIN_SHARD_BYTES, among those no longer
 *   than a quarter of `hotDays` (a period adds up to its length to what retention keeps, see
 *   ism-policies.ts); a type too small for any is cut at the longest allowed one.
 * - Shards: enough primaries that none exceeds MAX_SHARD_BYTES.
 * - Both can be set per log type in the config (`indexing.logTypes.<type>.period`, `.shards`).
 */

export const GB = 1e9;
/** AWS's guidance for log analytics shards. */
export const MIN_SHARD_BYTES = 10 * GB;
export const MAX_SHARD_BYTES = 50 * GB;
/** A period may add at most this share of `hotDays` to what retention keeps. */
export const MAX_PERIOD_SHARE_OF_HOT_DAYS = 0.25;
/** Replicas per primary: OpenSearch's default, which the templates keep. */
export const REPLICAS = 1;
/** Retention adds this much for indices created by records dated up to a day ahead (FUTURE_DAYS). */
export const FUTURE_DAYS = 1;

export interface SourceVolume {
  /** Documents one account sends per day, on average. */
  readonly eventsPerAccountPerDay: number;
  /** Bytes per document on disk, primary only, after merges. */
  readonly bytesPerDocument: number;
}

/**
 * Defaults of the model. Bytes per document: CloudTrail, WAF and VPC flow from the index-size
 * bench (after force-merge); the others are assumed. Events per account per day are assumptions
 * for an active workload account, to be replaced by an organization's own counts in the config.
 */
export const DEFAULT_VOLUMES: Readonly<Partial<Record<string, SourceVolume>>> = {
  cloudtrail: { eventsPerAccountPerDay: 50_000, bytesPerDocument: 501 },
  vpcflow: { eventsPerAccountPerDay: 500_000, bytesPerDocument: 292 },
  waf: { eventsPerAccountPerDay: 20_000, bytesPerDocument: 346 },
  cloudwatch: { eventsPerAccountPerDay: 20_000, bytesPerDocument: 400 },
  findings: { eventsPerAccountPerDay: 200, bytesPerDocument: 2_000 },
  elb: { eventsPerAccountPerDay: 50_000, bytesPerDocument: 400 },
  s3access: { eventsPerAccountPerDay: 50_000, bytesPerDocument: 350 },
  cloudfront: { eventsPerAccountPerDay: 20_000, bytesPerDocument: 400 },
  dns: { eventsPerAccountPerDay: 200_000, bytesPerDocument: 350 },
  networkfirewall: { eventsPerAccountPerDay: 100_000, bytesPerDocument: 400 },
  // 36 flow fields; about as many flows as VPC flow logs see crossing VPCs, for the network account.
  tgwflow: { eventsPerAccountPerDay: 200_000, bytesPerDocument: 420 },
  // The administrator exports every member's findings: a few a day per account, large documents.
  guardduty: { eventsPerAccountPerDay: 50, bytesPerDocument: 3_000 },
  // Configuration items: changes and snapshots, a few thousand per account, large `configuration`.
  config: { eventsPerAccountPerDay: 3_000, bytesPerDocument: 2_500 },
  // Assumed: a few hosts' auth logs; Windows documents keep the agent's XML in `_source`.
  linux: { eventsPerAccountPerDay: 30_000, bytesPerDocument: 450 },
  windows: { eventsPerAccountPerDay: 50_000, bytesPerDocument: 1_500 },
  // A connection attempt and a reset per session: hundreds a day for an account with an endpoint.
  clientvpn: { eventsPerAccountPerDay: 500, bytesPerDocument: 900 },
};

/** For a log type the table does not list (added since): a modest source. */
export const FALLBACK_VOLUME: SourceVolume = { eventsPerAccountPerDay: 20_000, bytesPerDocument: 400 };

export interface IndexPlan {
  readonly logType: string;
  readonly period: IndexPeriod;
  readonly shards: number;
  /** Primary bytes per day, and per index. */
  readonly dailyBytes: number;
  readonly indexBytes: number;
  /** Indices alive at once at most (retention keeps `retentionDays`). */
  readonly liveIndices: number;
  /** Shards alive at once at most, replicas included. */
  readonly liveShards: number;
  /** Disk at most, replicas included: `retentionDays` of data. */
  readonly storageBytes: number;
  /** Whether period or shards come from the config rather than the model. */
  readonly overridden: boolean;
}

export interface SizingInput {
  readonly accounts: number;
  readonly hotDays: number;
  readonly logTypes?: Readonly<
    Record<
      string,
      {
        readonly eventsPerAccountPerDay?: number;
        readonly bytesPerDocument?: number;
        readonly period?: IndexPeriod;
        readonly shards?: number;
      }
    >
  >;
}

/** Days of event time an index of `period` may hold before it is deleted (ISM `min_index_age`). */
export function retentionDays(hotDays: number, period: IndexPeriod): number {
  return hotDays + PERIOD_MAX_DAYS[period] + FUTURE_DAYS;
}

/** The model's period for a primary volume of `dailyBytes`. */
export function modelPeriod(dailyBytes: number, hotDays: number): IndexPeriod {
  const allowed = (['day', 'week', 'month'] as const).filter(
    (p) => p === 'day' || PERIOD_MAX_DAYS[p] <= hotDays * MAX_PERIOD_SHARE_OF_HOT_DAYS,
  );
  return allowed.find((p) => dailyBytes * PERIOD_MAX_DAYS[p] >= MIN_SHARD_BYTES) ?? allowed.at(-1)!;
}

function planOne(logType: string, input: SizingInput): IndexPlan {
  const own = input.logTypes?.[logType] ?? {};
  const base = DEFAULT_VOLUMES[logType] ?? FALLBACK_VOLUME;
  const events = own.eventsPerAccountPerDay ?? base.eventsPerAccountPerDay;
  const bytes = own.bytesPerDocument ?? base.bytesPerDocument;
  const dailyBytes = input.accounts * events * bytes;
  const period = own.period ?? modelPeriod(dailyBytes, input.hotDays);
  // A month is counted at 30.4 days for volume, at 31 for retention.
  const periodDays = period === 'month' ? 30.4 : PERIOD_MAX_DAYS[period];
  const indexBytes = dailyBytes * periodDays;
  const shards = own.shards ?? Math.max(1, Math.ceil(indexBytes / MAX_SHARD_BYTES));
  const keptDays = retentionDays(input.hotDays, period);
  // Periods touched by `keptDays` of event time, counting the one being written.
  const liveIndices = dailyBytes === 0 ? 0 : Math.ceil(keptDays / periodDays) + 1;
  return {
    logType,
    period,
    shards,
    dailyBytes,
    indexBytes,
    liveIndices,
    liveShards: liveIndices * shards * (1 + REPLICAS),
    storageBytes: dailyBytes * keptDays * (1 + REPLICAS),
    overridden: own.period !== undefined || own.shards !== undefined,
  };
}

/** The plan of every log type, in LOG_TYPES order. Throws on a config key that is no log type. */
export function planIndices(input: SizingInput): IndexPlan[] {
  for (const key of Object.keys(input.logTypes ?? {})) {
    if (!isLogType(key)) {
      throw new Error(`indexing.logTypes.${key}: unknown log type (known: ${LOG_TYPES.join(', ')})`);
    }
  }
  return LOG_TYPES.map((logType) => planOne(logType, input));
}

export function sizingInput(config: SiemConfig): SizingInput {
  return {
    accounts: config.indexing.accounts ?? config.memberAccounts.length,
    hotDays: config.retention.hotDays,
    logTypes: config.indexing.logTypes,
  };
}

/** What the writers, templates and retention of one deployment need from the plan. */
export interface IndexLayout {
  readonly periodOf: PeriodOf;
  /** Primary shards of a log type's indices (1 for a type the plan does not list). */
  readonly shardsOf: (logType: string) => number;
  /** Periods in use, for retention. */
  readonly periods: Readonly<Partial<Record<string, IndexPeriod>>>;
}

export function indexLayout(plans: readonly IndexPlan[]): IndexLayout {
  const periods = Object.fromEntries(plans.map((p) => [p.logType, p.period]));
  const shards = new Map(plans.map((p) => [p.logType, p.shards]));
  return { periodOf: periodLookup(periods), shardsOf: (t) => shards.get(t) ?? 1, periods };
}

/** The layout of a deployment, from its config. */
export function configIndexLayout(config: SiemConfig): IndexLayout {
  return indexLayout(planIndices(sizingInput(config)));
}

/**
 * `INDEX_PERIODS` for the ingestion function (read by `parseIndexPeriodsEnv`):
 * `cloudtrail=week,findings=month`; a log type it does not name is daily.
 */
export function indexPeriodsEnv(layout: Pick<IndexLayout, 'periods'>): string {
  return Object.entries(layout.periods)
    .filter(([, p]) => p !== 'day')
    .map(([t, p]) => `${t}=${p}`)
    .join(',');
}

/** Bytes per day over every type (for tables). */
export const totalDailyBytes = (plans: readonly IndexPlan[]) => plans.reduce((s, p) => s + p.dailyBytes, 0);
