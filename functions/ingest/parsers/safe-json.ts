import { isIpAddress } from '../documents';

/*
 * Guards between untrusted log text and the bulk body. Every document the parsers emit is one
 * line of valid JSON, nests at most MAX_NESTING_DEPTH levels and comes from a record of bounded
 * size; a record that cannot be made so is dead-lettered with its reason, never thrown.
 *
 * Limits (also in the README, "Nothing lost"):
 * - MAX_RECORD_CHARS: one JSON record (a CloudTrail or WAF record, a CloudWatch payload line) is at
 *   most 16 Mi UTF-16 units; a longer one is dead-lettered (its first 64 Ki units kept) without
 *   ever being held whole, so memory stays bounded whatever the input.
 * - MAX_LINE_CHARS: one line of a delimited format (VPC flow, ELB, S3 access, CloudFront) is at most
 *   1 Mi units (bytes for the VPC flow byte path).
 * - MAX_NESTING_DEPTH: a record's JSON (or a CloudWatch message's JSON) nests at most 64 objects
 *   and arrays. A subtree starting deeper is kept in place as a JSON string of its original text,
 *   so the cluster never parses the deep structure (a flat_object mapper recurses per level and
 *   overflows its stack on thousands of levels) and nothing is lost.
 * - MAX_NUMBER_CHARS: a JSON number token is at most 64 characters; a longer one becomes a string
 *   (Jackson refuses numbers over 1,000 digits and the whole document with it).
 */
export const MAX_RECORD_CHARS = 16 * 1024 * 1024;
export const MAX_LINE_CHARS = 1024 * 1024;
export const MAX_NESTING_DEPTH = 64;
export const MAX_NUMBER_CHARS = 64;
/** What is kept of an oversized record or line for its dead letter. */
export const DEAD_LETTER_PREFIX_CHARS = 64 * 1024;

/** Any C0 control character: none may appear raw in a JSON string, and only three as whitespace. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const CONTROL = /[\u0000-\u001f]/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const CONTROL_GLOBAL = /[\u0000-\u001f]/g;

/** Index of the first control character in `s` at or after `from`, else `s.length`. */
export function nextControl(s: string, from: number): number {
  CONTROL_GLOBAL.lastIndex = from;
  const m = CONTROL_GLOBAL.exec(s);
  return m === null ? s.length : m.index;
}

/**
 * Length of the JSON escape whose backslash is at `at`: 6 for `\uXXXX`, 2 for `\"`, `\\`, `\/`,
 * `\b`, `\f`, `\n`, `\r`, `\t`, 0 when it is no valid escape. The one escape check of the
 * splitter's validating walk and of safeJsonObject's.
 */
export function escapeLength(t: string, at: number): number {
  const e = t.charCodeAt(at + 1);
  if (e === 117 /* u */)
    return isHex(t.charCodeAt(at + 2)) &&
      isHex(t.charCodeAt(at + 3)) &&
      isHex(t.charCodeAt(at + 4)) &&
      isHex(t.charCodeAt(at + 5))
      ? 6
      : 0;
  return e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116
    ? 2
    : 0;
}

function isHex(c: number): boolean {
  const x = c | 32;
  return (x >= 48 && x <= 57) || (x >= 97 && x <= 102);
}

export type SafeJson = { readonly text: string; readonly rewritten: boolean } | { readonly error: string };

const enum Mode {
  Value,
  Key,
  After,
}

/**
 * Checks that `text` is exactly one JSON object (whitespace around it allowed) and returns the text
 * to splice: `text` itself on the fast path (valid, no control characters, shallow enough, no huge
 * numbers), else a rewritten single-line copy (whitespace dropped, control characters in strings
 * escaped, over-long numbers and over-deep subtrees turned into strings), else the reason it is
 * not JSON. Linear in the text: strings are skipped with indexOf, only structure is walked.
 * `plain` says the caller already made the fast-path checks (the splitter does, in its split).
 */
export function safeJsonObject(text: string, plain = false): SafeJson {
  // `plain`: the splitter validated the text in its own walk (JsonObjectSplitter.plainObject).
  if (plain || (!CONTROL.test(text) && isPlainJsonObject(text))) return { text, rewritten: false };
  const scanned = scan(text, []);
  if (typeof scanned === 'string') return { error: scanned };
  return { text: scanned.out as string, rewritten: true };
}

/** Container kinds by depth for isPlainJsonObject (1 object, 2 array); depth never passes the limit. */
const KINDS = new Uint8Array(MAX_NESTING_DEPTH + 2);

/**
 * The fast path, one tight loop with no allocation: true when `t` is one JSON object with only
 * spaces as whitespace, at most MAX_NESTING_DEPTH deep, numbers at most MAX_NUMBER_CHARS long
 * (control characters are ruled out by the caller). False sends the text to `scan`, which says
 * why or rewrites it. Strings are skipped with indexOf; only escapes and structure are looked at.
 */
