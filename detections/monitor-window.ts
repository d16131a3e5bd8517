import { INGESTED_FIELD } from '../opensearch/ingest-pipeline';
import type { Detection, DetectionCondition, DslQuery } from './types';

/*
 * Which documents one run of a monitor looks at.
 *
 * Detections select on when a document was indexed (`event.ingested`, stamped by the node), not on
 * when its event happened (`@timestamp`). A run with `period_end` E covers the ingestion window
 *
 *     [floor(E) − delay − width, floor(E) − delay)        floor: to the minute
 *
 * and the next run, one interval later, starts where this one ended: windows tile, so each record
 * is evaluated in exactly one run, whether its event time is 1 minute or 40 minutes before it
 * arrived. Neither a late record nor a retried bulk falls between windows.
 * - `delay` leaves time for a stamped document to become searchable: the stamp is taken when the
 *   pipeline runs, before the write and the refresh (every second while an index is searched; on
 *   an index idle for 30 s the monitor's search waits for one); a bulk of a few MB takes seconds.
 *   Two minutes cover both with a wide margin, and add two minutes to alerting.
 * - Rounding to the minute (date math `/m`) makes the bounds independent of when in its minute a
 *   run starts: planned cron runs get `period_end` at second 0, interval schedules and `_execute`
 *   calls at any millisecond; the interval being whole minutes, consecutive runs still tile.
 * - `width` is the run interval for a detection that fires on one event. For a detection that
 *   counts (a threshold above 1, distinct values, a sum), it is the detection's lookback when
 *   that is longer: a burst spread over more than one interval is still counted as one, and
 *   consecutive windows overlap; the notification stays single because a bucket-level alert
 *   that stays active is not new, and query-level actions are throttled per lookback.
 * - The event time is still bounded: only events at most `maxEventAgeMinutes` old (7 days by
 *   default) are evaluated, so re-ingesting last year's archive alerts on nothing, while a record
 *   hours late still counts. There is no upper bound: an event stamped in the future (a skewed or
 *   forged clock) is evaluated when it arrives instead of never.
 * - `createdField` (findings, whose every update is a new document) must be no older than the
 *   detection's lookback before the window starts: new findings count, old ones updated do not.
 *
 * Freshness monitors ask whether recent events exist, which is a question about event time: they
 * keep an event-time window ({@link eventTimeWindow}).
 */

export const EVENT_TIME_FIELD = '@timestamp';
export { INGESTED_FIELD };

/** Minutes between the end of a run's ingestion window and its `period_end`. */
export const INGEST_DELAY_MINUTES = 2;
/** Oldest event time evaluated, in minutes before `period_end`: 7 days. */
export const MAX_EVENT_AGE_MINUTES = 7 * 24 * 60;

const MINUTE_MS = 60_000;
const PERIOD_END = '{{period_end}}';

export interface MonitorWindowOptions {
  /**
   * Minutes a stamped document may take to become searchable (the index refresh interval plus a
   * bulk request's duration, with margin).
   * @default 2
   */
  readonly delayMinutes?: number;
  /**
   * Events older than this many minutes before the run are not evaluated, however recently they
   * were ingested (a re-ingest of old archives alerts on nothing).
   * @default 7 days
   */
  readonly maxEventAgeMinutes?: number;
}

/** The ingestion window of a run, as minute offsets back from `floor(period_end)`: `[start, end)`. */
export interface IngestWindow {
  /** Minutes from the window's start to `period_end`. */
  readonly startMinutes: number;
  /** Minutes from the window's end (excluded) to `period_end`: the delay. */
  readonly endMinutes: number;
}

/** Fires on a single matching event (rather than on a count, a distinct count or a sum). */
export function firesOnOneEvent(condition: DetectionCondition): boolean {
  return (condition.kind === 'threshold' || condition.kind === 'bucket') && condition.minCount <= 1;
}

