import * as crypto from 'node:crypto';
import type { LogType } from '../../opensearch/log-types';

/** The facts every document carries where its source has them (see COMMON_FIELDS). */
export interface CommonFields {
  readonly logType: LogType;
  /** ISO-8601 UTC event time. */
  readonly timestamp: string;
  readonly accountId?: string;
  readonly region?: string;
  readonly sourceIp?: string;
  readonly destinationIp?: string;
  readonly userName?: string;
  readonly action?: string;
  readonly outcome?: 'success' | 'failure';
}

const str = JSON.stringify;

/**
 * `JSON.stringify(value)` for a string, without the call for the usual value that needs no
 * escape (no quote, backslash, control character or surrogate): the same text, byte for byte.
 */
function quote(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) return str(value);
  }
  return '"' + value + '"';
}

/** Entries a piece cache holds before it starts over: enough for an object's actions and users. */
const MAX_CACHED_PIECES = 256;
/** Longer values are quoted each time: the caches together stay near 1 MB whatever the values. */
const MAX_CACHED_CHARS = 128;

/**
 * A copy of `text` that shares no memory with it. Values are slices of a chunk's text, and a
 * cached slice would keep the whole chunk alive; UTF-16 round-trips every code unit as it is.
 */
function detached(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}

/**
 * Pieces of the common fields that repeat from record to record (the event member by action and
 * outcome, the cloud member by account and region, the user member), kept as the text
 * they quote to: a head of five pieces instead of twenty, and no escape scan of repeated values.
 * Fewer pieces also make the head cheaper to flatten when the writer encodes it.
 */
const eventPieces = {
  success: new Map<string | undefined, { logType: string; piece: string }>(),
  failure: new Map<string | undefined, { logType: string; piece: string }>(),
  none: new Map<string | undefined, { logType: string; piece: string }>(),
};
const userPieces = new Map<string, string>();
const cloudPieces = new Map<string | undefined, Map<string | undefined, string>>();
/** Account and region pairs in `cloudPieces`, all accounts together. */
let cloudEntries = 0;

function eventPiece(logType: LogType, action: string | undefined, outcome: CommonFields['outcome']): string {
  const pieces = eventPieces[outcome ?? 'none'];
  const cached = pieces.get(action);
  if (cached !== undefined && cached.logType === logType) return cached.piece;
  let piece = ',"event":{"dataset":"' + logType + '"';
  if (action !== undefined) piece += ',"action":' + quote(action);
  if (outcome !== undefined) piece += ',"outcome":"' + outcome + '"';
  piece += '}';
  if (action !== undefined && action.length > MAX_CACHED_CHARS) return piece;
  if (pieces.size >= MAX_CACHED_PIECES) pieces.clear();
  piece = detached(piece);
  pieces.set(action === undefined ? undefined : detached(action), { logType, piece });
  return piece;
}

function cloudPiece(accountId: string | undefined, region: string | undefined): string {
  let byRegion = cloudPieces.get(accountId);
  let piece = byRegion?.get(region);
  if (piece !== undefined) return piece;
  piece = '';
  if (accountId !== undefined) {
    piece = ',"cloud":{"account":{"id":' + quote(accountId) + '}';
    if (region !== undefined) piece += ',"region":' + quote(region);
    piece += '}';
  } else if (region !== undefined) piece = ',"cloud":{"region":' + quote(region) + '}';
  if (piece.length > 2 * MAX_CACHED_CHARS) return piece;
  if (cloudEntries >= MAX_CACHED_PIECES) {
    cloudPieces.clear();
    cloudEntries = 0;
    byRegion = undefined;
  }
  if (byRegion === undefined) {
    byRegion = new Map();
    cloudPieces.set(accountId === undefined ? undefined : detached(accountId), byRegion);
  }
  piece = detached(piece);
  byRegion.set(region === undefined ? undefined : detached(region), piece);
  cloudEntries++;
  return piece;
}

function userPiece(userName: string): string {
  let piece = userPieces.get(userName);
  if (piece !== undefined) return piece;
  piece = ',"user":{"name":' + quote(userName) + '}';
  if (userName.length > MAX_CACHED_CHARS) return piece;
  if (userPieces.size >= MAX_CACHED_PIECES) userPieces.clear();
  piece = detached(piece);
  userPieces.set(detached(userName), piece);
  return piece;
}

/**
 * Opening of a document holding the common fields, without its closing brace, so the caller can
 * append the source's own fields. Nested objects (not dotted keys) so `_source` reads the same as
 * the mapping paths `event.dataset`, `cloud.account.id`...
 */
