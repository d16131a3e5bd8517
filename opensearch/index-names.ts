/**
 * The one place index names are built and read back. An index holds one log type over one UTC
 * period of event time, chosen per log type (see index-sizing.ts):
 *
 * | period | name | holds |
 * | --- | --- | --- |
 * | `day` | `siem-vpcflow-2024.03.05` | 2024-03-05 |
 * | `week` | `siem-vpcflow-2024.w10` | ISO week 10 of 2024, Monday 2024-03-04 to Sunday 2024-03-10 |
 * | `month` | `siem-vpcflow-2024.m03` | March 2024 |
 *
 * The three shapes never match each other's `*` patterns (`*.*.*`, `*.w*`, `*.m*`), so each can
 * carry its own retention (ism-policies.ts).
 *
 * The index of a record is a function of its log type and event time only, never of what the
 * cluster holds: a retried or re-ingested record is sent to the same index as before, where
 * `create` with its deterministic id answers 409. Size-based rollover would break that (a retry
 * after a rollover lands in the new write index and duplicates). The name says its own period, so
 * an index written under an earlier period choice is still read back right (restore, retention).
 */

export type IndexPeriod = 'day' | 'week' | 'month';

export const INDEX_PERIODS: readonly IndexPeriod[] = ['day', 'week', 'month'];

export const DAY_MS = 86_400_000;

/** Longest length of each period in days: what retention adds so no document is deleted early. */
export const PERIOD_MAX_DAYS: Readonly<Record<IndexPeriod, number>> = { day: 1, week: 7, month: 31 };

/** The period of a log type, `day` for one the lookup does not name (types added later). */
export type PeriodOf = (logType: string) => IndexPeriod;

export const DAILY: PeriodOf = () => 'day';

/** A lookup over a partial table, `fallback` for the log types it does not list. */
export function periodLookup(
  periods: Readonly<Partial<Record<string, IndexPeriod>>>,
  fallback: IndexPeriod = 'day',
): PeriodOf {
  return (logType) => periods[logType] ?? fallback;
}

/**
 * The ingestion function's `INDEX_PERIODS` (written by index-sizing.ts `indexPeriodsEnv`):
 * `cloudtrail=week,findings=month`; a log type it does not name is daily.
 */
export function parseIndexPeriodsEnv(text: string | undefined): PeriodOf {
  const periods: Record<string, IndexPeriod> = {};
  for (const part of (text ?? '').split(',').filter((s) => s.trim() !== '')) {
    const [logType, period] = part.split('=').map((s) => s.trim());
    if (!logType || !/^[a-z0-9]+$/.test(logType) || !INDEX_PERIODS.includes(period as IndexPeriod))
      throw new Error(`INDEX_PERIODS: "${part}" is not <logType>=day|week|month`);
    periods[logType] = period as IndexPeriod;
  }
  return periodLookup(periods);
}

/** Dead letters are few: one index per month of their target's event time. */
export const DEAD_LETTER_PERIOD: IndexPeriod = 'month';
export const DEAD_LETTER_TYPE = 'deadletter';
/** Dead letters whose record gives no day. */
export const UNDATED_LABEL = 'undated';

const pad = (n: number) => String(n).padStart(2, '0');

