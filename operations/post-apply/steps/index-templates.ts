import type { IndexTemplate } from '../../../opensearch/index-templates';
import type { HttpClient } from '../../../opensearch/http-client';
import { ingestPipeline, ingestPipelinePath, type IngestPipeline } from '../../../opensearch/ingest-pipeline';
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
    containsDesired(flattenSettings(haveSettings), flattenSettings(wantSettings))
  );
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

/**
 * The templates, each after the ingest pipeline it names: an index created from a template whose
 * default pipeline is missing refuses every document, so the pipeline is put first.
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
  return [...pipelines, ...templateResources] as ManagedResource<unknown>[];
}
