import type { Day } from '../deploy/date-range';
import { ANY, DISTRIBUTION, NESTED, type ArchiveLayout, type LayoutSegment } from './archive-layout';

/**
 * Lists the "folders" directly under a prefix: ListObjectsV2 CommonPrefixes with Delimiter `/`
 * (the default), full prefixes ending in the delimiter. With `.`, the key prefixes up to the next
 * dot, which is how CloudFront distribution ids are enumerated.
 */
export type ListFolders = (prefix: string, delimiter?: '/' | '.') => Promise<readonly string[]>;

/** The start of a CloudFront log file name: a distribution id and a dot. */
const DISTRIBUTION_STEM = /(?:^|\/)E[A-Z0-9]{7,15}\.$/;

const YEAR = /^\d{4}$/;
const MONTH = /^\d{2}$/;

function lastFolder(prefix: string): string {
  return prefix.slice(0, -1).split('/').at(-1) ?? '';
}

function dayPrefix(base: string, day: Day, style: ArchiveLayout['day']): string {
  if (style === 'partition') return `${base}eventDay=${day.yyyy}${day.mm}${day.dd}/`;
  if (style === 'unpadded-path') return `${base}${day.yyyy}/${Number(day.mm)}/${Number(day.dd)}/`;
  return style === 'path'
    ? `${base}${day.yyyy}/${day.mm}/${day.dd}/`
    : `${base}${day.yyyy}-${day.mm}-${day.dd}-`;
}

/**
 * Below a NESTED segment (a log group path of unknown depth): a folder named like a wanted year
 * is where the dated folders start. It is also descended into as more of the group path, minus
 * its month-like children, so a group such as `/app/2025/api` is still found.
 */
async function* nestedDays(
  base: string,
  days: readonly Day[],
  style: ArchiveLayout['day'],
  list: ListFolders,
  atGroupStart: boolean,
): AsyncGenerator<string> {
  const years = new Set(days.map((d) => d.yyyy));
  for (const folder of await list(base)) {
    const name = lastFolder(folder);
    if (!atGroupStart && YEAR.test(name)) {
      if (years.has(name))
        for (const day of days.filter((d) => d.yyyy === name)) yield dayPrefix(base, day, style);
      for (const child of await list(folder)) {
        if (!MONTH.test(lastFolder(child))) yield* nestedDays(child, days, style, list, false);
      }
    } else {
      yield* nestedDays(folder, days, style, list, false);
    }
  }
}

/**
 * Key prefixes ending in `<distribution id>.`, at any depth under `base`: one listing with
 * Delimiter `.` rolls every file of a distribution up into one prefix, however many hours and days
 * it holds. A prefix that stops at a dot elsewhere (a folder named `cdn.example.com/`) is listed
 * again from that dot on, until the distribution file names under it are reached.
 */
async function* distributionStems(base: string, list: ListFolders): AsyncGenerator<string> {
  for (const prefix of await list(base, '.')) {
    if (DISTRIBUTION_STEM.test(prefix)) yield prefix;
    else yield* distributionStems(prefix, list);
  }
}

async function* expand(
  base: string,
  segments: readonly LayoutSegment[],
  days: readonly Day[],
  style: ArchiveLayout['day'],
  list: ListFolders,
): AsyncGenerator<string> {
  const [head, ...rest] = segments;
  if (head === undefined) {
    for (const day of days) yield dayPrefix(base, day, style);
  } else if (head === ANY) {
    for (const folder of await list(base)) yield* expand(folder, rest, days, style, list);
  } else if (head === NESTED) {
    if (rest.length > 0) throw new Error('NESTED must be the last segment of a layout');
    yield* nestedDays(base, days, style, list, true);
  } else if (head === DISTRIBUTION) {
    if (rest.length > 0 || style !== 'name') {
      throw new Error('DISTRIBUTION must be the last segment of a layout dated by file name');
    }
    for await (const stem of distributionStems(base, list))
      for (const day of days) yield dayPrefix(stem, day, style);
  } else {
    yield* expand(`${base}${head}/`, rest, days, style, list);
  }
}

/**
 * Every key prefix holding objects of the wanted days, across all accounts, regions (and web
 * ACLs, log groups...) present in the bucket: the variable folders are enumerated, never
 * assumed from the config, so accounts that left the organization are still re-read.
 */
export async function findDayPrefixes(
  layout: ArchiveLayout,
  days: readonly Day[],
  list: ListFolders,
): Promise<string[]> {
  const out: string[] = [];
  for await (const prefix of expand('', layout.segments, days, layout.day, list)) out.push(prefix);
  return out;
}
