import type { DetectionLike } from '../searches';
import type { DashboardSpec } from '../spec';
import { logs, visId, headlineMetrics } from './common';
import { detectionPanels } from './detection-panels';

const id = (name: string) => visId('vpcflow', name);
const flows = logs('vpcflow');
const REJECTED = 'action:REJECT';
const bytes = { type: 'sum', field: 'bytes', label: 'Bytes' } as const;

/** Who talks to whom, what is rejected, on which ports. */
export function vpcFlowDashboard(detections: readonly DetectionLike[]): DashboardSpec {
  return {
    id: 'siem-dashboard-vpcflow',
    title: 'SIEM: VPC flow logs',
    description: 'Top talkers, rejected traffic over time, destination ports and protocols.',
    panels: [
      headlineMetrics({
        id: id('flows'),
        title: 'Flows',
        source: flows,
        metrics: [{ type: 'count', label: 'Flows' }],
      }),
      headlineMetrics({
        id: id('bytes'),
        title: 'Bytes transferred',
        source: flows,
        metrics: [bytes],
      }),
      headlineMetrics({
        id: id('rejected-flows'),
        title: 'Rejected flows',
        source: flows,
        query: REJECTED,
        metrics: [{ type: 'count', label: 'Rejected' }],
      }),
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('top-talkers'),
          title: 'Top talkers',
          description: 'Source and destination pairs by bytes sent.',
          source: flows,
          rows: [
            { field: 'srcaddr', size: 20, label: 'Source' },
            { field: 'dstaddr', size: 5, label: 'Destination' },
          ],
          metrics: [bytes, { type: 'sum', field: 'packets', label: 'Packets' }],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'horizontal_bar',
          id: id('top-sources-by-bytes'),
          title: 'Top sources by bytes',
          source: flows,
          metric: bytes,
          bars: { field: 'srcaddr', size: 15, label: 'Source' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'line',
          id: id('rejects-over-time'),
          title: 'Rejected flows over time',
          source: flows,
          query: REJECTED,
          metric: { type: 'count', label: 'Rejected flows' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'area',
          id: id('accept-reject-over-time'),
          title: 'Accepted and rejected flows over time',
          source: flows,
          splitBy: { field: 'action', size: 2, label: 'Action' },
        },
      },
      {
        width: 16,
        visualization: {
          kind: 'horizontal_bar',
          id: id('destination-ports'),
          title: 'Top destination ports',
          source: flows,
          bars: { field: 'dstport', size: 20, label: 'Port' },
          splitBy: { field: 'action', size: 2, label: 'Action' },
        },
      },
      {
        width: 16,
        visualization: {
          kind: 'table',
          id: id('rejected-ports'),
          title: 'Rejected destination ports and sources',
          source: flows,
          query: REJECTED,
          rows: [
            { field: 'dstport', size: 20, label: 'Port' },
            { field: 'srcaddr', size: 5, label: 'Source' },
          ],
        },
      },
      {
        width: 16,
        visualization: {
          kind: 'pie',
          id: id('protocols'),
          title: 'Protocols (IANA numbers)',
          source: flows,
          slices: { field: 'protocol', size: 10, label: 'Protocol' },
        },
      },
      ...detectionPanels(detections, 'vpcflow'),
    ],
  };
}
