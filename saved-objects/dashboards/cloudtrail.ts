import type { DetectionLike } from '../searches';
import type { DashboardSpec } from '../spec';
import { F, logs, visId } from './common';
import { detectionPanels } from './detection-panels';

const id = (name: string) => visId('cloudtrail', name);
const cloudtrail = logs('cloudtrail');

/** One panel per CloudTrail detection, then the context an analyst looks at next. */
export function cloudTrailDashboard(detections: readonly DetectionLike[]): DashboardSpec {
  return {
    id: 'siem-dashboard-cloudtrail',
    title: 'SIEM: CloudTrail detections',
    description: 'Matches of every CloudTrail detection over time, with API errors and console sign-ins.',
    timeFrom: 'now-7d',
    panels: [
      ...detectionPanels(detections, 'cloudtrail'),
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('api-errors'),
          title: 'API errors by code and user',
          source: cloudtrail,
          query: '_exists_:errorCode',
          rows: [
            { field: 'errorCode', size: 10, label: 'Error' },
            { field: F.userName, size: 5, label: 'User' },
          ],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'histogram',
          id: id('console-sign-ins'),
          title: 'Console sign-ins over time',
          source: cloudtrail,
          query: 'eventName:ConsoleLogin',
          splitBy: { field: F.outcome, size: 2, label: 'Outcome' },
        },
      },
    ],
  };
}
