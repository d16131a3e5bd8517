import * as limits from './parsers/safe-json';
import { NOT_WALKED, walkedMembers, walkPlainObject, wantedTable } from './wasm-scanner';

// Module constants, not imported bindings: a transpiled import can be a getter call on every use.
const {
  DEAD_LETTER_PREFIX_CHARS,
  MAX_NESTING_DEPTH,
  MAX_NUMBER_CHARS,
  MAX_RECORD_CHARS,
  escapeLength,
  nextControl,
} = limits;

/**
 * Streaming splitter that finds complete JSON objects in text arriving in chunks, without parsing
 * them: it tracks only strings (skipped with indexOf, which is vectorised) and bracket depth.
 * Each object at `objectDepth` is handed over as its exact original text, so callers can splice
 * it into a bulk body. Optionally, in the same pass, it picks the raw text of a few top-level
 * members of each object, so callers read the fields they need without parsing the record.
 *
 * The same walk validates: an object that starts and ends within one chunk is first walked by a
 * validating scanner (`plainObject`); when it is plain JSON (exactly what `safeJsonObject` would
 * pass unchanged: valid, only spaces as whitespace, no control character, at most
 * MAX_NESTING_DEPTH deep, no number over MAX_NUMBER_CHARS) it is handed over with `plain` true and
 * needs no second pass. Anything else (a record spanning chunks, pretty-printed, hostile, not
 * JSON) falls back to the bracket-counting loop below and is handed over with `plain` false, for
 * `safeJsonObject` to check or rewrite: the records and members handed over are the same either way.
 * Memory: the current chunk plus one record.
 */
export type Members = Record<string, string>;

/**
 * Receives what cannot be handed over as a record, with the reason: a record over
 * MAX_RECORD_CHARS (only its first DEAD_LETTER_PREFIX_CHARS are kept, the rest is skipped without
 * being held), a run of text between top-level objects (up to the next `{` or newline), or the
 * partial record the text ends in. Without it, the splitter throws instead.
 */
export type BadText = (raw: string, reason: string) => void;

/**
 * Receives each object: its exact text, its wanted members' raw text, whether the splitter
 * already validated it as plain JSON (then `safeJsonObject(text)` would return `text` unchanged),
 * and, for a plain object, where it starts in the text last pushed (-1 for any other object).
 */
export type EmitObject = (objectText: string, members: Members, plain: boolean, at: number) => void;

/** Container kinds by depth for `plainObject` (1 object, 2 array); never deeper than the limit. */
const KINDS = new Uint8Array(MAX_NESTING_DEPTH + 2);

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Wanted names of one length, and their characters at `at`, the index that best tells them apart. */
interface NameGroup {
  readonly names: readonly string[];
  readonly at: number;
  readonly codes: readonly number[];
}

function nameGroup(names: readonly string[]): NameGroup {
  let best: NameGroup = { names, at: 0, codes: names.map((name) => name.charCodeAt(0)) };
  let bestDistinct = new Set(best.codes).size;
  for (let at = names[0].length - 1; at > 0; at--) {
    const codes = names.map((name) => name.charCodeAt(at));
    const distinct = new Set(codes).size;
    if (distinct > bestDistinct) {
      best = { names, at, codes };
      bestDistinct = distinct;
    }
  }
  return best;
}

function holds(s: string, from: number, name: string): boolean {
  let k = 0;
  while (k < name.length && s.charCodeAt(from + k) === name.charCodeAt(k)) k++;
  return k === name.length;
}

/**
 * The wanted name of `group` that `s` holds at `from`, else null: one character rules out most
 * candidates, the rest are compared character by character. A call to startsWith per candidate
 * was a fifth of the splitter's walk. (`true`, `false` and `null` are checked by character codes
 * for the same reason.)
 */
function nameAt(s: string, from: number, group: NameGroup): string | null {
  const { names, codes } = group;
  const c = s.charCodeAt(from + group.at);
  for (let k = 0; k < codes.length; k++) if (codes[k] === c && holds(s, from, names[k])) return names[k];
  return null;
}

