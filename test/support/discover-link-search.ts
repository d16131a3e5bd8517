import { risonDecode, type Rison } from './rison-decode';

/*
 * What a Discover link selects, as the search Dashboards sends for it: the URL state (`_a`, `_g`,
 * `_q` in the fragment, each rison, query-string encoded) read back, then filters and time range
 * combined the way Dashboards' buildOpenSearchQuery does (enabled filters in `filter`, negated ones
 * in `must_not`, the time range as a `range` on the index pattern's time field, ISO bounds both
 * inclusive, format strict_date_optional_time).
 */

export interface DiscoverLinkState {
  readonly base: string;
  readonly indexPatternId: string;
  readonly from: string;
  readonly to: string;
  readonly filters: ReadonlyArray<{
    readonly meta: Record<string, Rison>;
    readonly query: Record<string, Rison>;
  }>;
  readonly kuery: string;
}

const asObject = (v: Rison | undefined, what: string): Record<string, Rison> => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${what} is not an object`);
  return v;
};

export function parseDiscoverLink(url: string): DiscoverLinkState {
  const hash = url.indexOf('#');
  if (hash < 0) throw new Error('no fragment in the link');
  const fragment = url.slice(hash + 1);
  if (!fragment.startsWith('?')) throw new Error(`fragment does not start with ?: ${fragment.slice(0, 20)}`);
  const params = new Map<string, Rison>();
  for (const pair of fragment.slice(1).split('&')) {
    const eq = pair.indexOf('=');
    // querystring semantics, as Dashboards parses the fragment: `+` is a space.
    params.set(pair.slice(0, eq), risonDecode(decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '))));
  }
  const app = asObject(params.get('_a'), '_a');
  const global = asObject(params.get('_g'), '_g');
  const query = asObject(params.get('_q'), '_q');
  const time = asObject(global.time, '_g.time');
  const filters = [
    ...((global.filters as Rison[] | undefined) ?? []),
    ...((query.filters as Rison[] | undefined) ?? []),
  ].map((f, i) => {
    const filter = asObject(f, `filter ${i}`);
    return {
      meta: asObject(filter.meta, `filter ${i} meta`),
      query: asObject(filter.query, `filter ${i} query`),
    };
  });
  return {
    base: url.slice(0, hash),
    indexPatternId: String(asObject(app.metadata, '_a.metadata').indexPattern),
    from: String(time.from),
    to: String(time.to),
    filters,
    kuery: String(asObject(query.query, '_q.query').query ?? ''),
  };
}

/** The search body Dashboards runs for the link (time field `@timestamp`, as every SIEM index pattern has). */
export function discoverSearch(state: DiscoverLinkState, timeField = '@timestamp'): Record<string, unknown> {
  if (state.kuery !== '') throw new Error(`a query-bar query is not translated here: ${state.kuery}`);
  const enabled = state.filters.filter((f) => f.meta.disabled !== true);
  return {
    bool: {
      filter: [
        ...enabled.filter((f) => f.meta.negate !== true).map((f) => f.query),
        { range: { [timeField]: { gte: state.from, lte: state.to, format: 'strict_date_optional_time' } } },
      ],
      must_not: enabled.filter((f) => f.meta.negate === true).map((f) => f.query),
    },
  };
}
