/*
 * Reads a few top-level members of a JSON object without parsing the rest: a shallow scan that
 * skips strings with indexOf and nested values by bracket depth. Used where only a handful of
 * fields are needed from large records (CloudTrail) and the record is kept as text anyway.
 * The scan assumes well-formed JSON; a malformed record is caught later by the cluster and goes
 * through the fallback path.
 */

/** Index of the quote closing the string that opens at `i`, or -1. */
export function stringEnd(text: string, i: number): number {
  let q = text.indexOf('"', i + 1);
  while (q >= 0) {
    let k = q - 1;
    while (text.charCodeAt(k) === 92) k--;
    if ((q - 1 - k) % 2 === 0) return q;
    q = text.indexOf('"', q + 1);
  }
  return -1;
}

function skipWhitespace(text: string, i: number): number {
  let c = text.charCodeAt(i);
  while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++i);
  return i;
}

/** End (exclusive) of the JSON value starting at `i`. */
function valueEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 34) return stringEnd(text, i) + 1;
  if (c === 123 || c === 91) {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === 34) j = stringEnd(text, j);
      else if (d === 123 || d === 91) depth++;
      else if ((d === 125 || d === 93) && --depth === 0) return j + 1;
      if (j < 0) return -1;
    }
    return -1;
  }
  let j = i;
  for (; j < text.length; j++) {
    const d = text.charCodeAt(j);
    if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
  }
  return j;
}

/**
 * Raw JSON text of the wanted top-level members of the object in `text` (from `from` to `to`).
 * Stops early once every wanted member has been seen.
 */
export function topLevelMembers(
  text: string,
  wanted: ReadonlySet<string>,
  from = 0,
  to = text.length,
): Record<string, string> {
  const out: Record<string, string> = {};
  let found = 0;
  let i = skipWhitespace(text, from);
  if (text.charCodeAt(i) !== 123) return out;
  i = skipWhitespace(text, i + 1);
  while (i < to && text.charCodeAt(i) === 34) {
    const keyEnd = stringEnd(text, i);
    if (keyEnd < 0) break;
    const key = text.slice(i + 1, keyEnd);
    i = skipWhitespace(text, keyEnd + 1);
    if (text.charCodeAt(i) !== 58) break; // ':'
    const start = skipWhitespace(text, i + 1);
    const end = valueEnd(text, start);
    if (end < 0) break;
    if (wanted.has(key)) {
      out[key] = text.slice(start, end);
      if (++found === wanted.size) break;
    }
    i = skipWhitespace(text, end);
    if (text.charCodeAt(i) === 44) i = skipWhitespace(text, i + 1);
  }
  return out;
}

/**
 * `topLevelMembers(text, new Set([name]))[name]`, without the set, the member object or a slice of
 * every name: raw text of the first top-level member whose name is written exactly as `name`.
 */
export function firstMember(text: string, name: string): string | undefined {
  let i = skipWhitespace(text, 0);
  if (text.charCodeAt(i) !== 123) return undefined;
  i = skipWhitespace(text, i + 1);
  while (i < text.length && text.charCodeAt(i) === 34) {
    const keyEnd = stringEnd(text, i);
    if (keyEnd < 0) break;
    const named = keyEnd - i - 1 === name.length && text.startsWith(name, i + 1);
    i = skipWhitespace(text, keyEnd + 1);
    if (text.charCodeAt(i) !== 58) break; // ':'
    const start = skipWhitespace(text, i + 1);
    const end = valueEnd(text, start);
    if (end < 0) break;
    if (named) return text.slice(start, end);
    i = skipWhitespace(text, end);
    if (text.charCodeAt(i) === 44) i = skipWhitespace(text, i + 1);
  }
  return undefined;
}

/** Value of a raw JSON string member, or undefined for any other JSON type. */
export function jsonString(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.charCodeAt(0) !== 34) return undefined;
  if (raw.indexOf('\\') < 0) return raw.slice(1, -1);
  try {
    return JSON.parse(raw) as string;
  } catch {
    return undefined; // an invalid escape: records are validated first, this is a last guard
  }
}

/**
 * Raw text of the last top-level member named `name` of the object in `text` (names compared
 * decoded; of duplicate names the last counts, as with JSON.parse). Undefined when `text` is not
 * an object or has no such member, null when the walk finds it malformed.
 */
export function lastMember(text: string, name: string): string | undefined | null {
  let i = skipWhitespace(text, 0);
  if (text.charCodeAt(i) !== 123) return undefined;
  i = skipWhitespace(text, i + 1);
  if (text.charCodeAt(i) === 125) return undefined;
  let found: string | undefined;
  for (;;) {
    if (text.charCodeAt(i) !== 34) return null;
    const keyEnd = stringEnd(text, i);
    if (keyEnd < 0) return null;
    const key = text.slice(i + 1, keyEnd);
    const named = key === name || (key.indexOf('\\') >= 0 && jsonString(text.slice(i, keyEnd + 1)) === name);
    i = skipWhitespace(text, keyEnd + 1);
    if (text.charCodeAt(i) !== 58) return null; // ':'
    const start = skipWhitespace(text, i + 1);
    const end = valueEnd(text, start);
    if (end <= start) return null;
    if (named) found = text.slice(start, end);
    i = skipWhitespace(text, end);
    const c = text.charCodeAt(i);
    if (c === 125) return found;
    if (c !== 44) return null; // ','
    i = skipWhitespace(text, i + 1);
  }
}

/** Elements of the JSON array in `text`; -1 when the walk finds it malformed. */
export function arrayLength(text: string): number {
  let i = skipWhitespace(text, 0);
  if (text.charCodeAt(i) !== 91) return -1;
  i = skipWhitespace(text, i + 1);
  if (text.charCodeAt(i) === 93) return 0;
  for (let count = 1; ; count++) {
    const end = valueEnd(text, i);
    if (end <= i) return -1;
    i = skipWhitespace(text, end);
    const c = text.charCodeAt(i);
    if (c === 93) return count;
    if (c !== 44) return -1;
    i = skipWhitespace(text, i + 1);
  }
}
