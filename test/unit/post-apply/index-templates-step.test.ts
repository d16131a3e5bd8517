import type { HttpClient, HttpResponse, RequestOptions } from '../../../opensearch/http-client';
import { indexTemplates } from '../../../opensearch/index-templates';
import { INGEST_PIPELINE_NAME, ingestPipeline } from '../../../opensearch/ingest-pipeline';
import { reconcile } from '../../../operations/post-apply/reconcile';
import { indexTemplateResources, pipelinesOf } from '../../../operations/post-apply/steps/index-templates';

type Answer = (path: string, opts: RequestOptions) => unknown;

/** An HttpClient that records `METHOD path [body]` and answers from `routes` (first match); 404 is `undefined`. */
function fakeClient(routes: Array<[RegExp, Answer]>) {
  const calls: string[] = [];
  const answer = (method: string, path: string, opts: RequestOptions = {}) => {
    calls.push(`${method} ${path}${opts.body === undefined ? '' : ` ${JSON.stringify(opts.body)}`}`);
    const route = routes.find(([pattern]) => pattern.test(`${method} ${path}`));
    return route ? route[1](path, opts) : undefined;
  };
  const client: HttpClient = {
    endpoint: 'http://templates.test',
    async request<T>(method: string, path: string, opts?: RequestOptions): Promise<HttpResponse<T>> {
      return { status: 200, body: (answer(method, path, opts) ?? (method === 'GET' ? [] : {})) as T };
    },
    async getIfExists<T>(path: string, opts?: RequestOptions): Promise<T | undefined> {
      return answer('GET', path, opts) as T | undefined;
    },
  };
  return { client, calls };
}

const templates = indexTemplates();
const log = () => undefined;

