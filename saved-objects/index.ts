import { buildDashboard } from './dashboard';
import { bedrockDashboard } from './dashboards/bedrock';
import { cloudFrontDashboard } from './dashboards/cloudfront';
import { cloudTrailDashboard } from './dashboards/cloudtrail';
import { configDashboard } from './dashboards/config';
import { dnsDashboard } from './dashboards/dns';
import { guardDutyDashboard } from './dashboards/guardduty';
import { hostsVpnDashboard } from './dashboards/hosts-vpn';
import { ingestionDashboard } from './dashboards/ingestion';
import { loadBalancerDashboard } from './dashboards/load-balancers';
import { mainDashboard } from './dashboards/main';
import { networkFirewallDashboard } from './dashboards/network-firewall';
import { overviewDashboards } from './dashboards/overview';
import { s3AccessDashboard } from './dashboards/s3-access';
import { securityHubDashboard } from './dashboards/security-hub';
import { securityLakeDashboard } from './dashboards/security-lake';
import { transitGatewayDashboard } from './dashboards/transit-gateway';
import { vpcFlowDashboard } from './dashboards/vpc-flow';
import { wafDashboard } from './dashboards/waf';
import { workloadsDashboard } from './dashboards/workloads';
import { indexPatterns } from './index-patterns';
import { detectionSearch, type DetectionLike } from './searches';
import type { DashboardSpec } from './spec';
import type { SiemSavedObject, VisualizationObject } from './types';
import { buildVisualization } from './visualization';

export type { DetectionLike } from './searches';
export type { SiemSavedObject } from './types';

export function dashboardSpecs(detections: readonly DetectionLike[]): DashboardSpec[] {
  return [
    mainDashboard(),
    cloudTrailDashboard(detections),
    wafDashboard(detections),
    securityHubDashboard(detections),
    vpcFlowDashboard(detections),
    securityLakeDashboard(detections),
    bedrockDashboard(detections),
    transitGatewayDashboard(detections),
    guardDutyDashboard(detections),
    configDashboard(detections),
    dnsDashboard(detections),
    networkFirewallDashboard(detections),
    loadBalancerDashboard(detections),
    s3AccessDashboard(detections),
    cloudFrontDashboard(detections),
    ingestionDashboard(),
    workloadsDashboard(),
    hostsVpnDashboard(),
    ...overviewDashboards(detections),
  ];
}

/**
 * Every saved object of the SIEM, in dependency order (index patterns, saved searches,
 * visualizations, dashboards), so Dashboards can import the file front to back.
 */
export function buildSavedObjects(detections: readonly DetectionLike[]): SiemSavedObject[] {
  const dashboards = dashboardSpecs(detections);
  const visualizations = new Map<string, VisualizationObject>();
  for (const dashboard of dashboards) {
    for (const { visualization } of dashboard.panels) {
      const built = buildVisualization(visualization);
      const seen = visualizations.get(built.id);
      if (seen && JSON.stringify(seen) !== JSON.stringify(built))
        throw new Error(`visualization id ${built.id} is defined twice with different content`);
      visualizations.set(built.id, built);
    }
  }
  return [
    ...indexPatterns(),
    ...detections.map(detectionSearch),
    ...visualizations.values(),
    ...dashboards.map(buildDashboard),
  ];
}

/** The export format of Dashboards: one JSON object a line. */
export function toNdjson(objects: readonly SiemSavedObject[]): string {
  return objects.map((o) => JSON.stringify(o)).join('\n') + '\n';
}
