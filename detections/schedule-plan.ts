import type { Severity } from './types';

/*
 * When each Alerting monitor runs, planned over the whole monitor list so the node's script
 * compilation limits hold on default settings.
 *
 * Every run of a monitor compiles its search input (the query JSON, `{{period_end}}` passed as a
 * parameter) as a mustache template in the `template` script context. Compiled scripts sit in a
 * per-context LRU cache of 100 entries (key: language + source + context; parameters are not in
 * the key) with no expiry, and only cache misses count towards the compilation rate: a token
 * bucket of 75 that refills at 15 a minute (`75/5m`). Past it a compilation throws
 * `CircuitBreakingException: Too many dynamic script compilations` and the run ends in an ERROR
 * alert. Amazon OpenSearch Service lets none of the `script.*` settings change, so the plan is
 * built for these defaults:
 * - a hot tier (most urgent first, severity 1 and 2 only) whose queries stay cached: few enough
 *   that, between two runs of one of them, fewer distinct templates than the cache holds are used;
 * - a warm tier on a longer interval, whose runs all miss the cache: their rate (count / interval)
 *   stays well under the 15 a minute refill, leaving room for action templates of firing alerts.
 *   A later run needs no longer lookback: detections select on ingestion time, in windows that
 *   tile whatever the interval (monitor-window.ts);
 * - cron schedules (absolute wall-clock minutes, unlike interval schedules that run together when
 *   created together) with offsets spread so that every minute starts about as many runs, also
 *   right after a restart empties the caches.
 */

/** A monitor's schedule as the Alerting plugin takes it. */
export type MonitorSchedule =
  | { readonly period: { readonly interval: number; readonly unit: 'MINUTES' } }
  | { readonly cron: { readonly expression: string; readonly timezone: 'UTC' } };

/** What the plan needs to know of a monitor (a detection or a health check). */
export interface SchedulableMonitor {
  /** Unique id; the plan is looked up by it. */
  readonly id: string;
  readonly severity: Severity;
  /** The monitor's own wish: run at least this often, in minutes. */
  readonly scheduleMinutes: number;
}

export type ScheduleTier = 'hot' | 'warm';

export interface PlannedSchedule {
  readonly id: string;
  readonly tier: ScheduleTier;
  /** Minutes between runs; divides 60. */
  readonly intervalMinutes: number;
  /** Minute of the hour of the first run (runs at offset, offset + interval, ...); 0 for interval schedules. */
  readonly offsetMinute: number;
  /**
   * Minutes the run can be later than the monitor asked for: alerting latency only. No event is
   * missed: each run's ingestion window starts where the previous one ended (monitor-window.ts).
   */
  readonly delayMinutes: number;
  readonly schedule: MonitorSchedule;
}

export interface SchedulePlan {
  /** `cron`: this plan; `interval`: every monitor on its own interval, the way monitors ran before. */
  readonly kind: 'cron' | 'interval';
  /** Interval of the warm tier, in minutes (0 when every monitor is hot). */
  readonly warmIntervalMinutes: number;
  /** In the order of the monitor list. */
  readonly entries: readonly PlannedSchedule[];
}

/** Script cache and compilation limits of a context (`template`, `trigger`...) on default settings. */
export interface ScriptLimits {
  /** `script.context.<ctx>.cache_max_size` @default 100 */
  readonly cacheSize: number;
  /** Token bucket capacity of `script.context.<ctx>.max_compilations_rate` @default 75 */
  readonly maxCompilations: number;
  /** Its refill, per minute @default 15 (75 per 5 minutes) */
  readonly refillPerMinute: number;
}

export const DEFAULT_SCRIPT_LIMITS: ScriptLimits = {
  cacheSize: 100,
  maxCompilations: 75,
  refillPerMinute: 15,
};

