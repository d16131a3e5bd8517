/**
 * Streaming splitter that finds complete JSON objects in UTF-8 bytes arriving in chunks, without
 * decoding or parsing them: it tracks only strings and bracket depth. Every byte JSON gives a
 * meaning to is ASCII, and no byte of a multi-byte UTF-8 sequence is, so a character split across
 * chunks needs no care. Each object at `objectDepth` is handed over as its original bytes, to be
 * copied straight into a bulk request; in the same pass it picks the raw text of a few top-level
 * members, so callers read the fields they need without parsing the record.
 * Memory: the current chunk plus one record.
 */
import type { Members } from './json-splitter';

export type { Members } from './json-splitter';

/**
 * Receives one object: its bytes are `buf[start, end)`. `buf` may be the chunk itself, so the
 * bytes must be copied (not kept) before the next chunk is pushed.
 */
export type EmitObject = (buf: Buffer, start: number, end: number, members: Members) => void;

export class JsonByteSplitter {
  private depth = 0;
  private inString = false;
  /** Bytes to skip at the start of the next chunk: an escape began on the last byte of this one. */
  private skip = 0;
  /** Pieces of the current object from earlier chunks, and their total length. */
  private parts: Buffer[] = [];
  private partsLength = 0;
  private inObject = false;
  private objectsSeen = 0;
  // Member capture state, in positions relative to the start of the current object.
  private expectKey = false;
  private stringStart = -1;
  private currentKey: string | null = null;
  private valueStart = -1;
  private literalStart = -1;
  private memberString = false;
  private readonly spanKeys: string[] = [];
  private readonly spanBounds: number[] = [];
  /** Wanted names (ASCII) by length, so keys are matched in place instead of decoded. */
  private readonly wantedByLength: Array<string[] | undefined> = [];

  /**
   * @param objectDepth 0 for concatenated or newline-delimited objects; 2 for the elements of an
   *   array that is a member of a top-level object (CloudTrail's `{"Records":[...]}`).
   * @param strictTopLevel when true, anything but whitespace between top-level objects is an error.
   * @param wanted top-level member names (ASCII) whose raw JSON text is handed over with each object.
   */
  constructor(
    private readonly objectDepth: number,
    private readonly strictTopLevel: boolean,
    private readonly wanted?: ReadonlySet<string>,
  ) {
    for (const name of wanted ?? []) (this.wantedByLength[name.length] ??= []).push(name);
  }

  get count(): number {
    return this.objectsSeen;
  }

  push(b: Buffer, emit: EmitObject): void {
    const n = b.length;
    const target = this.objectDepth;
    const memberDepth = target + 1;
    const capture = this.wanted !== undefined;
    // Hot loop state in locals (written back before returning or throwing).
    let depth = this.depth;
    let inObject = this.inObject;
    let inString = this.inString;
    let i = this.skip;
    this.skip = 0;
    let start = inObject ? 0 : -1;
    while (i < n) {
      if (inString) {
        let c = b[i];
        while (c !== 34 /* " */) {
          i += c === 92 /* \ */ ? 2 : 1;
          if (i >= n) break;
          c = b[i];
        }
        if (i >= n) break;
        inString = false;
        if (this.memberString) {
          this.memberString = false;
          // Cheap filters first: most member names are not wanted, most values not captured.
          if (this.expectKey) {
            this.expectKey = false;
            this.currentKey = null;
            const length = this.partsLength + i - start - this.stringStart - 1;
            if (this.wantedByLength[length] !== undefined) this.matchKey(b, start, i, length);
          } else if (this.currentKey !== null) {
            this.addSpan(this.currentKey, this.stringStart, this.partsLength + i - start + 1);
          }
        }
        i++;
        continue;
      }
      const c = b[i];
      if (c === 34 /* " */) {
        inString = true;
        if (capture && depth === memberDepth && inObject) {
          this.memberString = true;
          this.stringStart = this.partsLength + i - start;
        }
      } else if (c === 123 /* { */ || c === 91 /* [ */) {
        if (c === 123 && depth === target) {
          start = i;
          inObject = true;
          this.partsLength = 0;
          this.expectKey = true;
          this.currentKey = null;
        } else if (capture && depth === memberDepth && this.currentKey !== null && inObject) {
          this.valueStart = this.partsLength + i - start;
        }
        depth++;
      } else if (c === 125 /* } */ || c === 93 /* ] */) {
        if (capture && depth === memberDepth && inObject) this.endLiteral(this.partsLength + i - start);
        depth--;
        if (depth < 0) {
          this.save(depth, inObject, inString);
          throw new Error(`unbalanced '${String.fromCharCode(c)}' in JSON`);
        }
        if (capture && depth === memberDepth && this.valueStart >= 0) {
          this.addSpan(this.currentKey as string, this.valueStart, this.partsLength + i - start + 1);
          this.valueStart = -1;
        }
        if (depth === target && inObject) {
          if (c !== 125) {
            this.save(depth, inObject, inString);
            throw new Error('mismatched bracket in JSON');
          }
          inObject = false;
          this.objectsSeen++;
          if (this.parts.length === 0) {
            emit(b, start, i + 1, capture ? this.takeMembers(b, start, i + 1) : EMPTY);
          } else {
            this.parts.push(b.subarray(start, i + 1));
            const whole = Buffer.concat(this.parts);
            this.parts = [];
            const members = capture ? this.takeMembers(whole, 0, whole.length) : EMPTY;
            emit(whole, 0, whole.length, members);
          }
          this.partsLength = 0;
          start = -1;
        }
      } else if (depth === 0 && this.strictTopLevel && c > 32) {
        this.save(depth, inObject, inString);
        throw new Error(`unexpected '${String.fromCharCode(c)}' between JSON objects`);
      } else if (capture && depth === memberDepth && inObject) {
        if (c === 44 /* , */) {
          this.endLiteral(this.partsLength + i - start);
          this.expectKey = true;
          this.currentKey = null;
        } else if (c > 32 && c !== 58 /* : */ && this.currentKey !== null && this.literalStart < 0) {
          this.literalStart = this.partsLength + i - start;
        }
      }
      i++;
    }
    if (i > n) this.skip = i - n;
    this.save(depth, inObject, inString);
    if (inObject && start >= 0 && start < n) {
      this.parts.push(b.subarray(start));
      this.partsLength += n - start;
    }
  }

