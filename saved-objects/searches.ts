import { savedSearchTitle } from '../detections/monitors';
import type { Detection } from '../detections/types';
import { COMMON_FIELDS } from '../opensearch/log-types';
import { indexPatternId } from './index-patterns';
import type { SearchFilter, SearchObject, SearchSource } from './types';
import { INDEX_REF_NAME, MIGRATION_VERSIONS } from './visualization';

/** What a saved search needs of a detection; the registry's `Detection` satisfies it. */
export type DetectionLike = Pick<Detection, 'id' | 'title' | 'description' | 'logType' | 'query'>;

export function detectionSearchId(detectionId: string): string {
  return `siem-search-${detectionId}`;
}

const FILTER_INDEX_REF_NAME = 'kibanaSavedObjectMeta.searchSourceJSON.filter[0].meta.index';

/**
 * The detection's query as a custom filter pill (labelled with the detection's title), so an
 * analyst sees exactly what the monitor matches and can toggle or negate it in Discover.
 */
export function detectionFilter(detection: DetectionLike): SearchFilter {
  return {
    meta: {
      type: 'custom',
      alias: detection.title,
      disabled: false,
      negate: false,
      key: 'query',
      value: JSON.stringify(detection.query),
      indexRefName: FILTER_INDEX_REF_NAME,
    },
    query: detection.query as Record<string, unknown>,
    $state: { store: 'appState' },
  };
}

/** Columns shown in Discover: who did what, where, with which outcome. */
const SEARCH_COLUMNS = [
  COMMON_FIELDS.accountId,
  COMMON_FIELDS.region,
  COMMON_FIELDS.userName,
  COMMON_FIELDS.action,
  COMMON_FIELDS.outcome,
  COMMON_FIELDS.sourceIp,
];

export function detectionSearch(detection: DetectionLike): SearchObject {
  const pattern = indexPatternId(detection.logType);
  const searchSource: SearchSource = {
    query: { query: '', language: 'lucene' },
    filter: [detectionFilter(detection)],
    indexRefName: INDEX_REF_NAME,
    highlightAll: true,
    version: true,
  };
  return {
    type: 'search',
    id: detectionSearchId(detection.id),
    attributes: {
      // The title alert messages tell analysts to open in Discover.
      title: savedSearchTitle(detection),
      description: detection.description,
      hits: 0,
      columns: SEARCH_COLUMNS,
      sort: [[COMMON_FIELDS.timestamp, 'desc']],
      version: 1,
      kibanaSavedObjectMeta: { searchSourceJSON: JSON.stringify(searchSource) },
    },
    references: [
      { name: INDEX_REF_NAME, type: 'index-pattern', id: pattern },
      { name: FILTER_INDEX_REF_NAME, type: 'index-pattern', id: pattern },
    ],
    migrationVersion: { search: MIGRATION_VERSIONS.search },
  };
}
