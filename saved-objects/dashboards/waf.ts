import type { DetectionLike } from '../searches';
import type { DashboardSpec } from '../spec';
import { F, logs, visId } from './common';
import { detectionPanels } from './detection-panels';

const id = (name: string) => visId('waf', name);
const waf = logs('waf');
const BLOCKED = 'action:BLOCK';

/** Where requests come from, what WAF did with them, which rules fired and what was targeted. */
export function wafDashboard(detections: readonly DetectionLike[]): DashboardSpec {
  return {
    id: 'siem-dashboard-waf',
    title: 'SIEM: WAF',
    description:
      'Web requests by country, allow/block decisions over time and per client IP, top rules and targeted URIs.',
    panels: [
      {
        width: 12,
        height: 8,
        visualization: {
          kind: 'metric',
          id: id('requests'),
          title: 'Requests',
          source: waf,
          metrics: [{ type: 'count', label: 'Requests' }],
        },
      },
      {
        width: 12,
        height: 8,
        visualization: {
          kind: 'metric',
          id: id('blocked-requests'),
          title: 'Blocked requests',
          source: waf,
          query: BLOCKED,
          metrics: [{ type: 'count', label: 'Blocked' }],
        },
      },
      {
        width: 12,
        height: 8,
        visualization: {
          kind: 'metric',
          id: id('client-ips'),
          title: 'Distinct client IPs',
          source: waf,
          metrics: [{ type: 'cardinality', field: 'httpRequest.clientIp', label: 'Client IPs' }],
        },
      },
      {
        width: 12,
        height: 8,
        visualization: {
          kind: 'pie',
          id: id('actions'),
          title: 'Actions',
          source: waf,
          slices: { field: 'action', size: 5, label: 'Action' },
        },
      },
      {
        width: 24,
        height: 18,
        visualization: {
          kind: 'region_map',
          id: id('request-countries'),
          title: 'Request countries',
          source: waf,
          countries: { field: 'httpRequest.country', size: 100, label: 'Country' },
        },
      },
      {
        width: 24,
        height: 18,
        visualization: {
          kind: 'region_map',
          id: id('blocked-countries'),
          title: 'Blocked request countries',
          source: waf,
          query: BLOCKED,
          countries: { field: 'httpRequest.country', size: 100, label: 'Country' },
        },
      },
      {
        width: 48,
        visualization: {
          kind: 'histogram',
          id: id('allow-block-over-time'),
          title: 'Allowed and blocked requests over time',
          source: waf,
          splitBy: { field: 'action', size: 5, label: 'Action' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('allow-block-per-ip'),
          title: 'Allowed and blocked requests per client IP',
          source: waf,
          rows: [
            { field: 'httpRequest.clientIp', size: 25, label: 'Client IP' },
            { field: 'action', size: 5, label: 'Action' },
          ],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'horizontal_bar',
          id: id('top-rules'),
          title: 'Top terminating rules',
          source: waf,
          bars: { field: 'terminatingRuleId', size: 15, label: 'Rule' },
          splitBy: { field: 'action', size: 5, label: 'Action' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('targeted-uris'),
          title: 'Targeted URIs',
          source: waf,
          rows: [
            { field: 'httpRequest.uri', size: 25, label: 'URI' },
            { field: 'action', size: 5, label: 'Action' },
          ],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('targeted-resources'),
          title: 'Targeted resources (web ACLs and sources)',
          source: waf,
          rows: [
            { field: 'webaclId', size: 20, label: 'Web ACL' },
            { field: 'httpSourceName', size: 5, label: 'Resource type' },
          ],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('blocked-ips-by-country'),
          title: 'Blocked client IPs by country',
          source: waf,
          query: BLOCKED,
          rows: [
            { field: 'httpRequest.country', size: 20, label: 'Country' },
            { field: F.sourceIp, size: 10, label: 'Client IP' },
          ],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'pie',
          id: id('http-methods'),
          title: 'HTTP methods',
          source: waf,
          slices: { field: 'httpRequest.httpMethod', size: 10, label: 'Method' },
        },
      },
      ...detectionPanels(detections, 'waf'),
    ],
  };
}
