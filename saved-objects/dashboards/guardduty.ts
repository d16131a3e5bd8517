import type { DetectionLike } from '../searches';
import type { DashboardSpec } from '../spec';
import { F, logs, visId, headlineMetrics } from './common';
import { detectionPanels } from './detection-panels';

const id = (name: string) => visId('guardduty', name);
const findings = logs('guardduty');
/** GuardDuty's bands: high from 7, critical from 9. */
const HIGH = 'severity:>=7 AND NOT service.archived:true';

/** GuardDuty's own findings, as the administrator exports them: kinds, severity, accounts, resources. */
export function guardDutyDashboard(detections: readonly DetectionLike[]): DashboardSpec {
  return {
    id: 'siem-dashboard-guardduty',
    title: 'SIEM: GuardDuty findings (S3 export)',
    description:
      "GuardDuty findings in GuardDuty's own format: finding types, high-severity findings over time, accounts, instances and principals named, and the remote addresses involved.",
    panels: [
      headlineMetrics({
        id: id('findings'),
        title: 'Findings and their exported versions',
        source: findings,
        metrics: [
          { type: 'count', label: 'Finding versions' },
          { type: 'cardinality', field: 'id', label: 'Findings' },
        ],
      }),
      {
        width: 32,
        height: 8,
        visualization: {
          kind: 'histogram',
          id: id('high-over-time'),
          title: 'High and critical findings over time by account',
          source: findings,
          query: HIGH,
          splitBy: { field: F.accountId, size: 10, label: 'Account' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'horizontal_bar',
          id: id('types'),
          title: 'Finding types',
          source: findings,
          bars: { field: 'type', size: 20, label: 'Type' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('instances'),
          title: 'Instances by finding type',
          source: findings,
          rows: [
            { field: 'resource.instanceDetails.instanceId', size: 20, label: 'Instance' },
            { field: 'type', size: 5, label: 'Type' },
          ],
          metrics: [{ type: 'max', field: 'severity', label: 'Highest severity' }],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('principals'),
          title: 'Principals named in findings',
          source: findings,
          rows: [
            { field: F.userName, size: 20, label: 'Principal' },
            { field: 'type', size: 5, label: 'Type' },
          ],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('remote-addresses'),
          title: 'Remote addresses',
          source: findings,
          rows: [
            { field: F.sourceIp, size: 20, label: 'Source' },
            { field: 'service.action.actionType', size: 5, label: 'Action' },
          ],
        },
      },
      ...detectionPanels(detections, 'guardduty'),
    ],
  };
}
