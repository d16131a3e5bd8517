import type { DetectionLike } from '../searches';
import type { DashboardSpec } from '../spec';
import { F, logs, visId, requestCount as count, requestsClientsBytes } from './common';
import { detectionPanels } from './detection-panels';

const id = (name: string) => visId('elb', name);
const requests = logs('elb');
const SERVER_ERRORS = 'elb_status_code:[500 TO 599]';
/** A second or more in the target (ALB) or back end (Classic); -1 means the target never answered. */
const SLOW = 'target_processing_time:>=1 OR backend_processing_time:>=1';

/** ALB and Classic Load Balancer access logs: status codes, failing targets, clients, slow requests, WAF. */
export function loadBalancerDashboard(detections: readonly DetectionLike[]): DashboardSpec {
  return {
    id: 'siem-dashboard-elb',
    title: 'SIEM: Load balancers (ALB and Classic)',
    description:
      'Status codes over time, 5xx by load balancer and target, top client addresses and user agents, slow requests by target, and requests the attached WAF acted on.',
    panels: [
      requestsClientsBytes(id('requests'), requests, { clientIp: 'client_ip', bytesSent: 'sent_bytes' }),
      {
        width: 32,
        height: 8,
        visualization: {
          kind: 'histogram',
          id: id('status-over-time'),
          title: 'Requests over time by status code',
          description:
            'The load balancer’s status: 4xx from clients, 5xx from the targets or the load balancer.',
          source: requests,
          splitBy: { field: 'elb_status_code', size: 10, label: 'Status' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'line',
          id: id('errors-over-time'),
          title: 'Failed requests (4xx and 5xx) over time per load balancer',
          source: requests,
          query: `${F.outcome}:failure`,
          splitBy: { field: 'elb', size: 10, label: 'Load balancer' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('server-errors-by-target'),
          title: '5xx by load balancer and target',
          description:
            'A target with its own 5xx is failing; 502/503/504 without a target status is the load balancer giving up on it.',
          source: requests,
          query: SERVER_ERRORS,
          rows: [
            { field: 'elb', size: 10, label: 'Load balancer' },
            { field: 'elb_status_code', size: 5, label: 'Status' },
            { field: 'target_ip', size: 10, label: 'Target' },
          ],
          metrics: [count],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'horizontal_bar',
          id: id('top-clients'),
          title: 'Top client addresses',
          source: requests,
          bars: { field: 'client_ip', size: 20, label: 'Client' },
          splitBy: { field: F.outcome, size: 2, label: 'Outcome' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('user-agents'),
          title: 'User agents',
          description: 'Scanners and scripts name themselves here (sqlmap, nikto, curl, python-requests).',
          source: requests,
          rows: [{ field: 'user_agent', size: 25, label: 'User agent' }],
          metrics: [count, { type: 'cardinality', field: 'client_ip', label: 'Clients' }],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('slow-requests'),
          title: 'Slow requests (a second or more) by target',
          source: requests,
          query: SLOW,
          rows: [
            { field: 'elb', size: 10, label: 'Load balancer' },
            { field: 'target_ip', size: 10, label: 'Target' },
          ],
          metrics: [
            count,
            { type: 'max', field: 'target_processing_time', label: 'Slowest (s)' },
            { type: 'avg', field: 'target_processing_time', label: 'Average (s)' },
          ],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'line',
          id: id('target-time-over-time'),
          title: 'Slowest target response over time per load balancer',
          source: requests,
          query: 'target_processing_time:>=0',
          metric: { type: 'max', field: 'target_processing_time', label: 'Slowest (s)' },
          splitBy: { field: 'elb', size: 10, label: 'Load balancer' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'histogram',
          id: id('waf-over-time'),
          title: 'Requests the WAF inspected over time by status',
          description:
            'ALB requests whose actions include waf: 403 is a WAF block, the rest were let through.',
          source: requests,
          query: 'actions_executed:*waf*',
          splitBy: { field: 'elb_status_code', size: 5, label: 'Status' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('waf-blocked-clients'),
          title: 'Clients the WAF blocked',
          source: requests,
          query: 'actions_executed:*waf* AND elb_status_code:403',
          rows: [
            { field: 'client_ip', size: 20, label: 'Client' },
            { field: 'elb', size: 5, label: 'Load balancer' },
          ],
          metrics: [{ type: 'count', label: 'Blocked' }],
        },
      },
      ...detectionPanels(detections, 'elb'),
    ],
  };
}
