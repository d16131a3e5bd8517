import type { DetectionLike } from '../../../saved-objects';

/** Two detections shaped like the registry's, so these tests do not depend on its contents. */
export const sampleDetections: DetectionLike[] = [
  {
    id: 'cloudtrail-logging-stopped',
    title: 'CloudTrail logging stopped',
    description: 'Someone stopped or deleted a trail.',
    logType: 'cloudtrail',
    query: {
      bool: {
        filter: [
          { term: { eventSource: 'cloudtrail.amazonaws.com' } },
          { terms: { eventName: ['StopLogging', 'DeleteTrail'] } },
        ],
        must_not: [{ exists: { field: 'errorCode' } }],
      },
    },
  },
  {
    id: 'vpc-ssh-from-internet',
    title: 'SSH accepted from the internet',
    description: 'Accepted flows to port 22.',
    logType: 'vpcflow',
    query: { bool: { filter: [{ term: { dstport: 22 } }, { term: { action: 'ACCEPT' } }] } },
  },
];