export interface PlanLimits {
  /**
   * Templates the hot tier may count on keeping cached: hot queries, plus warm runs and action
   * templates compiled between two hot runs. Well under the cache size, for alert storms.
   * @default 60
   */
  readonly hotEntryBudget: number;
  /** Action templates (subject and message, per route) expected per hot interval when alerts fire. @default 10 */
  readonly actionReserve: number;
  /** Sustained cache misses a minute the warm tier may cause (the refill is 15). @default 8 */
  readonly maxWarmMissesPerMinute: number;
  /** Monitor runs starting in one minute, at most. @default 12 */
  readonly maxStartsPerMinute: number;
  /** Hot tier interval, in minutes. @default 5 */
  readonly hotIntervalMinutes: number;
  /** Warm intervals tried, shortest first (each divides 60). @default [10, 15, 20, 30, 60] */
  readonly warmIntervals: readonly number[];
  /**
   * Longest warm interval worth shrinking the hot tier for: past it, only when no hot tier fits.
   * @default 30
   */
  readonly preferredMaxWarmMinutes: number;
  /** Most urgent severity still allowed in the warm tier... and least urgent allowed in the hot one. @default 2 */
  readonly hotMaxSeverity: Severity;
}

export const DEFAULT_PLAN_LIMITS: PlanLimits = {
  hotEntryBudget: 60,
  actionReserve: 10,
  maxWarmMissesPerMinute: 8,
  maxStartsPerMinute: 12,
  hotIntervalMinutes: 5,
  warmIntervals: [10, 15, 20, 30, 60],
  preferredMaxWarmMinutes: 30,
  hotMaxSeverity: 2,
};

const HOUR = 60;

/** The smallest divisor of 60 that is at least `minutes` (cron steps must divide the hour evenly). */
export function hourDivisorAtLeast(minutes: number): number {
  const divisor = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60].find((d) => d >= minutes);
  if (divisor === undefined) throw new Error(`a schedule of ${minutes} minutes is longer than an hour`);
  return divisor;
}

/** Cron expression (job-scheduler's Unix syntax) running every `interval` minutes from minute `offset`. */
export function cronExpression(intervalMinutes: number, offsetMinute: number): string {
  if (HOUR % intervalMinutes !== 0) throw new Error(`interval ${intervalMinutes} does not divide an hour`);
  if (offsetMinute < 0 || offsetMinute >= intervalMinutes)
    throw new Error(`offset ${offsetMinute} is outside 0..${intervalMinutes - 1}`);
  if (intervalMinutes === HOUR) return `${offsetMinute} * * * *`;
  return `${offsetMinute}-59/${intervalMinutes} * * * *`;
}

/** Minutes between runs of a monitor schedule (a planned cron or an interval). */
export function intervalMinutesOf(schedule: MonitorSchedule): number {
  if ('period' in schedule) return schedule.period.interval;
  const minute = schedule.cron.expression.split(' ')[0] ?? '';
  const step = /^\d+-59\/(\d+)$/.exec(minute);
  if (step) return Number(step[1]);
  if (/^\d+$/.test(minute)) return HOUR;
  throw new Error(`not a planned cron expression: ${schedule.cron.expression}`);
}

interface Split {
  readonly hot: ReadonlySet<string>;
  readonly warmInterval: number;
}

const intervalOf = (m: SchedulableMonitor, hot: boolean, warmInterval: number) =>
  hot
    ? hourDivisorAtLeast(Math.max(m.scheduleMinutes, 1))
    : hourDivisorAtLeast(Math.max(m.scheduleMinutes, warmInterval));

/**
 * Hot and warm tiers: the shortest warm interval (up to 30 minutes) at which every hot candidate
 * fits, else 30 minutes with as many candidates as fit, most urgent (then first listed) first,
 * else the same at 60 minutes (lists of well over 200 monitors).
 */
