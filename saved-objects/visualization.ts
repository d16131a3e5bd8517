import { AggList, metricLabel } from './aggs';
import type { DataSource, VisualizationSpec } from './spec';
import type { SavedObjectReference, SearchSource, VisState, VisualizationObject } from './types';
import {
  metricParams,
  pieParams,
  pointSeriesParams,
  regionMapParams,
  tableParams,
  tagCloudParams,
} from './vis-params';

export const INDEX_REF_NAME = 'kibanaSavedObjectMeta.searchSourceJSON.index';
export const SAVED_SEARCH_REF_NAME = 'search_0';

/** Migration versions of the attribute layouts these builders write (Dashboards 2.x). */
export const MIGRATION_VERSIONS = {
  'index-pattern': '7.6.0',
  search: '7.9.3',
  visualization: '7.10.0',
  dashboard: '7.9.3',
} as const;

function visState(spec: VisualizationSpec): VisState {
  const aggs = new AggList();
  let params: Record<string, unknown>;
  switch (spec.kind) {
    case 'metric':
      for (const metric of spec.metrics) aggs.metric(metric);
      params = metricParams();
      break;
    case 'pie': {
      const metric = aggs.metric(spec.metric);
      aggs.terms(spec.slices, 'segment', metric);
      params = pieParams();
      break;
    }
    case 'line':
    case 'area':
    case 'histogram': {
      const metric = aggs.metric(spec.metric);
      aggs.dateHistogram(spec.interval);
      if (spec.splitBy) aggs.terms(spec.splitBy, 'group', metric);
      params = pointSeriesParams(spec.kind, metricLabel(spec.metric));
      break;
    }
    case 'horizontal_bar': {
      const metric = aggs.metric(spec.metric);
      aggs.terms(spec.bars, 'segment', metric);
      if (spec.splitBy) aggs.terms(spec.splitBy, 'group', metric);
      params = pointSeriesParams(spec.kind, metricLabel(spec.metric));
      break;
    }
    case 'table': {
      const metrics = (spec.metrics ?? [{ type: 'count' }]).map((m) => aggs.metric(m));
      for (const row of spec.rows) aggs.terms(row, 'bucket', metrics[0]!);
      params = tableParams();
      break;
    }
    case 'tagcloud': {
      const metric = aggs.metric();
      aggs.terms(spec.tags, 'segment', metric);
      params = tagCloudParams();
      break;
    }
    case 'region_map': {
      const metric = aggs.metric(spec.metric);
      aggs.terms(spec.countries, 'segment', metric);
      params = regionMapParams();
      break;
    }
  }
  return { title: spec.title, type: spec.kind, params, aggs: aggs.aggs };
}

/** Search source and references of an object reading from an index pattern or a saved search. */
export function sourceOf(
  source: DataSource,
  query = '',
): { searchSource: SearchSource; references: SavedObjectReference[]; savedSearchRefName?: string } {
  const searchBar = { query, language: 'lucene' as const };
  if ('savedSearch' in source) {
    return {
      searchSource: { query: searchBar, filter: [] },
      references: [{ name: SAVED_SEARCH_REF_NAME, type: 'search', id: source.savedSearch }],
      savedSearchRefName: SAVED_SEARCH_REF_NAME,
    };
  }
  return {
    searchSource: { query: searchBar, filter: [], indexRefName: INDEX_REF_NAME },
    references: [{ name: INDEX_REF_NAME, type: 'index-pattern', id: source.indexPattern }],
  };
}

export function buildVisualization(spec: VisualizationSpec): VisualizationObject {
  const { searchSource, references, savedSearchRefName } = sourceOf(spec.source, spec.query);
  return {
    type: 'visualization',
    id: spec.id,
    attributes: {
      title: spec.title,
      description: spec.description ?? '',
      visState: JSON.stringify(visState(spec)),
      uiStateJSON: '{}',
      version: 1,
      ...(savedSearchRefName ? { savedSearchRefName } : {}),
      kibanaSavedObjectMeta: { searchSourceJSON: JSON.stringify(searchSource) },
    },
    references,
    migrationVersion: { visualization: MIGRATION_VERSIONS.visualization },
  };
}
