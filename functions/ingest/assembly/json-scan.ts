/*
 * AssemblyScript source of the ingestion's WebAssembly module (functions/ingest/wasm-scanner.ts
 * loads it; `npm run build:wasm` compiles it to json-scan-module.ts, and a unit test checks that
 * the embedded module is this source compiled). It works on one chunk of an object, copied to
 * address 0 with a zero byte after it:
 * - `scan`: the first byte below 0x20 or above 0x7f, 16 bytes at a time.
 * - `plainObject`: the JSON splitter's validating walk (json-splitter.ts, `plainObject`), the
 *   same rules to the character: the object must be plain JSON that `safeJsonObject` would pass
 *   unchanged. It lists every top-level member's name and value bounds for the caller to pick
 *   from. In JavaScript this walk was a fifth of CloudTrail's CPU: one `indexOf` per string and
 *   a bounds-checked `charCodeAt` per structural character.
 * Nothing here allocates: the memory layout below is fixed, and the module has no runtime.
 */

/** The chunk, its zero terminator, and room for a 16-byte load that starts at the terminator. */
const CHUNK_CAPACITY: usize = 65536;
/** Container kind per depth while walking (1 object, 2 array). */
const KINDS: usize = CHUNK_CAPACITY + 32;
/** Member count of the last object walked, then four i32 per member. */
export const MEMBERS: usize = KINDS + 128;
const SPANS: usize = MEMBERS + 16;
const SPANS_END: usize = 327680;
const MAX_MEMBERS: i32 = <i32>((SPANS_END - SPANS) / 16);
/**
 * Tables of wanted member names, written by the caller: per table, a 64-bit mask of the names'
 * lengths, their count, then each name as its length byte and its bytes.
 */
export const WANTED: usize = SPANS_END;
export const WANTED_TABLES: i32 = 16;
export const WANTED_TABLE_BYTES: i32 = 1024;
// The area this module owns ends after the tables, at 344,064: AssemblyScript's own data starts
// there (--memoryBase in scripts/wasm/build-wasm.ts).

/** Same limits as functions/ingest/parsers/safe-json.ts (a unit test compares them). */
export const MAX_NESTING_DEPTH: i32 = 64;
export const MAX_NUMBER_CHARS: i32 = 64;
export const CAPACITY: i32 = <i32>CHUNK_CAPACITY;

/** Result of `plainObject` when the member table is full: the caller walks the object itself. */
export const UNDECIDED: i32 = -2;

/** Index of the first byte in [from, to) below 0x20 or above 0x7f, else `to`. */
export function scan(from: usize, to: usize): usize {
  const space = i8x16.splat(32);
  // Signed, a byte of 0x80 and up is negative: one comparison finds both kinds.
  while (from + 16 <= to) {
    if (v128.any_true(i8x16.lt_s(v128.load(from), space))) break;
    from += 16;
  }
  while (from < to) {
    if (load<i8>(from) < 32) break;
    from++;
  }
  return from;
}

function isDigit(c: u32): bool {
  return c - 48 < 10;
}

function isHex(c: u32): bool {
  const x = c | 32;
  return x - 48 < 10 || x - 97 < 6;
}

/** Length of the escape whose backslash is at `at` (6, 2, or 0 when invalid): escapeLength's rule. */
function escapeLength(at: usize): usize {
  const e = <u32>load<u8>(at + 1);
  if (e == 117) {
    return isHex(load<u8>(at + 2)) &&
      isHex(load<u8>(at + 3)) &&
      isHex(load<u8>(at + 4)) &&
      isHex(load<u8>(at + 5))
      ? 6
      : 0;
  }
  return e == 34 || e == 92 || e == 47 || e == 98 || e == 102 || e == 110 || e == 114 || e == 116 ? 2 : 0;
}

/**
 * The closing quote of the string whose content starts at `p`, or -1 when a control character
 * (the terminator included) or an invalid escape comes first. Non-ASCII bytes are string content.
 */
function stringEnd(p: usize): isize {
  const quote = i8x16.splat(34);
  const backslash = i8x16.splat(92);
  const space = i8x16.splat(32);
  for (;;) {
    const v = v128.load(p);
    const marks = i8x16.bitmask(
      v128.or(v128.or(i8x16.eq(v, quote), i8x16.eq(v, backslash)), i8x16.lt_u(v, space)),
    );
    if (marks == 0) {
      p += 16;
      continue;
    }
    p += <usize>ctz(marks);
    const c = load<u8>(p);
    if (c == 34) return <isize>p;
    if (c != 92) return -1;
    const length = escapeLength(p);
    if (length == 0) return -1;
    p += length;
  }
  return -1; // not reached: the loop returns
}

function sameBytes(a: usize, b: usize, length: usize): bool {
  let k: usize = 0;
  for (; k + 8 <= length; k += 8) if (load<u64>(a + k) != load<u64>(b + k)) return false;
  for (; k < length; k++) if (load<u8>(a + k) != load<u8>(b + k)) return false;
  return true;
}

/** Which name of the wanted table the `length` bytes at `from` are, else -1. */
function wantedIndex(table: usize, from: usize, length: usize): i32 {
  if (length >= 64 || ((load<u64>(table) >> (<u64>length)) & 1) == 0) return -1;
  const count = <i32>load<u8>(table + 8);
  let entry = table + 9;
  for (let k: i32 = 0; k < count; k++) {
    const entryLength = <usize>load<u8>(entry);
    if (entryLength == length && sameBytes(entry + 1, from, length)) return k;
    entry += 1 + entryLength;
  }
  return -1;
}