describe('the index templates step', () => {
  it('names one pipeline, the one every log type template runs by default (not the dead letters)', () => {
    // Act
    const names = pipelinesOf(templates);
    const withoutPipeline = templates.filter((t) => pipelinesOf([t]).length === 0).map((t) => t.name);

    // Assess
    expect(names).toEqual([INGEST_PIPELINE_NAME]);
    expect(withoutPipeline).toEqual(['siem-deadletter']);
  });

  it('puts the pipeline before any template on a new cluster', async () => {
    // Prepare
    const { client, calls } = fakeClient([]);

    // Act
    const report = await reconcile('index templates', indexTemplateResources(client, templates), { log });

    // Assess
    const puts = calls.filter((c) => c.startsWith('PUT '));
    expect(puts[0]).toBe(
      `PUT /_ingest/pipeline/${INGEST_PIPELINE_NAME} ${JSON.stringify(ingestPipeline().body)}`,
    );
    expect(puts.slice(1).every((c) => c.startsWith('PUT /_index_template/'))).toBe(true);
    expect(report.created).toHaveLength(templates.length + 1);
    expect(report.unchanged).toEqual([
      expect.stringMatching(/^existing indices with the former 5s refresh interval/),
      expect.stringMatching(/^existing indices of /),
    ]);
  });

  it('leaves a stored pipeline alone, and puts back one edited by hand', async () => {
    // Prepare
    const stored = { [INGEST_PIPELINE_NAME]: structuredClone(ingestPipeline().body) };
    const edited = {
      [INGEST_PIPELINE_NAME]: { ...ingestPipeline().body, processors: [{ set: { field: 'x', value: 1 } }] },
    };
    const run = async (current: unknown) => {
      const { client } = fakeClient([[/^GET \/_ingest\/pipeline\//, () => current]]);
      const [pipeline] = indexTemplateResources(client, templates);
      return reconcile('pipeline', [pipeline!], { log });
    };

    // Act
    const same = await run(stored);
    const changed = await run(edited);

    // Assess
    expect(same.unchanged).toHaveLength(1);
    expect(changed.updated).toHaveLength(1);
  });

  it('gives existing indices lacking the pipeline or the field both, by name, and nothing to the others', async () => {
    // Prepare: three CloudTrail indices: current, without the setting, without the mapping.
    const indices = [
      'siem-cloudtrail-2026.12.01',
      'siem-cloudtrail-2026.12.02',
      'siem-cloudtrail-2026.12.03',
    ];
    const mapped = { mappings: { 'event.ingested': { full_name: 'event.ingested' } } };
    const { client, calls } = fakeClient([
      [/^GET \/_cat\/indices\/siem-cloudtrail-\*$/, () => indices.map((index) => ({ index }))],
      [
        /^GET \/siem-cloudtrail-\*\/_settings/,
        () => ({
          [indices[0]!]: { settings: { index: { default_pipeline: INGEST_PIPELINE_NAME } } },
          [indices[2]!]: { settings: { index: { default_pipeline: INGEST_PIPELINE_NAME } } },
        }),
      ],
      [
        /^GET \/siem-cloudtrail-\*\/_mapping\/field\/event.ingested$/,
        () => ({ [indices[0]!]: mapped, [indices[1]!]: mapped, [indices[2]!]: { mappings: {} } }),
      ],
    ]);
    const existing = indexTemplateResources(client, templates).at(-1)!;

    // Act
    const report = await reconcile('existing', [existing], { log });

    // Assess
    expect(report.updated).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('PUT '))).toEqual([
      `PUT /${indices[1]},${indices[2]}/_mapping {"properties":{"event":{"properties":{"ingested":{"type":"date"}}}}}`,
      `PUT /${indices[1]},${indices[2]}/_settings {"index.default_pipeline":"${INGEST_PIPELINE_NAME}"}`,
    ]);
  });

  it('updates a stored template that still has a setting the templates no longer set', async () => {
    // Prepare: siem-cloudtrail as stored before the refresh interval was left to OpenSearch.
    const template = templates.find((t) => t.name === 'siem-cloudtrail')!;
    const body = template.body as { template: { settings: Record<string, unknown> } };
    const current = structuredClone(body);
    const former = {
      ...current,
      template: { ...current.template, settings: { ...current.template.settings } },
    };
    former.template.settings['index.refresh_interval'] = '5s';
    const run = async (stored: unknown) => {
      const { client } = fakeClient([
        [
          /^GET \/_index_template\/siem-cloudtrail$/,
          () => ({ index_templates: [{ index_template: stored }] }),
        ],
      ]);
      const resource = indexTemplateResources(client, templates).find(
        (r) => r.label === 'index template siem-cloudtrail',
      )!;
      return reconcile('template', [resource], { log });
    };

    // Act
    const same = await run(current);
    const changed = await run(former);

    // Assess
    expect(same.unchanged).toHaveLength(1);
    expect(changed.updated).toHaveLength(1);
  });

  it('resets the former 5 s refresh interval on existing indices, and leaves any other value alone', async () => {
    // Prepare
    const { client, calls } = fakeClient([
      [
        /^GET \/.*\/_settings\/index.refresh_interval$/,
        () => ({
          'siem-cloudtrail-2026.12.01': { settings: { index: { refresh_interval: '5s' } } },
          'siem-vpcflow-2026.12': { settings: { index: { refresh_interval: '5s' } } },
          'siem-waf-2026.12': { settings: { index: { refresh_interval: '30s' } } },
          'siem-dns-2026.12': { settings: {} },
        }),
      ],
    ]);
    const resource = indexTemplateResources(client, templates).find((r) => r.label.includes('refresh'))!;

    // Act
    const report = await reconcile('refresh', [resource], { log });

    // Assess
    expect(report.updated).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('PUT '))).toEqual([
      'PUT /siem-cloudtrail-2026.12.01,siem-vpcflow-2026.12/_settings {"index.refresh_interval":null}',
    ]);
  });

  it('writes nothing in a dry run', async () => {
    // Prepare
    const { client, calls } = fakeClient([]);

    // Act
    await reconcile('index templates', indexTemplateResources(client, templates), { log, dryRun: true });

    // Assess
    expect(calls.filter((c) => !c.startsWith('GET '))).toEqual([]);
  });
});