function isPlainJsonObject(t: string): boolean {
  const n = t.length;
  let depth = 0;
  let i = 0;
  let backslash = t.indexOf('\\');
  // 0: a value, 1: a member name (or `}` right after `{`), 2: a colon, 3: `,` or a close.
  let expect = 0;
  let justOpened = false;
  while (i < n) {
    const c = t.charCodeAt(i);
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
        i++;
        expect = 3;
        justOpened = false;
        if (depth === 0) {
          while (i < n && t.charCodeAt(i) === 32) i++;
          return i === n;
        }
        continue;
      }
      return false;
    }
    justOpened = false;
    if (expect === 2) {
      if (c !== 58) return false;
      expect = 0;
      i++;
      continue;
    }
    if (expect === 1 && c !== 34) return false;
    if (c === 34) {
      let j = i + 1;
      for (;;) {
        const q = t.indexOf('"', j);
        if (q < 0) return false;
        if (backslash >= 0 && backslash < j) backslash = t.indexOf('\\', j);
        if (backslash >= 0 && backslash < q) {
          const length = escapeLength(t, backslash);
          if (length === 0) return false;
          j = backslash + length;
          continue;
        }
        i = q + 1;
        break;
      }
      expect = expect === 1 ? 2 : 3;
      continue;
    }
    // A value.
    if (c === 123 || c === 91) {
      if (++depth > MAX_NESTING_DEPTH) return false;
      KINDS[depth] = c === 123 ? 1 : 2;
      expect = c === 123 ? 1 : 0;
      justOpened = true;
      i++;
      continue;
    }
    if (depth === 0) return false;
    if (c === 116) {
      if (!t.startsWith('true', i)) return false;
      i += 4;
    } else if (c === 102) {
      if (!t.startsWith('false', i)) return false;
      i += 5;
    } else if (c === 110) {
      if (!t.startsWith('null', i)) return false;
      i += 4;
    } else {
      const from = i;
      if (t.charCodeAt(i) === 45) i++;
      const intStart = i;
      if (t.charCodeAt(i) === 48) i++;
      else while (isDigit(t.charCodeAt(i))) i++;
      if (i === intStart) return false;
      if (t.charCodeAt(i) === 46) {
        const f = ++i;
        while (isDigit(t.charCodeAt(i))) i++;
        if (i === f) return false;
      }
      const e = t.charCodeAt(i);
      if (e === 101 || e === 69) {
        i++;
        const sign = t.charCodeAt(i);
        if (sign === 43 || sign === 45) i++;
        const f = i;
        while (isDigit(t.charCodeAt(i))) i++;
        if (i === f) return false;
      }
      if (i - from > MAX_NUMBER_CHARS) return false;
    }
    expect = 3;
  }
  return false;
}

interface ScanResult {
  readonly needsRewrite: boolean;
  readonly out?: string;
}

