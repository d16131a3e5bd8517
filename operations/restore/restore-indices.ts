import { INDEX_PREFIX, type LogType } from '../../opensearch/log-types';
import type { HttpClient } from '../../opensearch/http-client';
import type { Day } from '../deploy/date-range';
import {
  indicesHoldingDays,
  planRestore,
  RESTORED_PREFIX,
  restoredName,
  type RestorePlan,
  type SnapshotInfo,
  type SnapshotRestore,
} from './plan-restore';

export interface RestoreOptions {
  readonly client: HttpClient;
  /** @default 'siem-snapshots' */
  readonly repository: string;
  readonly logType: LogType;
  readonly days: readonly Day[];
  /** Print the plan, restore nothing. @default false */
  readonly dryRun?: boolean;
  /** Prefix of the index names. @default 'siem-' */
  readonly indexPrefix?: string;
  /** @default 2000 */
  readonly pollIntervalMs?: number;
  /** Give up waiting for one snapshot's restore after this long. @default 2 hours */
  readonly timeoutMs?: number;
  /** Told the plan before anything is restored (so an operator sees it first). */
  readonly onPlan?: (plan: RestorePlan) => void;
  /** Progress lines; `\r`-terminated ones overwrite each other on a terminal. */
  readonly log?: (line: string) => void;
}

export interface IndexCount {
  readonly index: string;
  readonly documents: number;
}

export interface RestoreSummary {
  readonly plan: RestorePlan;
  /** Restored indices (`restored-…` names) and their document counts; empty on a dry run. */
  readonly restored: readonly IndexCount[];
  /** Copies that were already there, with their document counts. */
  readonly skipped: readonly IndexCount[];
}

