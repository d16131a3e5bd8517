/**
 * Typed definitions of the dashboards: what a security engineer edits. The builders turn them into
 * Dashboards saved objects; nothing here knows about Dashboards' stringly-typed JSON.
 */

/** A metric (the y value): a document count or an aggregation of one field. */
export type MetricSpec =
  | { readonly type: 'count'; readonly label?: string }
  | {
      readonly type: 'cardinality' | 'sum' | 'avg' | 'max' | 'min';
      readonly field: string;
      readonly label?: string;
    };

/** A terms bucket: the top values of one keyword/ip/number field. */
export interface TermsSpec {
  readonly field: string;
  /** @default 10 */
  readonly size?: number;
  readonly label?: string;
}

/** Where a visualization reads its documents: all of an index pattern, or a saved search's hits. */
export type DataSource = { readonly indexPattern: string } | { readonly savedSearch: string };

interface CommonSpec {
  /** Stable saved-object id (`siem-vis-…`): import with overwrite replaces, never duplicates. */
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly source: DataSource;
  /** Lucene query string narrowing the documents. @default '' (all documents) */
  readonly query?: string;
}

export interface MetricVisSpec extends CommonSpec {
  readonly kind: 'metric';
  readonly metrics: readonly MetricSpec[];
}

export interface PieVisSpec extends CommonSpec {
  readonly kind: 'pie';
  readonly slices: TermsSpec;
  /** @default count */
  readonly metric?: MetricSpec;
}

/** A value over time: line, area or vertical bars on a date histogram, optionally one series per term. */
export interface TimelineVisSpec extends CommonSpec {
  readonly kind: 'line' | 'area' | 'histogram';
  /** @default count */
  readonly metric?: MetricSpec;
  /** Dashboards interval (`auto`, `m`, `h`, `d`, `30m`...). @default 'auto' */
  readonly interval?: string;
  readonly splitBy?: TermsSpec;
}

/** Top values as horizontal bars, optionally stacked by a second field. */
export interface BarVisSpec extends CommonSpec {
  readonly kind: 'horizontal_bar';
  readonly bars: TermsSpec;
  /** @default count */
  readonly metric?: MetricSpec;
  readonly splitBy?: TermsSpec;
}

export interface TableVisSpec extends CommonSpec {
  readonly kind: 'table';
  /** Each level splits the rows of the previous one. */
  readonly rows: readonly TermsSpec[];
  /** @default [count] */
  readonly metrics?: readonly MetricSpec[];
}

export interface TagCloudVisSpec extends CommonSpec {
  readonly kind: 'tagcloud';
  readonly tags: TermsSpec;
}

/** Countries shaded by a metric; `countries.field` holds ISO 3166-1 alpha-2 codes. */
export interface RegionMapVisSpec extends CommonSpec {
  readonly kind: 'region_map';
  readonly countries: TermsSpec;
  /** @default count */
  readonly metric?: MetricSpec;
}

export type VisualizationSpec =
  | MetricVisSpec
  | PieVisSpec
  | TimelineVisSpec
  | BarVisSpec
  | TableVisSpec
  | TagCloudVisSpec
  | RegionMapVisSpec;

/** Panel widths are in Dashboards' 48-column grid. */
export type PanelWidth = 12 | 16 | 24 | 32 | 48;

export interface PanelSpec {
  readonly visualization: VisualizationSpec;
  /** @default 24 (half the width) */
  readonly width?: PanelWidth;
  /** In grid rows (about 20 px each). @default 15 */
  readonly height?: number;
}

export interface DashboardSpec {
  /** Stable saved-object id (`siem-dashboard-…`). */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly panels: readonly PanelSpec[];
  /** Time range the dashboard opens with. @default 'now-24h' */
  readonly timeFrom?: string;
}
