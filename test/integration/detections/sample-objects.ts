import { OCSF_ALL_CLASSES, writeOcsfParquet } from '../../../scripts/demo/generate/ocsf-parquet';
import type { SourceEvent } from '../../../detections/types';
import type { LogType } from '../../../opensearch/log-types';
import { TGW_FLOW_DEFAULT_FIELDS } from '../../../functions/ingest/parsers/tgwflow';

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

/** Every occurrence of the samples' time, in the format each source writes it. */
const SAMPLE_TIMES = {
  /** ELB: ISO 8601 with microseconds (`time` and `request_creation_time`). */
  iso: /2026-01-15T10:00:00(?:\.\d+)?Z/g,
  /** S3 server access logs: `[15/Jan/2026:10:00:00 +0000]`. */
  s3: /\[15\/Jan\/2026:10:00:00 \+0000\]/g,
} as const;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function s3AccessTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `[${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000]`;
}

function lineOf(sample: SourceEvent): string {
  if (typeof sample !== 'string') throw new Error('this source writes log lines, not JSON events');
  return sample;
}

/** ELB access log lines (ALB format), times moved to now. */
function elbObject(samples: readonly SourceEvent[], now: number): string {
  return samples
    .map((s, i) => lineOf(s).replace(SAMPLE_TIMES.iso, new Date(timeOf(now, i)).toISOString()))
    .join('\n')
    .concat('\n');
}

/** S3 server access log lines, times moved to now (the format has second precision). */
function s3AccessObject(samples: readonly SourceEvent[], now: number): string {
  return samples
    .map((s, i) => lineOf(s).replace(SAMPLE_TIMES.s3, s3AccessTime(timeOf(now, i))))
    .join('\n')
    .concat('\n');
}

/**
 * A CloudFront standard log: the `#Version` and `#Fields` header, then the tab-separated lines,
 * whose first two columns (date, time) move to now. Samples share the header written here.
 */
export const CLOUDFRONT_FIELDS_HEADER =
  '#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end';

function cloudFrontObject(samples: readonly SourceEvent[], now: number): string {
  const lines = samples.map((s, i) => {
    const fields = lineOf(s).split('\t');
    const iso = new Date(timeOf(now, i)).toISOString();
    fields[0] = iso.slice(0, 10);
    fields[1] = iso.slice(11, 19);
    return fields.join('\t');
  });
  return `#Version: 1.0\n${CLOUDFRONT_FIELDS_HEADER}\n${lines.join('\n')}\n`;
}

/**
 * CloudWatch Logs events (`{ logGroup, logStream, message }`) as our log-transfer function writes
 * them: one subscription payload per sample, at now.
 */
function cloudWatchObject(samples: readonly SourceEvent[], now: number): string {
  return samples
    .map((s, i) => {
      const { logGroup, logStream, message } = asObject(s) as {
        logGroup: string;
        logStream: string;
        message: string;
      };
      return JSON.stringify({
        messageType: 'DATA_MESSAGE',
        owner: '333333333333',
        logGroup,
        logStream,
        subscriptionFilters: ['siem'],
        logEvents: [
          {
            id: `3462231609969788470654097606882285901266122014164389${String(i).padStart(4, '0')}`,
            timestamp: timeOf(now, i),
            message,
          },
        ],
      });
    })
    .join('\n')
    .concat('\n');
}

/** Route 53 Resolver query logs: one JSON record a line, `query_timestamp` moved to now. */
function dnsObject(samples: readonly SourceEvent[], now: number): string {
  return (
    samples
      .map((s, i) =>
        JSON.stringify({ ...asObject(s), query_timestamp: new Date(timeOf(now, i)).toISOString() }),
      )
      .join('\n') + '\n'
  );
}

/** Network Firewall logs: one JSON record a line, `event.timestamp` and `event_timestamp` moved to now. */
function networkFirewallObject(samples: readonly SourceEvent[], now: number): string {
  return (
    samples
      .map((s, i) => {
        const record = asObject(s);
        const at = timeOf(now, i);
        const timestamp = new Date(at).toISOString().replace('Z', '000+0000');
        const event = { ...(record.event as Record<string, unknown>), timestamp };
        return JSON.stringify({ ...record, event_timestamp: String(Math.floor(at / 1000)), event });
      })
      .join('\n') + '\n'
  );
}

/** Transit Gateway flow logs: the default header, `start` and `end` of each line moved to now. */
function tgwFlowObject(samples: readonly SourceEvent[], now: number): string {
  const start = TGW_FLOW_DEFAULT_FIELDS.indexOf('start');
  const end = TGW_FLOW_DEFAULT_FIELDS.indexOf('end');
  const lines = samples.map((s, i) => {
    if (typeof s !== 'string') throw new Error('Transit Gateway flow samples are log lines');
    const fields = s.split(' ');
    const seconds = Math.floor(timeOf(now, i) / 1000);
    fields[start] = String(seconds - 60);
    fields[end] = String(seconds);
    return fields.join(' ');
  });
  return `${TGW_FLOW_DEFAULT_FIELDS.join(' ')}\n${lines.join('\n')}\n`;
}

/** Times of an exported GuardDuty finding that move with `updatedAt`. */
const GUARDDUTY_TIMES = ['createdAt', 'updatedAt'] as const;

