import type { AggConfig, SearchFilter, SearchSource, SiemSavedObject, VisState } from './types';

/**
 * Turns a visualization saved object into the `_search` request Dashboards sends for it, the way
 * the data plugin builds it (buildOpenSearchQuery + AggConfigs.toDsl): the search-bar query in
 * `bool.must`, filter pills in `bool.filter`/`bool.must_not`, the saved search's own query and
 * filters when the visualization is built on one, the time range on the pattern's time field, and
 * bucket aggregations nested in visState order with the metrics at the innermost level. Used to
 * prove every panel runs against real mappings without a Dashboards server.
 */

export interface TimeRange {
  /** ISO-8601 or date math (`now-24h`). */
  readonly from: string;
  readonly to: string;
}

export interface ToSearchRequestOptions {
  /**
   * Index (or comma-separated indices) to search instead of the index pattern's title, or a
   * mapping from the title; tests use it to read their own prefixed indices.
   * @default the index pattern title
   */
  readonly index?: string | ((indexPatternTitle: string) => string);
  /** Limits hits to this range of the pattern's time field. @default no time filter */
  readonly timeRange?: TimeRange;
  /** Interval Dashboards' `auto` resolves to; it depends on the time picker, which a request has not got. @default '1h' */
  readonly autoInterval?: string;
}

export interface SearchRequest {
  readonly index: string;
  readonly body: {
    readonly size: 0;
    readonly track_total_hits: true;
    readonly query: { readonly bool: Record<string, unknown[]> };
    readonly aggs?: Record<string, unknown>;
  };
}

type Lookup = (type: string, id: string) => SiemSavedObject | undefined;

const CALENDAR_UNITS: Record<string, string> = { m: '1m', h: '1h', d: '1d', w: '1w', M: '1M', y: '1y' };

function dateInterval(interval: unknown, autoInterval: string): Record<string, string> {
  const value = typeof interval === 'string' ? interval : 'auto';
  if (value === 'auto') return { fixed_interval: autoInterval };
  if (CALENDAR_UNITS[value]) return { calendar_interval: CALENDAR_UNITS[value] };
  if (value === 's' || value === 'ms') return { fixed_interval: `1${value}` };
  if (/^\d+(ms|s|m|h|d)$/.test(value)) return { fixed_interval: value };
  throw new Error(`date_histogram interval ${JSON.stringify(value)} is not supported`);
}

function queryClauses(
  source: SearchSource | undefined,
  owner: string,
): { must: unknown[]; filter: unknown[]; mustNot: unknown[] } {
  const out = { must: [] as unknown[], filter: [] as unknown[], mustNot: [] as unknown[] };
  if (!source) return out;
  const { query } = source;
  if (query && query.query.trim() !== '') {
    if (query.language !== 'lucene')
      throw new Error(`${owner}: only Lucene queries can be translated, got ${query.language}`);
    out.must.push({ query_string: { query: query.query, analyze_wildcard: true } });
  }
  for (const filter of source.filter ?? []) {
    if (filter.meta?.disabled) continue;
    (filter.meta?.negate ? out.mustNot : out.filter).push(filterDsl(filter));
  }
  return out;
}

/** What Dashboards sends for a filter pill: `query` when present, else the pill minus its meta. */
function filterDsl(filter: SearchFilter): unknown {
  if (filter.query) return filter.query;
  const { meta: _meta, $state: _state, ...dsl } = filter as SearchFilter & Record<string, unknown>;
  return dsl;
}

function metricDsl(agg: AggConfig): Record<string, unknown> | undefined {
  const field = agg.params.field;
  switch (agg.type) {
    case 'count':
      return undefined;
    case 'cardinality':
    case 'sum':
    case 'avg':
    case 'min':
    case 'max':
      return { [agg.type]: { field } };
    default:
      throw new Error(`metric aggregation ${agg.type} is not supported by the translator`);
  }
}

function bucketDsl(
  agg: AggConfig,
  metrics: readonly AggConfig[],
  autoInterval: string,
): Record<string, unknown> {
  const p = agg.params;
  switch (agg.type) {
    case 'terms': {
      const orderBy = String(p.orderBy ?? '_count');
      const direction = p.order === 'asc' ? 'asc' : 'desc';
      const byMetric = metrics.find((m) => m.id === orderBy);
      const key = orderBy === '_key' ? '_key' : !byMetric || byMetric.type === 'count' ? '_count' : orderBy;
      return { terms: { field: p.field, size: p.size ?? 5, order: { [key]: direction } } };
    }
    case 'date_histogram':
      return {
        date_histogram: {
          field: p.field,
          ...dateInterval(p.interval, autoInterval),
          time_zone: 'UTC',
          min_doc_count: typeof p.min_doc_count === 'number' ? p.min_doc_count : 1,
        },
      };
    case 'histogram':
      return { histogram: { field: p.field, interval: p.interval, min_doc_count: p.min_doc_count ? 1 : 0 } };
    case 'filters': {
      const filters = (p.filters as Array<{ input: { query: string }; label?: string }>) ?? [];
      return {
        filters: {
          filters: Object.fromEntries(
            filters.map((f) => [
              f.label || f.input.query || '*',
              { query_string: { query: f.input.query || '*' } },
            ]),
          ),
        },
      };
    }
    default:
      throw new Error(`bucket aggregation ${agg.type} is not supported by the translator`);
  }
}

