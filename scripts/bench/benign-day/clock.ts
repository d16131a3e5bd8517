import type { Random } from '../../demo/generate/random';

/* When things happen on the benign day: rates per hour, around the clock or in office hours. */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export interface Span {
  /** Epoch ms of the first instant. */
  readonly start: number;
  /** Epoch ms just after the last. */
  readonly end: number;
}

/** Office hours, UTC (the organization works from Europe). */
const OFFICE = { from: 8, to: 18 } as const;

export const isOfficeHour = (ms: number) => {
  const hour = new Date(ms).getUTCHours();
  return hour >= OFFICE.from && hour < OFFICE.to;
};

/**
 * Event times at `perHour` on average (each hour draws between half and one and a half times the
 * rate), oldest first; `office` keeps only office hours.
 */
export function timesAt(random: Random, span: Span, perHour: number, office = false): number[] {
  const times: number[] = [];
  for (let hour = span.start; hour < span.end; hour += HOUR) {
    if (office && !isOfficeHour(hour)) continue;
    const expected = perHour * (0.5 + random.next());
    const count = Math.floor(expected) + (random.next() < expected % 1 ? 1 : 0);
    const length = Math.min(HOUR, span.end - hour);
    for (let i = 0; i < count; i++) times.push(hour + Math.floor(random.next() * length));
  }
  return times.sort((a, b) => a - b);
}

/** Times of `count` daily occurrences (deployments, scaling), in office hours when asked. */
export function dailyTimes(random: Random, span: Span, perDay: number, office = false): number[] {
  const perHour = office ? perDay / (OFFICE.to - OFFICE.from) : perDay / 24;
  return timesAt(random, span, perHour, office);
}
