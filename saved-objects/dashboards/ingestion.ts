import { DEAD_LETTER_INDEX_PATTERN_ID } from '../index-patterns';
import type { DashboardSpec } from '../spec';
import { F, allLogs, visId, headlineMetrics } from './common';

const id = (name: string) => visId('ingestion', name);
const deadLetters = { indexPattern: DEAD_LETTER_INDEX_PATTERN_ID };

/** Is every source still arriving, and is anything being dead-lettered? */
export function ingestionDashboard(): DashboardSpec {
  return {
    id: 'siem-dashboard-ingestion',
    title: 'SIEM: Ingestion health',
    description:
      'Documents indexed per minute per source, last document per source, and records sent to the dead-letter index.',
    timeFrom: 'now-6h',
    panels: [
      {
        width: 48,
        visualization: {
          kind: 'line',
          id: id('documents-per-minute'),
          title: 'Documents per minute per source',
          description: 'Event time, so a source whose line stops is late or broken.',
          source: allLogs,
          interval: 'm',
          metric: { type: 'count', label: 'Documents' },
          splitBy: { field: F.logType, size: 10, label: 'Source' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('last-document-per-source'),
          title: 'Documents and last event per source',
          source: allLogs,
          rows: [{ field: F.logType, size: 10, label: 'Source' }],
          metrics: [
            { type: 'count', label: 'Documents' },
            { type: 'max', field: F.timestamp, label: 'Last event' },
          ],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('documents-per-account'),
          title: 'Documents per account and source',
          source: allLogs,
          rows: [
            { field: F.accountId, size: 50, label: 'Account' },
            { field: F.logType, size: 10, label: 'Source' },
          ],
        },
      },
      headlineMetrics({
        id: id('dead-lettered'),
        title: 'Dead-lettered records',
        source: deadLetters,
        metrics: [{ type: 'count', label: 'Dead letters' }],
      }),
      {
        width: 32,
        height: 8,
        visualization: {
          kind: 'histogram',
          id: id('dead-letters-over-time'),
          title: 'Dead-lettered records over time',
          source: deadLetters,
          metric: { type: 'count', label: 'Dead letters' },
        },
      },
    ],
  };
}
