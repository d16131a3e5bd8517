import type { LogType } from '../../../opensearch/log-types';
import { commonFieldsJson } from '../documents';
import { IsoFormatter, isValidEventTime } from '../iso-time';
import { LineSplitter } from '../line-splitter';
import type { LogObjectParser, ObjectContext, RecordSink } from '../types';
import {
  FlowLineBytes,
  MAX_NUMBER_CHARS,
  type CommonFieldsWithoutLine,
  type FlowColumn,
} from './flow-log-bytes';
import { DEAD_LETTER_PREFIX_CHARS, MAX_LINE_CHARS, ipOf, reasonOf } from './safe-json';

/*
 * The flow log family AWS delivers to S3 (VPC flow logs, Transit Gateway flow logs): space-separated
 * lines, the first a header naming the fields (default or custom format). `-` means no data for that
 * field (NODATA/SKIPDATA records, fields that do not apply) and the field is left out. Each format
 * (vpcflow.ts, tgwflow.ts) says which names it knows, which are numbers and how its common fields
 * are read; the line handling, both paths (text and bytes) and the documents are the same.
 */

export interface FlowLogFormat {
  readonly logType: LogType;
  /** Fields of a file without a header line. */
  readonly defaultFields: readonly string[];
  /** The field names of a header line of this format, or undefined when the line is not one. */
  readonly headerNames: (line: string) => string[] | undefined;
  /** Fields indexed as numbers (the rest are keywords or IPs). */
  readonly numericFields: ReadonlySet<string>;
  /**
   * Fields the common fields other than the addresses are read from (account, region, action):
   * their values repeat line after line, so the byte path decodes each distinct value once.
   */
  readonly commonInputs: readonly string[];
  /** Field whose value, when an IP literal, is `source.ip`. */
  readonly sourceAddress?: string;
  /** Field whose value, when an IP literal, is `destination.ip`. */
  readonly destinationAddress?: string;
  /** Top-level names the common fields write beyond event, cloud, source, user and siem. */
  readonly reservedNames?: readonly string[];
  /**
   * The common fields from the values of `commonInputs`, in their order (undefined where the header
   * does not name the field). Must not keep `values`: it is reused for the next line.
   */
  readonly common: (values: readonly (string | undefined)[], ctx: ObjectContext) => CommonFieldsWithoutLine;
}

/**
 * A value written as a JSON number: no leading zeros (`007` is not JSON), at most 20 characters
 * (a long is 19 digits); anything else is kept as a string. The byte path applies the same rule.
 */
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;
/** A value that must be escaped to be a JSON string: quotes, backslashes, control characters. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

/** How AWS spells flow log field names: lowercase words joined by dashes (`pkt-src-aws-service`). */
const FIELD_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/**
 * Top-level names the common fields use: a flow log field of that name is stored as `flow_<name>`.
 * A format whose common fields also write `destination` adds it (`reservedNames`).
 */
const RESERVED_NAMES: readonly string[] = ['event', 'cloud', 'source', 'user', 'siem'];

/**
 * The field names of a header line, or undefined when the line is not one. A header is distinct
 * lowercase-dash names, at least one of them in `known`; the others are taken as fields newer than
 * `known` (AWS keeps adding some) and indexed as strings.
 */
export function flowLogHeaderNames(line: string, known: ReadonlySet<string>): string[] | undefined {
  const names = line.trim().split(/\s+/);
  if (names.length < 2 || new Set(names).size !== names.length) return undefined;
  if (!names.every((n) => FIELD_NAME.test(n))) return undefined;
  return names.some((n) => known.has(n)) ? names : undefined;
}

/** Document field of a flow log field: `-` turned into `_`, clear of the common fields. */
function documentFieldName(name: string, reserved: ReadonlySet<string>): string {
  const field = name.replace(/-/g, '_');
  return reserved.has(field) ? `flow_${field}` : field;
}

