import type { IndexTemplate } from '../../../opensearch/index-templates';
import type { HttpClient } from '../../../opensearch/http-client';
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

export function indexTemplateResources(
  client: HttpClient,
  templates: readonly IndexTemplate[],
): ManagedResource<StoredTemplate>[] {
  return templates.map((t) => {
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
}
