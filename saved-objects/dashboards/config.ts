import type { DetectionLike } from '../searches';
import type { DashboardSpec } from '../spec';
import { F, logs, visId, headlineMetrics } from './common';
import { detectionPanels } from './detection-panels';

const id = (name: string) => visId('config', name);
const items = logs('config');
const DELETED = 'configurationItemStatus:(ResourceDeleted OR ResourceDeletedNotRecorded)';

/** What changed in the recorded resources: by type, account and status, and what was deleted. */
export function configDashboard(detections: readonly DetectionLike[]): DashboardSpec {
  return {
    id: 'siem-dashboard-config',
    title: 'SIEM: AWS Config configuration changes',
    description:
      'Configuration items recorded by AWS Config: changes over time by resource type, accounts and statuses, the most changed resources, and deletions.',
    panels: [
      headlineMetrics({
        id: id('items'),
        title: 'Configuration items and resources',
        source: items,
        metrics: [
          { type: 'count', label: 'Items' },
          { type: 'cardinality', field: 'resourceId', label: 'Resources' },
        ],
      }),
      {
        width: 32,
        height: 8,
        visualization: {
          kind: 'histogram',
          id: id('changes-over-time'),
          title: 'Changes over time by resource type',
          source: items,
          splitBy: { field: 'resourceType', size: 10, label: 'Resource type' },
        },
      },
      {
        width: 16,
        visualization: {
          kind: 'pie',
          id: id('statuses'),
          title: 'Item statuses',
          source: items,
          slices: { field: F.action, size: 6, label: 'Status' },
        },
      },
      {
        width: 16,
        visualization: {
          kind: 'pie',
          id: id('accounts'),
          title: 'Accounts',
          source: items,
          slices: { field: F.accountId, size: 20, label: 'Account' },
        },
      },
      {
        width: 16,
        visualization: {
          kind: 'horizontal_bar',
          id: id('most-changed'),
          title: 'Most changed resources',
          source: items,
          bars: { field: 'resourceId', size: 15, label: 'Resource' },
        },
      },
      {
        width: 48,
        visualization: {
          kind: 'table',
          id: id('deleted'),
          title: 'Deleted resources',
          source: items,
          query: DELETED,
          rows: [
            { field: 'resourceType', size: 20, label: 'Resource type' },
            { field: 'resourceId', size: 20, label: 'Resource' },
            { field: F.accountId, size: 5, label: 'Account' },
          ],
        },
      },
      ...detectionPanels(detections, 'config'),
    ],
  };
}