export function commonFieldsJson(c: CommonFields): string {
  let out =
    '{"@timestamp":' +
    quote(c.timestamp) +
    eventPiece(c.logType, c.action, c.outcome) +
    cloudPiece(c.accountId, c.region);
  if (c.sourceIp !== undefined) out += ',"source":{"ip":' + quote(c.sourceIp) + '}';
  if (c.destinationIp !== undefined) out += ',"destination":{"ip":' + quote(c.destinationIp) + '}';
  if (c.userName !== undefined) out += userPiece(c.userName);
  return out;
}

/** A document after `spliceDocument`: the head, then the rest as text or as UTF-8 bytes. */
export type SplicedDocument =
  | { readonly head: string; readonly json: string; readonly bytes?: undefined }
  | { readonly head: string; readonly json?: undefined; readonly bytes: Buffer };

/**
 * Splices the common fields (and any `derived` members) in front of a record that is already a JSON object, keeping the
 * original bytes: no parse-and-stringify round trip on the hot path.
 */
export function spliceDocument(
  common: CommonFields,
  originalObject: string,
  /** Derived members (JSON text without braces, e.g. `"siem":{...}`) added after the common fields. */
  derived?: string,
): { head: string; json: string };
/**
 * With `source`, the UTF-8 bytes `originalObject` was decoded from one byte per character, and
 * `at` where it starts in them: the rest of the document is then those bytes (a view, no copy),
 * so the writer copies them instead of encoding the text again. Same document either way.
 */
export function spliceDocument(
  common: CommonFields,
  originalObject: string,
  derived: string | undefined,
  source: Buffer | undefined,
  at: number,
): SplicedDocument;
export function spliceDocument(
  common: CommonFields,
  originalObject: string,
  derived?: string,
  source?: Buffer,
  at = -1,
): SplicedDocument {
  const head = derived === undefined ? commonFieldsJson(common) : `${commonFieldsJson(common)},${derived}`;
  let i = 0;
  while (originalObject.charCodeAt(i) <= 32) i++; // skip whitespace before '{'
  let j = i + 1;
  while (originalObject.charCodeAt(j) <= 32) j++;
  // One shape for every result, both keys set: the parsers copy it into their record as it is.
  if (originalObject.charCodeAt(j) === 125 /* } */) return { head, json: '}', bytes: undefined };
  if (source !== undefined && at >= 0)
    return {
      head: `${head},`,
      json: undefined,
      bytes: source.subarray(at + i + 1, at + originalObject.length),
    };
  return { head: `${head},`, json: originalObject.slice(i + 1), bytes: undefined };
}

/** The whole text of a parsed record's document. */
export function documentText(record: { head?: string; json?: string; bytes?: Buffer }): string {
  const rest = record.bytes !== undefined ? record.bytes.toString('utf8') : (record.json ?? '');
  return record.head === undefined ? rest : record.head + rest;
}

/**
 * SHA-1 of a string's UTF-8 bytes, base64url. The one-shot `crypto.hash` (Node 20.12+, 21.7+)
 * builds no Hash object: about half the CPU of `createHash().update().digest()` per call and
 * far less garbage, with the same digest; the fallback keeps older Node 20 releases working.
 */
const sha1Base64url: (text: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (text) => crypto.hash('sha1', text, 'base64url')
    : (text) => crypto.createHash('sha1').update(text).digest('base64url');

/** Short stable id of an object, the stem of ordinal-based document ids. */
export function objectId(bucket: string, key: string): string {
  return sha1Base64url(`${bucket}/${key}`).slice(0, 20);
}

/** Stable id from arbitrary identifying text (kept short: OpenSearch ids are limited to 512 bytes). */
export function hashId(text: string): string {
  return sha1Base64url(text);
}

const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;

/**
 * What `/^[0-9a-fA-F:]*:[0-9a-fA-F:.]*$/` accepts, in one linear pass (that pattern backtracks
 * quadratically on a run of colons): only hex digits, colons and dots, with a colon before any dot.
 */
function looksLikeIpv6(value: string): boolean {
  let colon = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 58 /* : */) colon = true;
    else if (c === 46 /* . */) {
      if (!colon) return false;
    } else {
      const x = c | 32;
      if (!((c >= 48 && c <= 57) || (x >= 97 && x <= 102))) return false;
    }
  }
  return colon;
}

/** True for IP literals: CloudTrail's sourceIPAddress is often a service name, which the ip type rejects. */
export function isIpAddress(value: string): boolean {
  return IPV4.test(value) || (value.length >= 2 && looksLikeIpv6(value));
}

/**
 * `AWSLogs/<account>/<service>/<region>/...`: where AWS puts account and region in archive keys.
 * Anchored like the key rules of detect-source.ts: only the key's first `AWSLogs/` segment counts.
 */
