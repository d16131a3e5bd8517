import type { DetectionLike } from '../searches';
import type { DashboardSpec } from '../spec';
import { F, logs, visId, requestCount as count, requestsClientsBytes } from './common';
import { detectionPanels } from './detection-panels';

const id = (name: string) => visId('cloudfront', name);
const requests = logs('cloudfront');
const ERRORS = 'sc_status:[400 TO 599]';

/** CloudFront standard logs: statuses and errors per distribution, edge errors, clients and bytes. */
export function cloudFrontDashboard(detections: readonly DetectionLike[]): DashboardSpec {
  return {
    id: 'siem-dashboard-cloudfront',
    title: 'SIEM: CloudFront',
    description:
      'Status over time, 4xx and 5xx per distribution, errors CloudFront returned itself (x-edge-result-type Error), top client addresses, bytes per client and response times.',
    panels: [
      requestsClientsBytes(id('requests'), requests, { clientIp: 'c_ip', bytesSent: 'sc_bytes' }),
      {
        width: 32,
        height: 8,
        visualization: {
          kind: 'histogram',
          id: id('status-over-time'),
          title: 'Requests over time by status',
          source: requests,
          splitBy: { field: 'sc_status', size: 10, label: 'Status' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'line',
          id: id('errors-over-time'),
          title: '4xx and 5xx over time per distribution',
          source: requests,
          query: ERRORS,
          splitBy: { field: 'cs_host', size: 10, label: 'Distribution' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('errors-by-client'),
          title: '4xx and 5xx by client and status',
          description:
            'One address with many 403/404 is a scanner; many addresses with 5xx is an origin in trouble.',
          source: requests,
          query: ERRORS,
          rows: [
            { field: 'c_ip', size: 20, label: 'Client' },
            { field: 'sc_status', size: 5, label: 'Status' },
          ],
          metrics: [count],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('edge-errors'),
          title: 'Errors CloudFront returned (x-edge-result-type Error)',
          description: 'Origin unreachable, DNS errors at the origin, or the request refused at the edge.',
          source: requests,
          query: 'x_edge_result_type:Error',
          rows: [
            { field: 'cs_host', size: 10, label: 'Distribution' },
            { field: 'sc_status', size: 5, label: 'Status' },
          ],
          metrics: [count, { type: 'cardinality', field: 'c_ip', label: 'Clients' }],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'horizontal_bar',
          id: id('top-clients'),
          title: 'Top client addresses',
          source: requests,
          bars: { field: 'c_ip', size: 20, label: 'Client' },
          splitBy: { field: F.outcome, size: 2, label: 'Outcome' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('bytes-by-client'),
          title: 'Bytes sent per distribution and client',
          description: 'Scraping and bulk downloads.',
          source: requests,
          rows: [
            { field: 'cs_host', size: 10, label: 'Distribution' },
            { field: 'c_ip', size: 10, label: 'Client' },
          ],
          metrics: [{ type: 'sum', field: 'sc_bytes', label: 'Bytes sent' }, count],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'line',
          id: id('time-taken'),
          title: 'Slowest response over time per distribution',
          source: requests,
          metric: { type: 'max', field: 'time_taken', label: 'Slowest (s)' },
          splitBy: { field: 'cs_host', size: 10, label: 'Distribution' },
        },
      },
      ...detectionPanels(detections, 'cloudfront'),
    ],
  };
}