export class JsonObjectSplitter {
  private depth = 0;
  private inString = false;
  /** The previous chunk ended on a backslash inside a string: the next char is escaped. */
  private pendingEscape = false;
  /** Pieces of the current object from earlier chunks, and their total length. */
  private parts: string[] = [];
  private partsLength = 0;
  private inObject = false;
  private objectsSeen = 0;
  /** The current object passed MAX_RECORD_CHARS: `parts` holds only its prefix. */
  private oversized = false;
  /** `[` levels wrapping top-level objects (`[{...},{...}]`), only when objectDepth is 0. */
  private topArrays = 0;
  /** Text between top-level objects, collected until the next `{` or newline. */
  private junk = '';
  private inJunk = false;
  // Member capture state, in positions relative to the start of the current object.
  private expectKey = false;
  private stringStart = -1;
  private stringDepth = -1;
  private currentKey: string | null = null;
  private valueStart = -1;
  private literalStart = -1;
  private readonly spanKeys: string[] = [];
  private readonly spanBounds: number[] = [];
  /** Wanted names by length, so keys are matched in place instead of sliced out. */
  private readonly wantedByLength: Array<string[] | undefined> = [];
  private readonly groupsByLength: Array<NameGroup | undefined> = [];
  /** The wanted names in the order of their table in the WebAssembly module, and its number. */
  private readonly wantedNames: readonly string[];
  private readonly wantedTable: number;
  /** The members of the object just walked in WebAssembly (else `plainObject` left spans). */
  private walkedPicked: Members | undefined;
  /** In the current chunk: next backslash and next control character (-1: not searched yet). */
  private nextBackslash = -1;
  private nextCtl = -1;

  /**
   * @param objectDepth 0 for concatenated or newline-delimited objects; 2 for the elements of an
   *   array that is a member of a top-level object (CloudTrail's `{"Records":[...]}`).
   * @param strictTopLevel when true, anything but whitespace between top-level objects is an error.
   * @param wanted top-level member names whose raw JSON text is handed over with each object.
   */
  constructor(
    private readonly objectDepth: number,
    private readonly strictTopLevel: boolean,
    private readonly wanted?: ReadonlySet<string>,
  ) {
    this.wantedNames = [...(wanted ?? [])];
    this.wantedTable = wanted === undefined ? -1 : wantedTable(this.wantedNames);
    for (const name of this.wantedNames) (this.wantedByLength[name.length] ??= []).push(name);
    for (const [length, names] of this.wantedByLength.entries())
      if (names !== undefined) this.groupsByLength[length] = nameGroup(names);
  }

  get count(): number {
    return this.objectsSeen;
  }

