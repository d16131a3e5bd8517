import { keyDayStart } from './documents';

/*
 * The day of a record that could not be parsed, for the index of its dead letter: the object
 * key's first, since every record of the object shares it and a redelivery finds the same one;
 * else a date-time near the start of the record, a guess kept for keys without a day (within a
 * CloudTrail record, say, the first date-time may be a session's creation, which is why the key
 * comes first).
 */

/** Enough of an unparsable record to find a date-time near its start, without scanning a huge line. */
const RECORD_DAY_SCAN_CHARS = 1024;
/** An ISO-8601 date-time. */
const ISO_DAY = /(?<!\d)(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}/;

/** Start (epoch ms, UTC) of a real calendar day from 1970 on, else undefined. */
function calendarDayStart(year: string, month: string, day: string): number | undefined {
  const start = Date.UTC(Number(year), Number(month) - 1, Number(day));
  const d = new Date(start);
  const valid =
    Number(year) >= 1970 &&
    d.getUTCFullYear() === Number(year) &&
    d.getUTCMonth() === Number(month) - 1 &&
    d.getUTCDate() === Number(day);
  return valid ? start : undefined;
}

/** Start of the day an archive key was written under (`/YYYY/MM/DD/` or CloudFront/S3 dashed). */
export function dayInKey(key: string): number | undefined {
  const start = keyDayStart(key);
  return start !== undefined && start >= 0 ? start : undefined;
}

/** Start of the day of the first ISO-8601 date-time near the start of a record's text. */
export function dayInRecord(raw: string): number | undefined {
  const m = ISO_DAY.exec(raw.length > RECORD_DAY_SCAN_CHARS ? raw.slice(0, RECORD_DAY_SCAN_CHARS) : raw);
  return m ? calendarDayStart(m[1], m[2], m[3]) : undefined;
}

/** Day of an unparsable record of the object `key`: the key's, else the record's. */
export function unparsableDay(key: string, raw: string): number | undefined {
  return dayInKey(key) ?? dayInRecord(raw);
}
