import type { FieldCatalog } from './field-catalog';

/**
 * The checks OpenSearch Dashboards' `POST /api/saved_objects/_import` makes (collect_saved_objects,
 * create_limit_stream, get_non_unique_entries, validate_references), plus what it only finds out
 * when someone opens a panel: embedded JSON that does not parse, unknown visualization or
 * aggregation types, internal reference names that point nowhere, and aggregation fields the
 * index mappings do not have. Run on the generated NDJSON in CI, so a broken file never ships.
 */

/** `savedObjects.maxImportExportSize` default. */
export const MAX_IMPORT_OBJECTS = 10_000;
/** `savedObjects.maxImportPayloadBytes` default (25 MiB). */
export const MAX_IMPORT_PAYLOAD_BYTES = 26_214_400;

/** Types Dashboards 2.x registers as importable (core and bundled plugins). */
export const IMPORTABLE_TYPES: ReadonlySet<string> = new Set([
  'index-pattern',
  'search',
  'visualization',
  'dashboard',
  'config',
  'query',
  'url',
  'augment-vis',
  'visualization-visbuilder',
]);

export const VISUALIZATION_TYPES: ReadonlySet<string> = new Set([
  'area',
  'line',
  'histogram',
  'horizontal_bar',
  'pie',
  'metric',
  'table',
  'tagcloud',
  'region_map',
  'tile_map',
  'markdown',
  'gauge',
  'goal',
  'heatmap',
  'input_control_vis',
  'timelion',
  'vega',
  'metrics',
]);

const METRIC_AGGS = [
  'count',
  'avg',
  'sum',
  'min',
  'max',
  'cardinality',
  'median',
  'percentiles',
  'percentile_ranks',
  'std_dev',
  'top_hits',
  'geo_bounds',
  'geo_centroid',
  'derivative',
  'cumulative_sum',
  'moving_avg',
  'serial_diff',
  'avg_bucket',
  'sum_bucket',
  'min_bucket',
  'max_bucket',
];
const BUCKET_AGGS = [
  'date_histogram',
  'histogram',
  'range',
  'date_range',
  'ip_range',
  'terms',
  'filters',
  'significant_terms',
  'geohash_grid',
  'geotile_grid',
];
export const AGG_TYPES: ReadonlySet<string> = new Set([...METRIC_AGGS, ...BUCKET_AGGS]);

const NUMERIC_TYPES = new Set([
  'long',
  'integer',
  'short',
  'byte',
  'double',
  'float',
  'half_float',
  'scaled_float',
  'unsigned_long',
]);
const AGGREGATABLE_TYPES = new Set([
  'keyword',
  'constant_keyword',
  'wildcard',
  'ip',
  'date',
  'date_nanos',
  'boolean',
  ...NUMERIC_TYPES,
]);
const DATE_TYPES = new Set(['date', 'date_nanos']);
/** Aggregations that need a number (or a date, for min/max) rather than any aggregatable field. */
const NUMERIC_AGGS = new Set([
  'avg',
  'sum',
  'median',
  'percentiles',
  'percentile_ranks',
  'std_dev',
  'histogram',
]);

export type CheckName =
  | 'ndjson'
  | 'object-limit'
  | 'payload-size'
  | 'supported-type'
  | 'unique-id'
  | 'reference'
  | 'embedded-json'
  | 'ref-name'
  | 'vis-type'
  | 'agg-field';

export interface ValidationProblem {
  readonly check: CheckName;
  /** `type:id` of the object, or `line N` when the line is not even an object. */
  readonly object: string;
  readonly message: string;
}

export interface ValidateOptions {
  /** @default MAX_IMPORT_OBJECTS */
  readonly maxObjects?: number;
  /** @default MAX_IMPORT_PAYLOAD_BYTES */
  readonly maxBytes?: number;
  /** Field types per index pattern title; without it, aggregation fields are not checked. */
  readonly fields?: FieldCatalog;
}

interface Reference {
  readonly name: string;
  readonly type: string;
  readonly id: string;
}

interface ParsedObject {
  readonly type: string;
  readonly id: string;
  readonly attributes: Record<string, unknown>;
  readonly references: readonly Reference[];
  readonly key: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parseLines(ndjson: string, problems: ValidationProblem[]): ParsedObject[] {
  const objects: ParsedObject[] = [];
  ndjson.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      problems.push({ check: 'ndjson', object: where, message: `not JSON: ${(err as Error).message}` });
      return;
    }
    // The summary line an export appends; the import skips it too.
    if (isRecord(value) && 'exportedCount' in value) return;
    if (
      !isRecord(value) ||
      typeof value.type !== 'string' ||
      typeof value.id !== 'string' ||
      !isRecord(value.attributes)
    ) {
      problems.push({
        check: 'ndjson',
        object: where,
        message: 'not a saved object (needs string type and id, object attributes)',
      });
      return;
    }
    const references = Array.isArray(value.references) ? value.references : [];
    const badRef = references.find(
      (r) =>
        !isRecord(r) || typeof r.name !== 'string' || typeof r.type !== 'string' || typeof r.id !== 'string',
    );
    if (badRef !== undefined || (value.references !== undefined && !Array.isArray(value.references))) {
      problems.push({
        check: 'ndjson',
        object: `${value.type}:${value.id}`,
        message: 'references must be {name, type, id} objects',
      });
      return;
    }
    objects.push({
      type: value.type,
      id: value.id,
      attributes: value.attributes,
      references: references as Reference[],
      key: `${value.type}:${value.id}`,
    });
  });
  return objects;
}