  /** Throws when the bytes ended inside an object or string: a truncated object. */
  end(): void {
    if (this.inString || this.depth !== 0) throw new Error('JSON ends mid-record (truncated object?)');
  }

  private save(depth: number, inObject: boolean, inString: boolean): void {
    this.depth = depth;
    this.inObject = inObject;
    this.inString = inString;
  }

  private matchKey(b: Buffer, start: number, q: number, length: number): void {
    const candidates = this.wantedByLength[length] as string[];
    const keyStartInChunk = this.stringStart - this.partsLength + start + 1;
    if (keyStartInChunk >= 0) {
      for (const name of candidates) {
        let k = 0;
        while (k < length && b[keyStartInChunk + k] === name.charCodeAt(k)) k++;
        if (k === length) this.currentKey = name;
      }
    } else {
      // The key began in an earlier chunk (rare): rebuild it.
      const key = Buffer.concat([...this.parts, b.subarray(start, q)])
        .subarray(this.stringStart + 1)
        .toString('latin1');
      if (candidates.includes(key)) this.currentKey = key;
    }
  }

  private endLiteral(endRel: number): void {
    if (this.literalStart >= 0 && this.currentKey !== null)
      this.addSpan(this.currentKey, this.literalStart, endRel);
    this.literalStart = -1;
  }

  private addSpan(key: string, from: number, to: number): void {
    this.spanKeys.push(key);
    this.spanBounds.push(from, to);
    this.currentKey = null;
  }

  /** `s` is the latin1 view of `b`: ASCII values are sliced from it, others decoded as UTF-8. */
  /**
   * Values are sliced from one latin1 decode of the record (a single native call, where one per
   * value costs more than the rest of the record's fields); non-ASCII ones are decoded as UTF-8.
   */
  private takeMembers(b: Buffer, base: number, end: number): Members {
    const members: Members = {};
    const text = b.toString('latin1', base, end);
    for (let k = 0; k < this.spanKeys.length; k++) {
      let from = this.spanBounds[2 * k];
      let to = this.spanBounds[2 * k + 1];
      while (to > from && b[base + to - 1] <= 32) to--;
      while (from < to && b[base + from] <= 32) from++;
      let ascii = true;
      for (let j = base + from; j < base + to; j++) {
        if (b[j] > 127) {
          ascii = false;
          break;
        }
      }
      members[this.spanKeys[k]] = ascii ? text.slice(from, to) : b.toString('utf8', base + from, base + to);
    }
    this.spanKeys.length = 0;
    this.spanBounds.length = 0;
    return members;
  }
}

const EMPTY: Members = Object.freeze({}) as Members;
