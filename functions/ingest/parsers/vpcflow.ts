import { commonFieldsJson, isIpAddress } from '../documents';
import { IsoFormatter } from '../iso-time';
import { LineSplitter } from '../line-splitter';
import type { LogObjectParser, ObjectContext, RecordSink } from '../types';

/*
 * VPC flow logs delivered to S3: space-separated, first line a header naming the fields
 * (default or custom format, versions 2-5 and later). `-` means no data for that field
 * (NODATA/SKIPDATA records, fields that do not apply) and the field is left out.
 */

/** The default (version 2) format, used when a file has no header line. */
export const VPC_FLOW_DEFAULT_FIELDS = [
  'version',
  'account-id',
  'interface-id',
  'srcaddr',
  'dstaddr',
  'srcport',
  'dstport',
  'protocol',
  'packets',
  'bytes',
  'start',
  'end',
  'action',
  'log-status',
];

/** Every field AWS documents up to version 5; a header made only of these is a flow-log header. */
export const VPC_FLOW_KNOWN_FIELDS = new Set([
  ...VPC_FLOW_DEFAULT_FIELDS,
  'vpc-id',
  'subnet-id',
  'instance-id',
  'tcp-flags',
  'type',
  'pkt-srcaddr',
  'pkt-dstaddr',
  'region',
  'az-id',
  'sublocation-type',
  'sublocation-id',
  'pkt-src-aws-service',
  'pkt-dst-aws-service',
  'flow-direction',
  'traffic-path',
  'ecs-cluster-arn',
  'ecs-cluster-name',
  'ecs-container-instance-arn',
  'ecs-container-instance-id',
  'ecs-container-id',
  'ecs-second-container-id',
  'ecs-service-name',
  'ecs-task-definition-arn',
  'ecs-task-arn',
  'ecs-task-id',
  'reject-reason',
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

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const ACCOUNT_ID = /^\d{12}$/;

export function isVpcFlowHeader(line: string): boolean {
  const names = line.trim().split(/\s+/);
  return names.length > 1 && names.every((n) => VPC_FLOW_KNOWN_FIELDS.has(n));
}

interface Column {
  readonly jsonKey: string; // `,"srcport":`, precomputed once per file
  readonly numeric: boolean;
}

export function createVpcFlowParser(ctx: ObjectContext): LogObjectParser {
  const lines = new LineSplitter();
  let fieldNames: string[] | undefined;
  let columns: Column[] = [];
  let idx = { start: -1, end: -1, account: -1, region: -1, srcaddr: -1, action: -1 };
  let ordinal = 0;
  const iso = new IsoFormatter();
  const parts: string[] = [];

  const useHeader = (names: string[]) => {
    fieldNames = names;
    columns = names.map((n) => ({
      jsonKey: `,"${n.replace(/-/g, '_')}":`,
      numeric: VPC_FLOW_NUMERIC_FIELDS.has(n),
    }));
    const at = (n: string) => names.indexOf(n);
    idx = {
      start: at('start'),
      end: at('end'),
      account: at('account-id'),
      region: at('region'),
      srcaddr: at('srcaddr'),
      action: at('action'),
    };
  };

  const onLine = (sink: RecordSink) => (line: string, lineNumber: number) => {
    if (line.trim() === '') return;
    if (lineNumber === 1 && fieldNames === undefined) {
      if (isVpcFlowHeader(line)) {
        useHeader(line.trim().split(/\s+/));
        return;
      }
      useHeader(VPC_FLOW_DEFAULT_FIELDS);
    }
    ordinal++;
    const id = `${ctx.objectId}-${ordinal}`;
    const values = line.split(' ');
    if (values.length !== columns.length) {
      sink.unparsable({
        ordinal,
        id,
        raw: line,
        error: `expected ${columns.length} fields, found ${values.length}`,
      });
      return;
    }
    const seconds = Number(values[idx.start] ?? '-');
    const endSeconds = Number(values[idx.end] ?? '-');
    const epochSeconds = Number.isFinite(seconds) ? seconds : endSeconds;
    if (!Number.isFinite(epochSeconds)) {
      sink.unparsable({ ordinal, id, raw: line, error: 'no start or end time' });
      return;
    }
    const timestamp = epochSeconds * 1000;
    const account = idx.account >= 0 ? values[idx.account] : undefined;
    const region = idx.region >= 0 ? values[idx.region] : undefined;
    const srcaddr = idx.srcaddr >= 0 ? values[idx.srcaddr] : undefined;
    const action = idx.action >= 0 ? values[idx.action] : undefined;
    const json = commonFieldsJson({
      logType: 'vpcflow',
      timestamp: iso.format(timestamp),
      accountId: account && ACCOUNT_ID.test(account) ? account : ctx.accountId,
      region: region && region !== '-' ? region : ctx.region,
      sourceIp: srcaddr && isIpAddress(srcaddr) ? srcaddr : undefined,
      action: action && action !== '-' ? action : undefined,
      outcome: action === 'ACCEPT' ? 'success' : action === 'REJECT' ? 'failure' : undefined,
    });
    // One join builds the document as a flat string: no per-field intermediate strings.
    // Flow log fields never contain quotes or backslashes; check once per line, not per field.
    const plain = line.indexOf('"') < 0 && line.indexOf('\\') < 0;
    parts.length = 0;
    parts.push(json);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === '-') continue;
      const col = columns[i];
      if (col.numeric && NUMBER.test(v)) parts.push(col.jsonKey, v);
      else if (plain) parts.push(col.jsonKey, '"', v, '"');
      else parts.push(col.jsonKey, JSON.stringify(v));
    }
    parts.push('}');
    sink.record({ logType: 'vpcflow', timestamp, id, ordinal, json: parts.join('') });
  };

  return {
    push(text, sink) {
      lines.push(text, onLine(sink));
    },
    end(sink) {
      lines.end(onLine(sink));
    },
  };
}
