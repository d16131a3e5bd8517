import { parseIndexName } from '../../opensearch/index-names';
import { LOG_TYPES, type LogType } from '../../opensearch/log-types';
import type { HttpClient } from '../../opensearch/http-client';

/* The demo's own indices: the indices of each log type under its prefix, one per day, week or month. */

const patternOf = (prefix: string, logType: LogType) => `${prefix}${logType}-*`;

/**
 * Deletes the indices of every log type under `prefix`, so a second run starts from the same
 * state (event times move with "now", so ids of time-derived documents do too). Only names the
 * ingestion writes (index-names.ts): another index that merely matches `<prefix><type>-*` stays.
 */
export async function deleteDemoIndices(client: HttpClient, prefix: string): Promise<string[]> {
  const patterns = LOG_TYPES.map((t) => patternOf(prefix, t)).join(',');
  const found = await client.request<Array<{ index: string }>>('GET', `/_cat/indices/${patterns}`, {
    query: { format: 'json', h: 'index', expand_wildcards: 'all' },
  });
  const names = found.body
    .map((i) => i.index)
    .filter((name) => parseIndexName(name, prefix) !== undefined)
    .sort();
  // By name, in small groups: wildcard deletes may be disabled (action.destructive_requires_name).
  for (let i = 0; i < names.length; i += 20) {
    await client.request('DELETE', `/${names.slice(i, i + 20).join(',')}`);
  }
  return names;
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
