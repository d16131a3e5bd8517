import type { LogObjectParser, ObjectContext } from '../types';
import { createFlowLogParser, flowLogHeaderNames, type FlowLogFormat } from './flow-log-lines';
import { VPC_FLOW_LATER_FIELDS, VPC_FLOW_V5_FIELDS } from './vpcflow-fields';

/*
 * VPC flow logs delivered to S3: space-separated, first line a header naming the fields
 * (default or custom format, versions 2-5 and later). `-` means no data for that field
 * (NODATA/SKIPDATA records, fields that do not apply) and the field is left out.
 * The line handling is shared with Transit Gateway flow logs (flow-log-lines.ts).
 */

/** The default (version 2) format, used when a file has no header line. */
export const VPC_FLOW_DEFAULT_FIELDS: readonly string[] = VPC_FLOW_V5_FIELDS.slice(0, 14);

/** Every field AWS documents; the header of a flow log names some of these. */
export const VPC_FLOW_KNOWN_FIELDS: ReadonlySet<string> = new Set([
  ...VPC_FLOW_V5_FIELDS,
  ...VPC_FLOW_LATER_FIELDS,
]);

/** Fields indexed as numbers (the rest are keywords or IPs). */
export const VPC_FLOW_NUMERIC_FIELDS = new Set([
  'version',
  'srcport',
  'dstport',
  'protocol',
  'packets',
  'bytes',
  'start',
  'end',
  'tcp-flags',
  'traffic-path',
]);

const ACCOUNT_ID = /^\d{12}$/;

/**
 * The field names of a header line, or undefined when the line is not one. A header is distinct
 * lowercase-dash names, at least one of them a field AWS documents; the others are taken as fields
 * newer than VPC_FLOW_KNOWN_FIELDS (AWS keeps adding some) and indexed as strings.
 */
export function vpcFlowHeaderNames(line: string): string[] | undefined {
  return flowLogHeaderNames(line, VPC_FLOW_KNOWN_FIELDS);
}

export function isVpcFlowHeader(line: string): boolean {
  return vpcFlowHeaderNames(line) !== undefined;
}

export const VPC_FLOW_FORMAT: FlowLogFormat = {
  logType: 'vpcflow',
  defaultFields: VPC_FLOW_DEFAULT_FIELDS,
  headerNames: vpcFlowHeaderNames,
  numericFields: VPC_FLOW_NUMERIC_FIELDS,
  commonInputs: ['account-id', 'region', 'action'],
  sourceAddress: 'srcaddr',
  common: ([account, region, action], ctx) => ({
    accountId: account && ACCOUNT_ID.test(account) ? account : ctx.accountId,
    region: region && region !== '-' ? region : ctx.region,
    action: action && action !== '-' ? action : undefined,
    outcome: action === 'ACCEPT' ? 'success' : action === 'REJECT' ? 'failure' : undefined,
  }),
};

export function createVpcFlowParser(ctx: ObjectContext): LogObjectParser {
  return createFlowLogParser(VPC_FLOW_FORMAT, ctx);
}