function split(monitors: readonly SchedulableMonitor[], limits: PlanLimits): Split {
  const candidates = monitors
    .map((m, index) => ({ m, index }))
    .filter(({ m }) => m.severity <= limits.hotMaxSeverity && m.scheduleMinutes <= limits.hotIntervalMinutes)
    .sort((a, b) => a.m.severity - b.m.severity || a.index - b.index)
    .map(({ m }) => m.id);
  const fits = (hotCount: number, warmInterval: number): boolean => {
    const hot = new Set(candidates.slice(0, hotCount));
    let runsPerMinute = 0;
    let warmMissesPerMinute = 0;
    for (const m of monitors) {
      const isHot = hot.has(m.id);
      const interval = intervalOf(m, isHot, warmInterval);
      runsPerMinute += 1 / interval;
      // Anything not run every hot interval is counted as a miss on every run (conservative).
      if (!isHot || interval > limits.hotIntervalMinutes) warmMissesPerMinute += 1 / interval;
    }
    const betweenHotRuns = Math.ceil(warmMissesPerMinute * limits.hotIntervalMinutes);
    return (
      hot.size + betweenHotRuns + limits.actionReserve <= limits.hotEntryBudget &&
      warmMissesPerMinute <= limits.maxWarmMissesPerMinute &&
      Math.ceil(runsPerMinute - 1e-9) <= limits.maxStartsPerMinute
    );
  };
  // Every candidate hot, at the shortest warm interval up to the preferred longest...
  const preferred = limits.warmIntervals.filter((i) => i <= limits.preferredMaxWarmMinutes);
  for (const warmInterval of preferred)
    if (fits(candidates.length, warmInterval)) return { hot: new Set(candidates), warmInterval };
  // ...else as many as fit at the preferred longest, else at each longer one.
  const fallbacks = [
    ...preferred.slice(-1),
    ...limits.warmIntervals.filter((i) => i > limits.preferredMaxWarmMinutes),
  ];
  for (const warmInterval of fallbacks)
    for (let count = candidates.length - 1; count >= 0; count--)
      if (fits(count, warmInterval)) return { hot: new Set(candidates.slice(0, count)), warmInterval };
  const longest = limits.warmIntervals[limits.warmIntervals.length - 1] ?? limits.hotIntervalMinutes;
  throw new Error(
    `${monitors.length} monitors cannot be scheduled within the script compilation limits ` +
      `(${limits.maxWarmMissesPerMinute} misses and ${limits.maxStartsPerMinute} starts a minute, ` +
      `warm interval up to ${longest} minutes): lengthen the warm interval or drop monitors`,
  );
}

/**
 * Plans every monitor of the list: deterministic (same list, same plan). Offsets are chosen one
 * monitor at a time, hot tier first, at the minute whose runs through the hour are fewest so far.
 */
export function planSchedules(
  monitors: readonly SchedulableMonitor[],
  limits: PlanLimits = DEFAULT_PLAN_LIMITS,
): SchedulePlan {
  const ids = new Set<string>();
  for (const m of monitors) {
    if (ids.has(m.id)) throw new Error(`monitor id ${m.id} is listed twice`);
    ids.add(m.id);
  }
  const { hot, warmInterval } = split(monitors, limits);
  const load = new Array<number>(HOUR).fill(0);
  const offsets = new Map<string, number>();
  const order = [...monitors.filter((m) => hot.has(m.id)), ...monitors.filter((m) => !hot.has(m.id))];
  for (const m of order) {
    const interval = intervalOf(m, hot.has(m.id), warmInterval);
    let best = 0;
    let bestCost: [number, number] = [Infinity, Infinity];
    for (let offset = 0; offset < interval; offset++) {
      let max = 0;
      let sum = 0;
      for (let minute = offset; minute < HOUR; minute += interval) {
        max = Math.max(max, load[minute] ?? 0);
        sum += load[minute] ?? 0;
      }
      if (max < bestCost[0] || (max === bestCost[0] && sum < bestCost[1])) {
        best = offset;
        bestCost = [max, sum];
      }
    }
    for (let minute = best; minute < HOUR; minute += interval) load[minute] = (load[minute] ?? 0) + 1;
    offsets.set(m.id, best);
  }
  return {
    kind: 'cron',
    warmIntervalMinutes: monitors.every((m) => hot.has(m.id)) ? 0 : warmInterval,
    entries: monitors.map((m) => {
      const isHot = hot.has(m.id);
      const interval = intervalOf(m, isHot, warmInterval);
      const offset = offsets.get(m.id) ?? 0;
      return {
        id: m.id,
        tier: isHot ? 'hot' : 'warm',
        intervalMinutes: interval,
        offsetMinute: offset,
        delayMinutes: Math.max(0, interval - m.scheduleMinutes),
        schedule: { cron: { expression: cronExpression(interval, offset), timezone: 'UTC' } },
      };
    }),
  };
}

/**
 * Every monitor on its own interval schedule, as before the plan. Interval schedules count from
 * when the monitor was enabled, so monitors created together run together (offset 0 here).
 */
export function intervalSchedules(monitors: readonly SchedulableMonitor[]): SchedulePlan {
  return {
    kind: 'interval',
    warmIntervalMinutes: 0,
    entries: monitors.map((m) => ({
      id: m.id,
      tier: 'hot',
      intervalMinutes: m.scheduleMinutes,
      offsetMinute: 0,
      delayMinutes: 0,
      schedule: { period: { interval: m.scheduleMinutes, unit: 'MINUTES' } },
    })),
  };
}