  /**
   * @param firstControl where the first control character of `s` is (`s.length`: none), when the
   *   caller knows it from a scan of the bytes (chunk-text.ts); -1: the splitter looks for itself.
   * @param bytes `s` as bytes, one per character (an ASCII chunk, chunk-text.ts): plain objects are
   *   then walked by the WebAssembly module (wasm-scanner.ts) instead of `plainObject`.
   */
  push(s: string, emit: EmitObject, bad?: BadText, firstControl = -1, bytes?: Uint8Array): void {
    const n = s.length;
    this.nextBackslash = -1;
    this.nextCtl = firstControl;
    const target = this.objectDepth;
    const memberDepth = target + 1;
    const capture = this.wanted !== undefined;
    const strict = this.strictTopLevel;
    // Hot loop state in locals (written back before returning or throwing).
    let depth = this.depth;
    let inObject = this.inObject;
    let i = this.inJunk ? this.junkRun(s, 0, bad) : 0;
    let start = inObject ? 0 : -1;
    /** Whether the string being skipped is a member name or value of the current object. */
    let memberString = this.inString && this.stringDepth === memberDepth;
    while (i < n) {
      if (this.inString) {
        if (this.pendingEscape) {
          this.pendingEscape = false;
          i++;
          continue;
        }
        const from = i;
        let q = s.indexOf('"', i);
        while (q >= 0) {
          let k = q - 1;
          while (k >= from && s.charCodeAt(k) === 92) k--;
          if ((q - 1 - k) % 2 === 0) break; // even run of backslashes: the quote is real
          q = s.indexOf('"', q + 1);
        }
        if (q < 0) {
          let k = n - 1;
          while (k >= from && s.charCodeAt(k) === 92) k--;
          this.pendingEscape = (n - 1 - k) % 2 === 1;
          i = n;
          break;
        }
        this.inString = false;
        if (memberString) {
          memberString = false;
          // Cheap filters first: most member names are not wanted, most values not captured.
          if (this.expectKey) {
            this.expectKey = false;
            this.currentKey = null;
            const length = this.partsLength + q - start - this.stringStart - 1;
            if (this.wantedByLength[length] !== undefined) this.matchKey(s, start, q, length);
          } else if (this.currentKey !== null) {
            this.addSpan(this.currentKey, this.stringStart, this.partsLength + q - start + 1);
          }
        }
        i = q + 1;
        continue;
      }
      const c = s.charCodeAt(i);
      if (depth === 0 && !inObject && c !== 123) {
        // Between top-level objects: whitespace, a BOM, the `[`, `,` and `]` of a wrapping array
        // (objectDepth 0 only), else text that is no record.
        if (c <= 32 || c === 0xfeff) {
          i++;
          continue;
        }
        if (target === 0 && (c === 91 || (this.topArrays > 0 && (c === 44 || c === 93)))) {
          if (c === 91) this.topArrays++;
          else if (c === 93) this.topArrays--;
          i++;
          continue;
        }
        if (strict) {
          this.depth = depth;
          i = this.junkRun(s, i, bad);
          continue;
        }
        if (c === 125 || c === 93) {
          i++; // a stray close bracket outside any object: ignored, depth never goes negative
          continue;
        }
      }
      if (c === 34 /* " */) {
        this.inString = true;
        if (capture && depth === memberDepth && inObject) {
          memberString = true;
          this.stringDepth = depth;
          this.stringStart = this.partsLength + i - start;
        } else this.stringDepth = -1;
      } else if (c === 123 /* { */ || c === 91 /* [ */) {
        if (c === 123 && depth === target && !inObject) {
          // The common case: a plain object within this chunk, split and validated in one walk.
          const end =
            bytes === undefined ? this.plainObject(s, i, capture) : this.walkedObject(s, bytes, i, capture);
          if (end >= 0) {
            this.objectsSeen++;
            const text = s.slice(i, end + 1);
            const picked = this.walkedPicked;
            this.walkedPicked = undefined;
            emit(text, capture ? (picked ?? this.takeMembers(text)) : EMPTY, true, i);
            i = end + 1;
            continue;
          }
        }
        if (c === 123 && depth === target) {
          start = i;
          inObject = true;
          this.partsLength = 0;
          this.oversized = false;
          this.spanKeys.length = 0;
          this.spanBounds.length = 0;
          this.valueStart = -1;
          this.literalStart = -1;
          this.expectKey = true;
          this.currentKey = null;
        } else if (capture && depth === memberDepth && this.currentKey !== null && inObject) {
          this.valueStart = this.partsLength + i - start;
        }
        depth++;
      } else if (c === 125 /* } */ || c === 93 /* ] */) {
        if (capture && depth === memberDepth && inObject) this.endLiteral(this.partsLength + i - start);
        depth--;
        if (capture && depth === memberDepth && this.valueStart >= 0) {
          this.addSpan(this.currentKey as string, this.valueStart, this.partsLength + i - start + 1);
          this.valueStart = -1;
        }
        if (depth === target && inObject) {
          // A `]` closing the object is caught by the record's validation, not here.
          const length = this.partsLength + i + 1 - start;
          const oversized = this.oversized || length > MAX_RECORD_CHARS;
          const text = oversized
            ? (this.parts.join('') + s.slice(start, start + DEAD_LETTER_PREFIX_CHARS)).slice(
                0,
                DEAD_LETTER_PREFIX_CHARS,
              )
            : this.parts.length === 0
              ? s.slice(start, i + 1)
              : // One join, so the record is a flat string: a concatenation would be read
                // through its pieces by every charCodeAt of the checks that follow.
                (this.parts.push(s.slice(start, i + 1)), this.parts.join(''));
          this.parts = [];
          this.partsLength = 0;
          this.oversized = false;
          inObject = false;
          start = -1;
          this.objectsSeen++;
          if (oversized) {
            this.spanKeys.length = 0;
            this.spanBounds.length = 0;
            this.depth = depth;
            this.inObject = inObject;
            const reason = `record of ${length} characters, over the ${MAX_RECORD_CHARS} limit`;
            if (!bad) throw new Error(reason);
            bad(text, reason);
          } else emit(text, capture ? this.takeMembers(text) : EMPTY, false, -1);
        }
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
    this.depth = depth;
    this.inObject = inObject;
    if (inObject && start >= 0) {
      const piece = s.slice(start);
      if (!this.oversized && this.partsLength + piece.length > MAX_RECORD_CHARS) {
        // Keep only what its dead letter shows; the rest is counted, never held.
        this.oversized = true;
        this.parts = [
          (this.parts.join('') + piece.slice(0, DEAD_LETTER_PREFIX_CHARS)).slice(0, DEAD_LETTER_PREFIX_CHARS),
        ];
      } else if (!this.oversized) this.parts.push(piece);
      this.partsLength += piece.length;
    }
  }

  /**
   * The validating walk of the object opening at `start`: when it is plain JSON and ends within
   * this chunk (and MAX_RECORD_CHARS), records its wanted members (positions relative to `start`)
   * and returns the index of its closing brace; else -1, and the caller's loop takes the object.
   * Allocation-free; strings are skipped with indexOf, and the chunk's next backslash and control
   * character are found once and reused, so only escapes and structure are looked at one by one.
   */
  private plainObject(s: string, start: number, capture: boolean): number {
    const n = Math.min(s.length, start + MAX_RECORD_CHARS);
    let bs = this.nextBackslash;
    if (bs < start) bs = s.indexOf('\\', start);
    if (bs < 0) bs = s.length;
    let ctl = this.nextCtl;
    if (ctl < start) ctl = nextControl(s, start);
    const keys = this.spanKeys;
    const bounds = this.spanBounds;
    if (capture) {
      keys.length = 0;
      bounds.length = 0;
    }
    let depth = 1;
    KINDS[1] = 1;
    let i = start + 1;
    // 0: a value, 1: a member name (or `}` right after `{`), 2: a colon, 3: `,` or a close.
    let expect = 1;
    let justOpened = true;
    /** Wanted member whose value comes next (depth 1), and where a container value began. */
    let key: string | null = null;
    let valueStart = -1;
    let result = -1;
    scan: while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 32) {
        i++;
        continue;
      }
      if (expect === 3 || (justOpened && (c === 125 || c === 93))) {
        if (c === 44 && expect === 3) {
          expect = KINDS[depth] === 1 ? 1 : 0;
          justOpened = false;
          i++;
          continue;
        }
        if ((c === 125 && KINDS[depth] === 1) || (c === 93 && KINDS[depth] === 2)) {
          depth--;
          justOpened = false;
          expect = 3;
          if (depth === 0) {
            result = i;
            break;
          }
          if (depth === 1 && valueStart >= 0) {
            keys.push(key as string);
            bounds.push(valueStart - start, i + 1 - start);
            valueStart = -1;
            key = null;
          }
          i++;
          continue;
        }
        break;
      }
      justOpened = false;
      if (expect === 2) {
        if (c !== 58) break;
        expect = 0;
        i++;
        continue;
      }
      if (expect === 1 && c !== 34) break;
      if (c === 34) {
        let j = i + 1;
        for (;;) {
          const q = s.indexOf('"', j);
          if (q < 0 || q >= n) break scan;
          if (bs < j) {
            bs = s.indexOf('\\', j);
            if (bs < 0) bs = s.length;
          }
          if (bs < q) {
            const length = escapeLength(s, bs);
            if (length === 0) break scan;
            j = bs + length;
            continue;
          }
          if (ctl < q) break scan; // a raw control character in the string
          if (capture && depth === 1) {
            if (expect === 1) {
              key = null;
              const candidates = this.groupsByLength[q - i - 1];
              if (candidates !== undefined) key = nameAt(s, i + 1, candidates);
            } else if (key !== null) {
              keys.push(key);
              bounds.push(i - start, q + 1 - start);
              key = null;
            }
          }
          i = q + 1;
          break;
        }
        expect = expect === 1 ? 2 : 3;
        continue;
      }
      // A value.
      if (c === 123 || c === 91) {
        if (++depth > MAX_NESTING_DEPTH) break;
        if (depth === 2 && key !== null) valueStart = i;
        KINDS[depth] = c === 123 ? 1 : 2;
        expect = c === 123 ? 1 : 0;
        justOpened = true;
        i++;
        continue;
      }
      const from = i;
      if (c === 116) {
        if (s.charCodeAt(i + 1) !== 114 || s.charCodeAt(i + 2) !== 117 || s.charCodeAt(i + 3) !== 101) break;
        i += 4;
      } else if (c === 102) {
        if (
          s.charCodeAt(i + 1) !== 97 ||
          s.charCodeAt(i + 2) !== 108 ||
          s.charCodeAt(i + 3) !== 115 ||
          s.charCodeAt(i + 4) !== 101
        )
          break;
        i += 5;
      } else if (c === 110) {
        if (s.charCodeAt(i + 1) !== 117 || s.charCodeAt(i + 2) !== 108 || s.charCodeAt(i + 3) !== 108) break;
        i += 4;
      } else {
        if (c === 45) i++;
        const intStart = i;
        if (s.charCodeAt(i) === 48) i++;
        else while (isDigit(s.charCodeAt(i))) i++;
        if (i === intStart) break;
        if (s.charCodeAt(i) === 46) {
          const f = ++i;
          while (isDigit(s.charCodeAt(i))) i++;
          if (i === f) break;
        }
        const e = s.charCodeAt(i);
        if (e === 101 || e === 69) {
          i++;
          const sign = s.charCodeAt(i);
          if (sign === 43 || sign === 45) i++;
          const f = i;
          while (isDigit(s.charCodeAt(i))) i++;
          if (i === f) break;
        }
        if (i - from > MAX_NUMBER_CHARS || i > n) break;
      }
      if (capture && depth === 1 && key !== null) {
        keys.push(key);
        bounds.push(from - start, i - start);
        key = null;
      }
      expect = 3;
    }
    this.nextBackslash = bs;
    this.nextCtl = ctl;
    if (result < 0 && capture) {
      keys.length = 0;
      bounds.length = 0;
    }
    return result;
  }

