import { parseConfig } from '../../../config/load';
import { allDetections } from '../../../detections';
import type { Detection } from '../../../detections/types';
import { INDEX_CODEC, indexTemplates } from '../../../opensearch/index-templates';
import { COMMON_FIELDS, LOG_TYPES, type LogType } from '../../../opensearch/log-types';
import { buildSavedObjects } from '../../../saved-objects';
import type { SearchSource, VisState } from '../../../saved-objects/types';
import { testOrganization } from '../../support/config';

/*
 * The guard of the index-size work: the templates leave many strings without doc values and some
 * leaves unindexed, so every field that a detection, a monitor, a dashboard or the README searches
 * or aggregates on is checked here against the mapping the template gives it.
 */

type Use = 'search' | 'aggregate';

interface FieldUse {
  readonly logType: LogType;
  readonly field: string;
  readonly use: Use;
  readonly by: string;
}

interface Mapping {
  type?: string;
  index?: boolean;
  doc_values?: boolean;
  enabled?: boolean;
  dynamic?: boolean | string;
  properties?: Record<string, Mapping>;
  fields?: Record<string, Mapping>;
  dynamic_templates?: Record<string, unknown>[];
}

/** Searches the README documents (Ingestion, "Document contract"). */
const DOCUMENTED_SEARCHES: readonly Omit<FieldUse, 'by'>[] = [
  { logType: 'cloudtrail', field: 'requestParameters.bucketName', use: 'search' },
  ...LOG_TYPES.flatMap((logType) =>
    Object.values(COMMON_FIELDS).map((field) => ({ logType, field, use: 'search' as const })),
  ),
];

/** Fields an investigation looks up although no detection does (kept searchable on purpose). */
const INVESTIGATION_SEARCHES: readonly Omit<FieldUse, 'by'>[] = [
  'eventID',
  'userIdentity.arn',
  'userIdentity.accessKeyId',
  'userIdentity.principalId',
  'userIdentity.sessionContext.sessionIssuer.arn',
  'responseElements.credentials.accessKeyId',
  'responseElements.instancesSet.items.instanceId',
  'requestParameters.instancesSet.items.instanceId',
  'insightDetails.insightType',
  'userAgent',
].map((field) => ({ logType: 'cloudtrail', field, use: 'search' }));

const LEAF_QUERIES = ['term', 'terms', 'wildcard', 'regexp', 'prefix', 'range', 'match', 'match_phrase'];

/** Every field a query DSL clause names. */
function queryFields(query: unknown, out: string[] = []): string[] {
  if (Array.isArray(query)) {
    for (const q of query) queryFields(q, out);
  } else if (query && typeof query === 'object') {
    for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
      if (LEAF_QUERIES.includes(key)) out.push(...Object.keys(value as object).filter((f) => f !== 'boost'));
      else if (key === 'exists') out.push((value as { field: string }).field);
      else queryFields(value, out);
    }
  }
  return out;
}

/** Field names of a Lucene query string (`a:x AND _exists_:b AND c:(y OR z)`). */
function luceneFields(query: string): string[] {
  const unquoted = query.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return [...unquoted.matchAll(/([A-Za-z_@][\w.@]*):/g)].map((m) =>
    m[1] === '_exists_' ? unquoted.slice(m.index + m[0].length).split(/[\s)]/)[0] : m[1],
  );
}

function detectionUses(detection: Detection): FieldUse[] {
  const by = `detection ${detection.id}`;
  const uses: FieldUse[] = queryFields(detection.query).map((field) => ({
    logType: detection.logType,
    field,
    use: 'search',
    by,
  }));
  const c = detection.condition;
  const aggregated =
    c.kind === 'threshold'
      ? []
      : c.kind === 'sum'
        ? [c.field, ...(c.groupBy ?? [])]
        : [c.field, ...(c.alsoBy ?? []), ...(c.kind === 'cardinality' ? [c.distinctField] : [])];
  for (const field of aggregated) uses.push({ logType: detection.logType, field, use: 'aggregate', by });
  if (detection.createdField)
    uses.push({ logType: detection.logType, field: detection.createdField, use: 'search', by });
  return uses;
}