const AWS_LOGS_KEY = new RegExp(
  String.raw`^(?:(?!AWSLogs/)[^/]+/)*AWSLogs/(?:o-[a-z0-9]+/)?(\d{12})/([^/]+)/([a-z]{2}(?:-[a-z]+)+-\d)/`,
);

export function keyAccountAndRegion(key: string): { accountId?: string; region?: string } {
  const m = AWS_LOGS_KEY.exec(key);
  return m ? { accountId: m[1], region: m[3] } : {};
}

/**
 * The `_id` of a document: its record's id (CloudTrail `eventID`, log event `id`, finding
 * `Id|UpdatedAt`, `<object>-<ordinal>`) hashed together with the archive bucket and the account
 * of the key. Record ids come from content a writer controls; namespaced, a forged id can only
 * collide with documents of the same bucket and the same (key prefix) account, i.e. its own.
 */
export function namespacedId(bucket: string, accountId: string | undefined, recordId: string): string {
  return sha1Base64url(`${bucket}|${accountId ?? ''}|${recordId}`);
}

/**
 * `namespacedId` for one object's records: the `bucket|account|` prefix is built once, so each
 * record costs one concatenation and one digest (same ids as `namespacedId`).
 */
export function namespacedIds(bucket: string, accountId: string | undefined): (recordId: string) => string {
  const prefix = `${bucket}|${accountId ?? ''}|`;
  return (recordId) => sha1Base64url(prefix + recordId);
}

const JSON_STRING = String.raw`"(?:[^"\\]|\\.)*"`;
/**
 * The opening `commonFieldsJson` writes, up to the account: exact, so nothing of the record
 * itself (which follows the common fields) can be taken for it.
 */
const COMMON_OPENING = new RegExp(
  String.raw`^\{"@timestamp":${JSON_STRING},"event":\{"dataset":"[a-z0-9]+"(?:,"action":${JSON_STRING})?` +
    String.raw`(?:,"outcome":"(?:success|failure)")?\}(?:,"cloud":\{"account":\{"id":(${JSON_STRING})\})?`,
);

/** Start of a parsed record's document: every parser begins it with `commonFieldsJson`. */
function documentOpening(record: { head?: string; json?: string }): string {
  return record.head ?? record.json ?? '';
}

/**
 * `cloud.account.id` of a parsed record's document: the account its content claims. `undefined`
 * when the document names none, `null` when it does not open with the common fields at all.
 */
export function documentAccount(record: { head?: string; json?: string }): string | undefined | null {
  const m = COMMON_OPENING.exec(documentOpening(record));
  if (!m) return null;
  return m[1] === undefined ? undefined : (JSON.parse(m[1]) as string);
}

const EVENT_OPENING = /^\{"@timestamp":"(?:[^"\\]|\\.)*","event":\{/;

/**
 * The same record with `event.routing` (why it is not in the index of its event day) added to
 * its common fields; `@timestamp` keeps the event time. Undefined when the document does not
 * open with the common fields, so the caller can dead-letter it rather than guess.
 */
export function withRouting<T extends { head?: string; json?: string }>(
  record: T,
  routing: string,
): { head: string } | { json: string } | undefined {
  const opening = documentOpening(record);
  const m = EVENT_OPENING.exec(opening);
  if (!m) return undefined;
  const text = `${m[0]}"routing":${str(routing)},${opening.slice(m[0].length)}`;
  return record.head !== undefined ? { head: text } : { json: text };
}

/** `/YYYY/MM/DD/` of the AWSLogs, Firehose and log-transfer layouts (the last one wins). */
const KEY_DAY_PATH = /(?:^|\/)(\d{4})\/(\d{2})\/(\d{2})\//g;
/** `.YYYY-MM-DD-HH.` of CloudFront, `YYYY-MM-DD-HH-MM-SS-` of S3 server access logs. */
const KEY_DAY_DASHED = /(?<!\d)(\d{4})-(\d{2})-(\d{2})-\d{2}[.-]/;

function dayStart(year: string, month: string, day: string): number | undefined {
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day));
  const d = new Date(ms);
  return d.getUTCFullYear() === Number(year) &&
    d.getUTCMonth() === Number(month) - 1 &&
    d.getUTCDate() === Number(day)
    ? ms
    : undefined;
}

/** Start (epoch ms, UTC) of the day an archive key was written under, when the key names one. */
export function keyDayStart(key: string): number | undefined {
  let start: number | undefined;
  for (const m of key.matchAll(KEY_DAY_PATH)) start = dayStart(m[1], m[2], m[3]) ?? start;
  if (start !== undefined) return start;
  const dashed = KEY_DAY_DASHED.exec(key);
  return dashed ? dayStart(dashed[1], dashed[2], dashed[3]) : undefined;
}
