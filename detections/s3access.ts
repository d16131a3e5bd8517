import { MITRE } from './mitre';
import { SAMPLE_ACCOUNT_ID, SAMPLE_EXTERNAL_IP, SAMPLE_OTHER_EXTERNAL_IP } from './samples';
import type { Detection } from './types';

/*
 * S3 server access logs: object-level access the default trail does not record (data events are
 * off), including anonymous requests, which CloudTrail never attributes to anyone.
 */

/**
 * S3 delivers access logs on a best-effort basis, usually within an hour: a 2-hour lookback on a
 * 15-minute schedule still sees most late files. Bucket-level monitors notify a key once.
 */
const S3_ACCESS_SCHEDULE_MINUTES = 15;
const S3_ACCESS_LOOKBACK_MINUTES = 120;
const FORBIDDEN_PER_CLIENT = 20;
const DELETES_PER_REQUESTER = 200;

const BUCKET_OWNER = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
const ALICE = `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:user/alice`;
const DEPLOY_ROLE = `arn:aws:sts::${SAMPLE_ACCOUNT_ID}:assumed-role/deploy/ci`;

export interface S3AccessRequest {
  readonly bucket?: string;
  readonly remoteIp?: string;
  /** The requester's ARN, or `-` for an anonymous request. */
  readonly requester?: string;
  readonly operation?: string;
  readonly key?: string;
  readonly status?: number;
  readonly errorCode?: string;
  readonly userAgent?: string;
}

/**
 * One S3 server access log line as AWS writes it (all documented fields, quoted where AWS quotes).
 * The time is the samples' fixed time; tests move it to now.
 */
export function s3AccessLogLine(request: S3AccessRequest = {}, n = 0): string {
  const bucket = request.bucket ?? 'shop-assets';
  const key = request.key ?? `images/item-${n}.jpg`;
  const operation = request.operation ?? 'REST.GET.OBJECT';
  const status = request.status ?? 200;
  const anonymous = request.requester === '-';
  const method = operation.split('.')[1] ?? 'GET';
  const id = `${(0x3e57427f3e + n).toString(16).toUpperCase()}EXAMPLE`;
  return [
    BUCKET_OWNER,
    bucket,
    '[15/Jan/2026:10:00:00 +0000]',
    request.remoteIp ?? SAMPLE_EXTERNAL_IP,
    request.requester ?? ALICE,
    id,
    operation,
    key,
    `"${method} /${bucket}/${key} HTTP/1.1"`,
    String(status),
    request.errorCode ?? (status >= 400 ? 'AccessDenied' : '-'),
    status >= 400 ? '243' : '20480',
    status >= 400 ? '-' : '20480',
    '11',
    status >= 400 ? '-' : '9',
    '"-"',
    `"${request.userAgent ?? 'aws-sdk-java/2.25.0 Linux/6.1'}"`,
    '-',
    `${id}s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV1234=`,
    anonymous ? '-' : 'SigV4',
    'ECDHE-RSA-AES128-GCM-SHA256',
    anonymous ? '-' : 'AuthHeader',
    `${bucket}.s3.eu-west-1.amazonaws.com`,
    'TLSv1.3',
    '-',
    '-',
    '-',
  ].join(' ');
}

const lines = (count: number, request: S3AccessRequest, offset = 0) =>
  Array.from({ length: count }, (_, i) => s3AccessLogLine(request, offset + i));

/** Operations that read, write or list content (not the service's own lifecycle or replication). */
const CONTENT_OPERATIONS = [
  'REST.GET.OBJECT',
  'REST.HEAD.OBJECT',
  'REST.PUT.OBJECT',
  'REST.GET.BUCKET',
  'REST.POST.UPLOAD',
  'REST.DELETE.OBJECT',
];