export interface CompileModelOptions {
  /** Minute of the hour the node starts (caches empty, token bucket full). */
  readonly startMinute: number;
  /** Minutes simulated. @default 120 */
  readonly minutes?: number;
  /** Compilations of templates used once (actions of firing alerts) added each minute. @default 2 */
  readonly extraMissesPerMinute?: number;
  readonly limits?: ScriptLimits;
}

export interface CompileModel {
  /** Cache misses (compilations attempted) in each simulated minute. */
  readonly missesPerMinute: readonly number[];
  /** Compilations refused by the rate limit (each one a monitor error). */
  readonly limitTriggered: number;
  /** Most misses in any 5 consecutive minutes. */
  readonly maxMissesPer5Minutes: number;
  /** Misses in the first 5 minutes. */
  readonly startupBurst: number;
  /** Most misses in 5 consecutive minutes once every monitor ran (after the first hour). */
  readonly steadyMissesPer5Minutes: number;
  /** Most monitor runs starting in one minute. */
  readonly maxStartsPerMinute: number;
}

const sumOf = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

function maxWindow(values: readonly number[], width: number): number {
  let max = 0;
  for (let i = 0; i + width <= values.length; i++) max = Math.max(max, sumOf(values.slice(i, i + width)));
  return max;
}

/**
 * The `template` context of a node running the plan, minute by minute: an exact LRU cache of the
 * monitors' search templates and the compilation token bucket, refilled at each minute (cron
 * runs start together at second 0 of their minute).
 */
export function modelCompiles(plan: SchedulePlan, options: CompileModelOptions): CompileModel {
  const limits = options.limits ?? DEFAULT_SCRIPT_LIMITS;
  const minutes = options.minutes ?? 120;
  const extra = options.extraMissesPerMinute ?? 2;
  const cache = new Map<string, true>();
  let tokens = limits.maxCompilations;
  let limitTriggered = 0;
  let maxStarts = 0;
  let oneOff = 0;
  const missesPerMinute: number[] = [];
  const use = (key: string): number => {
    if (cache.has(key)) {
      cache.delete(key);
      cache.set(key, true);
      return 0;
    }
    if (tokens < 1) {
      limitTriggered++;
      return 1;
    }
    tokens -= 1;
    cache.set(key, true);
    if (cache.size > limits.cacheSize) cache.delete(cache.keys().next().value as string);
    return 1;
  };
  for (let t = 0; t < minutes; t++) {
    if (t > 0) tokens = Math.min(limits.maxCompilations, tokens + limits.refillPerMinute);
    const minute = options.startMinute + t;
    let misses = 0;
    let starts = 0;
    for (const entry of plan.entries) {
      if ((minute - entry.offsetMinute) % entry.intervalMinutes !== 0) continue;
      starts++;
      misses += use(`input:${entry.id}`);
    }
    for (let i = 0; i < extra; i++) misses += use(`once:${oneOff++}`);
    maxStarts = Math.max(maxStarts, starts);
    missesPerMinute.push(misses);
  }
  return {
    missesPerMinute,
    limitTriggered,
    maxMissesPer5Minutes: maxWindow(missesPerMinute, 5),
    startupBurst: sumOf(missesPerMinute.slice(0, 5)),
    steadyMissesPer5Minutes: maxWindow(missesPerMinute.slice(HOUR), 5),
    maxStartsPerMinute: maxStarts,
  };
}

/** The worst of {@link modelCompiles} over a start at every minute of the hour. */
export function worstCaseCompiles(
  plan: SchedulePlan,
  options: Omit<CompileModelOptions, 'startMinute'> = {},
): Omit<CompileModel, 'missesPerMinute'> {
  const runs = Array.from({ length: HOUR }, (_, startMinute) =>
    modelCompiles(plan, { ...options, startMinute }),
  );
  return {
    limitTriggered: Math.max(...runs.map((r) => r.limitTriggered)),
    maxMissesPer5Minutes: Math.max(...runs.map((r) => r.maxMissesPer5Minutes)),
    startupBurst: Math.max(...runs.map((r) => r.startupBurst)),
    steadyMissesPer5Minutes: Math.max(...runs.map((r) => r.steadyMissesPer5Minutes)),
    maxStartsPerMinute: Math.max(...runs.map((r) => r.maxStartsPerMinute)),
  };
}
