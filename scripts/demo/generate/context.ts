import type { SiemConfig } from '../../../config/schema';
import type { LogType } from '../../../opensearch/log-types';

/** What every source generator needs: the deployment's accounts and names, and the moment "now". */
export interface DemoContext {
  readonly config: SiemConfig;
  /** Epoch milliseconds; every event falls in the hour before it, so the monitors' windows see them. */
  readonly now: number;
}

/** One archived object in the exact bytes and key layout its source writes to the archive bucket. */
export interface DemoObject {
  readonly bucket: string;
  readonly key: string;
  readonly body: Buffer;
  /** How many documents of each log type the object holds (a CloudWatch object may hold findings too). */
  readonly documents: Partial<Record<LogType, number>>;
}

export const MINUTE = 60_000;

/** The account the workloads (and the attack) run in, and its first region. */
export function workloadAccount(config: SiemConfig): { id: string; region: string } {
  const account = config.memberAccounts[0];
  if (!account) throw new Error('the config lists no member account');
  return { id: account.id, region: account.regions[0] ?? config.homeRegion };
}

/** `YYYY/MM/DD` of an epoch-millisecond time, UTC. */
export function datePath(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '/');
}

/** `YYYYMMDDTHHmmZ`, as AWS puts it in log file names. */
export function compactTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}Z`;
}

/** Sorted oldest first: log files list events in time order. */
export function byTime<T>(events: T[], timeOf: (event: T) => number): T[] {
  return events.sort((a, b) => timeOf(a) - timeOf(b));
}
