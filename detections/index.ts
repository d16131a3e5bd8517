import type { SiemConfig } from '../config/schema';
import { apiGatewayDetections } from './apigateway';
import { bedrockDetections } from './bedrock';
import { accountDetections } from './cloudtrail/account';
import { cisDetections } from './cloudtrail/cis';
import { computeDetections } from './cloudtrail/compute';
import { dataDetections } from './cloudtrail/data';
import { exposureDetections } from './cloudtrail/exposure';
import { iamDetections } from './cloudtrail/iam';
import { networkDetections } from './cloudtrail/network';
import { persistenceDetections } from './cloudtrail/persistence';
import { secretsDetections } from './cloudtrail/secrets';
import { serviceDetections } from './cloudtrail/services';
import { sharingDetections } from './cloudtrail/sharing';
import { tamperingDetections } from './cloudtrail/tampering';
import { clientVpnDetections } from './clientvpn';
import { cloudFrontDetections } from './cloudfront';
import { cloudWatchDetections } from './cloudwatch';
import { configDetections } from './config';
import { dnsDetections } from './dns';
import { eksAuditDetections } from './eksaudit';
import { elbDetections } from './elb';
import { findingsDetections } from './findings';
import { guardDutyDetections } from './guardduty';
import { linuxDetections } from './linux';
import { networkFirewallDetections } from './networkfirewall';
import { ocsfDetections } from './ocsf';
import { rdsAuditDetections } from './rdsaudit';
import { s3AccessDetections } from './s3access';
import { tgwFlowDetections } from './tgwflow';
import type { Detection } from './types';
import { vpcFlowDetections } from './vpcflow';
import { wafDetections } from './waf';
import { windowsDetections } from './windows';

export type { Detection } from './types';

/** Every detection of this SIEM, in a stable order (the README table and the monitors follow it). */
export function allDetections(config: SiemConfig): readonly Detection[] {
  return [
    ...cisDetections,
    ...tamperingDetections,
    ...iamDetections,
    ...networkDetections,
    ...dataDetections,
    ...computeDetections(config),
    ...secretsDetections,
    ...exposureDetections,
    ...accountDetections,
    ...persistenceDetections(config),
    ...sharingDetections(config),
    ...serviceDetections,
    ...wafDetections,
    ...findingsDetections,
    ...vpcFlowDetections,
    ...s3AccessDetections,
    ...elbDetections,
    ...cloudFrontDetections,
    ...cloudWatchDetections,
    ...dnsDetections,
    ...networkFirewallDetections,
    ...tgwFlowDetections,
    ...guardDutyDetections,
    ...configDetections,
    ...eksAuditDetections,
    ...rdsAuditDetections,
    ...apiGatewayDetections,
    ...ocsfDetections,
    ...bedrockDetections,
    ...linuxDetections,
    ...windowsDetections,
    ...clientVpnDetections,
  ];
}