/** Parses an attribute holding JSON text, reporting when it is missing or does not parse. */
function embedded(
  o: ParsedObject,
  path: string,
  problems: ValidationProblem[],
  required: boolean,
): unknown | undefined {
  const value = path.split('.').reduce<unknown>((v, k) => (isRecord(v) ? v[k] : undefined), o.attributes);
  if (value === undefined) {
    if (required) problems.push({ check: 'embedded-json', object: o.key, message: `${path} is missing` });
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.push({ check: 'embedded-json', object: o.key, message: `${path} must be a JSON string` });
    return undefined;
  }
  try {
    return JSON.parse(value);
  } catch (err) {
    problems.push({
      check: 'embedded-json',
      object: o.key,
      message: `${path} does not parse: ${(err as Error).message}`,
    });
    return undefined;
  }
}

const EMBEDDED_JSON: Record<string, ReadonlyArray<{ path: string; required: boolean }>> = {
  'index-pattern': [
    { path: 'fields', required: false },
    { path: 'fieldFormatMap', required: false },
  ],
  search: [{ path: 'kibanaSavedObjectMeta.searchSourceJSON', required: true }],
  visualization: [
    { path: 'visState', required: true },
    { path: 'uiStateJSON', required: false },
    { path: 'kibanaSavedObjectMeta.searchSourceJSON', required: true },
  ],
  dashboard: [
    { path: 'panelsJSON', required: true },
    { path: 'optionsJSON', required: false },
    { path: 'kibanaSavedObjectMeta.searchSourceJSON', required: false },
  ],
};

function checkRefName(o: ParsedObject, refName: unknown, what: string, problems: ValidationProblem[]) {
  if (refName === undefined) return;
  if (typeof refName !== 'string' || !o.references.some((r) => r.name === refName)) {
    problems.push({
      check: 'ref-name',
      object: o.key,
      message: `${what} ${JSON.stringify(refName)} names no entry of references`,
    });
  }
}

/** The index pattern title a visualization or search reads, through its saved search if it has one. */
function indexPatternTitle(o: ParsedObject, byKey: ReadonlyMap<string, ParsedObject>): string | undefined {
  for (const ref of o.references) {
    if (ref.name === 'kibanaSavedObjectMeta.searchSourceJSON.index' && ref.type === 'index-pattern') {
      const title = byKey.get(`index-pattern:${ref.id}`)?.attributes.title;
      return typeof title === 'string' ? title : undefined;
    }
    if (ref.type === 'search' && ref.name === o.attributes.savedSearchRefName) {
      const search = byKey.get(`search:${ref.id}`);
      return search ? indexPatternTitle(search, byKey) : undefined;
    }
  }
  return undefined;
}

function checkAggField(
  o: ParsedObject,
  agg: Record<string, unknown>,
  title: string | undefined,
  fields: FieldCatalog | undefined,
  problems: ValidationProblem[],
) {
  const params = isRecord(agg.params) ? agg.params : {};
  const field = params.field;
  if (field === undefined || !fields || title === undefined) return;
  const aggType = String(agg.type);
  const label = `agg ${String(agg.id)} (${aggType})`;
  if (typeof field !== 'string') {
    problems.push({ check: 'agg-field', object: o.key, message: `${label}: field must be a string` });
    return;
  }
  const lookup = fields.lookup(title, field);
  if (!lookup) return;
  if (!lookup.found) {
    problems.push({
      check: 'agg-field',
      object: o.key,
      message: `${label}: field ${field} is ${lookup.reason}`,
    });
    return;
  }
  const { type } = lookup;
  const fault = !AGGREGATABLE_TYPES.has(type)
    ? 'is not aggregatable'
    : aggType === 'date_histogram' && !DATE_TYPES.has(type)
      ? 'is not a date'
      : NUMERIC_AGGS.has(aggType) && !NUMERIC_TYPES.has(type)
        ? 'is not numeric'
        : (aggType === 'min' || aggType === 'max') && !NUMERIC_TYPES.has(type) && !DATE_TYPES.has(type)
          ? 'is neither numeric nor a date'
          : undefined;
  if (fault)
    problems.push({
      check: 'agg-field',
      object: o.key,
      message: `${label}: field ${field} (${type}) ${fault}`,
    });
}

