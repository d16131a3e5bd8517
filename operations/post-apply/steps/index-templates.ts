import type { IndexTemplate } from '../../../opensearch/index-templates';
import type { HttpClient } from '../../../opensearch/http-client';
import {
  INGESTED_FIELD,
  ingestPipeline,
  ingestPipelinePath,
  type IngestPipeline,
} from '../../../opensearch/ingest-pipeline';
import { containsDesired, flattenSettings } from '../compare';
import type { ManagedResource } from '../reconcile';

interface StoredTemplate {
  readonly index_patterns: readonly string[];
  readonly priority?: number;
  readonly template?: { settings?: unknown; mappings?: unknown; aliases?: unknown };
  readonly _meta?: unknown;
}

type TemplateBody = {
  index_patterns: readonly string[];
  priority?: number;
  template?: { settings?: unknown; mappings?: unknown; aliases?: unknown };
  _meta?: unknown;
};

type StoredPipeline = IngestPipeline['body'];

export function isTemplateCurrent(current: StoredTemplate, desired: TemplateBody): boolean {
  const { settings: wantSettings, ...wantRest } = desired.template ?? {};
  const { settings: haveSettings, ...haveRest } = current.template ?? {};
  return (
    containsDesired(current.index_patterns, desired.index_patterns) &&
    containsDesired(current.priority, desired.priority ?? 0) &&
    containsDesired(current._meta ?? {}, desired._meta ?? {}) &&
    containsDesired(haveRest, wantRest) &&
    settingsCurrent(flattenSettings(haveSettings), flattenSettings(wantSettings))
  );
}

/**
 * The stored settings are the desired ones: each desired value there, and no other setting (a
 * setting the templates no longer set, such as the former refresh interval, must go; containment
 * alone would keep it for ever).
 */
function settingsCurrent(have: Record<string, string>, want: Record<string, string>): boolean {
  return containsDesired(have, want) && Object.keys(have).every((key) => key in want);
}

/** The pipelines the templates name as `index.default_pipeline`, each once. */
export function pipelinesOf(templates: readonly IndexTemplate[]): string[] {
  const names = templates.map(
    (t) => flattenSettings((t.body as TemplateBody).template?.settings)['index.default_pipeline'],
  );
  return [...new Set(names.filter((n): n is string => n !== undefined))];
}

export function ingestPipelineResource(
  client: HttpClient,
  pipeline: IngestPipeline = ingestPipeline(),
): ManagedResource<StoredPipeline> {
  const path = ingestPipelinePath(pipeline.name);
  const put = async () => {
    await client.request('PUT', path, { body: pipeline.body });
  };
  return {
    label: `ingest pipeline ${pipeline.name}`,
    async read() {
      const found = await client.getIfExists<Record<string, StoredPipeline>>(path);
      return found?.[pipeline.name];
    },
    isCurrent: (current) => containsDesired(current, pipeline.body),
    create: put,
    update: put,
  };
}

/** Index names per request line (a long list of daily names would outgrow the URL). */
const INDICES_PER_REQUEST = 20;

/** `event.ingested` as the templates map it, for indices created before they did. */
const INGESTED_MAPPING = { properties: { event: { properties: { ingested: { type: 'date' } } } } };

/**
 * Indices created before their template named the pipeline: a daily, weekly or monthly index
 * would otherwise take unstamped documents, invisible to every detection, until the next one is
 * created. Each such index gets the pipeline as its default and `event.ingested` as a date; one
 * resource for all of them, current when none is left.
 */
