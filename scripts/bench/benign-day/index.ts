import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { archiveBucketName } from '../../../config/archive-names';
import type { SiemConfig } from '../../../config/schema';
import type { CloudTrailRecord } from '../../../detections/cloudtrail/records';
import { LOG_TYPES, type LogType } from '../../../opensearch/log-types';
import { compactTime, datePath, type DemoObject } from '../../demo/generate/context';
import { seededRandom } from '../../demo/generate/random';
import { HOUR, type Span } from './clock';
import { cloudTrailDay } from './cloudtrail';
import { cloudWatchDay } from './cloudwatch';
import { networkDay } from './network';
import { benignAccounts, type BenignAccount } from './organization';
import { webDay } from './web';

export { benignConfig, BENIGN_ORGANIZATION_ACCOUNTS } from './organization';

/*
 * A benign day of an organization, every source in its archive format and key layout, one object
 * per account, source and hour. Seeded: the same config, start, hours and seed give the same bytes.
 */

export const BENIGN_DAY_SEED = 20261206;

export interface BenignDayOptions {
  readonly config: SiemConfig;
  /** Epoch ms, a whole hour. */
  readonly start: number;
  /** @default 24 */
  readonly hours?: number;
  /** @default BENIGN_DAY_SEED */
  readonly seed?: number;
}

/** A generator of its own per account and source (and hour, for traffic), so adding an account changes no other. */
function randomFor(seed: number, ...parts: readonly (string | number)[]) {
  const digest = createHash('sha256')
    .update([seed, ...parts].join('/'))
    .digest();
  return seededRandom(digest.readUInt32BE(0));
}

function trailFiles(
  config: SiemConfig,
  account: BenignAccount,
  records: CloudTrailRecord[],
  span: Span,
): DemoObject[] {
  const perHour = new Map<number, CloudTrailRecord[]>();
  for (const r of records) {
    const at = Date.parse(String(r.eventTime));
    if (at < span.start || at >= span.end) continue;
    const hour = at - (at % HOUR);
    perHour.set(hour, [...(perHour.get(hour) ?? []), r]);
  }
  return [...perHour].map(([hour, list]) => ({
    bucket: archiveBucketName(config, 'cloudtrail'),
    key:
      `AWSLogs/${config.organization.id}/${account.id}/CloudTrail/${account.region}/${datePath(hour)}/` +
      `${account.id}_CloudTrail_${account.region}_${compactTime(hour)}_benign.json.gz`,
    body: gzipSync(JSON.stringify({ Records: list })),
    documents: { cloudtrail: list.length },
  }));
}

export function generateBenignDay(opts: BenignDayOptions): DemoObject[] {
  const { config, start } = opts;
  if (start % HOUR !== 0) throw new Error('the benign day starts on a whole hour');
  const seed = opts.seed ?? BENIGN_DAY_SEED;
  const span: Span = { start, end: start + (opts.hours ?? 24) * HOUR };
  const objects: DemoObject[] = [];
  for (const account of benignAccounts(config)) {
    const records = cloudTrailDay({
      account,
      span,
      random: randomFor(seed, account.id, 'cloudtrail'),
      s3DataEvents: config.cloudTrail.s3DataEvents,
      lambdaDataEvents: config.cloudTrail.lambdaDataEvents,
    });
    objects.push(...trailFiles(config, account, records, span));
    for (let hour = span.start; hour < span.end; hour += HOUR) {
      const slice = { start: hour, end: hour + HOUR };
      objects.push(
        ...networkDay({ config, account, span: slice, random: randomFor(seed, account.id, 'network', hour) }),
        ...webDay({ config, account, span: slice, random: randomFor(seed, account.id, 'web', hour) }),
        ...cloudWatchDay({
          config,
          account,
          span: slice,
          random: randomFor(seed, account.id, 'cloudwatch', hour),
        }),
      );
    }
  }
  return objects;
}

/** Documents per log type the objects hold. */
export function documentsPerLogType(objects: readonly DemoObject[]): Record<LogType, number> {
  const counts = Object.fromEntries(LOG_TYPES.map((t) => [t, 0])) as Record<LogType, number>;
  for (const o of objects) for (const [type, n] of Object.entries(o.documents)) counts[type as LogType] += n;
  return counts;
}
