import type { LogType } from '../../../opensearch/log-types';
import { commonFieldsJson, type CommonFields } from '../documents';
import { IsoFormatter, isValidEventTime } from '../iso-time';
import { LineSplitter } from '../line-splitter';
import type { LogObjectParser, ObjectContext, RecordSink } from '../types';
import { DEAD_LETTER_PREFIX_CHARS, MAX_LINE_CHARS, reasonOf } from './safe-json';

/*
 * The flow log family AWS delivers to S3 (VPC flow logs, Transit Gateway flow logs): space-separated
 * lines, the first a header naming the fields (default or custom format). `-` means no data for that
 * field (NODATA/SKIPDATA records, fields that do not apply) and the field is left out. Each format
 * (vpcflow.ts, tgwflow.ts) says which names it knows, which are numbers and how its common fields
 * are read; the line handling, both paths (text and bytes) and the documents are the same.
 */

/** One field the common fields are read from. */
export interface CommonInput {
  readonly name: string;
  /** The value usually repeats line after line (account, region): decoded once while unchanged. */
  readonly repeats: boolean;
  /** A longer value is passed as undefined without being decoded (an address is at most 45 characters). */
  readonly maxChars?: number;
}

export interface FlowLogFormat {
  readonly logType: LogType;
  /** Fields of a file without a header line. */
  readonly defaultFields: readonly string[];
  /** The field names of a header line of this format, or undefined when the line is not one. */
  readonly headerNames: (line: string) => string[] | undefined;
  /** Fields indexed as numbers (the rest are keywords or IPs). */
  readonly numericFields: ReadonlySet<string>;
  readonly commonInputs: readonly CommonInput[];
  /** Top-level names the common fields write beyond event, cloud, source, user and siem. */
  readonly reservedNames?: readonly string[];
  /**
   * The common fields from the values of `commonInputs`, in their order (undefined where the header
   * does not name the field). Must not keep `values`: it is reused for the next line.
   */
  readonly common: (
    values: readonly (string | undefined)[],
    ctx: ObjectContext,
  ) => Omit<CommonFields, 'logType' | 'timestamp'>;
}

/**
 * A value written as a JSON number: no leading zeros (`007` is not JSON), at most 20 characters
 * (a long is 19 digits); anything else is kept as a string. The byte path applies the same rule.
 */
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;
const MAX_NUMBER_CHARS = 20;
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

interface Column {
  readonly jsonKey: string; // `,"srcport":`, precomputed once per file
  readonly numeric: boolean;
}

export function createFlowLogParser(format: FlowLogFormat, ctx: ObjectContext): LogObjectParser {
  const { logType, numericFields } = format;
  const inputs = format.commonInputs;
  const reserved = new Set([...RESERVED_NAMES, ...(format.reservedNames ?? [])]);
  const lines = new LineSplitter();
  let fieldNames: readonly string[] | undefined;
  let columns: Column[] = [];
  let idx = { start: -1, end: -1 };
  /** Column of each common input, -1 when the header does not name it. */
  let inputColumns: number[] = [];
  const inputValues: (string | undefined)[] = inputs.map(() => undefined);
  let ordinal = 0;
  const iso = new IsoFormatter();
  const parts: string[] = [];

  const useHeader = (names: readonly string[]) => {
    fieldNames = names;
    columns = names.map((n) => ({
      jsonKey: `,"${documentFieldName(n, reserved)}":`,
      numeric: numericFields.has(n),
    }));
    idx = { start: names.indexOf('start'), end: names.indexOf('end') };
    inputColumns = inputs.map((input) => names.indexOf(input.name));
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
    const id = `${ctx.objectId}-${ordinal}`;
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
      ...format.common(inputValues, ctx),
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

  /*
   * Byte path: a line of printable ASCII without quotes or backslashes (every flow log line in
   * practice) is written straight into an output buffer, field by field, with no strings built
   * except the common inputs'. Any other line, and the header, takes the text path
   * above, so both give the same documents.
   */
  let keyBytes: Uint8Array[] = [];
  let numeric: boolean[] = [];
  let keysLength = 0;
  let out = Buffer.allocUnsafe(0);
  let outLength = 0;
  const starts: number[] = [];
  const ends: number[] = [];
  const caches = inputs.map((input) => (input.repeats ? new TextCache() : undefined));

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
    const timestamp = seconds * 1000;
    if (!isValidEventTime(timestamp)) return false;
    ordinal++;
    for (let k = 0; k < inputs.length; k++) {
      const column = inputColumns[k];
      const cache = caches[k];
      const maxChars = inputs[k].maxChars;
      inputValues[k] =
        column < 0
          ? undefined
          : cache !== undefined
            ? cache.text(b, starts[column], ends[column])
            : maxChars !== undefined && ends[column] - starts[column] > maxChars
              ? undefined
              : b.toString('latin1', starts[column], ends[column]);
    }
    const head = commonFieldsJson({
      logType,
      timestamp: iso.format(timestamp),
      ...format.common(inputValues, ctx),
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
      logType,
      timestamp,
      id: `${ctx.objectId}-${ordinal}`,
      ordinal,
      head,
      bytes: dst.subarray(docStart, o),
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

/** Same as NUMBER (and its length bound) on the bytes. */
function isJsonNumber(b: Buffer, from: number, to: number): boolean {
  if (to - from > MAX_NUMBER_CHARS) return false;
  let i = from;
  if (b[i] === 45) i++;
  const intStart = i;
  if (b[i] === 48 && i + 1 < to && b[i + 1] >= 48 && b[i + 1] <= 57) return false; // leading zero
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
