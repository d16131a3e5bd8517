import type { CommonFields } from '../documents';
import { isValidEventTime } from '../iso-time';
import { ipOf } from './safe-json';

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

/** `value` when it is a string: hostile findings put objects, numbers or null where ASFF has text. */
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
/** Member `key` of `value` when `value` is an object. */
const at = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;

export function findingCommonFields(finding: AsffFinding, event: EventBridgeEvent): CommonFields {
  const time = text(finding.UpdatedAt) ?? text(finding.CreatedAt) ?? text(event.time) ?? '';
  const ms = Date.parse(time);
  const action = finding.Action as unknown;
  const ip =
    ipOf(at(finding.Network, 'SourceIpV4')) ??
    ipOf(at(at(at(action, 'NetworkConnectionAction'), 'RemoteIpDetails'), 'IpAddressV4')) ??
    ipOf(at(at(at(action, 'AwsApiCallAction'), 'RemoteIpDetails'), 'IpAddressV4'));
  const compliance = at(finding.Compliance, 'Status');
  return {
    logType: 'findings',
    timestamp: Number.isNaN(ms) || !isValidEventTime(ms) ? time : new Date(ms).toISOString(),
    accountId: text(finding.AwsAccountId) ?? text(event.account),
    region: text(finding.Region) ?? text(event.region),
    sourceIp: ip,
    action: text(at(at(action, 'AwsApiCallAction'), 'Api')) ?? text(at(action, 'ActionType')),
    outcome: compliance === 'PASSED' ? 'success' : compliance === 'FAILED' ? 'failure' : undefined,
  };
}
