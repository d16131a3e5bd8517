/** One UTC calendar day, zero-padded the way index names and S3 keys spell it. */
export interface Day {
  readonly yyyy: string;
  readonly mm: string;
  readonly dd: string;
}

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Longest range one command accepts: a year and a bit. Longer ranges are almost always a typo
 * (2205 for 2025) and would queue thousands of restores or listings.
 */
export const MAX_RANGE_DAYS = 400;

function parseDay(text: string, what: string): number {
  const match = ISO_DAY.exec(text);
  const millis = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  // Date.UTC rolls 2025-02-30 over to March: compare back to reject impossible days.
  if (!match || new Date(millis).toISOString().slice(0, 10) !== text) {
    throw new Error(`${what} must be a day written YYYY-MM-DD, got ${JSON.stringify(text)}`);
  }
  return millis;
}

/** Every UTC day from `from` to `to`, both included. */
export function daysInRange(from: string, to: string): Day[] {
  const start = parseDay(from, '--from');
  const end = parseDay(to, '--to');
  if (end < start) throw new Error(`--to (${to}) is before --from (${from})`);
  const count = (end - start) / DAY_MS + 1;
  if (count > MAX_RANGE_DAYS) {
    throw new Error(`the range covers ${count} days; split it into ranges of at most ${MAX_RANGE_DAYS} days`);
  }
  return Array.from({ length: count }, (_, i) => {
    const iso = new Date(start + i * DAY_MS).toISOString();
    return { yyyy: iso.slice(0, 4), mm: iso.slice(5, 7), dd: iso.slice(8, 10) };
  });
}