/** Log types an index pattern id stands for (`siem-waf`, `siem-all`). */
function logTypesOf(indexPatternId: string): readonly LogType[] {
  const name = indexPatternId.replace(/^siem-/, '');
  return name === 'all' ? LOG_TYPES : LOG_TYPES.filter((t) => t === name);
}

function savedObjectUses(detections: readonly Detection[]): FieldUse[] {
  const searches = new Map(detections.map((d) => [`siem-search-${d.id}`, d.logType]));
  const uses: FieldUse[] = [];
  for (const o of buildSavedObjects(detections)) {
    if (o.type !== 'visualization') continue;
    const ref = o.references[0];
    const logTypes = ref.type === 'search' ? [searches.get(ref.id)!] : logTypesOf(ref.id);
    const vis = JSON.parse(o.attributes.visState) as VisState;
    const source = JSON.parse(o.attributes.kibanaSavedObjectMeta.searchSourceJSON) as SearchSource;
    const by = `visualization ${o.id}`;
    for (const logType of logTypes) {
      for (const agg of vis.aggs) {
        const field = agg.params.field;
        if (typeof field === 'string') uses.push({ logType, field, use: 'aggregate', by });
      }
      for (const field of luceneFields(source.query.query)) uses.push({ logType, field, use: 'search', by });
      for (const filter of source.filter)
        for (const field of queryFields(filter.query)) uses.push({ logType, field, use: 'search', by });
    }
  }
  return uses;
}

const detections = allDetections(
  parseConfig({ ...testOrganization(), memberAccounts: [{ id: '333333333333', name: 'workloads' }] }),
);
const templates = new Map(
  indexTemplates().map((t) => [
    t.name.replace(/^siem-/, ''),
    t.body.template as { mappings: Mapping; settings?: Record<string, unknown> },
  ]),
);

const AGGREGATABLE = new Set([
  'keyword',
  'ip',
  'date',
  'long',
  'integer',
  'short',
  'byte',
  'float',
  'double',
  'boolean',
]);

/**
 * What the template makes of `field` in `logType` indices: `undefined` when searching and, for
 * `aggregate`, aggregating it works, else why not. A field the template does not map is mapped by
 * the string dynamic template (the only one), as a JSON string would be.
 */
function problem(logType: LogType, field: string, use: Use): string | undefined {
  const mappings = templates.get(logType)!.mappings;
  const parts = field.split('.');
  let node: Mapping = { properties: mappings.properties, dynamic: true };
  // An object without its own `dynamic` inherits its parent's.
  let dynamic = mappings.dynamic ?? true;
  for (let i = 0; i < parts.length; i++) {
    dynamic = node.dynamic ?? dynamic;
    if (node.type === 'flat_object') return undefined; // any path below is searchable and aggregatable
    if (node.enabled === false) return `${parts.slice(0, i).join('.')} is not parsed (enabled: false)`;
    const rest = parts.slice(i).join('.');
    const viaField = node.fields?.[rest];
    if (viaField) {
      node = viaField;
      break;
    }
    const next = node.properties?.[parts[i]];
    if (!next) {
      if (dynamic === false || dynamic === 'false')
        return `${parts.slice(0, i).join('.')} indexes only its listed leaves (dynamic: false), not ${rest}`;
      const dynamicString = Object.values(mappings.dynamic_templates?.[0] ?? {})[0] as
        { mapping: Mapping } | undefined;
      node = dynamicString?.mapping ?? { type: 'text' };
      if (use === 'aggregate')
        return `not mapped; a dynamic ${node.type} has doc_values ${String(node.doc_values ?? true)}: map it explicitly`;
      break;
    }
    node = next;
  }
  if (node.type === 'flat_object') return undefined;
  if (!node.type) return `${field} is an object, not a leaf`;
  if (node.index === false) return `${field} is not indexed (index: false)`;
  if (use === 'aggregate') {
    if (!AGGREGATABLE.has(node.type)) return `${field} is ${node.type}, which cannot be aggregated`;
    if (node.doc_values === false) return `${field} has no doc values`;
  }
  return undefined;
}

const uses: FieldUse[] = [
  ...detections.flatMap(detectionUses),
  ...savedObjectUses(detections),
  ...DOCUMENTED_SEARCHES.map((u) => ({ ...u, by: 'README' })),
  ...INVESTIGATION_SEARCHES.map((u) => ({ ...u, by: 'investigations' })),
];