  /**
   * `plainObject`, walked by the WebAssembly module over the chunk's bytes (same rules, same
   * answer; a test compares them on valid, mutated and hostile objects). The module lists every
   * member; the wanted ones are picked here as `plainObject` picks them.
   */
  private walkedObject(s: string, bytes: Uint8Array, start: number, capture: boolean): number {
    const table = capture ? this.wantedTable : -1;
    const end = walkPlainObject(bytes, start, table);
    if (end === NOT_WALKED) return this.plainObject(s, start, capture);
    if (end < 0 || !capture) return end;
    // The members' values straight from the chunk: their bounds are the exact tokens.
    const picked: Members = {};
    const members = walkedMembers();
    const last = 4 + 4 * members[0];
    if (table >= 0) {
      // The module matched the names.
      for (let k = 4; k < last; k += 4)
        picked[this.wantedNames[members[k]]] = s.slice(members[k + 2], members[k + 3]);
    } else {
      for (let k = 4; k < last; k += 4) {
        const nameStart = members[k];
        const group = this.groupsByLength[members[k + 1] - nameStart];
        if (group === undefined) continue;
        const name = nameAt(s, nameStart, group);
        if (name !== null) picked[name] = s.slice(members[k + 2], members[k + 3]);
      }
    }
    this.walkedPicked = picked;
    return end;
  }

