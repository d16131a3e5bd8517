/**
 * The saved-object shapes OpenSearch Dashboards 2.x exports and imports (NDJSON, one object a
 * line). Nested configuration (`visState`, `panelsJSON`, `searchSourceJSON`...) is stored as JSON
 * *strings*, exactly as Dashboards keeps it; the builders serialize, the validator parses back.
 */

export type SavedObjectType = 'index-pattern' | 'search' | 'visualization' | 'dashboard';

export interface SavedObjectReference {
  /** How the object names the reference: `kibanaSavedObjectMeta.searchSourceJSON.index`, `panel_0`... */
  readonly name: string;
  readonly type: SavedObjectType;
  readonly id: string;
}

export interface SearchSourceMeta {
  /** JSON of {@link SearchSource}. */
  readonly searchSourceJSON: string;
}

interface BaseObject<T extends SavedObjectType, A> {
  readonly type: T;
  readonly id: string;
  readonly attributes: A;
  readonly references: readonly SavedObjectReference[];
  /** The migration each type's attributes already follow, so Dashboards does not re-migrate them. */
  readonly migrationVersion: Readonly<Record<string, string>>;
}

export type IndexPatternObject = BaseObject<
  'index-pattern',
  { readonly title: string; readonly timeFieldName: string }
>;

export type SearchObject = BaseObject<
  'search',
  {
    readonly title: string;
    readonly description: string;
    readonly hits: number;
    readonly columns: readonly string[];
    readonly sort: ReadonlyArray<readonly [string, 'asc' | 'desc']>;
    readonly version: number;
    readonly kibanaSavedObjectMeta: SearchSourceMeta;
  }
>;

export type VisualizationObject = BaseObject<
  'visualization',
  {
    readonly title: string;
    readonly description: string;
    /** JSON of {@link VisState}. */
    readonly visState: string;
    readonly uiStateJSON: string;
    readonly version: number;
    /** Set when the visualization is built on a saved search (reference `search_0`). */
    readonly savedSearchRefName?: string;
    readonly kibanaSavedObjectMeta: SearchSourceMeta;
  }
>;

export type DashboardObject = BaseObject<
  'dashboard',
  {
    readonly title: string;
    readonly description: string;
    readonly hits: number;
    /** JSON of {@link DashboardPanel}[]. */
    readonly panelsJSON: string;
    readonly optionsJSON: string;
    readonly version: number;
    readonly timeRestore: boolean;
    readonly timeFrom?: string;
    readonly timeTo?: string;
    readonly refreshInterval?: { readonly pause: boolean; readonly value: number };
    readonly kibanaSavedObjectMeta: SearchSourceMeta;
  }
>;

export type SiemSavedObject = IndexPatternObject | SearchObject | VisualizationObject | DashboardObject;

/** A query in the search bar: Lucene query-string syntax (an empty string matches everything). */
export interface SearchBarQuery {
  readonly language: 'lucene' | 'kuery';
  readonly query: string;
}

/**
 * A filter pill. `custom` filters carry raw query DSL in `query`; Dashboards strips `meta` and
 * `$state` and puts `query` in the `bool.filter` (or `must_not` when negated) of the request.
 */
export interface SearchFilter {
  readonly meta: {
    readonly type: 'custom';
    readonly alias: string | null;
    readonly disabled: boolean;
    readonly negate: boolean;
    readonly key: 'query';
    readonly value: string;
    /** Reference name of the index pattern the filter belongs to. */
    readonly indexRefName?: string;
  };
  readonly query: Record<string, unknown>;
  readonly $state: { readonly store: 'appState' };
}

export interface SearchSource {
  readonly query: SearchBarQuery;
  readonly filter: readonly SearchFilter[];
  /** Reference name of the index pattern (absent when the visualization uses a saved search). */
  readonly indexRefName?: string;
  readonly highlightAll?: boolean;
  readonly version?: boolean;
}

export interface AggConfig {
  readonly id: string;
  readonly enabled: boolean;
  readonly type: string;
  /** `metric`, or where a bucket agg goes: `segment` (x-axis/slices), `group` (series), `bucket` (table rows), `split`. */
  readonly schema: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface VisState {
  readonly title: string;
  readonly type: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly aggs: readonly AggConfig[];
}

export interface DashboardPanel {
  readonly version: string;
  readonly gridData: {
    readonly x: number;
    readonly y: number;
    readonly w: number;
    readonly h: number;
    readonly i: string;
  };
  readonly panelIndex: string;
  readonly embeddableConfig: Record<string, unknown>;
  readonly panelRefName: string;
}
