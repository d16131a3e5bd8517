import { commonFieldsJson, isIpAddress } from '../documents';
import { IsoFormatter } from '../iso-time';
import { LineSplitter } from '../line-splitter';
import { VPC_FLOW_LATER_FIELDS, VPC_FLOW_V5_FIELDS } from './vpcflow-fields';
import type { LogObjectParser, ObjectContext, RecordSink } from '../types';

/*
 * VPC flow logs delivered to S3: space-separated, first line a header naming the fields
 * (default or custom format, versions 2-5 and later). `-` means no data for that field
 * (NODATA/SKIPDATA records, fields that do not apply) and the field is left out.
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

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const ACCOUNT_ID = /^\d{12}$/;

/** How AWS spells flow log field names: lowercase words joined by dashes (`pkt-src-aws-service`). */
const FIELD_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** Top-level names the common fields use: a flow log field of that name is stored as `flow_<name>`. */
const RESERVED_NAMES = new Set(['event', 'cloud', 'source', 'user', 'siem']);

/**
 * The field names of a header line, or undefined when the line is not one. A header is distinct
 * lowercase-dash names, at least one of them a field AWS documents; the others are taken as fields
 * newer than VPC_FLOW_KNOWN_FIELDS (AWS keeps adding some) and indexed as strings.
 */
export function vpcFlowHeaderNames(line: string): string[] | undefined {
  const names = line.trim().split(/\s+/);
  if (names.length < 2 || new Set(names).size !== names.length) return undefined;
  if (!names.every((n) => FIELD_NAME.test(n))) return undefined;
  return names.some((n) => VPC_FLOW_KNOWN_FIELDS.has(n)) ? names : undefined;
}

export function isVpcFlowHeader(line: string): boolean {
  return vpcFlowHeaderNames(line) !== undefined;
}

/** Document field of a flow log field: `-` turned into `_`, clear of the common fields. */
function documentFieldName(name: string): string {
  const field = name.replace(/-/g, '_');
  return RESERVED_NAMES.has(field) ? `flow_${field}` : field;
}

interface Column {
  readonly jsonKey: string; // `,"srcport":`, precomputed once per file
  readonly numeric: boolean;
}