export function createFlowLogParser(format: FlowLogFormat, ctx: ObjectContext): LogObjectParser {
  const { logType, numericFields } = format;
  const inputs = format.commonInputs;
  const reserved = new Set([...RESERVED_NAMES, ...(format.reservedNames ?? [])]);
  const lines = new LineSplitter();
  const idPrefix = `${ctx.objectId}-`;
  const common = (values: readonly (string | undefined)[]) => format.common(values, ctx);
  let fieldNames: readonly string[] | undefined;
  let columns: FlowColumn[] = [];
  let idx = { start: -1, end: -1, source: -1, destination: -1 };
  /** Column of each common input, -1 when the header does not name it. */
  let inputColumns: number[] = [];
  const inputValues: (string | undefined)[] = inputs.map(() => undefined);
  let ordinal = 0;
  const iso = new IsoFormatter();
  const parts: string[] = [];
  /** The byte path for the current header, made at its first line. */
  let byteLines: FlowLineBytes | undefined;

  const useHeader = (names: readonly string[]) => {
    fieldNames = names;
    columns = names.map((n) => ({
      jsonKey: `,"${documentFieldName(n, reserved)}":`,
      numeric: numericFields.has(n),
    }));
    const columnOf = (name: string | undefined) => (name === undefined ? -1 : names.indexOf(name));
    idx = {
      start: names.indexOf('start'),
      end: names.indexOf('end'),
      source: columnOf(format.sourceAddress),
      destination: columnOf(format.destinationAddress),
    };
    inputColumns = inputs.map(columnOf);
    byteLines = undefined;
  };

  const onLine = (sink: RecordSink) => (line: string, _lineNumber: number, length: number) => {
    if (length === line.length && line.trim() === '') return;
    // The header is the first line that is not blank (a leading blank line is not data).
    if (fieldNames === undefined && length === line.length) {
      const header = format.headerNames(line);
      if (header) {
        useHeader(header);
        return;
      }
      useHeader(format.defaultFields);
    }
    if (fieldNames === undefined) useHeader(format.defaultFields);
    ordinal++;
    const id = `${idPrefix}${ordinal}`;
    if (length > line.length) {
      sink.unparsable({
        ordinal,
        id,
        raw: line,
        error: `line of ${length} characters, over the ${MAX_LINE_CHARS} limit`,
      });
      return;
    }
    try {
      textLine(sink, line, id);
    } catch (err) {
      sink.unparsable({ ordinal, id, raw: line, error: reasonOf(err) });
    }
  };

  const textLine = (sink: RecordSink, line: string, id: string) => {
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
    if (!isValidEventTime(timestamp)) {
      sink.unparsable({ ordinal, id, raw: line, error: `time out of range: ${epochSeconds}` });
      return;
    }
    for (let k = 0; k < inputs.length; k++) {
      const column = inputColumns[k];
      inputValues[k] = column >= 0 ? values[column] : undefined;
    }
    const json = commonFieldsJson({
      logType,
      timestamp: iso.format(timestamp),
      ...common(inputValues),
      sourceIp: ipOf(values[idx.source]),
      destinationIp: ipOf(values[idx.destination]),
    });
    // One join builds the document as a flat string: no per-field intermediate strings.
    // Flow log fields never contain quotes or backslashes; check once per line, not per field.
    const plain = !NEEDS_ESCAPE.test(line);
    parts.length = 0;
    parts.push(json);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === '-') continue;
      const col = columns[i];
      if (col.numeric && v.length <= MAX_NUMBER_CHARS && NUMBER.test(v)) parts.push(col.jsonKey, v);
      else if (plain) parts.push(col.jsonKey, '"', v, '"');
      else parts.push(col.jsonKey, JSON.stringify(v));
    }
    parts.push('}');
    sink.record({ logType, timestamp, id, ordinal, json: parts.join('') });
  };

  /** Handles the line `b[from, to)` as bytes (flow-log-bytes.ts); false when it must take the text path. */
  const lineBytes = (sink: RecordSink, b: Buffer, from: number, to: number): boolean => {
    if (fieldNames === undefined) return false;
    byteLines ??= new FlowLineBytes({
      logType,
      columns,
      start: idx.start,
      end: idx.end,
      inputs: inputColumns,
      source: idx.source,
      destination: idx.destination,
      common,
    });
    if (!byteLines.write(b, from, to)) return false;
    ordinal++;
    sink.record({
      logType,
      timestamp: byteLines.timestamp,
      id: `${idPrefix}${ordinal}`,
      ordinal,
      head: byteLines.head,
      bytes: byteLines.bytes,
    });
    return true;
  };

  /*
   * Lines end at LF, CRLF or a lone CR, as in LineSplitter. The incomplete last line is held as a
   * list of pieces joined once when it ends (linear in its length), at most MAX_LINE_CHARS bytes of it.
   */
  let carry: Buffer[] = [];
  let carryLength = 0;
  let pendingCr = false;
  let lineNumber = 0;
  const emitLine = (sink: RecordSink, b: Buffer, from: number, to: number) => {
    lineNumber++;
    let length = to - from;
    if (carryLength > 0) {
      length += carryLength;
      const kept = Math.min(to, from + Math.max(0, MAX_LINE_CHARS + 1 - carryLength));
      b = Buffer.concat([...carry, b.subarray(from, kept)]);
      from = 0;
      to = b.length;
      carry = [];
      carryLength = 0;
    }
    // A UTF-8 BOM before the first line.
    if (
      lineNumber === 1 &&
      to - from >= 3 &&
      b[from] === 0xef &&
      b[from + 1] === 0xbb &&
      b[from + 2] === 0xbf
    ) {
      from += 3;
      length -= 3;
    }
    if (length > MAX_LINE_CHARS) {
      onLine(sink)(
        b.toString('utf8', from, Math.min(to, from + DEAD_LETTER_PREFIX_CHARS)),
        lineNumber,
        length,
      );
      return;
    }
    if (!lineBytes(sink, b, from, to)) {
      const text = b.toString('utf8', from, to);
      onLine(sink)(text, lineNumber, text.length);
    }
  };

  const pushBytes = (chunk: Buffer, sink: RecordSink): void => {
    const n = chunk.length;
    let from = 0;
    if (pendingCr && n > 0) {
      pendingCr = false;
      if (chunk[0] === 10) from = 1;
    }
    let lf = chunk.indexOf(10, from);
    let cr = chunk.indexOf(13, from);
    while (lf >= 0 || cr >= 0) {
      const end = cr < 0 || (lf >= 0 && lf < cr) ? lf : cr;
      emitLine(sink, chunk, from, end);
      from = end + 1;
      if (end === cr) {
        if (from === n) pendingCr = true;
        else if (chunk[from] === 10) from++;
      }
      if (lf >= 0 && lf < from) lf = chunk.indexOf(10, from);
      if (cr >= 0 && cr < from) cr = chunk.indexOf(13, from);
    }
    if (from < n) {
      // Copied: the reader may reuse the chunk's memory. Past the limit only the length is counted.
      if (carryLength <= MAX_LINE_CHARS)
        carry.push(Buffer.from(chunk.subarray(from, Math.min(n, from + MAX_LINE_CHARS + 1))));
      carryLength += n - from;
    }
  };

  return {
    push(text, sink) {
      lines.push(text, onLine(sink));
    },
    pushBytes,
    end(sink) {
      lines.end(onLine(sink));
      if (carryLength > 0) emitLine(sink, Buffer.alloc(0), 0, 0);
      carry = [];
      carryLength = 0;
    },
  };
}