  /**
   * Text between objects up to the next `{` or newline (exclusive) is one bad record; it may span
   * chunks. Returns where scanning resumes.
   */
  private junkRun(s: string, i: number, bad: BadText | undefined): number {
    if (!bad) {
      const c = s.charCodeAt(i);
      throw new Error(
        c === 125 || c === 93 ? `unbalanced '${s[i]}' in JSON` : `unexpected '${s[i]}' between JSON objects`,
      );
    }
    const n = s.length;
    let j = i;
    while (j < n) {
      const d = s.charCodeAt(j);
      if (d === 123 || d === 10) break;
      j++;
    }
    // Capped at the same length whatever the chunking: the dead letter must not depend on it.
    const room = DEAD_LETTER_PREFIX_CHARS - this.junk.length;
    if (room > 0) this.junk += s.slice(i, Math.min(j, i + room));
    this.inJunk = true;
    if (j < n) this.flushJunk(bad);
    return j;
  }

  private flushJunk(bad: BadText): void {
    const junk = this.junk;
    this.junk = '';
    this.inJunk = false;
    bad(junk, 'text between JSON objects is not a record');
  }

  /**
   * At the end of the text: a partial record goes to `bad` ("ends mid-record"); without `bad`,
   * throws when the text ended inside an object or string.
   */
  end(bad?: BadText): void {
    if (!bad) {
      if (this.inString || this.depth !== 0) throw new Error('JSON ends mid-record (truncated object?)');
      return;
    }
    if (this.inJunk) this.flushJunk(bad);
    if (this.inObject) {
      const partial = this.parts.join('').slice(0, DEAD_LETTER_PREFIX_CHARS);
      bad(partial, 'JSON ends mid-record (truncated object?)');
    }
    this.parts = [];
    this.partsLength = 0;
    this.inObject = false;
    this.inString = false;
    this.pendingEscape = false;
    this.depth = 0;
  }

  private matchKey(s: string, start: number, q: number, length: number): void {
    const candidates = this.wantedByLength[length] as string[];
    const keyStartInChunk = this.stringStart - this.partsLength + start;
    if (keyStartInChunk >= 0) {
      for (const name of candidates) if (s.startsWith(name, keyStartInChunk + 1)) this.currentKey = name;
    } else {
      // The key began in an earlier chunk (rare): rebuild it.
      const key = (this.parts.join('') + s.slice(start, q)).slice(this.stringStart + 1);
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

  private takeMembers(text: string): Members {
    const members: Members = {};
    for (let k = 0; k < this.spanKeys.length; k++) {
      members[this.spanKeys[k]] = text.slice(this.spanBounds[2 * k], this.spanBounds[2 * k + 1]).trim();
    }
    this.spanKeys.length = 0;
    this.spanBounds.length = 0;
    return members;
  }
}

const EMPTY: Members = Object.freeze({}) as Members;
