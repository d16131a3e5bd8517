import type { SourceName } from './types';
import { isVpcFlowHeader } from './parsers/vpcflow';

/*
 * Tells the source of an archived object: first from the key layout AWS (or our log-transfer
 * function) writes, then from the first bytes of the content.
 */

const KEY_RULES: ReadonlyArray<readonly [RegExp, SourceName]> = [
  [/(?:^|\/)AWSLogs\/(?:o-[a-z0-9]+\/)?\d{12}\/CloudTrail(?:-Insight|-Digest)?\//, 'cloudtrail'],
  [/(?:^|\/)AWSLogs\/\d{12}\/CloudWatchLogs\//, 'cloudwatch'],
  [/(?:^|\/)AWSLogs\/\d{12}\/vpcflowlogs\//, 'vpcflow'],
  [/(?:^|\/)AWSLogs\/\d{12}\/WAFLogs\//, 'waf'],
  [/(?:^|\/)aws-waf-logs-[^/]*$/, 'waf'],
  [/(?:^|\/)AWSLogs\/\d{12}\/elasticloadbalancing\//, 'elb'],
  // <prefix>/<distribution id>.YYYY-MM-DD-HH.<unique>.gz
  [/(?:^|\/)E[A-Z0-9]{7,15}\.\d{4}-\d{2}-\d{2}-\d{2}\.[0-9a-zA-Z]+(?:\.gz)?$/, 'cloudfront'],
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
  [/^#Version:[^\n]*\n#Fields:/, 'cloudfront'],
  [/^(?:https?|h2|grpcs|wss?) \d{4}-\d{2}-\d{2}T\S+ \S+ \S+ \S+ /, 'elb'],
  [/^\d{4}-\d{2}-\d{2}T\S+Z \S+ \S+ \S+ [-\d.]+ /, 'elb'],
  [/^[0-9a-f]{64} \S+ \[\d{2}\/\w{3}\/\d{4}:/, 's3access'],
  [/^\S+ \S+ \[\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] /, 's3access'],
];

/** `head` is the first decoded text of the object (a few KB is plenty). */
export function detectSourceFromContent(head: string): SourceName | undefined {
  const text = head.replace(/^\uFEFF?\s+/, '');
  for (const [pattern, source] of CONTENT_RULES) if (pattern.test(text)) return source;
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  if (isVpcFlowHeader(firstLine) || /^2 (?:\d{12}|unknown) eni-[0-9a-f]+ /.test(firstLine)) return 'vpcflow';
  return undefined;
}
