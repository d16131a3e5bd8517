import { LOG_TYPES, type LogType } from '../../opensearch/log-types';
import type { DashboardSpec, PanelSpec } from '../spec';
import { F, logs, visId, headlineMetrics } from './common';
import { detectionPanels, hasOwnDetectionDashboard } from './detection-panels';
import type { DetectionLike } from '../searches';

/** Log types whose records name a user (CloudTrail identities, S3 requesters). */
const NAMES_USERS: ReadonlySet<LogType> = new Set([
  'cloudtrail',
  's3access',
  'ocsf',
  'bedrock',
  'eksaudit',
  'rdsaudit',
  'apigateway',
  'linux',
  'windows',
  'clientvpn',
]);

const TITLES: Record<LogType, string> = {
  cloudtrail: 'CloudTrail',
  cloudwatch: 'CloudWatch Logs',
  findings: 'Security Hub findings',
  vpcflow: 'VPC flow logs',
  waf: 'WAF',
  elb: 'Load balancers',
  s3access: 'S3 access logs',
  cloudfront: 'CloudFront',
  dns: 'Route 53 Resolver DNS queries',
  networkfirewall: 'Network Firewall',
  tgwflow: 'Transit Gateway flow logs',
  guardduty: 'GuardDuty findings (S3 export)',
  config: 'AWS Config configuration items',
  ocsf: 'Security Lake (OCSF)',
  bedrock: 'Bedrock model invocations',
  eksaudit: 'EKS audit logs',
  rdsaudit: 'RDS and Aurora database audit',
  apigateway: 'API Gateway access logs',
  linux: 'Linux OS logs',
  windows: 'Windows event logs',
  clientvpn: 'Client VPN connections',
};

/**
 * The same first look at any source, on the common fields only: volume, outcome, accounts,
 * regions, actions and source addresses. Sources without a dedicated dashboard get one here.
 */
export function overviewDashboard(
  logType: LogType,
  detections: readonly DetectionLike[] = [],
): DashboardSpec {
  const dash = `overview-${logType}`;
  const id = (name: string) => visId(dash, name);
  const source = logs(logType);
  const name = TITLES[logType];
  const panels: PanelSpec[] = [
    headlineMetrics({
      id: id('events'),
      title: `${name}: events`,
      source,
      metrics: [
        { type: 'count', label: 'Events' },
        { type: 'cardinality', field: F.sourceIp, label: 'Source IPs' },
      ],
    }),
    {
      width: 32,
      height: 8,
      visualization: {
        kind: 'histogram',
        id: id('outcome-over-time'),
        title: `${name}: events over time by outcome`,
        source,
        splitBy: { field: F.outcome, size: 2, label: 'Outcome' },
      },
    },
    {
      width: 16,
      visualization: {
        kind: 'pie',
        id: id('accounts'),
        title: `${name}: accounts`,
        source,
        slices: { field: F.accountId, size: 20, label: 'Account' },
      },
    },
    {
      width: 16,
      visualization: {
        kind: 'pie',
        id: id('regions'),
        title: `${name}: regions`,
        source,
        slices: { field: F.region, size: 20, label: 'Region' },
      },
    },
    {
      width: 16,
      visualization: {
        kind: 'tagcloud',
        id: id('actions'),
        title: `${name}: actions`,
        source,
        tags: { field: F.action, size: 30 },
      },
    },
    {
      width: 24,
      visualization: {
        kind: 'table',
        id: id('source-ips'),
        title: `${name}: top source IPs`,
        source,
        rows: [
          { field: F.sourceIp, size: 20, label: 'Source IP' },
          { field: F.outcome, size: 2, label: 'Outcome' },
        ],
      },
    },
    {
      width: 24,
      visualization: {
        kind: 'table',
        id: id('failures'),
        title: `${name}: failures by action and account`,
        source,
        query: `${F.outcome}:failure`,
        rows: [
          { field: F.action, size: 20, label: 'Action' },
          { field: F.accountId, size: 5, label: 'Account' },
        ],
      },
    },
  ];
  if (NAMES_USERS.has(logType)) {
    panels.push({
      width: 48,
      visualization: {
        kind: 'horizontal_bar',
        id: id('users'),
        title: `${name}: top users`,
        source,
        bars: { field: F.userName, size: 20, label: 'User' },
        splitBy: { field: F.outcome, size: 2, label: 'Outcome' },
      },
    });
  }
  // Sources without a dashboard of their own show their detections here (see detection-panels.ts).
  if (!hasOwnDetectionDashboard(logType)) panels.push(...detectionPanels(detections, logType));
  return {
    id: `siem-dashboard-${dash}`,
    title: `SIEM: ${name} overview`,
    description: `Volume, outcomes, accounts, regions, actions and source addresses of ${name} events.`,
    panels,
  };
}

export function overviewDashboards(detections: readonly DetectionLike[] = []): DashboardSpec[] {
  return LOG_TYPES.map((logType) => overviewDashboard(logType, detections));
}
