import { documentText } from '../../../../functions/ingest/documents';
import { readLogObject } from '../../../../functions/ingest/object-reader';
import type { SourceName, UnparsableRecord } from '../../../../functions/ingest/types';

/** Keys under which AWS layouts are recognised, one per source. */
export const KEYS: Record<SourceName, string> = {
  cloudtrail: 'AWSLogs/111122223333/CloudTrail/us-east-1/2024/01/02/f.json',
  cloudwatch: 'AWSLogs/111122223333/CloudWatchLogs/us-east-1/2024/01/02/f',
  findings: 'AWSLogs/111122223333/CloudWatchLogs/us-east-1/2024/01/02/f',
  vpcflow: 'AWSLogs/111122223333/vpcflowlogs/us-east-1/2024/01/02/f.log',
  waf: 'AWSLogs/111122223333/WAFLogs/us-east-1/acl/2024/01/02/f.log',
  elb: 'AWSLogs/111122223333/elasticloadbalancing/us-east-1/2024/01/02/f.log',
  s3access: 'logs/2024-01-02-03-04-05-0123456789ABCDEF',
  cloudfront: 'cf/E2EXAMPLE1ABC.2024-01-02-03.a1b2c3d4',
  dns: 'AWSLogs/111122223333/vpcdnsquerylogs/vpc-0a1b2c3d/2024/01/02/f.log',
  networkfirewall: 'AWSLogs/111122223333/network-firewall/alert/us-east-1/fw/2024/01/02/03/f.log',
  tgwflow: 'AWSLogs/111122223333/vpcflowlogs/us-east-1/2024/01/02/f.log',
  guardduty:
    'AWSLogs/111122223333/GuardDuty/us-east-1/2024/01/02/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0.jsonl.gz',
  config:
    'AWSLogs/111122223333/Config/us-east-1/2024/1/2/ConfigHistory/111122223333_Config_us-east-1_ConfigHistory_AWS::EC2::SecurityGroup_20240102T030405Z_20240102T040405Z_1.json.gz',
  ocsf: 'ocsf/2024/01/02/events.json',
  bedrock: 'AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2024/01/02/03/f.json.gz',
  eksaudit: 'AWSLogs/111122223333/CloudWatchLogs/us-east-1/aws/eks/prod/cluster/2024/01/02/03/f',
  rdsaudit: 'AWSLogs/111122223333/CloudWatchLogs/us-east-1/aws/rds/instance/db1/audit/2024/01/02/03/f',
  apigateway: 'AWSLogs/111122223333/CloudWatchLogs/us-east-1/aws/apigateway/access/a1/prod/2024/01/02/03/f',
  linux: 'AWSLogs/111122223333/CloudWatchLogs/us-east-1/siem/os/linux/secure/2024/01/02/03/f',
  windows: 'AWSLogs/111122223333/CloudWatchLogs/us-east-1/siem/os/windows/security/2024/01/02/03/f',
  clientvpn: 'AWSLogs/111122223333/CloudWatchLogs/us-east-1/aws/clientvpn/cvpn-1/2024/01/02/03/f',
};

export interface Parsed {
  readonly docs: string[];
  readonly dead: UnparsableRecord[];
  readonly source?: SourceName;
}

/** Parses `data` as the object of `source`, fed in chunks of `chunk` bytes (whole when omitted). */
export async function parse(
  data: string | Buffer,
  source: SourceName,
  chunk?: number,
  /** Let the content decide the source (the key names none), as for a file given to the CLI. */
  detect = false,
): Promise<Parsed> {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  const body =
    chunk === undefined
      ? bytes
      : (async function* () {
          for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
        })();
  const docs: string[] = [];
  const dead: UnparsableRecord[] = [];
  let detected: SourceName | undefined;
  const pointer = { bucket: 'b', key: detect ? 'upload/object' : KEYS[source] };
  for await (const batch of readLogObject(body, pointer, detect ? {} : { source })) {
    detected = batch.source;
    for (const r of batch.records) docs.push(documentText(r));
    dead.push(...batch.unparsable);
  }
  return { docs, dead, source: detected };
}

/** Deepest nesting of objects and arrays in a parsed value, walked without recursion. */
export function depthOf(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    max = Math.max(max, d + 1);
    for (const child of Object.values(v as object)) stack.push([child, d + 1]);
  }
  return max;
}

/** The problems of one emitted document: not one line, not JSON, not an object, too deep. */
export function documentProblems(doc: string, maxDepth = 70): string[] {
  const problems: string[] = [];
  if (/[\n\r]/.test(doc)) problems.push('spans several lines');
  let value: unknown;
  try {
    value = JSON.parse(doc);
  } catch (err) {
    problems.push(`invalid JSON: ${String(err)}`);
    return problems;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) problems.push('not an object');
  else if (typeof (value as Record<string, unknown>)['@timestamp'] !== 'string')
    problems.push('no @timestamp');
  if (depthOf(value) > maxDepth) problems.push(`nests ${depthOf(value)} levels`);
  return problems;
}

/** Nested JSON text: `{"a":{"a":...{"a":1}...}}`, `depth` objects deep. */
export function nestedObject(depth: number): string {
  return '{"a":'.repeat(depth - 1) + '{"a":1}' + '}'.repeat(depth - 1);
}