function positiveMinutes(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be whole minutes ≥ 0, got ${value}`);
  return value;
}

/**
 * The ingestion window of a detection run every `intervalMinutes`: as wide as the interval, or as
 * its lookback when it counts and that is longer.
 */
export function ingestWindow(
  detection: Pick<Detection, 'condition' | 'lookbackMinutes'>,
  intervalMinutes: number,
  options: MonitorWindowOptions = {},
): IngestWindow {
  const interval = positiveMinutes('the run interval', intervalMinutes);
  if (interval < 1) throw new Error('the run interval must be at least 1 minute');
  const delay = positiveMinutes('delayMinutes', options.delayMinutes ?? INGEST_DELAY_MINUTES);
  const width = firesOnOneEvent(detection.condition)
    ? interval
    : Math.max(interval, positiveMinutes('lookbackMinutes', detection.lookbackMinutes));
  return { startMinutes: delay + width, endMinutes: delay };
}

/** `{{period_end}}` minus `minutes`, rounded down to the minute by OpenSearch date math. */
const minutesBeforeEnd = (minutes: number) => `${PERIOD_END}||-${minutes}m/m`;

/**
 * The filter clauses of a detection's monitor search: its ingestion window, the event age bound,
 * and (findings) the creation bound. Each run of the monitor is `intervalMinutes` after the last.
 */
export function detectionWindow(
  detection: Pick<Detection, 'condition' | 'lookbackMinutes' | 'createdField'>,
  intervalMinutes: number,
  options: MonitorWindowOptions = {},
): DslQuery[] {
  const window = ingestWindow(detection, intervalMinutes, options);
  const maxAge = positiveMinutes('maxEventAgeMinutes', options.maxEventAgeMinutes ?? MAX_EVENT_AGE_MINUTES);
  return [
    {
      range: {
        [INGESTED_FIELD]: {
          gte: minutesBeforeEnd(window.startMinutes),
          lt: minutesBeforeEnd(window.endMinutes),
          format: 'epoch_millis',
        },
      },
    },
    { range: { [EVENT_TIME_FIELD]: { gte: `${PERIOD_END}||-${maxAge}m`, format: 'epoch_millis' } } },
    ...(detection.createdField === undefined
      ? []
      : [
          {
            range: {
              [detection.createdField]: {
                gte: minutesBeforeEnd(window.startMinutes + detection.lookbackMinutes),
                format: 'epoch_millis',
              },
            },
          },
        ]),
  ];
}

/** The event-time window of a freshness check: events of the last `minutes` up to the run. */
export function eventTimeWindow(minutes: number): DslQuery[] {
  return [
    {
      range: {
        [EVENT_TIME_FIELD]: { gte: `${PERIOD_END}||-${minutes}m`, lte: PERIOD_END, format: 'epoch_millis' },
      },
    },
  ];
}

/** `[from, to)` in epoch ms of the ingestion window a run ending at `periodEnd` covers. */
export function ingestWindowAt(periodEnd: number, window: IngestWindow): { from: number; to: number } {
  const end = Math.floor(periodEnd / MINUTE_MS) * MINUTE_MS;
  return { from: end - window.startMinutes * MINUTE_MS, to: end - window.endMinutes * MINUTE_MS };
}

/**
 * The earliest `period_end` whose ingestion window holds documents stamped from `from` to `to`
 * (epoch ms): for a run right after an ingestion (the demo, tests). Throws when they span more
 * than the window holds.
 */
export function periodEndCovering(
  range: { readonly from: number; readonly to: number },
  window: IngestWindow,
): number {
  const periodEnd = (Math.floor(range.to / MINUTE_MS) + 1 + window.endMinutes) * MINUTE_MS;
  const covered = ingestWindowAt(periodEnd, window);
  if (range.from < covered.from)
    throw new Error(
      `documents stamped from ${new Date(range.from).toISOString()} to ${new Date(range.to).toISOString()} do not fit in one ${window.startMinutes - window.endMinutes}-minute ingestion window`,
    );
  return periodEnd;
}
