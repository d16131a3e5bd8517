import { DAILY, DAY_MS, periodEnd, periodStart, type PeriodOf } from '../../opensearch/index-names';
import type { LogType } from '../../opensearch/log-types';
import { keyDayStart } from './documents';

/*
 * Which index a record's event time may create. Indices hold a day, a week or a month of event
 * time (index-names.ts), and every index costs shards; event times come from the content, so one
 * object with records on 3,000 different days would otherwise create up to 3,000 indices (the
 * cluster stops at 1,000 shards per node, dead-letter indices included). Two bounds hold
 * whatever the content says:
 *
 * - a window: with `window` set, an event time older than `hotDays` days before the start of
 *   today (UTC), or more than `futureDays` after now, never names an index;
 * - a budget: one object names at most `maxDailyIndices` distinct indices per log type (an
 *   archive bucket holds one log type, so per object in production).
 *
 * A record outside either goes to the object's day: the day in its key when that day is itself
 * in the window (a redelivery then finds the same index), else the arrival day. Its `@timestamp`
 * keeps the event time; `event.routing` says why it is not in its event time's index.
 */

export { DAY_MS };

export interface TimeWindow {
  /** Event times older than this many days before the start of today (UTC) are outside. */
  readonly hotDays: number;
  /** Event times more than this many days after `now` are outside. @default 1 */
  readonly futureDays?: number;
}

export interface IndexBounds {
  /** Without it only the budget applies (re-ingestion of old days, local tools). */
  readonly window?: TimeWindow;
  /** @default 3 */
  readonly maxDailyIndices?: number;
  /** Arrival time, epoch ms. @default Date.now() */
  readonly now?: number;
  /** Period of each log type's indices, as the writer's (`BulkWriterOptions.periodOf`). @default daily */
  readonly periodOf?: PeriodOf;
}

export const DEFAULT_MAX_DAILY_INDICES = 3;
export const DEFAULT_FUTURE_DAYS = 1;

/** Values of `event.routing`. */
export const ROUTING = {
  outsideWindow: 'event_time_outside_window',
  overBudget: 'object_index_budget',
} as const;

export type Routing = (typeof ROUTING)[keyof typeof ROUTING];

export interface Route {
  /** Time that names the index (the event time, or the start of the object's day). */
  readonly indexTime: number;
  /** Set when the record does not go to its event day's index. */
  readonly routing?: Routing;
}

export class ObjectIndexRouter {
  private readonly low: number;
  private readonly high: number;
  private readonly max: number;
  /** Start of the day that takes what may not have its own index. */
  readonly objectDay: number;
  /** Period starts of the indices this object has used, per log type. */
  private readonly used = new Map<LogType, Set<number>>();
  /** Last period accepted per log type, `[start, end)`: records of one object almost always share it. */
  private readonly last = new Map<LogType, { start: number; end: number }>();
  private readonly periodOf: PeriodOf;

  constructor(key: string, bounds: IndexBounds = {}) {
    const now = bounds.now ?? Date.now();
    const today = Math.floor(now / DAY_MS) * DAY_MS;
    this.low = bounds.window ? today - bounds.window.hotDays * DAY_MS : -Infinity;
    this.high = bounds.window ? now + (bounds.window.futureDays ?? DEFAULT_FUTURE_DAYS) * DAY_MS : Infinity;
    this.max = Math.max(1, bounds.maxDailyIndices ?? DEFAULT_MAX_DAILY_INDICES);
    const keyDay = keyDayStart(key);
    this.objectDay = keyDay !== undefined && this.inWindow(keyDay) ? keyDay : today;
    this.periodOf = bounds.periodOf ?? DAILY;
  }

  inWindow(time: number): boolean {
    return time >= this.low && time <= this.high;
  }

  /** Distinct indices this object has named so far, all log types together. */
  get indices(): number {
    let n = 0;
    for (const days of this.used.values()) n += days.size;
    return n;
  }

  route(logType: LogType, time: number): Route {
    if (!this.inWindow(time)) return this.toObjectDay(logType, ROUTING.outsideWindow);
    const last = this.last.get(logType);
    if (last !== undefined && time >= last.start && time < last.end) return { indexTime: time };
    const period = this.periodOf(logType);
    const start = periodStart(period, time);
    const starts = this.startsOf(logType);
    if (!starts.has(start)) {
      // The object's day's index stays free for this log type: it is where the rest goes.
      const objectStart = periodStart(period, this.objectDay);
      const reserved = start === objectStart || starts.has(objectStart) ? 0 : 1;
      if (starts.size + reserved >= this.max) return this.toObjectDay(logType, ROUTING.overBudget);
      starts.add(start);
    }
    this.last.set(logType, { start, end: periodEnd(period, start) });
    return { indexTime: time };
  }

  private startsOf(logType: LogType): Set<number> {
    let starts = this.used.get(logType);
    if (!starts) this.used.set(logType, (starts = new Set()));
    return starts;
  }

  private toObjectDay(logType: LogType, routing: Routing): Route {
    this.startsOf(logType).add(periodStart(this.periodOf(logType), this.objectDay));
    return { indexTime: this.objectDay, routing };
  }
}
