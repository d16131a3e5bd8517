import type { LogType } from '../../../opensearch/log-types';
import { commonFieldsJson, type CommonFields } from '../documents';
import { IsoFormatter, isValidEventTime } from '../iso-time';

/*
 * The byte path of flow log lines (flow-log-lines.ts): a line of printable ASCII without quotes or
 * backslashes (every flow log line in practice) is written into an output buffer in one pass over
 * its bytes, key and value field by field, with no string built per line but the record's id.
 * What costs per line elsewhere is done per distinct value: the common fields' text is cached per
 * second and per combination of account, region, action (their values repeat line after line),
 * and the addresses are written as bytes. Any other line returns false and takes the text path,
 * which gives the same documents (vpcflow-bytes.test.ts, tgwflow.test.ts check both).
 */

/** One column of the header: its document key, precomputed once per file. */
export interface FlowColumn {
  readonly jsonKey: string; // `,"srcport":`
  readonly numeric: boolean;
}

/** Where the byte path reads what it needs, as column numbers of the header (-1 when absent). */
export interface FlowLineLayout {
  readonly logType: LogType;
  readonly columns: readonly FlowColumn[];
  readonly start: number;
  readonly end: number;
  /** Columns of the format's common inputs, in the format's order. */
  readonly inputs: readonly number[];
  readonly source: number;
  readonly destination: number;
  /** The format's common fields (without time and addresses) from its inputs' values. */
  readonly common: (values: readonly (string | undefined)[]) => CommonFieldsWithoutLine;
}

/** Common fields a flow log reads from its repeating fields: no time, no addresses. */
export type CommonFieldsWithoutLine = Omit<
  CommonFields,
  'logType' | 'timestamp' | 'sourceIp' | 'destinationIp'
>;

/**
 * A value written as a JSON number: no leading zeros (`007` is not JSON), at most 20 characters
 * (a long is 19 digits); anything else is kept as a string. The text path applies the same rule.
 */
export const MAX_NUMBER_CHARS = 20;

/** Documents are written into buffers of this size, shared by the records of about a chunk. */
const OUTPUT_BUFFER_BYTES = 1 << 20;
/** Longest textual IP address (IPv6 with an embedded IPv4), as `ipOf` (safe-json.ts). */
const MAX_IP_CHARS = 45;
/** A common input longer than this takes the text path (its distinct values are kept as bytes). */
const MAX_INPUT_BYTES = 64;
/** Distinct values kept per common input; a file with more starts the tables over. */
const MAX_VALUES = 16;

const SOURCE_OPENING = Buffer.from(',"source":{"ip":"', 'latin1');
const DESTINATION_OPENING = Buffer.from(',"destination":{"ip":"', 'latin1');
/** Room left before a document's fields for the addresses, written once the line is read. */
const ADDRESS_ROOM = SOURCE_OPENING.length + DESTINATION_OPENING.length + 2 * (MAX_IP_CHARS + 2);

/**
 * `commonFieldsJson` opens with the time: `{"@timestamp":"<ISO>"`. The rest, up to the addresses,
 * depends only on the repeating fields, and the addresses come last (no flow log sets a user).
 */
const TIMESTAMP_OPENING = '{"@timestamp":"';
const EMPTY_TIME_OPENING = `${TIMESTAMP_OPENING}"`;

export class FlowLineBytes {
  /** Set by `write` when it returns true. */
  timestamp = 0;
  head = '';
  bytes: Buffer = Buffer.alloc(0);

  private readonly count: number;
  /**
   * Every key as little-endian 32-bit words, each key padded to whole words; a string column's key
   * ends with the opening quote of its value. Written a word at a time: the padding lands where
   * the value is written next (keys were a third of the byte path's time written byte by byte).
   */
  private readonly keyWords: Int32Array;
  /** Column `f`'s key is `keyWords[wordStarts[f], wordStarts[f + 1])`, `keyLengths[f]` bytes. */
  private readonly wordStarts: Int32Array;
  private readonly keyLengths: Int32Array;
  private readonly numeric: Uint8Array;
  private readonly keysLength: number;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly values: FieldValues[];
  private readonly inputValues: (string | undefined)[];
  /** Common fields after the time, per combination of input values (their ids). */
  private readonly commonText = new Map<number, string>();
  private readonly iso = new IsoFormatter();
  private lastSeconds = -1;
  private timeOpening = '';
  private out = Buffer.allocUnsafe(0);
  private outView = new DataView(this.out.buffer, this.out.byteOffset, 0);
  private outLength = 0;
  /** The chunk last read, and a view of it for reading four bytes at a time. */
  private source: Buffer = this.out;
  private sourceView: DataView<ArrayBufferLike> = this.outView;