const METRIC_TYPES = new Set(['count', 'cardinality', 'sum', 'avg', 'min', 'max']);

/** The `aggs` clause of a visState; undefined when it only counts documents. */
export function aggsDsl(state: VisState, autoInterval = '1h'): Record<string, unknown> | undefined {
  const enabled = state.aggs.filter((a) => a.enabled !== false);
  const metrics = enabled.filter((a) => METRIC_TYPES.has(a.type) || a.schema === 'metric');
  const buckets = enabled.filter((a) => !metrics.includes(a));
  const metricAggs: Record<string, unknown> = {};
  for (const m of metrics) {
    const dsl = metricDsl(m);
    if (dsl) metricAggs[m.id] = dsl;
  }
  let inner: Record<string, unknown> | undefined = Object.keys(metricAggs).length ? metricAggs : undefined;
  for (const bucket of [...buckets].reverse()) {
    const dsl = bucketDsl(bucket, metrics, autoInterval);
    // A terms agg ordered by a metric needs that metric under it, whatever level it is on.
    const order = (dsl.terms as { order?: Record<string, string> } | undefined)?.order;
    const orderMetric = order && Object.keys(order)[0];
    const subAggs = { ...(inner ?? {}) };
    if (orderMetric && metricAggs[orderMetric]) subAggs[orderMetric] = metricAggs[orderMetric];
    inner = { [bucket.id]: Object.keys(subAggs).length ? { ...dsl, aggs: subAggs } : dsl };
  }
  return inner;
}

/** Ids of the bucket aggregations in nesting order (outermost first). */
export function bucketAggIds(state: VisState): string[] {
  return state.aggs
    .filter((a) => a.enabled !== false && !METRIC_TYPES.has(a.type) && a.schema !== 'metric')
    .map((a) => a.id);
}

function parseSearchSource(o: SiemSavedObject): SearchSource | undefined {
  const meta = (o.attributes as { kibanaSavedObjectMeta?: { searchSourceJSON?: string } })
    .kibanaSavedObjectMeta;
  return meta?.searchSourceJSON ? (JSON.parse(meta.searchSourceJSON) as SearchSource) : undefined;
}

function indexPatternOf(o: SiemSavedObject, lookup: Lookup): SiemSavedObject {
  const source = parseSearchSource(o);
  const ref = o.references.find((r) => r.name === source?.indexRefName);
  const pattern = ref && lookup('index-pattern', ref.id);
  if (!pattern) throw new Error(`${o.type}:${o.id} has no resolvable index pattern`);
  return pattern;
}

export function toSearchRequest(
  visualization: SiemSavedObject,
  lookup: Lookup,
  opts: ToSearchRequestOptions = {},
): SearchRequest {
  if (visualization.type !== 'visualization')
    throw new Error(`${visualization.type}:${visualization.id} is not a visualization`);
  const owner = `visualization:${visualization.id}`;
  const state = JSON.parse(visualization.attributes.visState) as VisState;
  const sources: Array<{ source: SearchSource | undefined; owner: string }> = [
    { source: parseSearchSource(visualization), owner },
  ];
  let dataObject: SiemSavedObject = visualization;
  const savedSearchRef = visualization.references.find(
    (r) => r.name === visualization.attributes.savedSearchRefName,
  );
  if (visualization.attributes.savedSearchRefName) {
    const search = savedSearchRef && lookup('search', savedSearchRef.id);
    if (!search) throw new Error(`${owner}: saved search ${savedSearchRef?.id ?? '(unnamed)'} not found`);
    sources.push({ source: parseSearchSource(search), owner: `search:${search.id}` });
    dataObject = search;
  }
  const pattern = indexPatternOf(dataObject, lookup) as Extract<SiemSavedObject, { type: 'index-pattern' }>;

  const must: unknown[] = [];
  const filter: unknown[] = [];
  const mustNot: unknown[] = [];
  for (const { source, owner: who } of sources) {
    const c = queryClauses(source, who);
    must.push(...c.must);
    filter.push(...c.filter);
    mustNot.push(...c.mustNot);
  }
  if (opts.timeRange) {
    filter.push({
      range: {
        [pattern.attributes.timeFieldName]: {
          gte: opts.timeRange.from,
          lte: opts.timeRange.to,
          format: 'strict_date_optional_time',
        },
      },
    });
  }
  const title = pattern.attributes.title;
  const index = typeof opts.index === 'function' ? opts.index(title) : (opts.index ?? title);
  const aggs = aggsDsl(state, opts.autoInterval);
  return {
    index,
    body: {
      size: 0,
      track_total_hits: true,
      query: { bool: { must, filter, should: [], must_not: mustNot } },
      ...(aggs ? { aggs } : {}),
    },
  };
}
