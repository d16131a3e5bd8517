import type { DetectionLike } from '../searches';
import type { DashboardSpec } from '../spec';
import { logs, visId, headlineMetrics } from './common';
import { detectionPanels } from './detection-panels';

const id = (name: string) => visId('dns', name);
const queries = logs('dns');
const count = { type: 'count', label: 'Queries' } as const;
const BASE_DOMAIN = 'siem.dns.base_domain';

/**
 * Top-level domains that lead the abuse rankings (Spamhaus, Interisle): cheap or free registration,
 * little checking. Queries to them are rare in a workload's normal traffic, so each one is worth a look.
 */
export const ABUSED_TLDS = [
  'top',
  'xyz',
  'tk',
  'ml',
  'ga',
  'cf',
  'gq',
  'pw',
  'icu',
  'cyou',
  'buzz',
  'rest',
  'click',
  'link',
  'work',
  'su',
  'zip',
  'mov',
  'country',
  'kim',
  'bid',
  'loan',
  'cam',
  'monster',
  'sbs',
  'cfd',
] as const;
const TO_ABUSED_TLD = ABUSED_TLDS.map((tld) => `${BASE_DOMAIN}:*.${tld}`).join(' OR ');

/** Route 53 Resolver query logs: what the workloads resolve, what fails, and what DNS Firewall stopped. */
export function dnsDashboard(detections: readonly DetectionLike[]): DashboardSpec {
  return {
    id: 'siem-dashboard-dns',
    title: 'SIEM: Route 53 Resolver DNS queries',
    description:
      'Queries by registered domain, response codes and NXDOMAIN per source over time, abused top-level domains, long names (tunnelling), DNS Firewall actions, and the sources, VPCs and inbound endpoints that ask.',
    panels: [
      headlineMetrics({
        id: id('queries'),
        title: 'Queries, domains and sources',
        source: queries,
        metrics: [
          count,
          { type: 'cardinality', field: BASE_DOMAIN, label: 'Registered domains' },
          { type: 'cardinality', field: 'srcaddr', label: 'Sources' },
        ],
      }),
      {
        width: 32,
        height: 8,
        visualization: {
          kind: 'histogram',
          id: id('rcodes-over-time'),
          title: 'Queries over time by response code',
          description:
            'The share of NXDOMAIN and SERVFAIL against NOERROR: a rise is DGA malware or a broken name.',
          source: queries,
          splitBy: { field: 'rcode', size: 6, label: 'Response code' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'horizontal_bar',
          id: id('top-domains'),
          title: 'Top queried registered domains',
          source: queries,
          bars: { field: BASE_DOMAIN, size: 20, label: 'Registered domain' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'line',
          id: id('nxdomain-over-time'),
          title: 'NXDOMAIN over time per source',
          description:
            'Names that do not exist, per asking address: one source far above the rest is a DGA candidate.',
          source: queries,
          query: 'rcode:NXDOMAIN',
          splitBy: { field: 'srcaddr', size: 10, label: 'Source' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('abused-tlds'),
          title: 'Queries to rarely legitimate top-level domains',
          description: `Registered domains under ${ABUSED_TLDS.map((t) => `.${t}`).join(', ')}, and who asked.`,
          source: queries,
          query: TO_ABUSED_TLD,
          rows: [
            { field: BASE_DOMAIN, size: 20, label: 'Registered domain' },
            { field: 'srcaddr', size: 5, label: 'Source' },
          ],
          metrics: [count],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('long-names'),
          title: 'Long query names by domain and source',
          description:
            'Labels of 40 characters or more carry encoded data in DNS tunnelling and exfiltration.',
          source: queries,
          query: 'siem.dns.longest_label:>=40',
          rows: [
            { field: BASE_DOMAIN, size: 20, label: 'Registered domain' },
            { field: 'srcaddr', size: 5, label: 'Source' },
          ],
          metrics: [
            count,
            { type: 'cardinality', field: 'query_name', label: 'Distinct names' },
            { type: 'max', field: 'siem.dns.query_name_length', label: 'Longest name' },
          ],
        },
      },
      {
        width: 16,
        visualization: {
          kind: 'pie',
          id: id('firewall-actions'),
          title: 'DNS Firewall actions',
          source: queries,
          query: '_exists_:firewall_rule_action',
          slices: { field: 'firewall_rule_action', size: 5, label: 'Action' },
        },
      },
      {
        width: 32,
        visualization: {
          kind: 'table',
          id: id('firewall-matches'),
          title: 'DNS Firewall matches by name, action and source',
          source: queries,
          query: '_exists_:firewall_rule_action',
          rows: [
            { field: 'query_name', size: 20, label: 'Query name' },
            { field: 'firewall_rule_action', size: 3, label: 'Action' },
            { field: 'srcaddr', size: 5, label: 'Source' },
          ],
          metrics: [count],
        },
      },
      {
        width: 16,
        visualization: {
          kind: 'table',
          id: id('top-sources'),
          title: 'Top sources',
          source: queries,
          rows: [
            { field: 'srcaddr', size: 20, label: 'Source' },
            { field: 'srcids.instance', size: 3, label: 'Instance' },
          ],
          metrics: [count, { type: 'cardinality', field: BASE_DOMAIN, label: 'Registered domains' }],
        },
      },
      {
        width: 16,
        visualization: {
          kind: 'table',
          id: id('vpcs'),
          title: 'VPCs and accounts',
          source: queries,
          rows: [
            { field: 'vpc_id', size: 20, label: 'VPC' },
            { field: 'account_id', size: 3, label: 'Account' },
          ],
          metrics: [count, { type: 'cardinality', field: 'srcaddr', label: 'Sources' }],
        },
      },
      {
        width: 16,
        visualization: {
          kind: 'table',
          id: id('resolver-endpoints'),
          title: 'Inbound resolver endpoints and their sources',
          description:
            'Queries from outside the VPC (on-premises, peered networks) through an inbound endpoint.',
          source: queries,
          rows: [
            { field: 'srcids.resolver_endpoint', size: 10, label: 'Resolver endpoint' },
            { field: 'srcaddr', size: 10, label: 'Source' },
          ],
          metrics: [count],
        },
      },
      {
        width: 48,
        visualization: {
          kind: 'histogram',
          id: id('query-types-over-time'),
          title: 'Queries over time by type',
          description: 'TXT, NULL and large volumes of rare types are the usual carriers of tunnelled data.',
          source: queries,
          splitBy: { field: 'query_type', size: 8, label: 'Type' },
        },
      },
      ...detectionPanels(detections, 'dns'),
    ],
  };
}
