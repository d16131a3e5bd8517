import { parseIndexName } from '../../opensearch/index-names';
import { LOG_TYPES, type LogType } from '../../opensearch/log-types';
import type { HttpClient } from '../../opensearch/http-client';

/*
 * The demo's own indices: those it created, marked as such in their mapping's `_meta`. The node
 * may hold indices of the same names' shape that are not the demo's (a user's own, or real
 * ingestion into the local node): they are never deleted.
 */

const patternOf = (prefix: string, logType: LogType) => `${prefix}${logType}-*`;

/** Key under the mapping's `_meta` of every index the demo created. */
export const DEMO_MARKER = 'siem_demo';

/** Names the ingestion writes (index-names.ts) under `prefix`, of every log type. */
async function writerIndices(client: HttpClient, prefix: string): Promise<string[]> {
  const patterns = LOG_TYPES.map((t) => patternOf(prefix, t)).join(',');
  const found = await client.request<Array<{ index: string }>>('GET', `/_cat/indices/${patterns}`, {
    query: { format: 'json', h: 'index', expand_wildcards: 'all' },
  });
  return found.body
    .map((i) => i.index)
    .filter((name) => parseIndexName(name, prefix) !== undefined)
    .sort();
}

type Mappings = Record<string, { mappings?: { _meta?: Record<string, unknown> } }>;

async function mappingMeta(
  client: HttpClient,
  names: readonly string[],
): Promise<Map<string, Record<string, unknown>>> {
  const meta = new Map<string, Record<string, unknown>>();
  // In small groups: a URL holding hundreds of index names is too long.
  for (let i = 0; i < names.length; i += 20) {
    const { body } = await client.request<Mappings>('GET', `/${names.slice(i, i + 20).join(',')}/_mapping`);
    for (const [name, m] of Object.entries(body)) meta.set(name, m.mappings?._meta ?? {});
  }
  return meta;
}

/**
 * Runs `work` (the ingestion) and marks each index it created: those that exist afterwards and
 * did not before. An index that existed before is not the demo's, even when the demo wrote into
 * it. The marker is merged into `_meta` (a mapping update replaces `_meta` as a whole).
 */
export async function markIndicesCreatedBy<T>(
  client: HttpClient,
  prefix: string,
  work: () => Promise<T>,
  now: () => Date = () => new Date(),
): Promise<{ result: T; created: string[] }> {
  const before = new Set(await writerIndices(client, prefix));
  const result = await work();
  const created = (await writerIndices(client, prefix)).filter((name) => !before.has(name));
  const meta = await mappingMeta(client, created);
  const createdAt = now().toISOString();
  for (const name of created) {
    await client.request('PUT', `/${name}/_mapping`, {
      body: { _meta: { ...meta.get(name), [DEMO_MARKER]: { createdAt } } },
    });
  }
  return { result, created };
}

/**
 * Deletes the indices an earlier run created (marked by {@link markIndicesCreatedBy}) and returns
 * their names, so a second run starts from the same state (event times move with "now", so ids of
 * time-derived documents do too). Every other index, even one named like the ingestion's, stays:
 * `onKept` hears of them.
 */
export async function deleteDemoIndices(
  client: HttpClient,
  prefix: string,
  onKept: (names: readonly string[]) => void = () => undefined,
): Promise<string[]> {
  const names = await writerIndices(client, prefix);
  const meta = await mappingMeta(client, names);
  const deleted = names.filter((name) => meta.get(name)?.[DEMO_MARKER] !== undefined);
  const kept = names.filter((name) => !deleted.includes(name));
  if (kept.length > 0) onKept(kept);
  // By name, in small groups: wildcard deletes may be disabled (action.destructive_requires_name).
  for (let i = 0; i < deleted.length; i += 20) {
    await client.request('DELETE', `/${deleted.slice(i, i + 20).join(',')}`);
  }
  return deleted;
}

/** Makes every write visible, then counts documents through each log type's alias (`<prefix><type>`). */
export async function countPerLogType(client: HttpClient, prefix: string): Promise<Record<LogType, number>> {
  const patterns = LOG_TYPES.map((t) => patternOf(prefix, t)).join(',');
  await client.request('POST', `/${patterns}/_refresh`, { query: { allow_no_indices: true } });
  const counts = {} as Record<LogType, number>;
  for (const logType of LOG_TYPES) {
    const alias = `${prefix}${logType}`;
    const found = await client.getIfExists<{ count: number }>(`/${alias}/_count`);
    counts[logType] = found?.count ?? 0;
  }
  return counts;
}
