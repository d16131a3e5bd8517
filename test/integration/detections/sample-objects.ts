import type { SourceEvent } from '../../../detections/types';
import type { LogType } from '../../../opensearch/log-types';

/*
 * Turns detection samples into archive objects in the exact shape the ingestion parser reads,
 * with event times moved to "now" so they fall inside the monitor's lookback window.
 */

const VPC_FLOW_HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const VPC_FLOW_START = 10;
const VPC_FLOW_END = 11;

export interface SampleObject {
  readonly body: Buffer;
  readonly key: string;
}

/** Each sample `i` happens `i` milliseconds before `now`, so per-event ids derived from time stay distinct. */
const timeOf = (now: number, i: number) => now - 1000 - i;

function asObject(sample: SourceEvent): Record<string, unknown> {
  if (typeof sample === 'string') throw new Error(`expected a JSON event, got a line: ${sample}`);
  return { ...sample };
}

function cloudTrailObject(samples: readonly SourceEvent[], now: number): string {
  const records = samples.map((s, i) => ({
    ...asObject(s),
    eventTime: new Date(timeOf(now, i)).toISOString(),
  }));
  return JSON.stringify({ Records: records });
}

function vpcFlowObject(samples: readonly SourceEvent[], now: number): string {
  const lines = samples.map((s, i) => {
    if (typeof s !== 'string') throw new Error('VPC flow samples are log lines');
    const fields = s.split(' ');
    const seconds = Math.floor(timeOf(now, i) / 1000);
    fields[VPC_FLOW_START] = String(seconds - 30);
    fields[VPC_FLOW_END] = String(seconds);
    return fields.join(' ');
  });
  return `${VPC_FLOW_HEADER}\n${lines.join('\n')}\n`;
}

function wafObject(samples: readonly SourceEvent[], now: number): string {
  return (
    samples.map((s, i) => JSON.stringify({ ...asObject(s), timestamp: timeOf(now, i) })).join('\n') + '\n'
  );
}

const FINDING_TIMES = ['CreatedAt', 'UpdatedAt', 'FirstObservedAt', 'LastObservedAt'] as const;

/** Findings reach the archive as EventBridge events in CloudWatch Logs subscription payloads. */
function findingsObject(samples: readonly SourceEvent[], now: number): string {
  const logEvents = samples.map((s, i) => {
    const at = new Date(timeOf(now, i)).toISOString();
    const finding = asObject(s);
    // `UpdatedAt` moves to now and the other times keep their distance to it: an old finding
    // updated again stays old.
    const shift = timeOf(now, i) - Date.parse(String(finding.UpdatedAt));
    for (const field of FINDING_TIMES) {
      const ms = Date.parse(String(finding[field]));
      finding[field] = Number.isNaN(ms) || Number.isNaN(shift) ? at : new Date(ms + shift).toISOString();
    }
    const event = {
      version: '0',
      id: `event-${i}`,
      'detail-type': 'Security Hub Findings - Imported',
      source: 'aws.securityhub',
      account: finding.AwsAccountId,
      time: at,
      region: finding.Region,
      resources: [finding.ProductArn],
      detail: { findings: [finding] },
    };
    return { id: `log-event-${i}`, timestamp: timeOf(now, i), message: JSON.stringify(event) };
  });
  return (
    JSON.stringify({
      messageType: 'DATA_MESSAGE',
      owner: '333333333333',
      logGroup: '/aws/events/securityhub-findings',
      logStream: 'findings',
      subscriptionFilters: ['siem'],
      logEvents,
    }) + '\n'
  );
}

export function sampleObject(logType: LogType, samples: readonly SourceEvent[], now: number): SampleObject {
  switch (logType) {
    case 'cloudtrail':
      return {
        body: Buffer.from(cloudTrailObject(samples, now)),
        key: 'AWSLogs/o-a1b2c3d4e5/333333333333/CloudTrail/eu-west-1/2026/01/15/sample.json',
      };
    case 'vpcflow':
      return {
        body: Buffer.from(vpcFlowObject(samples, now)),
        key: 'AWSLogs/333333333333/vpcflowlogs/eu-west-1/2026/01/15/sample.log',
      };
    case 'waf':
      return {
        body: Buffer.from(wafObject(samples, now)),
        key: 'AWSLogs/333333333333/WAFLogs/eu-west-1/shop-prod/sample.log',
      };
    case 'findings':
      return {
        body: Buffer.from(findingsObject(samples, now)),
        key: 'cloudwatch/333333333333/securityhub/sample.json',
      };
    default:
      throw new Error(`no sample writer for log type ${logType}`);
  }
}
