import type { DetectionLike } from '../searches';
import type { DashboardSpec } from '../spec';
import { logs, visId, headlineMetrics, requestCount as count } from './common';
import { detectionPanels } from './detection-panels';

const id = (name: string) => visId('s3access', name);
const requests = logs('s3access');
const bytesSent = { type: 'sum', field: 'bytes_sent', label: 'Bytes sent' } as const;
/** The parser drops `-`: a request without a requester is anonymous. */
const ANONYMOUS = 'NOT _exists_:requester';

/** S3 server access logs: who does what to which bucket, who is denied, what is read anonymously. */
export function s3AccessDashboard(detections: readonly DetectionLike[]): DashboardSpec {
  return {
    id: 'siem-dashboard-s3access',
    title: 'SIEM: S3 access logs',
    description:
      'Operations by bucket, denied requests by requester, anonymous requests, bytes sent per requester, deletions and the addresses requests come from.',
    panels: [
      headlineMetrics({
        id: id('requests'),
        title: 'Requests, requesters and bytes',
        source: requests,
        metrics: [count, { type: 'cardinality', field: 'requester', label: 'Requesters' }, bytesSent],
      }),
      {
        width: 32,
        height: 8,
        visualization: {
          kind: 'histogram',
          id: id('status-over-time'),
          title: 'Requests over time by HTTP status',
          source: requests,
          splitBy: { field: 'http_status', size: 8, label: 'Status' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('operations-by-bucket'),
          title: 'Operations by bucket',
          source: requests,
          rows: [
            { field: 'bucket', size: 20, label: 'Bucket' },
            { field: 'operation', size: 10, label: 'Operation' },
          ],
          metrics: [count, bytesSent],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('denied-by-requester'),
          title: 'Denied requests (403) by requester',
          description: 'Requesters probing buckets or objects they have no access to.',
          source: requests,
          query: 'http_status:403',
          rows: [
            { field: 'requester', size: 20, label: 'Requester' },
            { field: 'bucket', size: 5, label: 'Bucket' },
          ],
          metrics: [
            { type: 'count', label: 'Denied' },
            { type: 'cardinality', field: 'remote_ip', label: 'Addresses' },
          ],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('anonymous'),
          title: 'Anonymous requests by bucket and address',
          description: 'Requests without credentials: a public bucket, or someone trying one.',
          source: requests,
          query: ANONYMOUS,
          rows: [
            { field: 'bucket', size: 20, label: 'Bucket' },
            { field: 'remote_ip', size: 10, label: 'Address' },
          ],
          metrics: [count, bytesSent],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'horizontal_bar',
          id: id('bytes-by-requester'),
          title: 'Bytes sent per requester',
          description: 'What each requester read out of the buckets: bulk reads stand out here.',
          source: requests,
          metric: bytesSent,
          bars: { field: 'requester', size: 20, label: 'Requester' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('deletions'),
          title: 'Deletions by requester and bucket',
          source: requests,
          query: 'operation:*DELETE*',
          rows: [
            { field: 'requester', size: 20, label: 'Requester' },
            { field: 'bucket', size: 5, label: 'Bucket' },
            { field: 'http_status', size: 3, label: 'Status' },
          ],
          metrics: [{ type: 'count', label: 'Deletions' }],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('remote-addresses'),
          title: 'Remote addresses by requester',
          source: requests,
          rows: [
            { field: 'remote_ip', size: 20, label: 'Address' },
            { field: 'requester', size: 5, label: 'Requester' },
          ],
          metrics: [count, { type: 'cardinality', field: 'bucket', label: 'Buckets' }],
        },
      },
      ...detectionPanels(detections, 's3access'),
    ],
  };
}
