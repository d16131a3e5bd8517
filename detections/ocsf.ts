import { MITRE } from './mitre';
import { SAMPLE_ACCOUNT_ID, SAMPLE_EXTERNAL_IP, SAMPLE_REGION, merge, sampleUuid } from './samples';
import type { Detection } from './types';

/*
 * Amazon Security Lake (OCSF): what an organization that collects through Security Lake must not
 * miss even if it sends nothing else to the SIEM. OCSF attributes, so any producer's events match.
 */

/** Security Lake writes objects every few minutes (up to its configured rollover); look back an hour. */
const OCSF_SCHEDULE_MINUTES = 15;
const OCSF_LOOKBACK_MINUTES = 60;

/** OCSF severity_id: 4 High, 5 Critical, 6 Fatal. */
const HIGH_SEVERITY_ID = 4;

type Row = { readonly [field: string]: unknown };

/** An OCSF API Activity (6003) event as Security Lake maps a CloudTrail management event. */
export function ocsfApiActivity(operation: string, overrides: Row = {}): Row {
  return merge(
    {
      metadata: {
        product: { version: '1.09', name: 'CloudTrail', vendor_name: 'AWS', feature: { name: 'Management' } },
        uid: sampleUuid(`ocsf/${operation}/${JSON.stringify(overrides)}`),
        profiles: ['cloud', 'datetime'],
        version: '1.1.0',
        event_code: 'AwsApiCall',
      },
      time: Date.parse('2026-01-15T10:00:00Z'),
      cloud: { region: SAMPLE_REGION, provider: 'AWS', account: { uid: SAMPLE_ACCOUNT_ID } },
      api: {
        operation,
        service: { name: 'cloudtrail.amazonaws.com' },
        request: { uid: sampleUuid(operation) },
      },
      actor: {
        user: {
          type: 'AssumedRole',
          name: 'ops-admin',
          uid: 'AROAEXAMPLE:ops-admin',
          account: { uid: SAMPLE_ACCOUNT_ID },
        },
        session: { mfa: false, issuer: `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:role/ops-admin` },
      },
      http_request: { user_agent: 'aws-cli/2.15.0' },
      src_endpoint: { ip: SAMPLE_EXTERNAL_IP },
      class_name: 'API Activity',
      class_uid: 6003,
      category_name: 'Audit Activity',
      category_uid: 6,
      severity_id: 1,
      severity: 'Informational',
      activity_name: 'Update',
      activity_id: 3,
      type_uid: 600303,
      type_name: 'API Activity: Update',
      status: 'Success',
      status_id: 1,
    },
    overrides,
  );
}

/** An OCSF Detection Finding (2004) as Security Lake maps a Security Hub finding. */
export function ocsfFinding(title: string, severityId: number, overrides: Row = {}): Row {
  const severity = ['Unknown', 'Informational', 'Low', 'Medium', 'High', 'Critical', 'Fatal'][severityId];
  return merge(
    {
      metadata: {
        product: { name: 'Security Hub', vendor_name: 'AWS', feature: { name: 'GuardDuty' } },
        uid: sampleUuid(`finding/${title}/${severityId}`),
        version: '1.1.0',
      },
      time: Date.parse('2026-01-15T10:00:00Z'),
      cloud: { region: SAMPLE_REGION, provider: 'AWS', account: { uid: SAMPLE_ACCOUNT_ID } },
      finding_info: {
        uid: `arn:aws:guardduty:${SAMPLE_REGION}:${SAMPLE_ACCOUNT_ID}:detector/d1/finding/${sampleUuid(title)}`,
        title,
        types: ['TTPs/Command and Control'],
        created_time: Date.parse('2026-01-15T09:59:00Z'),
      },
      resources: [{ uid: 'i-0a1b2c3d4e5f60718', type: 'AwsEc2Instance', region: SAMPLE_REGION }],
      compliance: { status: 'FAILED' },
      class_name: 'Detection Finding',
      class_uid: 2004,
      category_name: 'Findings',
      category_uid: 2,
      severity_id: severityId,
      severity,
      activity_name: 'Create',
      activity_id: 1,
      type_uid: 200401,
      status: 'New',
      status_id: 1,
    },
    overrides,
  );
}

export const ocsfDetections: readonly Detection[] = [
  {
    id: 'ocsf-cloudtrail-logging-stopped',
    title: 'Security Lake: CloudTrail logging stopped or a trail deleted',
    description:
      'An OCSF API Activity event from Security Lake shows a successful StopLogging or DeleteTrail call: whoever made it can now act unrecorded. The CloudTrail detections see the same only when the trail itself is collected.',
    severity: 1,
    mitre: MITRE.disableCloudLogs,
    logType: 'ocsf',
    query: {
      bool: {
        filter: [
          { term: { class_uid: 6003 } },
          { terms: { 'api.operation': ['StopLogging', 'DeleteTrail'] } },
          { term: { status_id: 1 } },
        ],
      },
    },
    condition: { kind: 'bucket', field: 'cloud.account.id', alsoBy: ['user.name'], minCount: 1 },
    scheduleMinutes: OCSF_SCHEDULE_MINUTES,
    lookbackMinutes: OCSF_LOOKBACK_MINUTES,
    positiveSamples: [ocsfApiActivity('StopLogging'), ocsfApiActivity('DeleteTrail')],
    negativeSamples: [
      // Refused: logging goes on.
      ocsfApiActivity('StopLogging', {
        status: 'Failure',
        status_id: 2,
        api: { response: { error: 'AccessDenied', message: 'not authorized' } },
      }),
      ocsfApiActivity('StartLogging'),
      ocsfApiActivity('DescribeTrails', { activity_name: 'Read', activity_id: 2 }),
    ],
  },
  {
    id: 'ocsf-high-severity-finding',
    title: 'Security Lake: new high or critical finding',
    description:
      'A Security Finding or Detection Finding in Security Lake (Security Hub, GuardDuty, Inspector, Macie or a custom source) rated High, Critical or Fatal.',
    severity: 2,
    mitre: MITRE.validAccounts,
    logType: 'ocsf',
    query: {
      bool: {
        filter: [
          { terms: { class_uid: [2001, 2004] } },
          { range: { severity_id: { gte: HIGH_SEVERITY_ID } } },
        ],
      },
    },
    condition: { kind: 'bucket', field: 'cloud.account.id', alsoBy: ['finding_info.title'], minCount: 1 },
    scheduleMinutes: OCSF_SCHEDULE_MINUTES,
    lookbackMinutes: OCSF_LOOKBACK_MINUTES,
    positiveSamples: [
      ocsfFinding('EC2 instance is querying a domain name associated with Bitcoin', 4),
      ocsfFinding('Credentials of an instance role used from an external IP address', 5),
    ],
    negativeSamples: [
      ocsfFinding('S3 bucket has server-side encryption disabled', 3),
      ocsfFinding('Unusual port scan', 2),
      // High, but an API Activity event rather than a finding.
      ocsfApiActivity('PutBucketPolicy', { severity_id: 4, severity: 'High' }),
    ],
  },
];
