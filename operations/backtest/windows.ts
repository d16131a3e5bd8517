import type { DetectionCondition } from '../../detections/types';

/*
 * Which runs of a monitor a backtest asks the plugin about. A monitor on a `schedule`-minute
 * interval runs at every `from + k·schedule` up to `to`, each run looking `lookback` minutes back.
 * A run whose window holds fewer matching documents than the condition needs cannot fire, so it
 * is not sent: the counts come from one histogram search per detection (per minute of event time),
 * which only ever over-counts a window (its edge minutes count whole).
 */

export const MINUTE_MS = 60_000;

export interface Slots {
  /** Every run's `period_end` in the range, oldest first (epoch ms). */
  readonly ends: readonly number[];
  /** The runs that may fire and are executed. */
  readonly toRun: readonly number[];
}

/** Documents a window must at least hold for the condition to hold (a sum may come from one). */
export function minimumDocuments(condition: DetectionCondition): number {
  return condition.kind === 'sum' ? 1 : Math.max(1, condition.minCount);
}

/**
 * `matchesPerMinute`: matching documents per minute of event time (minute start → count).
 * A window `[end - lookback, end]` counts every minute that overlaps it.
 */
export function slotsOf(opts: {
  readonly from: number;
  readonly to: number;
  readonly scheduleMinutes: number;
  readonly lookbackMinutes: number;
  readonly matchesPerMinute: ReadonlyMap<number, number>;
  readonly minimum: number;
}): Slots {
  const step = opts.scheduleMinutes * MINUTE_MS;
  const lookback = opts.lookbackMinutes * MINUTE_MS;
  const minutes = [...opts.matchesPerMinute].sort(([a], [b]) => a - b);
  const ends: number[] = [];
  const toRun: number[] = [];
  let first = 0; // first minute still overlapping the window
  let last = 0; // first minute after the window
  let inWindow = 0;
  for (let end = opts.from + step; end <= opts.to; end += step) {
    ends.push(end);
    while (last < minutes.length && minutes[last]![0] <= end) inWindow += minutes[last++]![1];
    while (first < last && minutes[first]![0] + MINUTE_MS <= end - lookback) inWindow -= minutes[first++]![1];
    if (inWindow >= opts.minimum) toRun.push(end);
  }
  return { ends, toRun };
}
