/*
 * Event times to and from ISO-8601 at hundreds of thousands of records per second.
 * `Date.prototype.toISOString` and `Date.parse` cost a few hundred nanoseconds each, more than
 * the rest of a record's common fields; records of one object almost always share a day, so the
 * day is computed once and only the time of day is formatted or read per record.
 * Results are identical to `new Date(ms).toISOString()` and `Date.parse(text)`.
 */

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** Formats epoch milliseconds as `new Date(ms).toISOString()` does, caching the last day. */
export class IsoFormatter {
  private dayStart = NaN;
  /** `YYYY-MM-DDT` of the cached day. */
  private dayPrefix = '';
  /** The last time formatted and its text: CloudTrail's records share their second by the dozen. */
  private lastMs = NaN;
  private lastText = '';

  format(ms: number): string {
    if (ms === this.lastMs) return this.lastText;
    // Not an integer millisecond (a WAF `timestamp` of 1714521600001.5): Date truncates it. It was
    // formatted with the cached day as `...00.undefinedZ` when a whole millisecond of the day came first.
    if (!Number.isInteger(ms)) return new Date(ms).toISOString();
    let rest = ms - this.dayStart;
    if (!(rest >= 0 && rest < DAY_MS)) {
      // Out of the cached day, or out of the range Date formats simply.
      if (ms < 0 || ms >= 253_402_300_800_000) return new Date(ms).toISOString();
      this.dayStart = ms - (ms % DAY_MS);
      this.dayPrefix = new Date(this.dayStart).toISOString().slice(0, 11);
      rest = ms - this.dayStart;
    }
    const hours = Math.floor(rest / 3_600_000);
    rest -= hours * 3_600_000;
    const minutes = Math.floor(rest / 60_000);
    rest -= minutes * 60_000;
    const seconds = Math.floor(rest / 1000);
    this.lastMs = ms;
    this.lastText = `${this.dayPrefix}${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[seconds]}.${THREE_DIGITS[rest - seconds * 1000]}Z`;
    return this.lastText;
  }
}

const digit = (text: string, i: number): number => text.charCodeAt(i) - 48;
const twoDigits = (text: string, i: number): number => {
  const a = digit(text, i);
  const b = digit(text, i + 1);
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

/**
 * Parses event times as `Date.parse` does, with a fast path for CloudTrail's
 * `YYYY-MM-DDTHH:MM:SSZ` on a day already seen (its date part checked once by `Date.parse`).
 */
export class IsoParser {
  /** `YYYY-MM-DDT` of the cached day; never matches until a day is cached. */
  private dayPrefix = '\u0000';
  private dayStart = NaN;

  parse(text: string): number {
    if (text.length === 20 && text.charCodeAt(19) === 90 /* Z */ && text.startsWith(this.dayPrefix)) {
      const h = twoDigits(text, 11);
      const m = twoDigits(text, 14);
      const s = twoDigits(text, 17);
      if (
        h >= 0 &&
        h < 24 &&
        m >= 0 &&
        m < 60 &&
        s >= 0 &&
        s < 60 &&
        text.charCodeAt(13) === 58 &&
        text.charCodeAt(16) === 58
      )
        return this.dayStart + h * 3_600_000 + m * 60_000 + s * 1000;
    }
    const ms = Date.parse(text);
    if (!Number.isNaN(ms) && text.length === 20 && text.charCodeAt(10) === 84 /* T */) {
      // Remember a day only from a well-formed time whose date part Date.parse accepted.
      const day = Date.parse(`${text.slice(0, 11)}00:00:00Z`);
      if (!Number.isNaN(day)) {
        this.dayStart = day;
        this.dayPrefix = text.slice(0, 11);
      }
    }
    return ms;
  }
}

/** Last millisecond of 9999-12-31: later years print as `+010000-…`, which date fields refuse. */
export const MAX_EVENT_TIME_MS = 253_402_300_799_999;

/**
 * Whether an event time can be a document's `@timestamp`: an epoch millisecond from 1970 through
 * 9999. Anything else (`1e20`, a 20-digit VPC flow `start`, NaN) would throw in `toISOString` or be
 * refused by the cluster, so the record is dead-lettered instead.
 */
export function isValidEventTime(ms: number): boolean {
  return ms >= 0 && ms <= MAX_EVENT_TIME_MS;
}
