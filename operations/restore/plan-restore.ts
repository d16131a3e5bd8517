import { parseIndexName, periodLabel } from '../../opensearch/index-names';
import { INDEX_PREFIX, RESTORED_PREFIX, type LogType } from '../../opensearch/log-types';
import type { Day } from '../deploy/date-range';

/** Restored indices get this prefix, so they never collide with (or get deleted like) live ones. */
export { RESTORED_PREFIX };

/** The fields of one entry of `GET _snapshot/<repo>/_all` the plan reads. */
export interface SnapshotInfo {
  readonly snapshot: string;
  readonly state: string;
  readonly indices: readonly string[];
  readonly start_time_in_millis: number;
  /** Shards that could not be copied (partial snapshots): their index is not restorable from this one. */
  readonly failures?: ReadonlyArray<{ readonly index?: string }>;
}

export interface SnapshotRestore {
  readonly snapshot: string;
  /** Source index names inside the snapshot; they come back as `restored-<name>`. */
  readonly indices: readonly string[];
}

export interface RestorePlan {
  readonly restores: readonly SnapshotRestore[];
  /** Wanted indices whose `restored-` copy already exists complete: skipped, so re-running is safe. */
  readonly alreadyRestored: readonly string[];
  /**
   * Wanted indices whose `restored-` copy exists but never finished recovering (an interrupted
   * restore): it is deleted and restored again when a snapshot holds the index (then it is also in
   * `restores`), else left as it is and listed in `missing` too.
   */
  readonly incomplete: readonly string[];
  /**
   * Wanted indices that no usable snapshot holds (no data that day, or older than the snapshots);
   * a day no snapshot has any index for is named as its daily index.
   */
  readonly missing: readonly string[];
}

/**
 * Of `candidates` (the index names snapshots hold), the indices of `logType` that hold event time
 * of any of `days`, whatever their period (index-names.ts: a day's, its week's or its month's),
 * sorted; and the days none of them covers, named as their daily index would be.
 */
export function indicesHoldingDays(
  logType: LogType,
  days: readonly Day[],
  candidates: Iterable<string>,
  prefix = INDEX_PREFIX,
): { indices: string[]; uncovered: string[] } {
  const starts = days.map((d) => Date.UTC(Number(d.yyyy), Number(d.mm) - 1, Number(d.dd)));
  const covered = new Set<number>();
  const indices = new Set<string>();
  for (const name of candidates) {
    const parsed = parseIndexName(name, prefix);
    if (parsed?.logType !== logType) continue;
    const held = starts.filter((start) => start >= parsed.start && start < parsed.end);
    if (held.length === 0) continue;
    indices.add(name);
    for (const start of held) covered.add(start);
  }
  const uncovered = starts
    .filter((start) => !covered.has(start))
    .map((start) => `${prefix}${logType}-${periodLabel('day', start)}`);
  return { indices: [...indices].sort(), uncovered };
}

export function restoredName(index: string): string {
  return `${RESTORED_PREFIX}${index}`;
}

/** Indices a snapshot holds completely: every index of a SUCCESS one, the unfailed ones of a PARTIAL one. */
function restorableIndices(snapshot: SnapshotInfo): Set<string> {
  if (snapshot.state === 'SUCCESS') return new Set(snapshot.indices);
  if (snapshot.state !== 'PARTIAL') return new Set();
  const failed = new Set((snapshot.failures ?? []).map((f) => f.index));
  return new Set(snapshot.indices.filter((index) => !failed.has(index)));
}

/**
 * For each wanted index, the newest snapshot that holds it completely (newest = the most
 * late-arriving events), grouped so each snapshot is restored with one request.
 */
export function planRestore(
  wantedIndices: readonly string[],
  snapshots: readonly SnapshotInfo[],
  existingIndices: ReadonlySet<string>,
  /** `restored-` copies among `existingIndices` that are not complete. */
  incompleteCopies: ReadonlySet<string> = new Set(),
): RestorePlan {
  const newestFirst = [...snapshots]
    .sort((a, b) => b.start_time_in_millis - a.start_time_in_millis)
    .map((s) => ({ name: s.snapshot, indices: restorableIndices(s) }));
  const bySnapshot = new Map<string, string[]>();
  const alreadyRestored: string[] = [];
  const incomplete: string[] = [];
  const missing: string[] = [];
  for (const index of wantedIndices) {
    const copy = restoredName(index);
    if (existingIndices.has(copy) && !incompleteCopies.has(copy)) {
      alreadyRestored.push(index);
      continue;
    }
    if (existingIndices.has(copy)) incomplete.push(index);
    const holder = newestFirst.find((s) => s.indices.has(index));
    if (!holder) {
      missing.push(index);
      continue;
    }
    const group = bySnapshot.get(holder.name) ?? [];
    group.push(index);
    bySnapshot.set(holder.name, group);
  }
  const restores = [...bySnapshot].map(([snapshot, indices]) => ({ snapshot, indices }));
  return { restores, alreadyRestored, incomplete, missing };
}
