import type { DetectionLike } from '../searches';
import type { DashboardSpec } from '../spec';
import { F, logs, visId } from './common';
import { detectionPanels } from './detection-panels';

const id = (name: string) => visId('securitylake', name);
const ocsf = logs('ocsf');

/** Security Lake's OCSF events: which classes and products arrive, who acts, what fails, what is found. */
export function securityLakeDashboard(detections: readonly DetectionLike[]): DashboardSpec {
  return {
    id: 'siem-dashboard-securitylake',
    title: 'SIEM: Security Lake (OCSF)',
    description:
      'OCSF events read from Amazon Security Lake: volume by class and product, API activity by principal and outcome, network and DNS activity, findings by severity.',
    panels: [
      {
        width: 12,
        height: 8,
        visualization: {
          kind: 'metric',
          id: id('events'),
          title: 'OCSF events',
          source: ocsf,
          metrics: [{ type: 'count', label: 'Events' }],
        },
      },
      {
        width: 12,
        height: 8,
        visualization: {
          kind: 'metric',
          id: id('accounts'),
          title: 'Accounts',
          source: ocsf,
          metrics: [{ type: 'cardinality', field: F.accountId, label: 'Accounts' }],
        },
      },
      {
        width: 24,
        height: 8,
        visualization: {
          kind: 'pie',
          id: id('classes'),
          title: 'Event classes',
          source: ocsf,
          slices: { field: 'class_name', size: 10, label: 'Class' },
        },
      },
      {
        width: 48,
        visualization: {
          kind: 'histogram',
          id: id('events-by-product'),
          title: 'Events over time by product',
          source: ocsf,
          splitBy: { field: 'metadata.product.name', size: 10, label: 'Product' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('api-operations-by-principal'),
          title: 'API operations by principal and outcome',
          source: ocsf,
          query: 'class_uid:6003',
          rows: [
            { field: 'actor.user.name', size: 20, label: 'Principal' },
            { field: 'api.operation', size: 10, label: 'Operation' },
            { field: F.outcome, size: 2, label: 'Outcome' },
          ],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'horizontal_bar',
          id: id('failed-api-operations'),
          title: 'Failed API operations',
          source: ocsf,
          query: 'class_uid:6003 AND status_id:2',
          bars: { field: 'api.operation', size: 15, label: 'Operation' },
          splitBy: { field: 'api.response.error', size: 5, label: 'Error' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('network-talkers'),
          title: 'Network activity: source, destination and port',
          source: ocsf,
          query: 'class_uid:4001',
          rows: [
            { field: F.sourceIp, size: 15, label: 'Source' },
            { field: 'destination.ip', size: 10, label: 'Destination' },
            { field: 'dst_endpoint.port', size: 5, label: 'Port' },
          ],
          metrics: [{ type: 'sum', field: 'traffic.bytes', label: 'Bytes' }],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'horizontal_bar',
          id: id('findings-by-severity'),
          title: 'Findings by severity and title',
          source: ocsf,
          query: 'class_uid:(2001 OR 2004)',
          bars: { field: 'finding_info.title', size: 15, label: 'Finding' },
          splitBy: { field: 'severity', size: 6, label: 'Severity' },
        },
      },
      ...detectionPanels(detections, 'ocsf'),
    ],
  };
}
