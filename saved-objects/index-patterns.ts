import {
  COMMON_FIELDS,
  DEAD_LETTER_INDEX,
  INDEX_PREFIX,
  RESTORED_PREFIX,
  LOG_TYPES,
  indexPattern,
  type LogType,
} from '../opensearch/log-types';
import type { IndexPatternObject } from './types';
import { MIGRATION_VERSIONS } from './visualization';

/** Index pattern id of a log type (`siem-cloudtrail`): the same as its alias, easy to guess in URLs. */
export function indexPatternId(logType: LogType): string {
  return `siem-${logType}`;
}

/** Every log type at once, for cross-source views (ingestion rate per source, the main dashboard). */
export const ALL_LOGS_INDEX_PATTERN_ID = 'siem-all';
export const DEAD_LETTER_INDEX_PATTERN_ID = 'siem-deadletter';
/** Days brought back by `siem restore` (`restored-siem-<type>-<day>`), every log type at once. */
export const RESTORED_INDEX_PATTERN_ID = 'siem-restored';

function indexPatternObject(id: string, title: string): IndexPatternObject {
  return {
    type: 'index-pattern',
    id,
    // Fields are left out on purpose: Dashboards reads them from the mappings on first use, so a
    // template change never leaves a stale field list behind.
    attributes: { title, timeFieldName: COMMON_FIELDS.timestamp },
    references: [],
    migrationVersion: { 'index-pattern': MIGRATION_VERSIONS['index-pattern'] },
  };
}

export function indexPatterns(): IndexPatternObject[] {
  return [
    ...LOG_TYPES.map((t) => indexPatternObject(indexPatternId(t), indexPattern(t))),
    // A comma-separated title is a multi-index pattern; `siem-*` would also match the dead letters.
    indexPatternObject(ALL_LOGS_INDEX_PATTERN_ID, LOG_TYPES.map(indexPattern).join(',')),
    indexPatternObject(DEAD_LETTER_INDEX_PATTERN_ID, `${DEAD_LETTER_INDEX}*`),
    // Kept apart from the live patterns on purpose: a restored day may still be live, or be
    // re-ingested from the archive, and a pattern spanning both would count its events twice.
    indexPatternObject(RESTORED_INDEX_PATTERN_ID, `${RESTORED_PREFIX}${INDEX_PREFIX}*`),
  ];
}