  constructor(private readonly layout: FlowLineLayout) {
    const columns = layout.columns;
    this.count = columns.length;
    const keys = columns.map((c) => Buffer.from(c.numeric ? c.jsonKey : `${c.jsonKey}"`, 'latin1'));
    this.keyLengths = Int32Array.from(keys, (k) => k.length);
    this.wordStarts = new Int32Array(this.count + 1);
    for (let f = 0; f < this.count; f++)
      this.wordStarts[f + 1] = this.wordStarts[f] + Math.ceil(keys[f].length / 4);
    const padded = Buffer.alloc(this.wordStarts[this.count] * 4);
    keys.forEach((k, f) => k.copy(padded, this.wordStarts[f] * 4));
    this.keyWords = Int32Array.from({ length: this.wordStarts[this.count] }, (_, w) =>
      padded.readInt32LE(w * 4),
    );
    this.keysLength = padded.length;
    this.numeric = Uint8Array.from(columns, (c) => (c.numeric ? 1 : 0));
    this.starts = new Int32Array(this.count);
    this.ends = new Int32Array(this.count);
    this.values = layout.inputs.map(() => new FieldValues());
    this.inputValues = layout.inputs.map(() => undefined);
  }

  /** Writes the document of the line `b[from, to)`; false when the line must take the text path. */
  write(b: Buffer, from: number, to: number): boolean {
    const count = this.count;
    // Padded keys, values with two quotes each, the closing brace.
    const room = ADDRESS_ROOM + this.keysLength + 2 * count + (to - from) + 1;
    if (this.out.length - this.outLength < room) {
      this.out = Buffer.allocUnsafe(Math.max(OUTPUT_BUFFER_BYTES, room));
      this.outView = new DataView(this.out.buffer, this.out.byteOffset, this.out.length);
      this.outLength = 0;
    }
    const dst = this.out;
    const view = this.outView;
    const keyWords = this.keyWords;
    const wordStarts = this.wordStarts;
    const keyLengths = this.keyLengths;
    const starts = this.starts;
    const ends = this.ends;
    const fieldsStart = this.outLength + ADDRESS_ROOM;
    let o = fieldsStart;
    if (b !== this.source) {
      this.source = b;
      this.sourceView = new DataView(b.buffer, b.byteOffset, b.length);
    }
    const src = this.sourceView;
    const wordsEnd = to - 4;
    // One pass: each field's key, then its bytes as they are checked; closed at the next space.
    let field = 0;
    let i = from;
    fields: for (;;) {
      starts[field] = i;
      // A `-` alone is left out with its key: nothing is written for it.
      if (i < to && b[i] === 45 /* - */) {
        if (i + 1 === to) {
          ends[field++] = to;
          break;
        }
        if (b[i + 1] === 32) {
          ends[field] = i + 1;
          if (++field >= count) return false;
          i += 2;
          continue;
        }
      }
      const keyAt = o;
      for (let w = wordStarts[field], e = wordStarts[field + 1]; w < e; w++, o += 4)
        view.setInt32(o, keyWords[w], true);
      o = keyAt + keyLengths[field];
      const valueAt = o;
      for (;;) {
        let c: number;
        if (i <= wordsEnd) {
          // Four value bytes at once; the lowest flagged byte is the field's end (a space) or a
          // byte the text path must handle. The word is written whole: bytes past the flag are
          // overwritten by what comes next (the quote, the next key), as the room allows.
          const x = src.getInt32(i, true);
          const bad = flaggedBytes(x);
          view.setInt32(o, x, true);
          if (bad === 0) {
            o += 4;
            i += 4;
            continue;
          }
          const skip = (31 - Math.clz32(bad & -bad)) >> 3;
          o += skip;
          i += skip;
          c = b[i];
        } else if (i < to) {
          c = b[i];
          if (c > 32 && c < 127 && c !== 34 && c !== 92) {
            dst[o++] = c;
            i++;
            continue;
          }
        } else {
          ends[field] = to;
          o = this.close(field, valueAt, o);
          field++;
          break fields;
        }
        if (c !== 32) return false;
        ends[field] = i;
        o = this.close(field, valueAt, o);
        if (++field >= count) return false;
        i++;
        continue fields;
      }
    }
    if (field !== count) return false;
    dst[o++] = 125; /* } */

    const seconds = this.seconds(b);
    if (seconds < 0) return false;
    const timestamp = seconds * 1000;
    if (!isValidEventTime(timestamp)) return false;
    const common = this.commonAfterTime(b);
    if (common === undefined) return false;

    const { source, destination } = this.layout;
    let docStart = fieldsStart;
    if (destination >= 0 && isIpLiteral(b, starts[destination], ends[destination]))
      docStart = writeBefore(dst, docStart, DESTINATION_OPENING, b, starts[destination], ends[destination]);
    if (source >= 0 && isIpLiteral(b, starts[source], ends[source]))
      docStart = writeBefore(dst, docStart, SOURCE_OPENING, b, starts[source], ends[source]);
    this.outLength = o;
    if (seconds !== this.lastSeconds) {
      this.lastSeconds = seconds;
      this.timeOpening = `${TIMESTAMP_OPENING}${this.iso.format(timestamp)}"`;
    }
    this.timestamp = timestamp;
    this.head = this.timeOpening + common;
    this.bytes = dst.subarray(docStart, o);
    return true;
  }

