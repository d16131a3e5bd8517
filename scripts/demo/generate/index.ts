import type { SiemConfig } from '../../../config/schema';
import { LOG_TYPES, type LogType } from '../../../opensearch/log-types';
import { albObjects } from './alb';
import { apiGatewayObjects } from './apigateway';
import { bedrockObjects } from './bedrock';
import { cloudFrontObjects } from './cloudfront';
import { cloudTrailObjects } from './cloudtrail';
import { cloudWatchObjects } from './cloudwatch';
import { configObjects } from './config';
import type { DemoObject } from './context';
import { dnsObjects } from './dns';
import { eksAuditObjects } from './eksaudit';
import { guardDutyObjects } from './guardduty';
import { networkFirewallObjects } from './networkfirewall';
import { ocsfObjects } from './ocsf';
import { clientVpnObjects, linuxObjects, windowsObjects } from './os-vpn';
import { rdsAuditObjects } from './rdsaudit';
import { s3AccessObjects } from './s3access';
import { tgwFlowObjects } from './tgwflow';
import { vpcFlowObjects } from './vpcflow';
import { wafObjects } from './waf';

export type { DemoObject } from './context';

/**
 * Every archived object of the demo, of every source, for a deployment's config at the moment
 * `now`: the same inputs give the same bytes.
 */
export function generateDemoObjects(config: SiemConfig, now: number): DemoObject[] {
  const ctx = { config, now };
  return [
    ...cloudTrailObjects(ctx),
    ...cloudWatchObjects(ctx),
    ...vpcFlowObjects(ctx),
    ...wafObjects(ctx),
    ...albObjects(ctx),
    ...s3AccessObjects(ctx),
    ...cloudFrontObjects(ctx),
    ...dnsObjects(ctx),
    ...networkFirewallObjects(ctx),
    ...tgwFlowObjects(ctx),
    ...guardDutyObjects(ctx),
    ...configObjects(ctx),
    ...eksAuditObjects(ctx),
    ...rdsAuditObjects(ctx),
    ...apiGatewayObjects(ctx),
    ...ocsfObjects(ctx),
    ...bedrockObjects(ctx),
    ...linuxObjects(ctx),
    ...windowsObjects(ctx),
    ...clientVpnObjects(ctx),
  ];
}

/** Documents per log type the objects hold. */
export function expectedDocuments(objects: readonly DemoObject[]): Record<LogType, number> {
  const counts = Object.fromEntries(LOG_TYPES.map((t) => [t, 0])) as Record<LogType, number>;
  for (const o of objects) for (const [type, n] of Object.entries(o.documents)) counts[type as LogType] += n;
  return counts;
}