function checkVisualization(
  o: ParsedObject,
  byKey: ReadonlyMap<string, ParsedObject>,
  opts: ValidateOptions,
  problems: ValidationProblem[],
) {
  const state = embedded(o, 'visState', [], true);
  if (!isRecord(state)) return;
  if (typeof state.type !== 'string' || !VISUALIZATION_TYPES.has(state.type)) {
    problems.push({
      check: 'vis-type',
      object: o.key,
      message: `unknown visualization type ${JSON.stringify(state.type)}`,
    });
  }
  const aggs = Array.isArray(state.aggs) ? state.aggs : [];
  if (!Array.isArray(state.aggs))
    problems.push({ check: 'vis-type', object: o.key, message: 'visState.aggs must be an array' });
  const title = indexPatternTitle(o, byKey);
  for (const agg of aggs) {
    if (!isRecord(agg) || typeof agg.type !== 'string' || !AGG_TYPES.has(agg.type)) {
      problems.push({
        check: 'vis-type',
        object: o.key,
        message: `unknown aggregation type ${JSON.stringify(isRecord(agg) ? agg.type : agg)}`,
      });
      continue;
    }
    checkAggField(o, agg, title, opts.fields, problems);
  }
  checkRefName(o, o.attributes.savedSearchRefName, 'savedSearchRefName', problems);
}

function checkSearchSource(o: ParsedObject, problems: ValidationProblem[]) {
  const source = embedded(o, 'kibanaSavedObjectMeta.searchSourceJSON', [], false);
  if (!isRecord(source)) return;
  checkRefName(o, source.indexRefName, 'searchSourceJSON.indexRefName', problems);
  const filters = Array.isArray(source.filter) ? source.filter : [];
  filters.forEach((f, i) => {
    if (isRecord(f) && isRecord(f.meta))
      checkRefName(o, f.meta.indexRefName, `filter[${i}].meta.indexRefName`, problems);
  });
}

function checkDashboard(o: ParsedObject, problems: ValidationProblem[]) {
  const panels = embedded(o, 'panelsJSON', [], true);
  if (panels === undefined) return;
  if (!Array.isArray(panels)) {
    problems.push({ check: 'embedded-json', object: o.key, message: 'panelsJSON must be an array' });
    return;
  }
  panels.forEach((p, i) => {
    if (!isRecord(p)) {
      problems.push({ check: 'embedded-json', object: o.key, message: `panel ${i} is not an object` });
      return;
    }
    checkRefName(o, p.panelRefName, `panel ${i} panelRefName`, problems);
  });
}

/** Every problem that would make the import fail or leave a panel broken; empty when the file is good. */
export function validateSavedObjects(ndjson: string, opts: ValidateOptions = {}): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const maxBytes = opts.maxBytes ?? MAX_IMPORT_PAYLOAD_BYTES;
  const bytes = Buffer.byteLength(ndjson, 'utf8');
  if (bytes > maxBytes) {
    problems.push({
      check: 'payload-size',
      object: 'file',
      message: `${bytes} bytes is over the ${maxBytes}-byte payload limit`,
    });
  }
  const objects = parseLines(ndjson, problems);
  const maxObjects = opts.maxObjects ?? MAX_IMPORT_OBJECTS;
  if (objects.length > maxObjects) {
    problems.push({
      check: 'object-limit',
      object: 'file',
      message: `Can't import more than ${maxObjects} objects (${objects.length})`,
    });
  }

  const counts = new Map<string, number>();
  for (const o of objects) counts.set(o.key, (counts.get(o.key) ?? 0) + 1);
  for (const [key, n] of counts) {
    if (n > 1)
      problems.push({
        check: 'unique-id',
        object: key,
        message: `Non-unique import object: ${key} appears ${n} times`,
      });
  }
  const byKey = new Map(objects.map((o) => [o.key, o]));

  for (const o of objects) {
    if (!IMPORTABLE_TYPES.has(o.type)) {
      problems.push({ check: 'supported-type', object: o.key, message: `unsupported_type ${o.type}` });
    }
    for (const ref of o.references) {
      if (!byKey.has(`${ref.type}:${ref.id}`)) {
        problems.push({
          check: 'reference',
          object: o.key,
          message: `missing_references: ${ref.name} -> ${ref.type}:${ref.id}`,
        });
      }
    }
    for (const { path, required } of EMBEDDED_JSON[o.type] ?? []) embedded(o, path, problems, required);
    if (o.type === 'visualization') checkVisualization(o, byKey, opts, problems);
    if (o.type === 'visualization' || o.type === 'search') checkSearchSource(o, problems);
    if (o.type === 'dashboard') checkDashboard(o, problems);
  }
  return problems;
}