function escapeControl(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
/**
 * One walk over the text: validates it (an error message when invalid) and, when `out` is given,
 * writes the safe single-line copy into it.
 */
function scan(t: string, out: string[] | undefined): ScanResult | string {
  const n = t.length;
  const write = out !== undefined;
  let needsRewrite = false;
  // Container kinds, 1 = object, 2 = array; grown on demand (depth is bounded only by the text).
  let stack = new Uint8Array(64);
  let depth = 0;
  let backslash = t.indexOf('\\');
  /** While > 0: inside an over-deep subtree that starts at `cutFrom`, written out as one string. */
  let cutDepth = 0;
  let cutFrom = -1;
  const emit = (s: string) => {
    if (write && cutDepth === 0) out.push(s);
  };
  const ws = (i: number): number => {
    let c = t.charCodeAt(i);
    while (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff) {
      if (c !== 32) needsRewrite = true;
      c = t.charCodeAt(++i);
    }
    return i;
  };
  /** End (index after the closing quote) of the string opening at `i`, or an error. */
  const string = (i: number): number | string => {
    let j = i + 1;
    for (;;) {
      const q = t.indexOf('"', j);
      if (q < 0) return 'unterminated string';
      if (backslash >= 0 && backslash < j) backslash = t.indexOf('\\', j);
      if (backslash >= 0 && backslash < q) {
        const length = escapeLength(t, backslash);
        if (length === 0)
          return t.charCodeAt(backslash + 1) === 117
            ? 'invalid \\u escape in string'
            : 'invalid escape in string';
        j = backslash + length;
        continue;
      }
      if (write && cutDepth === 0) {
        const s = t.slice(i, q + 1);
        out.push(CONTROL.test(s) ? s.replace(CONTROL_GLOBAL, escapeControl) : s);
      }
      return q + 1;
    }
  };
  const number = (i: number): number | string => {
    let j = i;
    if (t.charCodeAt(j) === 45) j++;
    const intStart = j;
    if (t.charCodeAt(j) === 48) j++;
    else while (isDigit(t.charCodeAt(j))) j++;
    if (j === intStart) return 'invalid value';
    if (t.charCodeAt(j) === 46) {
      const f = ++j;
      while (isDigit(t.charCodeAt(j))) j++;
      if (j === f) return 'invalid number';
    }
    const e = t.charCodeAt(j);
    if (e === 101 || e === 69) {
      j++;
      const s = t.charCodeAt(j);
      if (s === 43 || s === 45) j++;
      const f = j;
      while (isDigit(t.charCodeAt(j))) j++;
      if (j === f) return 'invalid number';
    }
    if (j - i > MAX_NUMBER_CHARS) {
      needsRewrite = true;
      emit(`"${t.slice(i, j)}"`);
    } else emit(t.slice(i, j));
    return j;
  };
  const open = (i: number, kind: number) => {
    if (depth === stack.length) {
      const grown = new Uint8Array(stack.length * 2);
      grown.set(stack);
      stack = grown;
    }
    stack[depth++] = kind;
    if (depth > MAX_NESTING_DEPTH) {
      needsRewrite = true;
      if (cutDepth === 0) {
        cutDepth = depth;
        cutFrom = i;
      }
    }
    emit(kind === 1 ? '{' : '[');
  };
  const close = (i: number) => {
    emit(stack[depth - 1] === 1 ? '}' : ']');
    if (depth === cutDepth) {
      cutDepth = 0;
      emit(JSON.stringify(t.slice(cutFrom, i + 1)));
    }
    depth--;
  };

  let i = ws(0);
  if (t.charCodeAt(i) !== 123) return 'not a JSON object';
  let mode = Mode.Value;
  while (true) {
    if (mode === Mode.Value) {
      const c = t.charCodeAt(i);
      if (c === 123) {
        open(i, 1);
        i = ws(i + 1);
        if (t.charCodeAt(i) === 125) {
          close(i);
          i++;
          mode = Mode.After;
        } else mode = Mode.Key;
        continue;
      }
      if (c === 91) {
        open(i, 2);
        i = ws(i + 1);
        if (t.charCodeAt(i) === 93) {
          close(i);
          i++;
          mode = Mode.After;
        }
        continue;
      }
      let end: number | string;
      if (c === 34) end = string(i);
      else if (c === 116 && t.startsWith('true', i)) end = i + 4;
      else if (c === 102 && t.startsWith('false', i)) end = i + 5;
      else if (c === 110 && t.startsWith('null', i)) end = i + 4;
      else end = number(i);
      if (typeof end === 'string') return end;
      if (c === 116 || c === 102 || c === 110) emit(t.slice(i, end));
      i = end;
      mode = Mode.After;
      continue;
    }
    if (mode === Mode.Key) {
      if (t.charCodeAt(i) !== 34) return 'expected a member name';
      const end = string(i);
      if (typeof end === 'string') return end;
      i = ws(end);
      if (t.charCodeAt(i) !== 58) return "expected ':' after a member name";
      emit(':');
      i = ws(i + 1);
      mode = Mode.Value;
      continue;
    }
    // After a value.
    if (depth === 0) {
      i = ws(i);
      if (i < n) return 'text after the JSON object';
      break;
    }
    i = ws(i);
    const c = t.charCodeAt(i);
    const kind = stack[depth - 1];
    if (c === 44) {
      emit(',');
      i = ws(i + 1);
      mode = kind === 1 ? Mode.Key : Mode.Value;
    } else if ((c === 125 && kind === 1) || (c === 93 && kind === 2)) {
      close(i);
      i++;
    } else return i >= n ? 'JSON ends mid-record' : `unexpected character at ${i}`;
  }
  return { needsRewrite, out: write ? out.join('') : undefined };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** JSON text of any value, or of the reason it cannot be serialized (a cycle, too deep). */
export function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (err) {
    return JSON.stringify(`unserializable value: ${String(err)}`);
  }
}

/** Longest textual IP address (IPv6 with an embedded IPv4). */
const MAX_IP_CHARS = 45;

/**
 * `value` when it is an IP literal, else undefined. The length bound comes first: the IPv6 pattern
 * backtracks quadratically on long runs of colons, so it never sees more than 45 characters.
 */
export function ipOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.length >= 2 && value.length <= MAX_IP_CHARS && isIpAddress(value)
    ? value
    : undefined;
}

/** Longest document id OpenSearch accepts, in UTF-8 bytes. */
const MAX_ID_BYTES = 512;

/** `value` when it can be a document id (a non-empty string of at most 512 UTF-8 bytes), else undefined. */
export function idOf(value: unknown): string | undefined {
  return typeof value === 'string' &&
    value !== '' &&
    value.length <= MAX_ID_BYTES &&
    // At most 3 UTF-8 bytes per UTF-16 unit: the byte count is needed only for long ids.
    (value.length * 3 <= MAX_ID_BYTES || Buffer.byteLength(value) <= MAX_ID_BYTES)
    ? value
    : undefined;
}

/** `value` when it is a string, else undefined: hostile records put objects where AWS puts text. */
export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The message of anything thrown. */
export function reasonOf(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
