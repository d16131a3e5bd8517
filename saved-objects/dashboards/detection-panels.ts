import type { LogType } from '../../opensearch/log-types';
import { detectionSearchId, type DetectionLike } from '../searches';
import type { PanelSpec } from '../spec';
import { visId } from './common';

/** The dashboard that shows each log type's detections. */
const DASHBOARD_OF: Partial<Record<LogType, string>> = {
  cloudtrail: 'cloudtrail',
  waf: 'waf',
  findings: 'securityhub',
  vpcflow: 'vpcflow',
  ocsf: 'securitylake',
  bedrock: 'bedrock',
  tgwflow: 'tgwflow',
  guardduty: 'guardduty',
  config: 'config',
  dns: 'dns',
  networkfirewall: 'networkfirewall',
  elb: 'elb',
  s3access: 's3access',
  cloudfront: 'cloudfront',
};

/** Whether a log type's detections sit on a dashboard of its own rather than on its overview. */
export function hasOwnDetectionDashboard(logType: LogType): boolean {
  return DASHBOARD_OF[logType] !== undefined;
}

export function detectionVisId(detection: Pick<DetectionLike, 'id' | 'logType'>): string {
  return visId(
    DASHBOARD_OF[detection.logType] ?? `overview-${detection.logType}`,
    `detection-${detection.id}`,
  );
}

/** A count-over-time of one detection's matches, on its saved search: the same query as its monitor. */
export function detectionPanel(detection: DetectionLike): PanelSpec {
  return {
    width: 16,
    height: 12,
    visualization: {
      kind: 'histogram',
      id: detectionVisId(detection),
      title: detection.title,
      description: detection.description,
      source: { savedSearch: detectionSearchId(detection.id) },
      metric: { type: 'count', label: 'Matches' },
    },
  };
}

/** Panels for the detections of one log type, in registry order. */
export function detectionPanels(detections: readonly DetectionLike[], logType: LogType): PanelSpec[] {
  return detections.filter((d) => d.logType === logType).map(detectionPanel);
}