  /**
   * Ends field `f`, whose bytes are `dst[valueAt, o)`: a number stays bare, anything else is
   * quoted. Returns the new end.
   */
  private close(f: number, valueAt: number, o: number): number {
    const dst = this.out;
    if (this.numeric[f] === 0) {
      dst[o++] = 34;
      return o;
    }
    if (isJsonNumber(dst, valueAt, o)) return o;
    // A numeric column with a value that is not a JSON number: quoted after all (rare).
    for (let k = o; k > valueAt; k--) dst[k] = dst[k - 1];
    dst[valueAt] = 34;
    dst[o + 1] = 34;
    return o + 2;
  }

  /** Epoch seconds from `start`, or `end` when `start` is `-`; -1 when neither is a count of seconds. */
  private seconds(b: Buffer): number {
    const { start, end } = this.layout;
    const starts = this.starts;
    const ends = this.ends;
    let seconds = start >= 0 ? digitsValue(b, starts[start], ends[start]) : -1;
    if (seconds < 0) {
      if (start >= 0 && !(ends[start] - starts[start] === 1 && b[starts[start]] === 45)) return -1;
      seconds = end >= 0 ? digitsValue(b, starts[end], ends[end]) : -1;
    }
    return seconds;
  }

  /** The common fields' text after `@timestamp` and before the addresses, per distinct inputs. */
  private commonAfterTime(b: Buffer): string | undefined {
    const inputs = this.layout.inputs;
    let key = 0;
    for (let k = 0; k < inputs.length; k++) {
      const column = inputs[k];
      let id = 0;
      if (column >= 0) {
        const from = this.starts[column];
        const to = this.ends[column];
        if (to - from > MAX_INPUT_BYTES) return undefined;
        id = this.values[k].idOf(b, from, to);
        if (id < 0) {
          // More distinct values than kept: start every table over (ids change, so the texts too).
          for (const values of this.values) values.clear();
          this.commonText.clear();
          return this.commonAfterTime(b);
        }
      }
      key = key * MAX_VALUES + id;
    }
    let text = this.commonText.get(key);
    if (text === undefined) {
      for (let k = 0; k < inputs.length; k++)
        this.inputValues[k] = inputs[k] >= 0 ? this.values[k].lastText() : undefined;
      const json = commonFieldsJson({
        logType: this.layout.logType,
        timestamp: '',
        ...this.layout.common(this.inputValues),
      });
      text = json.slice(EMPTY_TIME_OPENING.length);
      this.commonText.set(key, text);
    }
    return text;
  }
}