/** A member: its name's bounds, or with a wanted table its index there and 0; its value's bounds. */
function addMember(
  count: i32,
  keyStart: usize,
  keyEnd: usize,
  keyIndex: i32,
  valueStart: usize,
  valueEnd: usize,
): void {
  const at = SPANS + ((<usize>count) << 4);
  store<i32>(at, keyIndex >= 0 ? keyIndex : <i32>keyStart);
  store<i32>(at, keyIndex >= 0 ? 0 : <i32>keyEnd, 4);
  store<i32>(at, <i32>valueStart, 8);
  store<i32>(at, <i32>valueEnd, 12);
}

/**
 * Walks the object opening at `start` in the chunk of length `n`. Returns the index of its
 * closing brace when it is plain JSON (only spaces as whitespace, no control character, at most
 * MAX_NESTING_DEPTH deep, no number over MAX_NUMBER_CHARS, valid escapes) and ends within the
 * chunk; -1 otherwise; UNDECIDED when it has more members than the table holds. On success the
 * member table holds the top-level members: with `wanted` (a table's number), those whose name is
 * in that table, as the name's index there, 0, and the value's bounds; with -1, every member, as
 * its name's bounds (without quotes) and its value's.
 */
export function plainObject(start: usize, n: usize, wanted: i32): i32 {
  const table = WANTED + <usize>(wanted * WANTED_TABLE_BYTES);
  const all = wanted < 0;
  let depth: i32 = 1;
  store<u8>(KINDS + 1, 1);
  let i = start + 1;
  // 0: a value, 1: a member name (or `}` right after `{`), 2: a colon, 3: `,` or a close.
  let expect: i32 = 1;
  let justOpened = true;
  let count: i32 = 0;
  let keyStart: usize = 0;
  let keyEnd: usize = 0;
  let keyIndex: i32 = -1;
  let valueStart: usize = 0;
  while (i < n) {
    const c = <u32>load<u8>(i);
    if (c == 32) {
      i++;
      continue;
    }
    if (expect == 3 || (justOpened && (c == 125 || c == 93))) {
      const kind = <u32>load<u8>(KINDS + <usize>depth);
      if (c == 44 && expect == 3) {
        expect = kind == 1 ? 1 : 0;
        justOpened = false;
        i++;
        continue;
      }
      if ((c == 125 && kind == 1) || (c == 93 && kind == 2)) {
        depth--;
        justOpened = false;
        expect = 3;
        if (depth == 0) {
          store<i32>(MEMBERS, count);
          return <i32>i;
        }
        if (depth == 1 && (all || keyIndex >= 0)) {
          if (count == MAX_MEMBERS) return UNDECIDED;
          addMember(count++, keyStart, keyEnd, keyIndex, valueStart, i + 1);
        }
        i++;
        continue;
      }
      return -1;
    }
    justOpened = false;
    if (expect == 2) {
      if (c != 58) return -1;
      expect = 0;
      i++;
      continue;
    }
    if (expect == 1 && c != 34) return -1;
    if (c == 34) {
      const q = stringEnd(i + 1);
      if (q < 0 || <usize>q >= n) return -1;
      if (depth == 1) {
        if (expect == 1) {
          keyStart = i + 1;
          keyEnd = <usize>q;
          if (!all) keyIndex = wantedIndex(table, keyStart, keyEnd - keyStart);
        } else if (all || keyIndex >= 0) {
          if (count == MAX_MEMBERS) return UNDECIDED;
          addMember(count++, keyStart, keyEnd, keyIndex, i, <usize>q + 1);
        }
      }
      i = <usize>q + 1;
      expect = expect == 1 ? 2 : 3;
      continue;
    }
    // A value.
    if (c == 123 || c == 91) {
      if (++depth > MAX_NESTING_DEPTH) return -1;
      if (depth == 2) valueStart = i;
      store<u8>(KINDS + <usize>depth, c == 123 ? 1 : 2);
      expect = c == 123 ? 1 : 0;
      justOpened = true;
      i++;
      continue;
    }
    const from = i;
    if (c == 116) {
      if (load<u8>(i + 1) != 114 || load<u8>(i + 2) != 117 || load<u8>(i + 3) != 101) return -1;
      i += 4;
    } else if (c == 102) {
      if (load<u8>(i + 1) != 97 || load<u8>(i + 2) != 108 || load<u8>(i + 3) != 115 || load<u8>(i + 4) != 101)
        return -1;
      i += 5;
    } else if (c == 110) {
      if (load<u8>(i + 1) != 117 || load<u8>(i + 2) != 108 || load<u8>(i + 3) != 108) return -1;
      i += 4;
    } else {
      if (c == 45) i++;
      const intStart = i;
      if (load<u8>(i) == 48) i++;
      else while (isDigit(load<u8>(i))) i++;
      if (i == intStart) return -1;
      if (load<u8>(i) == 46) {
        const f = ++i;
        while (isDigit(load<u8>(i))) i++;
        if (i == f) return -1;
      }
      const e = load<u8>(i);
      if (e == 101 || e == 69) {
        i++;
        const sign = load<u8>(i);
        if (sign == 43 || sign == 45) i++;
        const f = i;
        while (isDigit(load<u8>(i))) i++;
        if (i == f) return -1;
      }
      if (<i32>(i - from) > MAX_NUMBER_CHARS || i > n) return -1;
    }
    if (depth == 1 && (all || keyIndex >= 0)) {
      if (count == MAX_MEMBERS) return UNDECIDED;
      addMember(count++, keyStart, keyEnd, keyIndex, from, i);
    }
    expect = 3;
  }
  return -1;
}