/** Start (epoch ms, UTC) of the period holding `epochMillis`; weeks start on Monday (ISO 8601). */
export function periodStart(period: IndexPeriod, epochMillis: number): number {
  const dayStart = Math.floor(epochMillis / DAY_MS) * DAY_MS;
  if (period === 'day') return dayStart;
  const d = new Date(dayStart);
  if (period === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return dayStart - ((d.getUTCDay() + 6) % 7) * DAY_MS;
}

/** Start of the period after the one starting at `start`. */
export function periodEnd(period: IndexPeriod, start: number): number {
  if (period === 'day') return start + DAY_MS;
  if (period === 'week') return start + 7 * DAY_MS;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** ISO week-numbering year and week of a Monday. */
function isoWeek(monday: number): { year: number; week: number } {
  // The Thursday of a week decides its year (ISO 8601).
  const thursday = new Date(monday + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  return { year, week: Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1 };
}

/** Monday of ISO week `week` of `year`. */
function isoWeekMonday(year: number, week: number): number {
  const jan4 = Date.UTC(year, 0, 4); // always in week 1
  const week1Monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  return week1Monday + (week - 1) * 7 * DAY_MS;
}

/** The date part of a name: `2024.03.05`, `2024.w10`, `2024.m03`. */
export function periodLabel(period: IndexPeriod, epochMillis: number): string {
  const start = periodStart(period, epochMillis);
  const d = new Date(start);
  if (period === 'day') return `${d.getUTCFullYear()}.${pad(d.getUTCMonth() + 1)}.${pad(d.getUTCDate())}`;
  if (period === 'month') return `${d.getUTCFullYear()}.m${pad(d.getUTCMonth() + 1)}`;
  const { year, week } = isoWeek(start);
  return `${year}.w${pad(week)}`;
}

export interface ParsedIndexName {
  /** Log type, `deadletter` for dead letters. */
  readonly logType: string;
  readonly period: IndexPeriod;
  /** Event time the index covers, `[start, end)` epoch ms. */
  readonly start: number;
  readonly end: number;
}

const LABEL = /^(.+)-(\d{4})\.(?:(\d{2})\.(\d{2})|w(\d{2})|m(\d{2}))$/;

/** Reads a name back: log type and the event time it covers. Undefined for any other name. */
export function parseIndexName(name: string, prefix: string): ParsedIndexName | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const m = LABEL.exec(name.slice(prefix.length));
  if (!m) return undefined;
  const [, logType, y, mm, dd, ww, month] = m;
  const year = Number(y);
  let period: IndexPeriod;
  let start: number;
  if (dd !== undefined) {
    period = 'day';
    start = Date.UTC(year, Number(mm) - 1, Number(dd));
  } else if (ww !== undefined) {
    period = 'week';
    start = isoWeekMonday(year, Number(ww));
  } else {
    period = 'month';
    start = Date.UTC(year, Number(month) - 1, 1);
  }
  // Only names this module writes: `2024.02.30` or `2024.w00` are someone else's.
  if (`${prefix}${logType}-${periodLabel(period, start)}` !== name) return undefined;
  return { logType, period, start, end: periodEnd(period, start) };
}

/**
 * Names indices for one prefix and one period choice, with the last name cached per log type:
 * records of one object almost always share a period, and formatting a Date per record is
 * measurable at 200k records/s.
 */
export class IndexNamer {
  private readonly cache = new Map<string, { start: number; end: number; name: string }>();

  constructor(
    readonly prefix: string,
    readonly periodOf: PeriodOf = DAILY,
  ) {}

  /** Index of a record of `logType` with event time `epochMillis`. */
  indexFor(logType: string, epochMillis: number): string {
    const hit = this.cache.get(logType);
    if (hit && epochMillis >= hit.start && epochMillis < hit.end) return hit.name;
    const period = this.periodOf(logType);
    const start = periodStart(period, epochMillis);
    const name = `${this.prefix}${logType}-${periodLabel(period, start)}`;
    this.cache.set(logType, { start, end: periodEnd(period, start), name });
    return name;
  }

  /**
   * Dead letters go to `<prefix>deadletter-<month of the target's event time>`: a redelivered
   * object finds its dead letters already there (409 on `create`) instead of adding a second
   * copy elsewhere. Without a time, `<prefix>deadletter-undated`.
   */
  deadLetterIndex(targetTime: number | undefined): string {
    if (targetTime === undefined) return `${this.prefix}${DEAD_LETTER_TYPE}-${UNDATED_LABEL}`;
    return `${this.prefix}${DEAD_LETTER_TYPE}-${periodLabel(DEAD_LETTER_PERIOD, targetTime)}`;
  }

  /** Dead-letter index of a record the writer had named `targetIndex`. */
  deadLetterIndexOf(targetIndex: string): string {
    return this.deadLetterIndex(parseIndexName(targetIndex, this.prefix)?.start);
  }
}

/** Names of the indices of `logType` that hold event times in `[from, to)`, whatever their period. */
export function indicesCovering(
  logType: string,
  from: number,
  to: number,
  prefix: string,
  periodOf: PeriodOf,
): string[] {
  const names: string[] = [];
  const period = periodOf(logType);
  for (let start = periodStart(period, from); start < to; start = periodEnd(period, start))
    names.push(`${prefix}${logType}-${periodLabel(period, start)}`);
  return names;
}
