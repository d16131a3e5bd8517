import { BulkWriter, OpenSearchClient } from '../../../functions/ingest';
import type { ParsedRecord } from '../../../functions/ingest/types';
import { indexTemplates } from '../../../opensearch/index-templates';
import { ingestPipeline, ingestPipelinePath } from '../../../opensearch/ingest-pipeline';
import { indexLayout, planIndices } from '../../../opensearch/index-sizing';
import { openSearchUrl } from '../../support/env';

/*
 * The index layout of a large organization on the real node: the templates post-apply writes
 * carry the model's primary shards, the writer names weekly and daily indices from the same plan,
 * a redelivery of the same records writes nothing new, and a search sorted on `@timestamp` (as
 * Discover sends it) skips the indices outside its range in the can_match phase.
 */

jest.setTimeout(120_000);

const prefix = `itlayout${Date.now().toString(36)}-`;
/** 5,000 accounts: CloudTrail 125 GB a day (daily, 3 primaries); findings stay weekly. */
const layout = indexLayout(planIndices({ accounts: 5_000, hotDays: 30 }));
const client = new OpenSearchClient(openSearchUrl());
const templates = indexTemplates({ prefix, shardsOf: layout.shardsOf });

const DAY_MS = 86_400_000;
/** Monday 2025-01-06, the start of ISO week 2 of 2025. */
const MONDAY = Date.UTC(2025, 0, 6);

function record(logType: 'cloudtrail' | 'findings', time: number, n: number): ParsedRecord {
  return {
    logType,
    timestamp: time,
    id: `${logType}-${n}`,
    ordinal: n,
    json: JSON.stringify({ '@timestamp': new Date(time).toISOString(), event: { dataset: logType }, n }),
  };
}

async function write(records: ParsedRecord[]) {
  const writer = new BulkWriter({ client, indexPrefix: prefix, periodOf: layout.periodOf });
  for (const r of records) {
    const wait = writer.add(r, { bucket: 'b', key: 'k' });
    if (wait) await wait;
  }
  return writer.flush();
}

/** Three weeks of findings and three days of CloudTrail, two records a day. */
const records = [
  ...Array.from({ length: 21 * 2 }, (_, i) => record('findings', MONDAY + i * (DAY_MS / 2), i)),
  ...Array.from({ length: 3 * 2 }, (_, i) => record('cloudtrail', MONDAY + i * (DAY_MS / 2), i)),
];

beforeAll(async () => {
  await client.json('PUT', ingestPipelinePath(), ingestPipeline().body);
  for (const t of templates) await client.json('PUT', `/_index_template/${t.name}`, t.body);
});

afterAll(async () => {
  await client.request('DELETE', `/${prefix}*?expand_wildcards=all`);
  for (const t of templates) await client.request('DELETE', `/_index_template/${t.name}`);
  client.close();
});

describe('the index layout of the sizing model on the real node', () => {
  it('names indices by each log type period, with the primaries of the plan, and a redelivery adds nothing', async () => {
    // Act
    const first = await write(records);
    const again = await write(records);
    await client.json('POST', `/${prefix}*/_refresh`);
    const indices = await client.json<Array<{ index: string; pri: string; 'docs.count': string }>>(
      'GET',
      `/_cat/indices/${prefix}*?format=json&h=index,pri,docs.count`,
    );

    // Assess
    expect(layout.periodOf('cloudtrail')).toBe('day');
    expect(layout.shardsOf('cloudtrail')).toBe(3);
    expect(layout.periodOf('findings')).toBe('week');
    expect(first).toMatchObject({ records: 48, indexed: 48, duplicates: 0 });
    expect(again).toMatchObject({ records: 48, indexed: 48, duplicates: 48 });
    const byName = Object.fromEntries(
      indices.map((i) => [i.index, [Number(i.pri), Number(i['docs.count'])]]),
    );
    expect(byName).toEqual({
      [`${prefix}cloudtrail-2025.01.06`]: [3, 2],
      [`${prefix}cloudtrail-2025.01.07`]: [3, 2],
      [`${prefix}cloudtrail-2025.01.08`]: [3, 2],
      [`${prefix}findings-2025.w02`]: [1, 14],
      [`${prefix}findings-2025.w03`]: [1, 14],
      [`${prefix}findings-2025.w04`]: [1, 14],
    });
  });

  it('skips the weeks outside the range of a search sorted on @timestamp', async () => {
    // Prepare
    await client.json('POST', `/${prefix}findings/_refresh`);

    // Act: one day of the middle week, through the alias, the newest first.
    const found = await client.json<{
      _shards: { total: number; skipped: number };
      hits: { total: { value: number } };
    }>('POST', `/${prefix}findings/_search`, {
      size: 5,
      sort: [{ '@timestamp': 'desc' }],
      query: {
        range: {
          '@timestamp': {
            gte: new Date(MONDAY + 8 * DAY_MS).toISOString(),
            lt: new Date(MONDAY + 9 * DAY_MS).toISOString(),
          },
        },
      },
    });

    // Assess
    expect(found.hits.total.value).toBe(2);
    expect(found._shards).toMatchObject({ total: 3, skipped: 2 });
  });
});