export function existingIndicesResource(
  client: HttpClient,
  templates: readonly IndexTemplate[],
  pipeline: string,
): ManagedResource<readonly string[]> {
  const patterns = templates
    .filter((t) => pipelinesOf([t]).includes(pipeline))
    .flatMap((t) => (t.body as TemplateBody).index_patterns);
  const query = { allow_no_indices: 'true', ignore_unavailable: 'true' };
  return {
    label: `existing indices of ${patterns.length} index patterns (default pipeline ${pipeline}, ${INGESTED_FIELD})`,
    async read() {
      const lacking = new Set<string>();
      for (const pattern of patterns) {
        const { body: indices } = await client.request<Array<{ index: string }>>(
          'GET',
          `/_cat/indices/${pattern}`,
          { query: { format: 'json', h: 'index' } },
        );
        if (indices.length === 0) continue;
        // An index without the setting may be left out of this answer: the list above is the truth.
        const { body: settings } = await client.request<
          Record<string, { settings?: { index?: { default_pipeline?: string } } }>
        >('GET', `/${pattern}/_settings/index.default_pipeline`, { query });
        // 404 with an empty body when none of them has the field.
        const mappings =
          (await client.getIfExists<Record<string, { mappings?: Record<string, unknown> }>>(
            `/${pattern}/_mapping/field/${INGESTED_FIELD}`,
            { query },
          )) ?? {};
        for (const { index } of indices) {
          const mapped = Object.keys(mappings[index]?.mappings ?? {}).length > 0;
          if (settings[index]?.settings?.index?.default_pipeline !== pipeline || !mapped) lacking.add(index);
        }
      }
      return [...lacking].sort();
    },
    isCurrent: (lacking) => lacking.length === 0,
    create: async () => undefined,
    async update(lacking) {
      for (let i = 0; i < lacking.length; i += INDICES_PER_REQUEST) {
        const names = lacking.slice(i, i + INDICES_PER_REQUEST).join(',');
        // The mapping first: once the pipeline runs, every document carries the field.
        await client.request('PUT', `/${names}/_mapping`, { body: INGESTED_MAPPING });
        await client.request('PUT', `/${names}/_settings`, { body: { 'index.default_pipeline': pipeline } });
      }
    },
  };
}

/** The refresh interval the templates set before they left it to OpenSearch (search-idle). */
const RETIRED_REFRESH_INTERVAL = '5s';

/**
 * Indices created while the templates set a 5 s refresh interval: they would keep it (and miss
 * search-idle's cheaper, fresher refreshes) until the next index of their period. Their setting is
 * reset to the default; any other value was set by someone on purpose and is left alone.
 */
export function retiredRefreshResource(
  client: HttpClient,
  templates: readonly IndexTemplate[],
): ManagedResource<readonly string[]> {
  const patterns = templates.flatMap((t) => (t.body as TemplateBody).index_patterns).join(',');
  return {
    label: `existing indices with the former ${RETIRED_REFRESH_INTERVAL} refresh interval`,
    async read() {
      const { body } = await client.request<
        Record<string, { settings?: { index?: { refresh_interval?: string } } }>
      >('GET', `/${patterns}/_settings/index.refresh_interval`, {
        query: { allow_no_indices: 'true', ignore_unavailable: 'true', expand_wildcards: 'open' },
      });
      return Object.entries(body)
        .filter(([, v]) => v.settings?.index?.refresh_interval === RETIRED_REFRESH_INTERVAL)
        .map(([index]) => index)
        .sort();
    },
    isCurrent: (indices) => indices.length === 0,
    create: async () => undefined,
    async update(indices) {
      for (let i = 0; i < indices.length; i += INDICES_PER_REQUEST) {
        const names = indices.slice(i, i + INDICES_PER_REQUEST).join(',');
        await client.request('PUT', `/${names}/_settings`, { body: { 'index.refresh_interval': null } });
      }
    },
  };
}

/**
 * The templates, each after the ingest pipeline it names (an index created from a template whose
 * default pipeline is missing refuses every document, so the pipeline is put first), then the
 * indices created with a refresh interval or without the pipeline that the templates have since
 * changed.
 */
export function indexTemplateResources(
  client: HttpClient,
  templates: readonly IndexTemplate[],
): ManagedResource<unknown>[] {
  const known = ingestPipeline();
  const pipelines = pipelinesOf(templates).map((name) => {
    if (name !== known.name) throw new Error(`index templates name an unknown ingest pipeline ${name}`);
    return ingestPipelineResource(client, known);
  });
  const templateResources = templates.map((t): ManagedResource<StoredTemplate> => {
    const path = `/_index_template/${encodeURIComponent(t.name)}`;
    const put = async () => {
      await client.request('PUT', path, { body: t.body });
    };
    return {
      label: `index template ${t.name}`,
      async read() {
        const found = await client.getIfExists<{
          index_templates: Array<{ index_template: StoredTemplate }>;
        }>(path);
        return found?.index_templates[0]?.index_template;
      },
      isCurrent: (current) => isTemplateCurrent(current, t.body as TemplateBody),
      create: put,
      update: put,
    };
  });
  const existing = pipelinesOf(templates).map((name) => existingIndicesResource(client, templates, name));
  return [
    ...pipelines,
    ...templateResources,
    retiredRefreshResource(client, templates),
    ...existing,
  ] as ManagedResource<unknown>[];
}