export function createVpcFlowParser(ctx: ObjectContext): LogObjectParser {
  const lines = new LineSplitter();
  let fieldNames: readonly string[] | undefined;
  let columns: Column[] = [];
  let idx = { start: -1, end: -1, account: -1, region: -1, srcaddr: -1, action: -1 };
  let ordinal = 0;
  const iso = new IsoFormatter();
  const parts: string[] = [];

  const useHeader = (names: readonly string[]) => {
    fieldNames = names;
    columns = names.map((n) => ({
      jsonKey: `,"${documentFieldName(n)}":`,
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
      const header = vpcFlowHeaderNames(line);
      if (header) {
        useHeader(header);
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

  /*
   * Byte path: a line of printable ASCII without quotes or backslashes (every flow log line in
   * practice) is written straight into an output buffer, field by field, with no strings built
   * except the four the common fields need. Any other line, and the header, takes the text path
   * above, so both give the same documents.
   */
  let keyBytes: Uint8Array[] = [];
  let numeric: boolean[] = [];
  let keysLength = 0;
  let out = Buffer.allocUnsafe(0);
  let outLength = 0;
  const starts: number[] = [];
  const ends: number[] = [];
  const cached = { account: new TextCache(), region: new TextCache(), action: new TextCache() };

  const prepareBytes = () => {
    keyBytes = columns.map((c) => Buffer.from(c.jsonKey, 'latin1'));
    numeric = columns.map((c) => c.numeric);
    keysLength = keyBytes.reduce((n, k) => n + k.length, 0);
  };

  /** Handles the line `b[from, to)` as bytes; false when it must take the text path. */
  const lineBytes = (sink: RecordSink, b: Buffer, from: number, to: number): boolean => {
    if (fieldNames === undefined) return false;
    if (keyBytes.length !== columns.length) prepareBytes();
    const count = columns.length;
    let field = 0;
    starts[0] = from;
    for (let i = from; i < to; i++) {
      const c = b[i];
      if (c === 32) {
        if (field + 1 >= count) return false;
        ends[field++] = i;
        starts[field] = i + 1;
      } else if (c < 32 || c > 126 || c === 34 || c === 92) return false;
    }
    ends[field] = to;
    if (field + 1 !== count) return false;
    let seconds = idx.start >= 0 ? digitsValue(b, starts[idx.start], ends[idx.start]) : -1;
    if (seconds < 0) {
      if (idx.start >= 0 && !isDash(b, starts[idx.start], ends[idx.start])) return false;
      seconds = idx.end >= 0 ? digitsValue(b, starts[idx.end], ends[idx.end]) : -1;
      if (seconds < 0) return false;
    }
    ordinal++;
    const timestamp = seconds * 1000;
    const account = idx.account >= 0 ? cached.account.text(b, starts[idx.account], ends[idx.account]) : '';
    const region = idx.region >= 0 ? cached.region.text(b, starts[idx.region], ends[idx.region]) : '';
    const srcaddr = idx.srcaddr >= 0 ? b.toString('latin1', starts[idx.srcaddr], ends[idx.srcaddr]) : '';
    const action = idx.action >= 0 ? cached.action.text(b, starts[idx.action], ends[idx.action]) : '';
    const head = commonFieldsJson({
      logType: 'vpcflow',
      timestamp: iso.format(timestamp),
      accountId: account && ACCOUNT_ID.test(account) ? account : ctx.accountId,
      region: region && region !== '-' ? region : ctx.region,
      sourceIp: srcaddr && isIpAddress(srcaddr) ? srcaddr : undefined,
      action: action && action !== '-' ? action : undefined,
      outcome: action === 'ACCEPT' ? 'success' : action === 'REJECT' ? 'failure' : undefined,
    });
    // Room for every key, every value quoted, and the closing brace.
    const room = keysLength + (to - from) + 2 * count + 1;
    if (out.length - outLength < room) {
      out = Buffer.allocUnsafe(Math.max(OUTPUT_BUFFER_BYTES, room));
      outLength = 0;
    }
    const docStart = outLength;
    const dst = out;
    let o = outLength;
    for (let f = 0; f < count; f++) {
      const vs = starts[f];
      const ve = ends[f];
      if (ve - vs === 1 && b[vs] === 45 /* - */) continue;
      const key = keyBytes[f];
      dst.set(key, o);
      o += key.length;
      const quoted = !(numeric[f] && isJsonNumber(b, vs, ve));
      if (quoted) dst[o++] = 34;
      for (let k = vs; k < ve; k++) dst[o++] = b[k];
      if (quoted) dst[o++] = 34;
    }
    dst[o++] = 125; /* } */
    outLength = o;
    sink.record({
      logType: 'vpcflow',
      timestamp,
      id: `${ctx.objectId}-${ordinal}`,
      ordinal,
      head,
      bytes: dst.subarray(docStart, o),
    });
    return true;
  };

  let carry: Buffer | undefined;
  let lineNumber = 0;
  const emitLine = (sink: RecordSink, b: Buffer, from: number, to: number) => {
    lineNumber++;
    if (to > from && b[to - 1] === 13) to--; // CRLF
    if (!lineBytes(sink, b, from, to)) onLine(sink)(b.toString('utf8', from, to), lineNumber);
  };

  const pushBytes = (chunk: Buffer, sink: RecordSink): void => {
    let from = 0;
    let nl = chunk.indexOf(10);
    if (nl >= 0 && carry !== undefined) {
      const line = Buffer.concat([carry, chunk.subarray(0, nl)]);
      carry = undefined;
      emitLine(sink, line, 0, line.length);
      from = nl + 1;
      nl = chunk.indexOf(10, from);
    }
    while (nl >= 0) {
      emitLine(sink, chunk, from, nl);
      from = nl + 1;
      nl = chunk.indexOf(10, from);
    }
    if (from < chunk.length) {
      const rest = chunk.subarray(from);
      carry = carry === undefined ? Buffer.from(rest) : Buffer.concat([carry, rest]);
    }
  };

  return {
    push(text, sink) {
      lines.push(text, onLine(sink));
    },
    pushBytes,
    end(sink) {
      lines.end(onLine(sink));
      if (carry !== undefined) emitLine(sink, carry, 0, carry.length);
      carry = undefined;
    },
  };
}

/** Documents are written into buffers of this size, shared by the records of about a chunk. */
const OUTPUT_BUFFER_BYTES = 1 << 20;

/** Value of a field made of 1 to 15 ASCII digits (exact as a double), else -1. */
function digitsValue(b: Buffer, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = b[i] - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function isDash(b: Buffer, from: number, to: number): boolean {
  return to - from === 1 && b[from] === 45;
}

/** Same as `/^-?\d+(?:\.\d+)?$/` on the bytes. */
function isJsonNumber(b: Buffer, from: number, to: number): boolean {
  let i = from;
  if (b[i] === 45) i++;
  const intStart = i;
  while (i < to && b[i] >= 48 && b[i] <= 57) i++;
  if (i === intStart) return false;
  if (i === to) return true;
  if (b[i] !== 46 /* . */) return false;
  const fracStart = ++i;
  while (i < to && b[i] >= 48 && b[i] <= 57) i++;
  return i === to && i > fracStart;
}

/** The text of a field, decoded once while its bytes stay the same from line to line. */
class TextCache {
  private bytes = Buffer.alloc(0);
  private value = '';

  text(b: Buffer, from: number, to: number): string {
    const n = to - from;
    if (n === this.bytes.length) {
      let k = 0;
      while (k < n && b[from + k] === this.bytes[k]) k++;
      if (k === n) return this.value;
    }
    this.bytes = Buffer.from(b.subarray(from, to));
    this.value = b.toString('latin1', from, to);
    return this.value;
  }
}
