import type { MonitorBody } from '../../../detections/monitors';
import { HttpError, type HttpClient } from '../../../opensearch/http-client';
import { containsDesired } from '../compare';
import type { ManagedResource } from '../reconcile';

export interface StoredMonitor {
  readonly id: string;
  readonly seqNo: number;
  readonly primaryTerm: number;
  readonly monitor: Record<string, unknown>;
}

interface SearchHit {
  readonly _id: string;
  readonly _seq_no?: number;
  readonly _primary_term?: number;
  readonly _source: Record<string, unknown> & { monitor?: Record<string, unknown> };
}

const PAGE_SIZE = 500;

/**
 * Every monitor whose name starts with `prefix`, grouped by exact name. One search instead of one
 * per monitor; before the first monitor exists the alerting config index does not either (404).
 */
export async function findMonitorsByName(
  client: HttpClient,
  prefix: string,
): Promise<Map<string, StoredMonitor[]>> {
  const byName = new Map<string, StoredMonitor[]>();
  let from = 0;
  for (;;) {
    let hits: SearchHit[];
    try {
      const res = await client.request<{ hits: { hits: SearchHit[] } }>(
        'POST',
        '/_plugins/_alerting/monitors/_search',
        {
          body: {
            from,
            size: PAGE_SIZE,
            seq_no_primary_term: true,
            sort: [{ 'monitor.name.keyword': 'asc' }],
            query: { prefix: { 'monitor.name.keyword': prefix } },
          },
        },
      );
      hits = res.body.hits.hits;
    } catch (err) {
      if (err instanceof HttpError && err.status === 404) return byName;
      throw err;
    }
    for (const hit of hits) {
      const monitor = hit._source.monitor ?? hit._source;
      const name = String(monitor.name);
      const list = byName.get(name) ?? [];
      list.push({ id: hit._id, seqNo: hit._seq_no ?? 0, primaryTerm: hit._primary_term ?? 0, monitor });
      byName.set(name, list);
    }
    if (hits.length < PAGE_SIZE) return byName;
    from += PAGE_SIZE;
  }
}

/** Monitors are matched by name (`siem: <detection id>`): Alerting assigns the ids. */
export function monitorResources(
  client: HttpClient,
  monitors: readonly MonitorBody[],
  existing: ReadonlyMap<string, readonly StoredMonitor[]>,
): ManagedResource<StoredMonitor>[] {
  return monitors.map((body) => ({
    label: `monitor "${body.name}"`,
    read: async () => existing.get(body.name)?.[0],
    isCurrent: (current) => containsDesired(current.monitor, body),
    async create() {
      // No refresh per monitor (`wait_for` costs a refresh interval, ~1 s, each):
      // {@link waitUntilSearchable} waits once for the whole step.
      await client.request('POST', '/_plugins/_alerting/monitors', { body });
    },
    async update(current) {
      await client.request('PUT', `/_plugins/_alerting/monitors/${encodeURIComponent(current.id)}`, {
        body,
        // Updates are few; each is searchable (with its new seq_no) before the next run reads it.
        query: { if_seq_no: current.seqNo, if_primary_term: current.primaryTerm, refresh: 'wait_for' },
      });
    },
  }));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until a search finds every monitor of `names` (written without a refresh), so that a run
 * started right after this one finds them too instead of creating them twice.
 */
export async function waitUntilSearchable(
  client: HttpClient,
  prefix: string,
  names: readonly string[],
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await findMonitorsByName(client, prefix);
    const missing = names.filter((name) => !found.has(name));
    if (missing.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`monitors not searchable after ${timeoutMs / 1000}s: ${missing.join(', ')}`);
    }
    await sleep(250);
  }
}
