import type { LogType } from '../../opensearch/log-types';
import { keyDayStart } from './documents';

/*
 * Which daily index a record's event time may create. Indices are daily by event time, and every
 * index costs shards; event times come from the content, so one object with records on 3,000
 * different days would otherwise create 3,000 indices (the cluster stops at 1,000 shards per
 * node, dead-letter indices included). Two bounds hold whatever the content says:
 *
 * - a window: with `window` set, an event time older than `hotDays` days before the start of
 *   today (UTC), or more than `futureDays` after now, never names an index;
 * - a budget: one object creates at most `maxDailyIndices` distinct daily indices per log type
 *   (an archive bucket holds one log type, so per object in production).
 *
 * A record outside either goes to the object's day: the day in its key when that day is itself
 * in the window (a redelivery then finds the same index), else the arrival day. Its `@timestamp`
 * keeps the event time; `event.routing` says why it is not in its event day's index.
 */

export const DAY_MS = 86_400_000;

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
  /** Day numbers of the indices this object has used, per log type. */
  private readonly used = new Map<LogType, Set<number>>();
  /** Last day accepted per log type: records of one object almost always share it. */
  private readonly last = new Map<LogType, number>();

  constructor(key: string, bounds: IndexBounds = {}) {
    const now = bounds.now ?? Date.now();
    const today = Math.floor(now / DAY_MS) * DAY_MS;
    this.low = bounds.window ? today - bounds.window.hotDays * DAY_MS : -Infinity;
    this.high = bounds.window ? now + (bounds.window.futureDays ?? DEFAULT_FUTURE_DAYS) * DAY_MS : Infinity;
    this.max = Math.max(1, bounds.maxDailyIndices ?? DEFAULT_MAX_DAILY_INDICES);
    const keyDay = keyDayStart(key);
    this.objectDay = keyDay !== undefined && this.inWindow(keyDay) ? keyDay : today;
  }

  inWindow(time: number): boolean {
    return time >= this.low && time <= this.high;
  }

  /** Distinct daily indices this object has named so far, all log types together. */
  get indices(): number {
    let n = 0;
    for (const days of this.used.values()) n += days.size;
    return n;
  }

  route(logType: LogType, time: number): Route {
    if (!this.inWindow(time)) return this.toObjectDay(logType, ROUTING.outsideWindow);
    const day = Math.floor(time / DAY_MS);
    if (this.last.get(logType) === day) return { indexTime: time };
    const days = this.daysOf(logType);
    if (!days.has(day)) {
      // The object's day stays free for this log type: it is where the rest goes.
      const objectDay = this.objectDay / DAY_MS;
      const reserved = day === objectDay || days.has(objectDay) ? 0 : 1;
      if (days.size + reserved >= this.max) return this.toObjectDay(logType, ROUTING.overBudget);
      days.add(day);
    }
    this.last.set(logType, day);
    return { indexTime: time };
  }

  private daysOf(logType: LogType): Set<number> {
    let days = this.used.get(logType);
    if (!days) this.used.set(logType, (days = new Set()));
    return days;
  }

  private toObjectDay(logType: LogType, routing: Routing): Route {
    this.daysOf(logType).add(this.objectDay / DAY_MS);
    return { indexTime: this.objectDay, routing };
  }
}
