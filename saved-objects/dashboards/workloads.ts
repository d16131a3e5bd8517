import type { DashboardSpec, PanelSpec } from '../spec';
import { F, logs, visId, headlineMetrics } from './common';

/*
 * The sources that reach the SIEM through CloudWatch Logs from inside workloads: who did what in
 * the EKS clusters, who logged in to and changed the databases, and who hits the APIs with what
 * result. The per-source overviews keep the common-field panels and the detections.
 */

const id = (name: string) => visId('workloads', name);
const eks = logs('eksaudit');
const rds = logs('rdsaudit');
const api = logs('apigateway');

const ESCAPE_PRONE_PODS = 'siem.eks.privileged:true OR siem.eks.host_namespaces:true';
const FAILED_LOGINS = 'event.action:connect AND event.outcome:failure';
const CHANGES = 'verb:(create OR update OR patch OR delete)';

const panels: PanelSpec[] = [
  headlineMetrics({
    id: id('eks-requests'),
    title: 'EKS: API requests, callers and escape-prone pods',
    source: eks,
    metrics: [
      { type: 'count', label: 'Requests' },
      { type: 'cardinality', field: F.userName, label: 'Callers' },
    ],
  }),
  {
    width: 32,
    height: 8,
    visualization: {
      kind: 'histogram',
      id: id('eks-decisions'),
      title: 'EKS: requests over time by authorization decision',
      source: eks,
      splitBy: { field: 'siem.eks.decision', size: 3, label: 'Decision' },
    },
  },
  {
    width: 24,
    visualization: {
      kind: 'table',
      id: id('eks-changes'),
      title: 'EKS: changes by caller, verb and resource',
      source: eks,
      query: CHANGES,
      rows: [
        { field: F.userName, size: 20, label: 'Caller' },
        { field: 'verb', size: 4, label: 'Verb' },
        { field: 'objectRef.resource', size: 10, label: 'Resource' },
      ],
    },
  },
  {
    width: 24,
    visualization: {
      kind: 'table',
      id: id('eks-escape-prone-pods'),
      title: 'EKS: privileged or host-namespace pods admitted, by cluster and creator',
      source: eks,
      query: `(${ESCAPE_PRONE_PODS}) AND verb:create`,
      rows: [
        { field: 'siem.eks.cluster', size: 10, label: 'Cluster' },
        { field: 'objectRef.namespace', size: 10, label: 'Namespace' },
        { field: F.userName, size: 10, label: 'Creator' },
      ],
    },
  },
  {
    width: 16,
    visualization: {
      kind: 'pie',
      id: id('rds-engines'),
      title: 'Databases: audit events by engine',
      source: rds,
      slices: { field: 'siem.rds.engine', size: 2, label: 'Engine' },
    },
  },
  {
    width: 32,
    visualization: {
      kind: 'histogram',
      id: id('rds-failed-logins'),
      title: 'Databases: failed logins over time by database',
      source: rds,
      query: FAILED_LOGINS,
      splitBy: { field: 'siem.rds.db_identifier', size: 10, label: 'Database' },
    },
  },
  {
    width: 48,
    visualization: {
      kind: 'table',
      id: id('rds-privilege-changes'),
      title: 'Databases: users, roles and grants changed',
      source: rds,
      query: 'siem.rds.class:ROLE',
      rows: [
        { field: 'siem.rds.db_identifier', size: 10, label: 'Database' },
        { field: F.userName, size: 10, label: 'By' },
        { field: 'siem.rds.command', size: 10, label: 'Command' },
      ],
    },
  },
  {
    width: 32,
    visualization: {
      kind: 'histogram',
      id: id('api-status'),
      title: 'APIs: requests over time by status',
      source: api,
      splitBy: { field: 'siem.apigateway.status', size: 8, label: 'Status' },
    },
  },
  {
    width: 16,
    visualization: {
      kind: 'metric',
      id: id('api-latency'),
      title: 'APIs: requests and latency',
      source: api,
      metrics: [
        { type: 'count', label: 'Requests' },
        { type: 'avg', field: 'siem.apigateway.latency_ms', label: 'Average latency (ms)' },
      ],
    },
  },
  {
    width: 24,
    visualization: {
      kind: 'table',
      id: id('api-client-errors'),
      title: 'APIs: client addresses refused or not found',
      source: api,
      query: 'siem.apigateway.status:[400 TO 499]',
      rows: [
        { field: F.sourceIp, size: 20, label: 'Client IP' },
        { field: 'siem.apigateway.status', size: 4, label: 'Status' },
      ],
    },
  },
  {
    width: 24,
    visualization: {
      kind: 'table',
      id: id('api-routes'),
      title: 'APIs: routes by API and stage',
      source: api,
      rows: [
        { field: 'siem.apigateway.route', size: 20, label: 'Route' },
        { field: 'siem.apigateway.stage', size: 5, label: 'Stage' },
      ],
    },
  },
];

export function workloadsDashboard(): DashboardSpec {
  return {
    id: 'siem-dashboard-workloads',
    title: 'SIEM: EKS, databases and APIs',
    description:
      'EKS API requests by decision, changes and escape-prone pods; database failed logins and privilege changes; API requests by status, refused clients and routes.',
    panels,
  };
}
