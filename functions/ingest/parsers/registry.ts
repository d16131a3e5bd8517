import type { LogObjectParser, ObjectContext, SourceName } from '../types';
import { createBedrockParser } from './bedrock';
import { createCloudFrontParser } from './cloudfront';
import { createCloudTrailParser } from './cloudtrail';
import { createCloudWatchParser } from './cloudwatch';
import { createDnsParser } from './dns';
import { createElbParser } from './elb';
import { createNetworkFirewallParser } from './networkfirewall';
import { createOcsfParser } from './ocsf';
import { createS3AccessParser } from './s3access';
import { createTgwFlowParser } from './tgwflow';
import { createGuardDutyParser } from './guardduty';
import { createConfigParser } from './config';
import { createVpcFlowParser } from './vpcflow';
import { createWafParser } from './waf';

type ParserFactory = (ctx: ObjectContext) => LogObjectParser;

/** One parser per source format. Findings arrive inside CloudWatch Logs objects, hence one parser for both. */
const PARSERS: Record<SourceName, ParserFactory> = {
  cloudtrail: createCloudTrailParser,
  cloudwatch: createCloudWatchParser,
  findings: createCloudWatchParser,
  // Routed out of CloudWatch Logs objects (parsers/cloudwatch-routes.ts).
  eksaudit: createCloudWatchParser,
  rdsaudit: createCloudWatchParser,
  apigateway: createCloudWatchParser,
  linux: createCloudWatchParser,
  windows: createCloudWatchParser,
  clientvpn: createCloudWatchParser,
  vpcflow: createVpcFlowParser,
  waf: createWafParser,
  elb: createElbParser,
  s3access: createS3AccessParser,
  cloudfront: createCloudFrontParser,
  dns: createDnsParser,
  networkfirewall: createNetworkFirewallParser,
  tgwflow: createTgwFlowParser,
  guardduty: createGuardDutyParser,
  config: createConfigParser,
  ocsf: createOcsfParser,
  bedrock: createBedrockParser,
};

export function createParser(source: SourceName, ctx: ObjectContext): LogObjectParser {
  return PARSERS[source](ctx);
}
