/**
 * Which fields an index pattern has, and their types, read from the index templates that create
 * its indices: what the validator needs to tell that an aggregation's field exists and can be
 * aggregated before anyone opens the dashboard.
 */

/** A `PUT _index_template/<name>` body, as far as mappings go. */
export interface IndexTemplateLike {
  readonly name: string;
  readonly body: {
    readonly index_patterns: readonly string[];
    readonly priority?: number;
    readonly template?: { readonly mappings?: MappingsLike };
  };
}

interface MappingsLike {
  readonly dynamic?: boolean | 'strict' | 'true' | 'false' | 'runtime';
  readonly properties?: Readonly<Record<string, PropertyLike>>;
  readonly dynamic_templates?: ReadonlyArray<Readonly<Record<string, DynamicTemplateLike>>>;
}

interface PropertyLike {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, PropertyLike>>;
  readonly fields?: Readonly<Record<string, PropertyLike>>;
}

interface DynamicTemplateLike {
  readonly match?: string | readonly string[];
  readonly unmatch?: string | readonly string[];
  readonly path_match?: string | readonly string[];
  readonly path_unmatch?: string | readonly string[];
  readonly match_mapping_type?: string;
  readonly mapping?: { readonly type?: string };
}

/** What the catalog knows of a field. */
export type FieldLookup =
  { readonly found: true; readonly type: string } | { readonly found: false; readonly reason: string };

export interface FieldCatalog {
  /** `undefined` when no template covers the pattern, so nothing can be checked. */
  lookup(indexPatternTitle: string, field: string): FieldLookup | undefined;
}

function flatten(
  properties: Readonly<Record<string, PropertyLike>>,
  prefix: string,
  out: Map<string, string>,
) {
  for (const [name, prop] of Object.entries(properties)) {
    const path = prefix + name;
    if (prop.properties) flatten(prop.properties, `${path}.`, out);
    if (prop.type) out.set(path, prop.type);
    else if (prop.properties) out.set(path, 'object');
    if (prop.fields) {
      for (const [sub, subProp] of Object.entries(prop.fields))
        out.set(`${path}.${sub}`, subProp.type ?? 'object');
    }
  }
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

const list = (v: string | readonly string[] | undefined): readonly string[] =>
  v === undefined ? [] : typeof v === 'string' ? [v] : v;

function dynamicTemplateType(mappings: MappingsLike, path: string): string | undefined {
  const leaf = path.slice(path.lastIndexOf('.') + 1);
  for (const entry of mappings.dynamic_templates ?? []) {
    for (const template of Object.values(entry)) {
      const matches = (globs: readonly string[], value: string) =>
        globs.some((g) => globToRegExp(g).test(value));
      if (template.match !== undefined && !matches(list(template.match), leaf)) continue;
      if (template.path_match !== undefined && !matches(list(template.path_match), path)) continue;
      if (matches(list(template.unmatch), leaf) || matches(list(template.path_unmatch), path)) continue;
      return template.mapping?.type ?? 'object';
    }
  }
  return undefined;
}

/** Concrete index names the pattern would match (`siem-x*` covers `siem-x` and `siem-x-2026.01.01`). */
function sampleIndexNames(patternPart: string): string[] {
  return ['', '-2026.01.01', '2026.01.01'].map((day) => patternPart.replace(/\*/g, day));
}

/**
 * Builds a catalog from index templates. A field is known when the template maps it explicitly
 * (properties, multi-fields) or a dynamic template would map it. Anything else is reported as
 * missing: default dynamic mapping would make a string `text`, which cannot be aggregated.
 */
export function fieldCatalogFromTemplates(templates: readonly IndexTemplateLike[]): FieldCatalog {
  const compiled = templates.map((t) => {
    const fields = new Map<string, string>();
    const mappings = t.body.template?.mappings ?? {};
    flatten(mappings.properties ?? {}, '', fields);
    return {
      name: t.name,
      priority: t.body.priority ?? 0,
      patterns: t.body.index_patterns.map(globToRegExp),
      fields,
      mappings,
    };
  });
  const templateFor = (index: string) =>
    compiled.filter((t) => t.patterns.some((p) => p.test(index))).sort((a, b) => b.priority - a.priority)[0];

  return {
    lookup(title, field) {
      const parts = title.split(',').map((p) => p.trim());
      const found = parts.map((part) =>
        sampleIndexNames(part)
          .map(templateFor)
          .find((t) => t !== undefined),
      );
      if (found.some((t) => t === undefined)) return undefined;
      const types = new Set<string>();
      for (const t of found) {
        const type = t!.fields.get(field) ?? dynamicTemplateType(t!.mappings, field);
        if (type === undefined) {
          return { found: false, reason: `not mapped by index template ${t!.name}` };
        }
        types.add(type);
      }
      if (types.size > 1)
        return { found: false, reason: `mapped with conflicting types ${[...types].join(', ')}` };
      return { found: true, type: [...types][0]! };
    },
  };
}