/**
 * GuardDuty exported findings: one finding a line, `updatedAt` moved to now and `createdAt` kept
 * at its distance from it (an old finding updated again stays old).
 */
function guardDutyObject(samples: readonly SourceEvent[], now: number): string {
  return (
    samples
      .map((s, i) => {
        const finding = asObject(s);
        const at = timeOf(now, i);
        const shift = at - Date.parse(String(finding.updatedAt));
        for (const field of GUARDDUTY_TIMES) {
          const ms = Date.parse(String(finding[field]));
          finding[field] = new Date(Number.isNaN(ms) || Number.isNaN(shift) ? at : ms + shift).toISOString();
        }
        return JSON.stringify(finding);
      })
      .join('\n') + '\n'
  );
}

/** An AWS Config history file: the items, `configurationItemCaptureTime` moved to now. */
function configObject(samples: readonly SourceEvent[], now: number): string {
  const configurationItems = samples.map((s, i) => ({
    ...asObject(s),
    configurationItemCaptureTime: new Date(timeOf(now, i)).toISOString(),
    // One state per sample: items of the same resource would otherwise share an id.
    configurationStateId: timeOf(now, i) * 100 + (i % 100),
  }));
  return JSON.stringify({ fileVersion: '1.0', configurationItems });
}

/** Bedrock model invocation logs: one JSON record a line, `timestamp` moved to now. */
function bedrockObject(samples: readonly SourceEvent[], now: number): string {
  return (
    samples
      .map((s, i) => JSON.stringify({ ...asObject(s), timestamp: new Date(timeOf(now, i)).toISOString() }))
      .join('\n') + '\n'
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
    case 'elb':
      return {
        body: Buffer.from(elbObject(samples, now)),
        key: 'AWSLogs/333333333333/elasticloadbalancing/eu-west-1/2026/01/15/333333333333_elasticloadbalancing_eu-west-1_app.shop-prod.50dc6c495c0c9188_20260115T1000Z_10.0.0.1_sample.log',
      };
    case 's3access':
      return {
        body: Buffer.from(s3AccessObject(samples, now)),
        key: '333333333333/eu-west-1/shop-assets/2026/01/15/2026-01-15-10-00-00-0A1B2C3D4E5F6A7B',
      };
    case 'cloudfront':
      return {
        body: Buffer.from(cloudFrontObject(samples, now)),
        key: 'cloudfront/E2EXAMPLE1ABC.2026-01-15-10.a1b2c3d4',
      };
    case 'cloudwatch':
      return {
        body: Buffer.from(cloudWatchObject(samples, now)),
        key: 'cloudwatch/333333333333/os-logs/sample.json',
      };
    // Routed out of CloudWatch Logs objects by their log group (parsers/cloudwatch-routes.ts).
    case 'eksaudit':
    case 'rdsaudit':
    case 'apigateway':
    case 'linux':
    case 'windows':
    case 'clientvpn':
      return {
        body: Buffer.from(cloudWatchObject(samples, now)),
        key: `AWSLogs/333333333333/CloudWatchLogs/eu-west-1/${logType}/sample.json`,
      };
    case 'dns':
      return {
        body: Buffer.from(dnsObject(samples, now)),
        key: 'AWSLogs/333333333333/vpcdnsquerylogs/vpc-0a1b2c3d4e5f60718/2026/01/15/sample.log',
      };
    case 'networkfirewall':
      return {
        body: Buffer.from(networkFirewallObject(samples, now)),
        key: 'AWSLogs/333333333333/network-firewall/alert/eu-west-1/egress-fw/2026/01/15/10/sample.log',
      };
    case 'tgwflow':
      return {
        body: Buffer.from(tgwFlowObject(samples, now)),
        key: 'AWSLogs/333333333333/vpcflowlogs/eu-west-1/2026/01/15/333333333333_vpcflowlogs_eu-west-1_fl-0a1b2c3d4e5f60718_20260115T1000Z_sample.log',
      };
    case 'guardduty':
      return {
        body: Buffer.from(guardDutyObject(samples, now)),
        key: 'AWSLogs/333333333333/GuardDuty/eu-west-1/2026/01/15/0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0.jsonl',
      };
    case 'config':
      return {
        body: Buffer.from(configObject(samples, now)),
        key: 'AWSLogs/333333333333/Config/eu-west-1/2026/1/15/ConfigHistory/333333333333_Config_eu-west-1_ConfigHistory_sample.json',
      };
    case 'ocsf':
      return {
        body: writeOcsfParquet(
          OCSF_ALL_CLASSES,
          samples.map((s, i) => ({ ...asObject(s), time: timeOf(now, i) })),
        ),
        key: 'aws/CLOUD_TRAIL_MGMT/2.0/region=eu-west-1/accountId=333333333333/eventDay=20260115/sample.gz.parquet',
      };
    case 'bedrock':
      return {
        body: Buffer.from(bedrockObject(samples, now)),
        key: 'AWSLogs/333333333333/BedrockModelInvocationLogs/eu-west-1/2026/01/15/10/sample.json',
      };
    default:
      throw new Error(`no sample writer for log type ${logType}`);
  }
}
