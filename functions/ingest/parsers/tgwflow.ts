import type { LogObjectParser, ObjectContext } from '../types';
import { createFlowLogParser, flowLogHeaderNames, type FlowLogFormat } from './flow-log-lines';

/*
 * Transit Gateway flow logs delivered to S3: the VPC flow log family (space-separated, a header
 * line naming the fields, `-` for no data), with the transit gateway's own fields: which
 * attachment, VPCs, subnets and accounts a flow went between, and the packets it lost (no route,
 * blackhole route, MTU exceeded, TTL expired). The line handling is VPC flow's (flow-log-lines.ts).
 * https://docs.aws.amazon.com/vpc/latest/tgw/tgw-flow-logs.html#flow-log-records
 */

/** Every field of the default format (version 6), in its documented order. */
export const TGW_FLOW_DEFAULT_FIELDS = [
  'version',
  'resource-type',
  'account-id',
  'tgw-id',
  'tgw-attachment-id',
  'tgw-src-vpc-account-id',
  'tgw-dst-vpc-account-id',
  'tgw-src-vpc-id',
  'tgw-dst-vpc-id',
  'tgw-src-subnet-id',
  'tgw-dst-subnet-id',
  'tgw-src-eni',
  'tgw-dst-eni',
  'tgw-src-az-id',
  'tgw-dst-az-id',
  'tgw-pair-attachment-id',
  'srcaddr',
  'dstaddr',
  'srcport',
  'dstport',
  'protocol',
  'packets',
  'bytes',
  'start',
  'end',
  'log-status',
  'type',
  'packets-lost-no-route',
  'packets-lost-blackhole',
  'packets-lost-mtu-exceeded',
  'packets-lost-ttl-expired',
  'tcp-flags',
  'region',
  'flow-direction',
  'pkt-src-aws-service',
  'pkt-dst-aws-service',
] as const;

/** Why a transit gateway dropped packets of a flow; any of them above 0 makes the outcome a failure. */
export const TGW_PACKETS_LOST_FIELDS = [
  'packets-lost-no-route',
  'packets-lost-blackhole',
  'packets-lost-mtu-exceeded',
  'packets-lost-ttl-expired',
] as const;

/** Fields no VPC flow log has: a header naming one of them is a Transit Gateway flow log's. */
export const TGW_FLOW_OWN_FIELDS: ReadonlySet<string> = new Set(
  TGW_FLOW_DEFAULT_FIELDS.filter(
    (name) => name.startsWith('tgw-') || name.startsWith('packets-lost-'),
  ).concat('resource-type'),
);

const KNOWN_FIELDS: ReadonlySet<string> = new Set(TGW_FLOW_DEFAULT_FIELDS);

export const TGW_FLOW_NUMERIC_FIELDS: ReadonlySet<string> = new Set([
  'version',
  'srcport',
  'dstport',
  'protocol',
  'packets',
  'bytes',
  'start',
  'end',
  'tcp-flags',
  ...TGW_PACKETS_LOST_FIELDS,
]);

const ACCOUNT_ID = /^\d{12}$/;
const COUNT = /^\d{1,15}$/;

/**
 * The field names of a Transit Gateway flow log header: names as VPC flow logs spell them, at
 * least one of them a transit gateway field (newer unknown names are kept as strings).
 */
export function tgwFlowHeaderNames(line: string): string[] | undefined {
  const names = flowLogHeaderNames(line, KNOWN_FIELDS);
  return names?.some((n) => TGW_FLOW_OWN_FIELDS.has(n)) ? names : undefined;
}

/** `failure` when the transit gateway dropped packets of the flow, `success` when it names its losses and all are 0. */
function outcomeOf(lost: readonly (string | undefined)[]): 'success' | 'failure' | undefined {
  let counted = false;
  for (const value of lost) {
    if (value === undefined || !COUNT.test(value)) continue;
    if (Number(value) > 0) return 'failure';
    counted = true;
  }
  return counted ? 'success' : undefined;
}

export const TGW_FLOW_FORMAT: FlowLogFormat = {
  logType: 'tgwflow',
  defaultFields: TGW_FLOW_DEFAULT_FIELDS,
  headerNames: tgwFlowHeaderNames,
  numericFields: TGW_FLOW_NUMERIC_FIELDS,
  reservedNames: ['destination'],
  commonInputs: ['account-id', 'region', ...TGW_PACKETS_LOST_FIELDS],
  sourceAddress: 'srcaddr',
  destinationAddress: 'dstaddr',
  common: ([account, region, ...lost], ctx) => ({
    // The transit gateway owner's account; provenance checks it against the key's.
    accountId: account && ACCOUNT_ID.test(account) ? account : ctx.accountId,
    region: region && region !== '-' ? region : ctx.region,
    // A transit gateway neither accepts nor rejects: it forwards, or drops for a reason.
    outcome: outcomeOf(lost),
  }),
};

export function createTgwFlowParser(ctx: ObjectContext): LogObjectParser {
  return createFlowLogParser(TGW_FLOW_FORMAT, ctx);
}