/** The distinct values of one common input, each decoded once. */
class FieldValues {
  private readonly bytes: Buffer[] = [];
  private readonly texts: string[] = [];
  private last = -1;

  /** Id of the value `b[from, to)`, or -1 when the table is full. */
  idOf(b: Buffer, from: number, to: number): number {
    const last = this.last;
    if (last >= 0 && sameBytes(this.bytes[last], b, from, to)) return last;
    for (let k = 0; k < this.bytes.length; k++) {
      if (k !== last && sameBytes(this.bytes[k], b, from, to)) return (this.last = k);
    }
    if (this.bytes.length === MAX_VALUES) return -1;
    // Copied: the chunk's memory is reused by the reader.
    this.bytes.push(Buffer.from(b.subarray(from, to)));
    this.texts.push(b.toString('latin1', from, to));
    return (this.last = this.bytes.length - 1);
  }

  /** Text of the value `idOf` last returned. */
  lastText(): string {
    return this.texts[this.last];
  }

  clear(): void {
    this.bytes.length = 0;
    this.texts.length = 0;
    this.last = -1;
  }
}

function sameBytes(kept: Buffer, b: Buffer, from: number, to: number): boolean {
  const n = to - from;
  if (kept.length !== n) return false;
  for (let k = 0; k < n; k++) if (kept[k] !== b[from + k]) return false;
  return true;
}

/** Writes `opening`, the bytes `b[from, to)` and `"}` so that they end at `end`; returns where they start. */
function writeBefore(dst: Buffer, end: number, opening: Buffer, b: Buffer, from: number, to: number): number {
  const start = end - opening.length - (to - from) - 2;
  let o = start;
  for (let k = 0; k < opening.length; k++) dst[o++] = opening[k];
  for (let k = from; k < to; k++) dst[o++] = b[k];
  dst[o++] = 34; /* " */
  dst[o] = 125; /* } */
  return start;
}

/**
 * What `ipOf` (safe-json.ts) accepts, on bytes: 2 to 45 characters, and either a dotted quad of
 * 1-3 digit groups or hex digits, colons and dots with a colon before any dot.
 */
export function isIpLiteral(b: Uint8Array, from: number, to: number): boolean {
  const n = to - from;
  if (n < 2 || n > MAX_IP_CHARS) return false;
  let colon = false;
  let dotBeforeColon = false;
  let digitsAndDots = true;
  let dots = 0;
  let run = 0;
  let quad = true;
  for (let i = from; i < to; i++) {
    const c = b[i];
    if (c >= 48 && c <= 57) run++;
    else if (c === 46 /* . */) {
      if (!colon) dotBeforeColon = true;
      if (run === 0 || run > 3) quad = false;
      dots++;
      run = 0;
    } else if (c === 58 /* : */) {
      colon = true;
      digitsAndDots = false;
    } else if ((c >= 97 && c <= 102) || (c >= 65 && c <= 70)) digitsAndDots = false;
    else return false;
  }
  if (digitsAndDots && quad && dots === 3 && run >= 1 && run <= 3) return true;
  return colon && !dotBeforeColon;
}

/**
 * The bytes of the little-endian word `x` that are a space, a control, DEL or non-ASCII byte, a
 * quote or a backslash, as their top bit (bit tricks that test every byte of a word for a value).
 * The lowest flag is exact; a flag above one may be a false one (a borrow), which is never read.
 */
function flaggedBytes(x: number): number {
  const q = x ^ 0x22222222;
  const s = x ^ 0x5c5c5c5c;
  return (
    (((x - 0x21212121) & ~x) | x | (x + 0x01010101) | ((q - 0x01010101) & ~q) | ((s - 0x01010101) & ~s)) &
    0x80808080
  );
}

/** Value of a field made of 1 to 15 ASCII digits (exact as a double), else -1. */
function digitsValue(b: Uint8Array, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = b[i] - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** `-?(0|[1-9]\d*)(\.\d+)?` and at most MAX_NUMBER_CHARS characters, on the bytes. */
function isJsonNumber(b: Uint8Array, from: number, to: number): boolean {
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
