import { isIpAddress, type CommonFields } from '../documents';

/*
 * Security Hub findings (which carry GuardDuty, Inspector, Config, Macie... findings in ASFF)
 * arrive as EventBridge events routed to CloudWatch Logs. Each finding becomes one document
 * of log type `findings`, the ASFF fields kept as they are.
 */

export type AsffFinding = Record<string, unknown> & {
  Id?: string;
  AwsAccountId?: string;
  Region?: string;
  UpdatedAt?: string;
  CreatedAt?: string;
  ProductName?: string;
  Types?: string[];
  Network?: { SourceIpV4?: string; SourceIpV6?: string };
  Action?: {
    ActionType?: string;
    NetworkConnectionAction?: { RemoteIpDetails?: { IpAddressV4?: string } };
    AwsApiCallAction?: { Api?: string; RemoteIpDetails?: { IpAddressV4?: string } };
    PortProbeAction?: unknown;
  };
  Compliance?: { Status?: string };
};

export interface EventBridgeEvent {
  'detail-type'?: string;
  account?: string;
  region?: string;
  time?: string;
  detail: { findings: AsffFinding[] };
}

const FINDINGS_DETAIL_TYPES = new Set([
  'Security Hub Findings - Imported',
  'Security Hub Findings - Custom Action',
  'Security Hub Insight Results',
]);

export function isSecurityHubFindingsEvent(
  value: Record<string, unknown>,
): value is EventBridgeEvent & Record<string, unknown> {
  const detail = value.detail as { findings?: unknown } | undefined;
  return (
    typeof value['detail-type'] === 'string' &&
    FINDINGS_DETAIL_TYPES.has(value['detail-type']) &&
    Array.isArray(detail?.findings)
  );
}

export function findingCommonFields(finding: AsffFinding, event: EventBridgeEvent): CommonFields {
  const time = finding.UpdatedAt ?? finding.CreatedAt ?? event.time ?? '';
  const ms = Date.parse(time);
  const ip =
    finding.Network?.SourceIpV4 ??
    finding.Action?.NetworkConnectionAction?.RemoteIpDetails?.IpAddressV4 ??
    finding.Action?.AwsApiCallAction?.RemoteIpDetails?.IpAddressV4;
  const compliance = finding.Compliance?.Status;
  return {
    logType: 'findings',
    timestamp: Number.isNaN(ms) ? time : new Date(ms).toISOString(),
    accountId: finding.AwsAccountId ?? event.account,
    region: finding.Region ?? event.region,
    sourceIp: ip && isIpAddress(ip) ? ip : undefined,
    action: finding.Action?.AwsApiCallAction?.Api ?? finding.Action?.ActionType,
    outcome: compliance === 'PASSED' ? 'success' : compliance === 'FAILED' ? 'failure' : undefined,
  };
}