interface ShardRecovery {
  /** Shard number. */
  readonly id: number;
  readonly stage: string;
  readonly primary: boolean;
  readonly index?: {
    readonly size?: { readonly total_in_bytes?: number; readonly recovered_in_bytes?: number };
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

async function listSnapshots(client: HttpClient, repository: string): Promise<SnapshotInfo[]> {
  const { body } = await client.request<{ snapshots?: SnapshotInfo[] }>(
    'GET',
    `/_snapshot/${encodeURIComponent(repository)}/_all`,
  );
  return body.snapshots ?? [];
}

/** Existing `restored-` copies and whether each is open (`_cat/indices` status `open` or `close`). */
async function existingRestoredIndices(client: HttpClient, pattern: string): Promise<Map<string, boolean>> {
  const { body } = await client.request<Array<{ index: string; status?: string }>>(
    'GET',
    `/_cat/indices/${pattern}`,
    { query: { format: 'json', h: 'index,status', expand_wildcards: 'all' } },
  );
  return new Map(body.map((row) => [row.index, row.status !== 'close']));
}

async function countDocuments(client: HttpClient, index: string): Promise<number> {
  const { body } = await client.request<{ count: number }>('GET', `/${encodeURIComponent(index)}/_count`);
  return body.count;
}

/**
 * Whether a `restored-` copy came back whole: each of its primary shards has a recovery in stage
 * DONE. An earlier run stopped mid-restore (killed, timed out, the cluster restarted) leaves the
 * index existing with shards still recovering, failed or unassigned, which a name check alone would
 * take for done. Primaries that never started recovering are not listed at all, hence the count
 * against `number_of_shards`.
 */
export async function isCompleteCopy(client: HttpClient, index: string): Promise<boolean> {
  const path = `/${encodeURIComponent(index)}`;
  const [settings, recovery] = await Promise.all([
    client.request<Record<string, { settings?: { index?: { number_of_shards?: string } } }>>(
      'GET',
      `${path}/_settings/index.number_of_shards`,
    ),
    client.request<Record<string, { shards?: ShardRecovery[] }>>('GET', `${path}/_recovery`),
  ]);
  const shards = Number(settings.body[index]?.settings?.index?.number_of_shards ?? 0);
  const recovered = new Set(
    (recovery.body[index]?.shards ?? []).filter((s) => s.primary && s.stage === 'DONE').map((s) => s.id),
  );
  return shards > 0 && recovered.size === shards;
}

async function waitForRecovery(
  client: HttpClient,
  restore: SnapshotRestore,
  opts: Required<Pick<RestoreOptions, 'pollIntervalMs' | 'timeoutMs'>> & { log: (line: string) => void },
): Promise<void> {
  const targets = restore.indices.map(restoredName);
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    const { body } = await client.request<Record<string, { shards?: ShardRecovery[] }>>(
      'GET',
      `/${targets.join(',')}/_recovery`,
    );
    const shards = targets.flatMap((t) => (body[t]?.shards ?? []).filter((s) => s.primary));
    const done = shards.filter((s) => s.stage === 'DONE').length;
    const total = shards.reduce((sum, s) => sum + (s.index?.size?.total_in_bytes ?? 0), 0);
    const recovered = shards.reduce((sum, s) => sum + (s.index?.size?.recovered_in_bytes ?? 0), 0);
    const allListed = targets.every((t) => body[t] !== undefined);
    opts.log(
      `  ${restore.snapshot}: ${done}/${shards.length} shards, ${megabytes(recovered)} of ${megabytes(total)}\r`,
    );
    if (allListed && shards.length > 0 && done === shards.length) return;
    if (Date.now() > deadline) {
      throw new Error(
        `restore from ${restore.snapshot} not finished after ${opts.timeoutMs / 60_000} minutes`,
      );
    }
    await sleep(opts.pollIntervalMs);
  }
}

/**
 * Restores the snapshots holding the indices of the wanted days as `restored-<index>`, one snapshot
 * at a time (one restore at a time keeps the cluster's recovery throttles meaningful), and
 * counts what came back. Indices already restored completely are skipped and incomplete copies
 * restored again, so a re-run after an interruption completes the rest.
 */
export async function restoreIndices(opts: RestoreOptions): Promise<RestoreSummary> {
  const log = opts.log ?? (() => undefined);
  const prefix = opts.indexPrefix ?? INDEX_PREFIX;
  const [snapshots, existing] = await Promise.all([
    listSnapshots(opts.client, opts.repository),
    existingRestoredIndices(opts.client, `${RESTORED_PREFIX}${prefix}${opts.logType}-*`),
  ]);
  // A day's events are in the index of its day, week or month: whichever the snapshots (or a
  // copy restored earlier) hold, read back from the names, so a period changed since still works.
  const candidates = [
    ...snapshots.flatMap((s) => s.indices),
    ...[...existing.keys()].map((copy) => copy.slice(RESTORED_PREFIX.length)),
  ];
  const { indices: wanted, uncovered } = indicesHoldingDays(opts.logType, opts.days, candidates, prefix);
  const incomplete = new Set<string>();
  for (const index of wanted) {
    const copy = restoredName(index);
    // A closed copy was closed on purpose and has no recovery to show: it is kept as it is.
    if (existing.get(copy) === true && !(await isCompleteCopy(opts.client, copy))) incomplete.add(copy);
  }
  const planned = planRestore(wanted, snapshots, new Set(existing.keys()), incomplete);
  const plan: RestorePlan = { ...planned, missing: [...planned.missing, ...uncovered] };
  opts.onPlan?.(plan);
  const skipped: IndexCount[] = [];
  for (const index of plan.alreadyRestored) {
    const target = restoredName(index);
    skipped.push({ index: target, documents: await countDocuments(opts.client, target) });
  }
  if (opts.dryRun) return { plan, restored: [], skipped };

  const restored: IndexCount[] = [];
  for (const restore of plan.restores) {
    // A restore cannot write into an existing index: an incomplete copy goes first (deleting an
    // index that is still being restored also cancels that restore).
    const stale = restore.indices.map(restoredName).filter((copy) => incomplete.has(copy));
    if (stale.length > 0) {
      log(`deleting incomplete ${stale.join(', ')} to restore again`);
      await opts.client.request('DELETE', `/${stale.map(encodeURIComponent).join(',')}`);
    }
    log(`restoring ${restore.indices.length} index(es) from snapshot ${restore.snapshot}`);
    await opts.client.request(
      'POST',
      `/_snapshot/${encodeURIComponent(opts.repository)}/${encodeURIComponent(restore.snapshot)}/_restore`,
      {
        query: { wait_for_completion: false },
        body: {
          indices: restore.indices.join(','),
          rename_pattern: '^(.+)$',
          rename_replacement: `${RESTORED_PREFIX}$1`,
          include_global_state: false,
          // The live aliases (`siem-<type>`) must not double-count restored days in dashboards.
          include_aliases: false,
        },
      },
    );
    await waitForRecovery(opts.client, restore, {
      pollIntervalMs: opts.pollIntervalMs ?? 2000,
      timeoutMs: opts.timeoutMs ?? 2 * 3_600_000,
      log,
    });
    log('');
    for (const index of restore.indices) {
      const target = restoredName(index);
      restored.push({ index: target, documents: await countDocuments(opts.client, target) });
    }
  }
  return { plan, restored, skipped };
}