export const s3AccessDetections: readonly Detection[] = [
  {
    id: 's3access-forbidden-burst',
    title: 'Burst of S3 requests refused from one address',
    description: `${FORBIDDEN_PER_CLIENT} or more requests refused with 403 from one address in the window, object reads included (which CloudTrail records only with data events on): bucket or key enumeration, or a key trying data it may not read.`,
    severity: 3,
    mitre: MITRE.cloudStorageDiscovery,
    logType: 's3access',
    query: { bool: { filter: [{ term: { http_status: 403 } }] } },
    condition: { kind: 'bucket', field: 'remote_ip', minCount: FORBIDDEN_PER_CLIENT },
    scheduleMinutes: S3_ACCESS_SCHEDULE_MINUTES,
    lookbackMinutes: S3_ACCESS_LOOKBACK_MINUTES,
    positiveSamples: [
      ...lines(FORBIDDEN_PER_CLIENT / 2, { status: 403, key: 'finance/q3.csv' }),
      ...lines(
        FORBIDDEN_PER_CLIENT / 2,
        { status: 403, requester: '-', operation: 'REST.GET.BUCKET', key: '-' },
        50,
      ),
    ],
    negativeSamples: [
      ...lines(FORBIDDEN_PER_CLIENT - 1, { status: 403 }),
      ...lines(FORBIDDEN_PER_CLIENT - 1, { status: 403, remoteIp: SAMPLE_OTHER_EXTERNAL_IP }, 50),
      // Missing keys are an application bug, not probing.
      ...lines(FORBIDDEN_PER_CLIENT * 2, { status: 404, errorCode: 'NoSuchKey' }, 100),
    ],
  },
  {
    id: 's3access-anonymous-access',
    title: 'Anonymous request to S3 succeeded',
    description:
      'A request without credentials read, listed or wrote bucket content successfully (REST API, not the static website endpoint): the bucket or object is public through its policy or an ACL. ' +
      'CloudTrail attributes such requests to no one; a bucket meant to be public should be served through CloudFront instead.',
    severity: 2,
    mitre: MITRE.cloudStorageObject,
    logType: 's3access',
    query: {
      bool: {
        filter: [{ terms: { operation: CONTENT_OPERATIONS } }, { range: { http_status: { lt: 400 } } }],
        // The parser leaves out a `-` requester: anonymous requests have none.
        must_not: [{ exists: { field: 'requester' } }],
      },
    },
    condition: { kind: 'threshold', minCount: 1 },
    scheduleMinutes: S3_ACCESS_SCHEDULE_MINUTES,
    lookbackMinutes: S3_ACCESS_LOOKBACK_MINUTES,
    positiveSamples: [
      s3AccessLogLine({ requester: '-', key: 'exports/customers.csv', userAgent: 'curl/8.5.0' }),
      s3AccessLogLine({ requester: '-', operation: 'REST.GET.BUCKET', key: '-' }, 1),
    ],
    negativeSamples: [
      s3AccessLogLine({ requester: '-', status: 403 }),
      s3AccessLogLine({}, 1),
      s3AccessLogLine({ requester: DEPLOY_ROLE, operation: 'REST.PUT.OBJECT' }, 2),
      // Static website hosting is public by design.
      s3AccessLogLine({ requester: '-', operation: 'WEBSITE.GET.OBJECT', key: 'index.html' }, 3),
    ],
  },
  {
    id: 's3access-mass-delete',
    title: 'Mass deletion of S3 objects by one requester',
    description: `One requester deleted ${DELETES_PER_REQUESTER} or more objects in the window (DeleteObject, or the per-object entries of DeleteObjects): destruction or ransom. Lifecycle expirations are S3's own operations and do not count.`,
    severity: 2,
    mitre: MITRE.dataDestruction,
    logType: 's3access',
    query: {
      bool: {
        filter: [
          { terms: { operation: ['REST.DELETE.OBJECT', 'BATCH.DELETE.OBJECT'] } },
          { range: { http_status: { lt: 300 } } },
        ],
      },
    },
    condition: { kind: 'bucket', field: 'requester', minCount: DELETES_PER_REQUESTER },
    scheduleMinutes: S3_ACCESS_SCHEDULE_MINUTES,
    lookbackMinutes: S3_ACCESS_LOOKBACK_MINUTES,
    positiveSamples: [
      ...lines(DELETES_PER_REQUESTER / 2, { operation: 'REST.DELETE.OBJECT', status: 204 }),
      ...lines(DELETES_PER_REQUESTER / 2, { operation: 'BATCH.DELETE.OBJECT', status: 204 }, 1000),
    ],
    negativeSamples: [
      ...lines(DELETES_PER_REQUESTER - 1, { operation: 'REST.DELETE.OBJECT', status: 204 }),
      ...lines(
        DELETES_PER_REQUESTER,
        { operation: 'S3.EXPIRE.OBJECT', requester: 'AmazonS3', status: 200 },
        1000,
      ),
      ...lines(DELETES_PER_REQUESTER, { operation: 'REST.DELETE.OBJECT', status: 403 }, 2000),
    ],
  },
];
