import { join } from 'node:path';
import { loadConfig } from '../../../config/load';
import { createHttpClient } from '../../../opensearch/http-client';
import { indexTemplates } from '../../../opensearch/index-templates';
import { DEMO_MARKER, deleteDemoIndices } from '../../../scripts/demo/indices';
import { runDemo } from '../../../scripts/demo/run-demo';
import { openSearchUrl } from '../../support/env';

/*
 * `npm run demo` deletes only what it created. Indices named exactly as the ingestion names them
 * (`<prefix><type>-<period>`), but not created by the demo, survive: one there before the demo
 * ran, one made after it. Under a prefix of this file's own, on the shared node.
 */

jest.setTimeout(300_000);

const config = loadConfig(join(__dirname, '../../../siem.config.json'));
const prefix = `demoown-${Date.now().toString(36)}-`;
const http = createHttpClient({ endpoint: openSearchUrl() });
/** A user's own indices, in the writer's name shapes (day and month), on dates the demo never writes. */
const before = `${prefix}cloudtrail-2020.01.01`;
const after = `${prefix}vpcflow-2020.m02`;

async function exists(index: string): Promise<boolean> {
  return (await http.getIfExists(`/${index}`)) !== undefined;
}

async function writerShapedIndices(): Promise<string[]> {
  const { body } = await http.request<Array<{ index: string }>>('GET', `/_cat/indices/${prefix}*`, {
    query: { format: 'json', h: 'index' },
  });
  return body.map((i) => i.index).sort();
}

afterAll(async () => {
  await http.request('DELETE', `/${prefix}*`).catch(() => undefined);
  for (const t of indexTemplates({ prefix }))
    await http.request('DELETE', `/_index_template/${t.name}`).catch(() => undefined);
});

it('marks the indices it created and, on the next run, deletes those alone', async () => {
  // Prepare: the user's index, there before the demo.
  await http.request('PUT', `/${before}/_doc/mine`, {
    body: { note: 'not the demo' },
    query: { refresh: true },
  });
  const log: string[] = [];

  // Act 1: a demo run.
  await runDemo({ config, endpoint: openSearchUrl(), indexPrefix: prefix, log: (l) => void log.push(l) });
  const afterRun = await writerShapedIndices();
  const created = afterRun.filter((name) => name !== before);
  const { body: mappings } = await http.request<
    Record<string, { mappings: { _meta?: Record<string, unknown> } }>
  >('GET', `/${prefix}*/_mapping`);

  // Assess 1: every index it created is marked; the user's is not.
  expect(created.length).toBeGreaterThan(5);
  for (const name of created) {
    expect(mappings[name]?.mappings._meta).toMatchObject({
      [DEMO_MARKER]: { createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    });
  }
  expect(mappings[before]?.mappings._meta?.[DEMO_MARKER]).toBeUndefined();

  // Act 2: the user makes another index, then the next run starts by cleaning up.
  await http.request('PUT', `/${after}/_doc/mine`, {
    body: { note: 'not the demo either' },
    query: { refresh: true },
  });
  const kept: string[] = [];
  const deleted = await deleteDemoIndices(http, prefix, (names) => kept.push(...names));

  // Assess 2
  expect(deleted).toEqual(created);
  expect(kept).toEqual([before, after]);
  expect(await writerShapedIndices()).toEqual([before, after]);
  expect((await http.request<{ count: number }>('GET', `/${before}/_count`)).body.count).toBe(1);
  expect(await exists(after)).toBe(true);
});
