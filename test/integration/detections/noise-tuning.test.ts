import { parseConfig } from '../../../config/load';
import { allDetections } from '../../../detections';
import type { Detection } from '../../../detections/types';
import { parseLogObject } from '../../../functions/ingest';
import { createHttpClient } from '../../../opensearch/http-client';
import { indexTemplates } from '../../../opensearch/index-templates';
import { ingestPipeline, ingestPipelinePath } from '../../../opensearch/ingest-pipeline';
import { backtestDetection } from '../../../operations/backtest/run';
import { testOrganization } from '../../support/config';
import { openSearchUrl } from '../../support/env';
import { sampleObject } from './sample-objects';

/*
 * The detections tuned for the noise budget (scripts/bench/noise-budget.ts), run by the backtest
 * engine through the real Alerting plugin over their own samples: the positives still raise an
 * alert, and the negatives, the benign patterns of the benign day among them, raise none.
 * (detections.test.ts runs every detection's samples too; this file keeps the tuned ones checked
 * on the windows a backtest uses.)
 */

jest.setTimeout(300_000);

/** Detection ids tuned on the benign day, each with the benign pattern added as a negative sample. */
const TUNED = ['cis-unauthorized-api-calls', 'lambda-function-code-changed'] as const;

const config = parseConfig({
  ...testOrganization(),
  memberAccounts: [{ id: '333333333333', name: 'workloads' }],
});
const detections = new Map(allDetections(config).map((d) => [d.id, d]));
const run = Date.now().toString(36);
const http = createHttpClient({ endpoint: openSearchUrl(), timeoutMs: 120_000 });
const at = Date.UTC(2026, 10, 16, 10);
const prefixOf = (id: string, kind: 'positives' | 'negatives') => `ntune-${run}-${id}-${kind}-`;

async function indexSamples(detection: Detection, kind: 'positives' | 'negatives'): Promise<void> {
  const prefix = prefixOf(detection.id, kind);
  for (const template of indexTemplates({ prefix, priority: 900 }))
    await http.request('PUT', `/_index_template/${template.name}`, { body: template.body });
  const samples = kind === 'positives' ? detection.positiveSamples : detection.negativeSamples;
  const object = sampleObject(detection.logType, samples, at);
  const parsed = await parseLogObject(
    object.body,
    { bucket: 'archive', key: object.key },
    { source: detection.logType },
  );
  const body =
    parsed
      .flatMap((d) => [
        JSON.stringify({ create: { _index: `${prefix}${detection.logType}-samples`, _id: d.id } }),
        JSON.stringify(d.document),
      ])
      .join('\n') + '\n';
  const { body: response } = await http.request<{ errors: boolean; items: unknown[] }>('POST', '/_bulk', {
    body,
    query: { refresh: 'true' },
    headers: { 'content-type': 'application/x-ndjson' },
  });
  if (response.errors) throw new Error(`bulk failures: ${JSON.stringify(response.items.slice(0, 2))}`);
}

beforeAll(async () => {
  await http.request('PUT', ingestPipelinePath(), { body: ingestPipeline().body });
  for (const id of TUNED)
    for (const kind of ['positives', 'negatives'] as const) await indexSamples(detections.get(id)!, kind);
});

afterAll(async () => {
  await http.request('DELETE', `/ntune-${run}-*`).catch(() => undefined);
  for (const id of TUNED)
    for (const kind of ['positives', 'negatives'] as const)
      for (const template of indexTemplates({ prefix: prefixOf(id, kind) }))
        await http.request('DELETE', `/_index_template/${template.name}`).catch(() => undefined);
});

describe.each(TUNED.map((id) => [id]))('tuned detection %s', (id) => {
  const backtestOf = (kind: 'positives' | 'negatives') =>
    backtestDetection({
      client: http,
      detection: detections.get(id)!,
      from: at - 3_600_000,
      to: at + 3_600_000,
      indexPrefix: prefixOf(id, kind),
    });

  it('still alerts on its positive samples', async () => {
    // Act
    const result = await backtestOf('positives');

    // Assess
    expect(result.alerts.length).toBeGreaterThan(0);
  });

  it('raises no alert on its negative samples, the benign day pattern among them', async () => {
    // Act
    const result = await backtestOf('negatives');

    // Assess: every negative was there to be seen
    const { body } = await http.request<{ count: number }>('GET', `/${prefixOf(id, 'negatives')}*/_count`);
    expect(body.count).toBe(detections.get(id)!.negativeSamples.length);
    expect(result.alerts).toEqual([]);
  });
});
