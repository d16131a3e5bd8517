import type { DetectionLike } from '../searches';
import type { DashboardSpec } from '../spec';
import { F, logs, visId, headlineMetrics } from './common';
import { detectionPanels } from './detection-panels';

const id = (name: string) => visId('tgwflow', name);
const flows = logs('tgwflow');
const bytes = { type: 'sum', field: 'bytes', label: 'Bytes' } as const;
const DROPPED =
  'packets_lost_no_route:>0 OR packets_lost_blackhole:>0 OR packets_lost_mtu_exceeded:>0 OR packets_lost_ttl_expired:>0';

/** What crosses the transit gateway, between which VPCs and accounts, and what it drops. */
export function transitGatewayDashboard(detections: readonly DetectionLike[]): DashboardSpec {
  return {
    id: 'siem-dashboard-tgwflow',
    title: 'SIEM: Transit Gateway flow logs',
    description:
      'Traffic between VPCs and accounts through the transit gateways: bytes per attachment and VPC pair, top talkers, and packets dropped (no route, blackhole, MTU, TTL).',
    panels: [
      headlineMetrics({
        id: id('flows'),
        title: 'Flows and bytes',
        source: flows,
        metrics: [{ type: 'count', label: 'Flows' }, bytes],
      }),
      {
        width: 32,
        height: 8,
        visualization: {
          kind: 'histogram',
          id: id('dropped-over-time'),
          title: 'Flows with dropped packets over time',
          source: flows,
          query: DROPPED,
          splitBy: { field: 'tgw_attachment_id', size: 5, label: 'Attachment' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('vpc-pairs'),
          title: 'VPC pairs by bytes',
          source: flows,
          rows: [
            { field: 'tgw_src_vpc_id', size: 15, label: 'Source VPC' },
            { field: 'tgw_dst_vpc_id', size: 5, label: 'Destination VPC' },
          ],
          metrics: [bytes, { type: 'count', label: 'Flows' }],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('account-pairs'),
          title: 'Account pairs by bytes',
          source: flows,
          rows: [
            { field: 'tgw_src_vpc_account_id', size: 15, label: 'Source account' },
            { field: 'tgw_dst_vpc_account_id', size: 5, label: 'Destination account' },
          ],
          metrics: [bytes],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'horizontal_bar',
          id: id('top-sources'),
          title: 'Top sources by bytes',
          source: flows,
          metric: bytes,
          bars: { field: F.sourceIp, size: 15, label: 'Source' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('dropped-by-source'),
          title: 'Dropped flows by source and destination',
          source: flows,
          query: DROPPED,
          rows: [
            { field: 'srcaddr', size: 20, label: 'Source' },
            { field: 'dstaddr', size: 5, label: 'Destination' },
          ],
          metrics: [
            { type: 'count', label: 'Flows' },
            { type: 'sum', field: 'packets_lost_no_route', label: 'No route' },
            { type: 'sum', field: 'packets_lost_blackhole', label: 'Blackhole' },
          ],
        },
      },
      ...detectionPanels(detections, 'tgwflow'),
    ],
  };
}
