import type { MonitorBody } from '../../detections/monitors';
import { INGESTED_FIELD } from '../../opensearch/ingest-pipeline';

/*
 * A backtest replays past data: a monitor window must select documents by when the event
 * happened (`@timestamp`), whatever field the live monitors window on. Live monitors may select
 * on the ingestion time (`event.ingested`) so late records are seen once; over past data that
 * would put a whole re-ingested day into one window, or leave days ingested later out of range.
 */

export const EVENT_TIME_FIELD = '@timestamp';
/** The live monitors' ingestion-time window field. */
export const INGESTION_TIME_FIELD = INGESTED_FIELD;
const PERIOD_END = '{{period_end}}';
/** `{{period_end}}||-<n>m/m`: a bound some minutes before the run, rounded to the minute. */
const MINUTES_BEFORE = /^\{\{period_end\}\}\|\|-(\d+)m\/m$/;

type Json = Record<string, unknown>;

const endsAtRun = (bounds: Json) =>
  [bounds.lte, bounds.lt].some((b) => typeof b === 'string' && b.startsWith(PERIOD_END));

/**
 * An ingestion window `[E − delay − width, E − delay)` becomes the event-time window `[E − width, E)`:
 * the delay only waits for stamped documents to become searchable, which past data does not need.
 * Bounds of another shape keep their values, on event time.
 */
function eventTimeBounds(bounds: unknown): unknown {
  if (!isObject(bounds)) return bounds;
  const start = typeof bounds.gte === 'string' ? MINUTES_BEFORE.exec(bounds.gte) : null;
  const end = typeof bounds.lt === 'string' ? MINUTES_BEFORE.exec(bounds.lt) : null;
  if (!start || !end) return bounds;
  const width = Number(start[1]) - Number(end[1]);
  return { ...bounds, gte: `${PERIOD_END}||-${width}m/m`, lt: `${PERIOD_END}||/m` };
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A window clause: a range ending at the run's `period_end` (the monitor's lookback), or any range
 * on the ingestion time. Creation-time bounds (`createdField`, only a lower bound) are not windows.
 */
function isWindowRange(field: string, bounds: unknown): boolean {
  if (field === INGESTION_TIME_FIELD) return true;
  return isObject(bounds) && endsAtRun(bounds);
}

function rewrite(node: unknown): unknown {
  if (Array.isArray(node)) {
    const items = node.map(rewrite);
    // Renaming can make an ingestion-time window identical to an event-time bound next to it.
    const seen = new Set<string>();
    return items.filter((item) => {
      const text = JSON.stringify(item);
      if (seen.has(text)) return false;
      seen.add(text);
      return true;
    });
  }
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'range' && isObject(value)) {
      out.range = Object.fromEntries(
        Object.entries(value).map(([field, bounds]) =>
          isWindowRange(field, bounds) ? [EVENT_TIME_FIELD, eventTimeBounds(bounds)] : [field, bounds],
        ),
      );
    } else {
      out[key] = rewrite(value);
    }
  }
  return out;
}

function hasEventTimeWindow(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasEventTimeWindow);
  if (!isObject(node)) return false;
  return Object.entries(node).some(([key, value]) =>
    key === 'range' && isObject(value)
      ? isObject(value[EVENT_TIME_FIELD]) && endsAtRun(value[EVENT_TIME_FIELD])
      : hasEventTimeWindow(value),
  );
}

interface SearchOf {
  inputs: [{ search: { indices: string[]; query: { query: { bool: { filter: unknown[] } } } } }];
}

/**
 * The monitor with its window on event time, and its search limited to `[from, to]` so that the
 * first windows of a backtest do not count events from before its range. Throws when the body has
 * no window ending at `period_end` to move: a changed monitor builder must not make a backtest
 * silently select on something else.
 */
export function onEventTime<T extends MonitorBody>(monitor: T, range: { from: number; to: number }): T {
  const copy = structuredClone(monitor) as T & SearchOf;
  const search = copy.inputs[0].search;
  search.query = rewrite(search.query) as SearchOf['inputs'][0]['search']['query'];
  if (!hasEventTimeWindow(search.query))
    throw new Error(
      `${monitor.name}: no window on ${EVENT_TIME_FIELD} ending at ${PERIOD_END} in its search`,
    );
  const filter = search.query.query?.bool?.filter;
  if (!Array.isArray(filter)) throw new Error(`${monitor.name}: its search is not a bool filter`);
  filter.push({
    range: { [EVENT_TIME_FIELD]: { gte: range.from, lte: range.to, format: 'epoch_millis' } },
  });
  return copy;
}
