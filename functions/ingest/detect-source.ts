import type { SourceName } from './types';
import { S3_ACCESS_PARTITIONED_KEY, S3_ACCESS_SIMPLE_KEY } from './parsers/s3access';
import { tgwFlowHeaderNames } from './parsers/tgwflow';
import { VPC_FLOW_KNOWN_FIELDS, vpcFlowHeaderNames } from './parsers/vpcflow';

/*
 * Tells the source of an archived object: first from the key layout AWS (or our log-transfer
 * function) writes, then from the first bytes of the content.
 */

/**
 * Start of an `AWSLogs/` key: the key's FIRST `AWSLogs/` segment, after an optional prefix of
 * other segments (CloudTrail, ELB and flow logs let a prefix be configured). Never a later one: a
 * writer that may only write under `AWSLogs/<own account>/CloudWatchLogs/` must not pass off
 * `AWSLogs/<own>/CloudWatchLogs/x/AWSLogs/<victim>/CloudTrail/...` as the victim's CloudTrail.
 */
export const AWS_LOGS_START = String.raw`^(?:(?!AWSLogs/)[^/]+/)*AWSLogs/`;

const awsLogs = (rest: string) => new RegExp(AWS_LOGS_START + rest);

const KEY_RULES: ReadonlyArray<readonly [RegExp, SourceName]> = [
  [awsLogs(String.raw`(?:o-[a-z0-9]+/)?\d{12}/CloudTrail(?:-Insight|-Digest)?/`), 'cloudtrail'],
  [awsLogs(String.raw`\d{12}/CloudWatchLogs/`), 'cloudwatch'],
  [awsLogs(String.raw`\d{12}/vpcflowlogs/`), 'vpcflow'],
  [awsLogs(String.raw`\d{12}/WAFLogs/`), 'waf'],
  [/(?:^|\/)aws-waf-logs-[^/]*$/, 'waf'],
  [awsLogs(String.raw`\d{12}/elasticloadbalancing/`), 'elb'],
  [awsLogs(String.raw`\d{12}/vpcdnsquerylogs/`), 'dns'],
  [awsLogs(String.raw`\d{12}/network-firewall/`), 'networkfirewall'],
  [awsLogs(String.raw`\d{12}/GuardDuty/`), 'guardduty'],
  [awsLogs(String.raw`\d{12}/Config/`), 'config'],
  [awsLogs(String.raw`\d{12}/BedrockModelInvocationLogs/`), 'bedrock'],
  // Security Lake: aws/<SOURCE>/<version>/region=…/accountId=…/eventDay=…/<file>.gz.parquet, ext/<custom>/…
  [/^(?:aws|ext)\/[^/]+\/(?:[^/]+\/)*region=[^/]+\/accountId=[^/]+\/eventDay=\d{8}\/[^/]+\.parquet$/, 'ocsf'],
  // <prefix>/<distribution id>.YYYY-MM-DD-HH.<unique>.gz
  [/(?:^|\/)E[A-Z0-9]{7,15}\.\d{4}-\d{2}-\d{2}-\d{2}\.[0-9a-zA-Z]+(?:\.gz)?$/, 'cloudfront'],
  // [prefix]<account>/<region>/<bucket>/YYYY/MM/DD/YYYY-MM-DD-hh-mm-ss-<unique>
  [S3_ACCESS_PARTITIONED_KEY, 's3access'],
  // [prefix]YYYY-MM-DD-hh-mm-ss-<16 upper-case characters>
  [S3_ACCESS_SIMPLE_KEY, 's3access'],
];

export function detectSourceFromKey(key: string): SourceName | undefined {
  for (const [pattern, source] of KEY_RULES) if (pattern.test(key)) return source;
  return undefined;
}

const CONTENT_RULES: ReadonlyArray<readonly [RegExp, SourceName]> = [
  [/^\{\s*"Records"\s*:\s*\[/, 'cloudtrail'],
  [/^\{[^\n]*"digestStartTime"/, 'cloudtrail'],
  [/^\{\s*"messageType"\s*:/, 'cloudwatch'],
  [/^\{[^\n]*"webaclId"\s*:/, 'waf'],
  [/^\{[^\n]*"query_timestamp"\s*:[^\n]*"query_name"\s*:/, 'dns'],
  [/^\{[^\n]*"schemaType"\s*:\s*"ModelInvocationLog"/, 'bedrock'],
  [/^\{\s*"firewall_name"\s*:[^\n]*"event"\s*:\s*\{/, 'networkfirewall'],
  // GuardDuty's own finding format (an exported finding a line), named by its finding ARN.
  [/^\{[^\n]*"arn"\s*:\s*"arn:aws[a-z-]*:guardduty:[^"\n]*\/finding\//, 'guardduty'],
  // AWS Config history and snapshot files: string members, then the configuration items.
  [/^\{(?:\s*"[A-Za-z]+"\s*:\s*"[^"\\\n]*"\s*,)*\s*"configurationItems"\s*:\s*\[/, 'config'],
  [/^#Version:[^\n]*\n#Fields:/, 'cloudfront'],
  [/^(?:https?|h2|grpcs|wss?) \d{4}-\d{2}-\d{2}T\S+ \S+ \S+ \S+ /, 'elb'],
  [/^\d{4}-\d{2}-\d{2}T\S+Z \S+ \S+ \S+ [-\d.]+ /, 'elb'],
  [/^[0-9a-f]{64} \S+ \[\d{2}\/\w{3}\/\d{4}:/, 's3access'],
  [/^\S+ \S+ \[\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] /, 's3access'],
];

/**
 * The source of an object whose key named `fromKey` (or nothing), once its first text is known:
 * Transit Gateway flow logs are delivered under the VPC flow key layout (`vpcflowlogs/`), and only
 * their header tells them apart. Any other key-named source stands.
 */
export function refineSourceByContent(fromKey: SourceName | undefined, head: string): SourceName | undefined {
  if (fromKey === undefined) return detectSourceFromContent(head);
  if (fromKey === 'vpcflow' && detectSourceFromContent(head) === 'tgwflow') return 'tgwflow';
  return fromKey;
}

/** `head` is the first decoded text of the object (a few KB is plenty). */
export function detectSourceFromContent(head: string): SourceName | undefined {
  const text = head.replace(/^\uFEFF?\s+/, '');
  for (const [pattern, source] of CONTENT_RULES) if (pattern.test(text)) return source;
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  // A flow log header naming a transit gateway field (tgw-id, resource-type...): Transit Gateway flow
  // logs share the VPC flow key layout (`vpcflowlogs/`), only the header tells them apart.
  if (tgwFlowHeaderNames(firstLine.replace(/\r$/, ''))) return 'tgwflow';
  if (isFlowLogHeader(firstLine, text) || /^2 (?:\d{12}|unknown) eni-[0-9a-f]+ /.test(firstLine))
    return 'vpcflow';
  return undefined;
}

/**
 * A header naming only documented fields is enough; one with names this code does not know (newer
 * fields) must also be followed by a line of as many fields, so lowercase prose is not taken for one.
 */
function isFlowLogHeader(firstLine: string, text: string): boolean {
  const names = vpcFlowHeaderNames(firstLine.replace(/\r$/, ''));
  if (!names) return false;
  if (names.every((n) => VPC_FLOW_KNOWN_FIELDS.has(n))) return true;
  const from = firstLine.length + 1;
  const end = text.indexOf('\n', from);
  const second = text.slice(from, end < 0 ? text.length : end).replace(/\r$/, '');
  return second !== '' && second.split(' ').length === names.length;
}