describe('index templates keep every used field usable', () => {
  it('collects the fields of every detection, visualization and documented search', () => {
    // Assess: the collection is not empty by mistake (a broken walker would pass everything).
    const byType = (t: LogType) => new Set(uses.filter((u) => u.logType === t).map((u) => u.field));
    expect([...byType('cloudtrail')]).toEqual(
      expect.arrayContaining([
        'eventName',
        'requestParameters.secretId',
        'responseElements.ConsoleLogin',
        'additionalEventData.MFAUsed',
        'userIdentity.accountId',
      ]),
    );
    expect([...byType('waf')]).toEqual(expect.arrayContaining(['httpRequest.country', 'action', 'webaclId']));
    expect([...byType('findings')]).toEqual(expect.arrayContaining(['Title.keyword', 'RecordState']));
    expect(uses.filter((u) => u.use === 'aggregate').length).toBeGreaterThan(50);
  });

  it.each(LOG_TYPES)(
    '%s: every searched field is indexed and every aggregated one has doc values',
    (logType) => {
      // Act
      const problems = uses
        .filter((u) => u.logType === logType)
        .map((u) => ({ ...u, problem: problem(u.logType, u.field, u.use) }))
        .filter((u) => u.problem !== undefined)
        .map((u) => `${u.field} (${u.use}, ${u.by}): ${u.problem}`);

      // Assess
      expect([...new Set(problems)]).toEqual([]);
    },
  );

  it('catches a field left without doc values or unindexed (the check can fail)', () => {
    // Assess
    expect(problem('cloudtrail', 'userAgent', 'aggregate')).toMatch(/map it explicitly/);
    expect(problem('cloudtrail', 'requestID', 'search')).toMatch(/not indexed/);
    expect(problem('cloudtrail', 'responseElements.credentials.sessionToken', 'search')).toMatch(
      /listed leaves/,
    );
    expect(problem('vpcflow', 'srcport', 'aggregate')).toMatch(/no doc values/);
    expect(problem('cloudtrail', 'requestParameters.any.path', 'aggregate')).toBeUndefined();
  });

  it('reads Lucene query strings and DSL clauses down to their fields', () => {
    // Act / Assess
    expect(
      luceneFields('RecordState:ACTIVE AND Severity.Label:(CRITICAL OR HIGH) AND _exists_:errorCode'),
    ).toEqual(['RecordState', 'Severity.Label', 'errorCode']);
    expect(luceneFields('message:"a:b"')).toEqual(['message']);
    expect(
      queryFields({ bool: { filter: [{ term: { a: 1 } }], must_not: [{ exists: { field: 'b' } }] } }),
    ).toEqual(['a', 'b']);
  });
});

describe('index settings', () => {
  it.each(LOG_TYPES)('%s indices use the chosen codec', (logType) => {
    // Assess
    expect(templates.get(logType)!.settings?.['index.codec']).toBe(INDEX_CODEC);
  });

  it('uses a codec that OpenSearch has without plugins or that Amazon OpenSearch Service 2.9+ offers', () => {
    // Assess
    expect(['default', 'best_compression', 'zstd', 'zstd_no_dict']).toContain(INDEX_CODEC);
  });
});

describe('primary shards', () => {
  type Settings = { template: { settings?: Record<string, unknown> } };
  const shards = (options: Parameters<typeof indexTemplates>[0]) =>
    Object.fromEntries(
      indexTemplates(options).map((t) => [
        t.name,
        (t.body as Settings).template.settings?.['index.number_of_shards'],
      ]),
    );

  it('gives every template one primary unless the sizing model says otherwise', () => {
    // Act
    const counts = shards({});

    // Assess
    expect(new Set(Object.values(counts))).toEqual(new Set([1]));
    expect(Object.keys(counts)).toHaveLength(LOG_TYPES.length + 1);
  });

  it('takes each log type its primaries from the sizing model, the dead letters keeping one', () => {
    // Act
    const counts = shards({ shardsOf: (logType) => (logType === 'vpcflow' ? 6 : 2) });

    // Assess
    expect(counts['siem-vpcflow']).toBe(6);
    expect(counts['siem-cloudtrail']).toBe(2);
    expect(counts['siem-deadletter']).toBe(1);
  });
});
