/**
 * `npm run bench:time-range`: how a search on `@timestamp` finds its documents when the day is no
 * longer in the index name. The same documents (56 days of event time) are indexed three ways,
 * daily, weekly and monthly (index-names.ts), 1 primary each, force-merged; then searches over
 * the last hour, day, week and the whole range run against each layout, interleaved round by
 * round, with and without the can_match pre-filter forced (`pre_filter_shard_size=1`). Prints
 * the median server time (`took`) as a ratio to the daily layout's, and how many shards each
 * search touched and skipped. A third mode sorts on `@timestamp` (what Discover sends): a primary
 * sort on a field makes OpenSearch run the pre-filter by default. Ratios within one run only: the machine is shared.
 *
 * Options: --endpoint URL (default $OPENSEARCH_URL), --per-day N (documents per day, 2,000),
 * --rounds N (11).
 */
import { parseArgs } from 'node:util';
import { createHttpClient, type HttpClient } from '../../opensearch/http-client';
import { DAY_MS, IndexNamer, type IndexPeriod } from '../../opensearch/index-names';

interface SearchAnswer {
  took: number;
  _shards: { total: number; skipped?: number };
  hits: { total: { value: number } };
}

const DAYS = 56;
/** A Monday, so the 56 days are 8 whole ISO weeks (and parts of 2 months). */
const START = Date.UTC(2025, 0, 6);
const END = START + DAYS * DAY_MS;
const ACTIONS = ['ListBuckets', 'GetObject', 'AssumeRole', 'DescribeInstances', 'ConsoleLogin'];

const WINDOWS: ReadonlyArray<{ name: string; ms: number }> = [
  { name: 'last hour', ms: 3_600_000 },
  { name: 'last day', ms: DAY_MS },
  { name: 'last 7 days', ms: 7 * DAY_MS },
  { name: 'all 56 days', ms: DAYS * DAY_MS },
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function load(client: HttpClient, prefix: string, period: IndexPeriod, perDay: number): Promise<void> {
  const namer = new IndexNamer(prefix, () => period);
  const names = new Set<string>();
  for (let day = 0; day < DAYS; day++) names.add(namer.indexFor('cloudtrail', START + day * DAY_MS));
  for (const name of names) {
    await client.request('PUT', `/${name}`, {
      body: {
        settings: { number_of_shards: 1, number_of_replicas: 0, refresh_interval: -1 },
        mappings: {
          properties: {
            '@timestamp': { type: 'date' },
            event: { properties: { action: { type: 'keyword' } } },
            n: { type: 'long' },
          },
        },
      },
    });
  }
  for (let day = 0; day < DAYS; day++) {
    const lines: string[] = [];
    for (let i = 0; i < perDay; i++) {
      const time = START + day * DAY_MS + Math.floor((i * DAY_MS) / perDay);
      lines.push(
        JSON.stringify({ create: { _index: namer.indexFor('cloudtrail', time) } }),
        JSON.stringify({
          '@timestamp': new Date(time).toISOString(),
          event: { action: ACTIONS[i % ACTIONS.length] },
          n: i,
        }),
      );
    }
    await client.request('POST', '/_bulk', {
      body: lines.join('\n') + '\n',
      headers: { 'content-type': 'application/x-ndjson' },
    });
  }
  await client.request('POST', `/${prefix}cloudtrail-*/_refresh`);
  await client.request('POST', `/${prefix}cloudtrail-*/_forcemerge`, { query: { max_num_segments: 1 } });
}

/** `default`: an aggregation as monitors send it; `forced`: the same with the pre-filter always on; `sorted`: the newest 50 as Discover asks. */
type Mode = 'default' | 'forced' | 'sorted';
const MODES: readonly Mode[] = ['default', 'forced', 'sorted'];

async function search(
  client: HttpClient,
  prefix: string,
  windowMs: number,
  mode: Mode,
): Promise<SearchAnswer> {
  const range = {
    range: { '@timestamp': { gte: new Date(END - windowMs).toISOString(), lt: new Date(END).toISOString() } },
  };
  const { body } = await client.request<SearchAnswer>('POST', `/${prefix}cloudtrail-*/_search`, {
    query: { request_cache: false, ...(mode === 'forced' ? { pre_filter_shard_size: 1 } : {}) },
    body:
      mode === 'sorted'
        ? { size: 50, track_total_hits: true, query: range, sort: [{ '@timestamp': 'desc' }] }
        : {
            size: 0,
            track_total_hits: true,
            query: range,
            aggs: { actions: { terms: { field: 'event.action' } } },
          },
  });
  return body;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      endpoint: { type: 'string', default: process.env.OPENSEARCH_URL },
      'per-day': { type: 'string', default: '2000' },
      rounds: { type: 'string', default: '11' },
    },
  });
  if (!values.endpoint) throw new Error('--endpoint (or OPENSEARCH_URL) is required');
  const client = createHttpClient({ endpoint: values.endpoint, timeoutMs: 300_000 });
  const run = `bench${Date.now().toString(36)}`;
  const periods: IndexPeriod[] = ['day', 'week', 'month'];
  const prefixOf = (period: IndexPeriod) => `${run}-${period}-`;
  const perDay = Number(values['per-day']);
  try {
    for (const period of periods) await load(client, prefixOf(period), period, perDay);
    type Key = `${IndexPeriod}|${string}|${Mode}`;
    const took = new Map<Key, number[]>();
    const shape = new Map<Key, { total: number; skipped: number; hits: number }>();
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const window of WINDOWS) {
        for (const mode of MODES) {
          for (const period of periods) {
            const answer = await search(client, prefixOf(period), window.ms, mode);
            const key: Key = `${period}|${window.name}|${mode}`;
            if (round > 0) took.set(key, [...(took.get(key) ?? []), answer.took]); // round 0 warms up
            shape.set(key, {
              total: answer._shards.total,
              skipped: answer._shards.skipped ?? 0,
              hits: answer.hits.total.value,
            });
          }
        }
      }
    }
    console.log(
      `Time-range search on ${values.endpoint}: ${DAYS} days × ${perDay.toLocaleString('en-US')} documents, ` +
        `1 shard per index, medians of ${Number(values.rounds) - 1} rounds.\n`,
    );
    console.log('| window | search | layout | shards searched / skipped | hits | took ÷ daily |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const window of WINDOWS) {
      for (const mode of MODES) {
        const daily = median(took.get(`day|${window.name}|${mode}`)!);
        for (const period of periods) {
          const key: Key = `${period}|${window.name}|${mode}`;
          const s = shape.get(key)!;
          const ratio = daily === 0 ? 'n/a' : (median(took.get(key)!) / daily).toFixed(2);
          console.log(
            `| ${window.name} | ${mode} | ${period} | ${s.total} / ${s.skipped} | ${s.hits.toLocaleString('en-US')} | ${ratio} (${median(took.get(key)!)} ms) |`,
          );
        }
      }
    }
  } finally {
    await client.request('DELETE', `/${run}-*`).catch(() => undefined);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
