import { commonFieldsJson } from '../documents';
import { IsoFormatter, isValidEventTime } from '../iso-time';
import { LineSplitter } from '../line-splitter';
import {
  nodeAt,
  NOT_COLUMNAR,
  type ColumnarRows,
  type CompiledSchema,
  type LeafNode,
  type ParquetNode,
  type StructNode,
} from '../parquet-json';
import type { LogObjectParser, ObjectContext, ParsedRecord, RecordSink, UnparsableRecord } from '../types';
import { MAX_LINE_CHARS, MAX_NESTING_DEPTH, MAX_RECORD_CHARS, ipOf, reasonOf } from './safe-json';

/*
 * OCSF events (Open Cybersecurity Schema Framework 1.x), as Amazon Security Lake stores them: one
 * Parquet row per event (parquet-rows.ts reads them row group by row group), or one JSON object
 * per line (OCSF JSON, which other OCSF producers write). Either way a row becomes one document:
 * every OCSF field at its OCSF path (`class_uid`, `src_endpoint.ip`, `actor.user.name`,
 * `api.operation`...), nulls left out, with the common fields in front:
 *
 * - `@timestamp` = `time` (epoch ms; the Parquet TIMESTAMP is written back as epoch ms, as OCSF JSON has it);
 * - `cloud.account.id` = `cloud.account.uid` (checked by provenance against the key's `accountId=`),
 *   `cloud.region` = `cloud.region`; the mapping makes `cloud.account.uid` an alias of the id, and
 *   any other `cloud.account` member is kept under `siem.ocsf.cloud_account`;
 * - `source.ip` = `src_endpoint.ip`, `destination.ip` = `dst_endpoint.ip`;
 * - `user.name` = the event's `user.name` where the class has a `user` (Authentication, Account
 *   Change), else `actor.user.name` (else its `uid`);
 * - `event.action` = `api.operation`, else `activity_name`; `event.outcome` from `status_id`
 *   (1 success, 2 failure), else from `action_id` (1 allowed, 2 denied).
 *
 * `unmapped` (what the producer could not map: a string map in Security Lake) is indexed as one
 * flat_object up to MAX_UNMAPPED_CHARS; a larger one is kept whole, unindexed, as its JSON text in
 * `siem.ocsf.unmapped_json`. A row with a top-level member the common fields own (`@timestamp`,
 * `event`, `source`, `destination`, `siem`) is dead-lettered whole rather than overwritten.
 * https://schema.ocsf.io/1.1.0/ · https://docs.aws.amazon.com/security-lake/latest/userguide/open-cybersecurity-schema-framework.html
 */

export const MAX_UNMAPPED_CHARS = 16 * 1024;

/** Top-level names of the common fields: an OCSF row has none of them. */
const RESERVED = new Set(['@timestamp', 'event', 'source', 'destination', 'siem']);
/** Written with the common fields, so skipped among the row's own members. */
const MERGED = new Set(['cloud', 'user', 'unmapped']);

const ACCOUNT_ID = /^\d{12}$/;
const str = JSON.stringify;

type Row = Record<string, unknown>;

const isObject = (value: unknown): value is Row =>
  value !== null &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  !(value instanceof Date) &&
  !(value instanceof Uint8Array);

const stringOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

const numberOf = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : undefined;

/** Epoch milliseconds of an OCSF timestamp: a Parquet TIMESTAMP (Date), or a number of ms. */
export function epochMillisOf(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return NaN;
}

/**
 * JSON text of a Parquet value: 64-bit integers as numbers while exact, else as strings (never
 * rounded); TIMESTAMPs as epoch ms; binary as base64; nulls dropped from objects; a subtree
 * deeper than MAX_NESTING_DEPTH kept as its JSON text.
 */
export function jsonOf(value: unknown, depth = 0): string | undefined {
  if (value === null || value === undefined) return undefined;
  switch (typeof value) {
    case 'string':
      return str(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) ? String(value) : str(String(value));
    case 'bigint':
      return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
        ? value.toString()
        : str(value.toString());
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? String(value.getTime()) : undefined;
  if (value instanceof Uint8Array) return str(Buffer.from(value).toString('base64'));
  if (depth >= MAX_NESTING_DEPTH) return str(jsonOf(value, -Infinity) ?? 'null');
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++)
      out += (i === 0 ? '' : ',') + (jsonOf(value[i], depth + 1) ?? 'null');
    return out + ']';
  }
  return '{' + membersJson(value as Row, depth + 1) + '}';
}

/** An object's members as JSON text, without braces; `skip` names members left out. */
function membersJson(row: Row, depth: number, skip?: ReadonlySet<string>): string {
  let out = '';
  let first = true;
  for (const key in row) {
    if (skip?.has(key)) continue;
    const json = jsonOf(row[key], depth);
    if (json === undefined) continue;
    out += (first ? '' : ',') + str(key) + ':' + json;
    first = false;
  }
  return out;
}

/**
 * Rows whose schema is shallower than this cannot reach MAX_NESTING_DEPTH (a document adds at most
 * three levels above a row's values), so they are written by the native serializer.
 */
export const SHALLOW_SCHEMA_DEPTH = MAX_NESTING_DEPTH - 4;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/** While nativeMembers runs: the row whose own members named in `skipKeys` are left out. */
let skipHolder: unknown;
let skipKeys: ReadonlySet<string> | undefined;

/**
 * JSON.stringify's replacer that writes what jsonOf writes: nulls left out, bigints as numbers
 * (as strings past 2^53), non-finite numbers and byte arrays as strings, dates as epoch
 * milliseconds. One native walk builds flat text where jsonOf's concatenation builds a rope per
 * document, whose pieces are most of the garbage a row group leaves.
 */
function parquetValue(this: unknown, key: string, value: unknown): unknown {
  if (this === skipHolder && skipKeys?.has(key)) return undefined;
  switch (typeof value) {
    case 'string': {
      // A Date reaches the replacer as its toJSON text; the holder still has the Date.
      const raw = (this as Row)[key];
      return raw instanceof Date ? raw.getTime() : value;
    }
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value <= MAX_SAFE && value >= MIN_SAFE ? Number(value) : value.toString();
    case 'object':
      if (value === null) return undefined; // an invalid Date's toJSON gives null too
      return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
    default:
      return value;
  }
}

/** jsonOf for a value of a shallow row (no depth bound to apply). */
function nativeJson(value: unknown, _depth?: number): string | undefined {
  return JSON.stringify(value, parquetValue) as string | undefined;
}

/**
 * A leaf value as parquetValue hands it to JSON.stringify, so that the native serializer writes
 * it without the replacer: a date as epoch milliseconds (null when invalid: left out), a 64-bit
 * integer as a number while exact, else as a string, a non-finite number and bytes as strings.
 * Any other object (a JSON or geometry column) may hold what the replacer would change inside it.
 */
export function parquetJsonValue(value: unknown): unknown {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value <= MAX_SAFE && value >= MIN_SAFE ? Number(value) : value.toString();
    case 'string':
    case 'boolean':
      return value;
    case 'object':
      if (value === null) return null;
      if (value instanceof Date) {
        const ms = value.getTime();
        return Number.isFinite(ms) ? ms : null;
      }
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      return NOT_COLUMNAR;
    default:
      return NOT_COLUMNAR;
  }
}

/** membersJson for a shallow row. */
function nativeMembers(row: Row, _depth: number, skip?: ReadonlySet<string>): string {
  skipHolder = row;
  skipKeys = skip;
  try {
    const text = JSON.stringify(row, parquetValue);
    return text.length === 2 ? '' : text.slice(1, -1);
  } finally {
    skipHolder = undefined;
    skipKeys = undefined;
  }
}

function outcomeOf(row: Row): 'success' | 'failure' | undefined {
  const status = numberOf(row.status_id);
  if (status === 1) return 'success';
  if (status === 2) return 'failure';
  const action = numberOf(row.action_id);
  if (action === 1) return 'success';
  if (action === 2) return 'failure';
  return undefined;
}

/** A record or the reason it cannot be one. */
export type OcsfResult = { readonly record: ParsedRecord } | { readonly unparsable: UnparsableRecord };

/** Turns one OCSF row into a document, by the rules in this file's header. */
export function ocsfRecord(
  row: Row,
  ctx: ObjectContext,
  ordinal: number,
  iso: IsoFormatter,
  /** The row's schema is shallower than SHALLOW_SCHEMA_DEPTH: write it natively. */
  shallow = false,
): OcsfResult {
  const valueJson = shallow ? nativeJson : jsonOf;
  const members = shallow ? nativeMembers : membersJson;
  const id = `${ctx.objectId}-${ordinal}`;
  const fail = (error: string): OcsfResult => ({
    unparsable: { ordinal, id, raw: (valueJson(row) ?? '').slice(0, MAX_RECORD_CHARS), error },
  });
  for (const key of RESERVED)
    if (row[key] !== undefined && row[key] !== null)
      return fail(`member ${key} is reserved for the common fields`);
  const timestamp = epochMillisOf(row.time);
  if (!isValidEventTime(timestamp)) return fail('missing or invalid time');

  const cloud = isObject(row.cloud) ? row.cloud : undefined;
  const account = cloud && isObject(cloud.account) ? cloud.account : undefined;
  const uid = stringOf(account?.uid);
  const accountId = uid !== undefined && ACCOUNT_ID.test(uid) ? uid : ctx.accountId;
  const region = stringOf(cloud?.region) ?? ctx.region;
  const actorUser = isObject(row.actor) && isObject(row.actor.user) ? row.actor.user : undefined;
  const user = isObject(row.user) ? row.user : undefined;
  const userName = user ? stringOf(user.name) : (stringOf(actorUser?.name) ?? stringOf(actorUser?.uid));
  const api = isObject(row.api) ? row.api : undefined;
  const src = isObject(row.src_endpoint) ? ipOf(stringOf(row.src_endpoint.ip)) : undefined;
  const dst = isObject(row.dst_endpoint) ? ipOf(stringOf(row.dst_endpoint.ip)) : undefined;

  let head = commonFieldsJson({
    logType: 'ocsf',
    timestamp: iso.format(timestamp),
    action: stringOf(api?.operation) ?? stringOf(row.activity_name),
    outcome: outcomeOf(row),
  });
  // The account opens `cloud` exactly as commonFieldsJson writes it, so provenance reads it.
  if (accountId !== undefined) head += ',"cloud":{"account":{"id":' + str(accountId) + '}';
  else head += ',"cloud":{';
  let cloudFirst = accountId === undefined;
  if (region !== undefined) {
    head += (cloudFirst ? '' : ',') + '"region":' + str(region);
    cloudFirst = false;
  }
  const cloudRest = cloud ? members(cloud, 2, CLOUD_MERGED) : '';
  if (cloudRest !== '') head += (cloudFirst ? '' : ',') + cloudRest;
  head += '}';
  if (src !== undefined) head += ',"source":{"ip":' + str(src) + '}';
  if (dst !== undefined) head += ',"destination":{"ip":' + str(dst) + '}';
  if (user) {
    head += ',"user":' + (valueJson(user, 1) ?? '{}');
  } else if (userName !== undefined) head += ',"user":{"name":' + str(userName) + '}';

  const ocsf: string[] = [];
  const accountRest = account ? members(account, 3, uid === accountId ? UID : undefined) : '';
  if (accountRest !== '') ocsf.push('"cloud_account":{' + accountRest + '}');
  const unmapped = valueJson(row.unmapped, 1);
  if (unmapped !== undefined && unmapped.length > MAX_UNMAPPED_CHARS)
    ocsf.push('"unmapped_json":' + str(unmapped));
  else if (unmapped !== undefined)
    head += ',"unmapped":' + (unmapped.startsWith('{') ? unmapped : `{"value":${unmapped}}`);
  if (ocsf.length > 0) head += ',"siem":{"ocsf":{' + ocsf.join(',') + '}}';

  const rest = members(row, 1, MERGED);
  const json = (rest === '' ? '' : ',' + rest) + '}';
  if (head.length + json.length > MAX_RECORD_CHARS)
    return fail(`document over ${MAX_RECORD_CHARS} characters`);
  return { record: { logType: 'ocsf', timestamp, id, ordinal, head, json } };
}

const CLOUD_MERGED: ReadonlySet<string> = new Set(['account', 'region']);
const UID: ReadonlySet<string> = new Set(['uid']);

/** Hands a row's document (or its dead letter) to the sink. */
export function emitOcsf(
  row: Row,
  ctx: ObjectContext,
  ordinal: number,
  iso: IsoFormatter,
  sink: RecordSink,
  shallow = false,
): void {
  let result: OcsfResult;
  try {
    result = ocsfRecord(row, ctx, ordinal, iso, shallow);
  } catch (err) {
    sink.unparsable({ ordinal, id: `${ctx.objectId}-${ordinal}`, raw: '', error: reasonOf(err) });
    return;
  }
  if ('record' in result) sink.record(result.record);
  else sink.unparsable(result.unparsable);
}

/**
 * Where a columnar row group (parquet-json.ts) holds the members ocsfRecord reads: each a struct
 * or a leaf outside any list or map, or absent from the schema.
 */
export interface OcsfColumns {
  readonly root: StructNode;
  readonly time?: LeafNode;
  readonly cloud?: StructNode;
  readonly account?: StructNode;
  readonly accountUid?: LeafNode;
  readonly region?: LeafNode;
  readonly actor?: StructNode;
  readonly actorUser?: StructNode;
  readonly actorUserName?: LeafNode;
  readonly actorUserUid?: LeafNode;
  readonly user?: StructNode;
  readonly userName?: LeafNode;
  readonly api?: StructNode;
  readonly operation?: LeafNode;
  readonly activityName?: LeafNode;
  readonly srcEndpoint?: StructNode;
  readonly srcIp?: LeafNode;
  readonly dstEndpoint?: StructNode;
  readonly dstIp?: LeafNode;
  readonly statusId?: LeafNode;
  readonly actionId?: LeafNode;
  readonly unmapped?: ParquetNode;
}

class NotColumnar extends Error {}

/**
 * The members of a compiled schema ocsfRecord reads, or undefined when a row of it is better read
 * as an object: a top-level member the common fields own (the row is dead-lettered whole), or one
 * of those members in another shape than OCSF gives it (a `cloud` that is a string, a map…).
 */
export function ocsfColumns(schema: CompiledSchema): OcsfColumns | undefined {
  const { root } = schema;
  if (root.names.some((name) => RESERVED.has(name))) return undefined;
  const struct = (path: string): StructNode | undefined => {
    const node = nodeAt(root, path.split('.'));
    if (node !== undefined && node.kind !== 'struct') throw new NotColumnar();
    return node;
  };
  const leaf = (path: string): LeafNode | undefined => {
    const node = nodeAt(root, path.split('.'));
    if (node !== undefined && node.kind !== 'leaf') throw new NotColumnar();
    return node;
  };
  try {
    return {
      root,
      time: leaf('time'),
      cloud: struct('cloud'),
      account: struct('cloud.account'),
      accountUid: leaf('cloud.account.uid'),
      region: leaf('cloud.region'),
      actor: struct('actor'),
      actorUser: struct('actor.user'),
      actorUserName: leaf('actor.user.name'),
      actorUserUid: leaf('actor.user.uid'),
      user: struct('user'),
      userName: leaf('user.name'),
      api: struct('api'),
      operation: leaf('api.operation'),
      activityName: leaf('activity_name'),
      srcEndpoint: struct('src_endpoint'),
      srcIp: leaf('src_endpoint.ip'),
      dstEndpoint: struct('dst_endpoint'),
      dstIp: leaf('dst_endpoint.ip'),
      statusId: leaf('status_id'),
      actionId: leaf('action_id'),
      unmapped: nodeAt(root, ['unmapped']),
    };
  } catch (err) {
    if (err instanceof NotColumnar) return undefined;
    throw err;
  }
}

/**
 * ocsfRecord of row `r` of a columnar row group of a shallow schema: the same document, byte for
 * byte, written from the leaf columns instead of a row object.
 */
export function ocsfColumnarRecord(
  rows: ColumnarRows,
  at: OcsfColumns,
  r: number,
  ctx: ObjectContext,
  ordinal: number,
  iso: IsoFormatter,
): OcsfResult {
  // No closures over the row: this runs once per row of a group.
  const id = `${ctx.objectId}-${ordinal}`;
  const timestamp = epochMillisOf(leafAt(rows, at.time, r));
  if (!isValidEventTime(timestamp))
    return columnarFailure(rows, at, r, ordinal, id, 'missing or invalid time');

  const cloud = presentAt(rows, at.cloud, r);
  const account = cloud && presentAt(rows, at.account, r);
  const uid = account ? stringOf(leafAt(rows, at.accountUid, r)) : undefined;
  const accountId = uid !== undefined && ACCOUNT_ID.test(uid) ? uid : ctx.accountId;
  const region = (cloud ? stringOf(leafAt(rows, at.region, r)) : undefined) ?? ctx.region;
  const actorUser = presentAt(rows, at.actor, r) && presentAt(rows, at.actorUser, r);
  const user = presentAt(rows, at.user, r);
  const userName = user
    ? stringOf(leafAt(rows, at.userName, r))
    : actorUser
      ? (stringOf(leafAt(rows, at.actorUserName, r)) ?? stringOf(leafAt(rows, at.actorUserUid, r)))
      : undefined;
  const api = presentAt(rows, at.api, r);
  const src = presentAt(rows, at.srcEndpoint, r) ? ipOf(stringOf(leafAt(rows, at.srcIp, r))) : undefined;
  const dst = presentAt(rows, at.dstEndpoint, r) ? ipOf(stringOf(leafAt(rows, at.dstIp, r))) : undefined;
  const status = numberOf(leafAt(rows, at.statusId, r));
  const action = numberOf(leafAt(rows, at.actionId, r));

  let head = commonFieldsJson({
    logType: 'ocsf',
    timestamp: iso.format(timestamp),
    action:
      (api ? stringOf(leafAt(rows, at.operation, r)) : undefined) ??
      stringOf(leafAt(rows, at.activityName, r)),
    outcome:
      status === 1
        ? 'success'
        : status === 2
          ? 'failure'
          : action === 1
            ? 'success'
            : action === 2
              ? 'failure'
              : undefined,
  });
  if (accountId !== undefined) head += ',"cloud":{"account":{"id":' + str(accountId) + '}';
  else head += ',"cloud":{';
  let cloudFirst = accountId === undefined;
  if (region !== undefined) {
    head += (cloudFirst ? '' : ',') + '"region":' + str(region);
    cloudFirst = false;
  }
  const cloudRest = cloud ? rows.members(at.cloud as StructNode, r, CLOUD_MERGED) : '';
  if (cloudRest !== '') head += (cloudFirst ? '' : ',') + cloudRest;
  head += '}';
  if (src !== undefined) head += ',"source":{"ip":' + str(src) + '}';
  if (dst !== undefined) head += ',"destination":{"ip":' + str(dst) + '}';
  if (user) {
    head += ',"user":' + (rows.json(at.user as StructNode, r) ?? '{}');
  } else if (userName !== undefined) head += ',"user":{"name":' + str(userName) + '}';

  const ocsf: string[] = [];
  const accountRest = account
    ? rows.members(at.account as StructNode, r, uid === accountId ? UID : undefined)
    : '';
  if (accountRest !== '') ocsf.push('"cloud_account":{' + accountRest + '}');
  const unmapped = at.unmapped === undefined ? undefined : rows.json(at.unmapped, r);
  if (unmapped !== undefined && unmapped.length > MAX_UNMAPPED_CHARS)
    ocsf.push('"unmapped_json":' + str(unmapped));
  else if (unmapped !== undefined)
    head += ',"unmapped":' + (unmapped.startsWith('{') ? unmapped : `{"value":${unmapped}}`);
  if (ocsf.length > 0) head += ',"siem":{"ocsf":{' + ocsf.join(',') + '}}';

  const rest = rows.members(at.root, r, MERGED);
  const json = (rest === '' ? '' : ',' + rest) + '}';
  if (head.length + json.length > MAX_RECORD_CHARS)
    return columnarFailure(rows, at, r, ordinal, id, `document over ${MAX_RECORD_CHARS} characters`);
  return { record: { logType: 'ocsf', timestamp, id, ordinal, head, json } };
}

const leafAt = (rows: ColumnarRows, node: LeafNode | undefined, r: number): unknown =>
  node === undefined ? undefined : rows.value(node, r);

const presentAt = (rows: ColumnarRows, node: StructNode | undefined, r: number): node is StructNode =>
  node !== undefined && rows.present(node, r);

/** A row's dead letter: the row's JSON text, as the row path gives it. */
function columnarFailure(
  rows: ColumnarRows,
  at: OcsfColumns,
  r: number,
  ordinal: number,
  id: string,
  error: string,
): OcsfResult {
  const raw = ('{' + rows.members(at.root, r) + '}').slice(0, MAX_RECORD_CHARS);
  return { unparsable: { ordinal, id, raw, error } };
}

/** emitOcsf for row `r` of a columnar row group. */
export function emitOcsfColumnar(
  rows: ColumnarRows,
  at: OcsfColumns,
  r: number,
  ctx: ObjectContext,
  ordinal: number,
  iso: IsoFormatter,
  sink: RecordSink,
): void {
  let result: OcsfResult;
  try {
    result = ocsfColumnarRecord(rows, at, r, ctx, ordinal, iso);
  } catch (err) {
    sink.unparsable({ ordinal, id: `${ctx.objectId}-${ordinal}`, raw: '', error: reasonOf(err) });
    return;
  }
  if ('record' in result) sink.record(result.record);
  else sink.unparsable(result.unparsable);
}

/** OCSF JSON, one event per line (Security Lake's Parquet objects are read by parquet-rows.ts). */
export function createOcsfParser(ctx: ObjectContext): LogObjectParser {
  const lines = new LineSplitter();
  const iso = new IsoFormatter();
  let ordinal = 0;
  const onLine = (sink: RecordSink) => (line: string, _n: number, length: number) => {
    if (line.trim() === '') return;
    ordinal++;
    if (length > line.length) {
      const error = `line of ${length} characters, over ${MAX_LINE_CHARS}`;
      sink.unparsable({ ordinal, id: `${ctx.objectId}-${ordinal}`, raw: line, error });
      return;
    }
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (err) {
      sink.unparsable({
        ordinal,
        id: `${ctx.objectId}-${ordinal}`,
        raw: line,
        error: `invalid JSON: ${reasonOf(err)}`,
      });
      return;
    }
    if (!isObject(row)) {
      sink.unparsable({ ordinal, id: `${ctx.objectId}-${ordinal}`, raw: line, error: 'not a JSON object' });
      return;
    }
    emitOcsf(row, ctx, ordinal, iso, sink);
  };
  return {
    push(text, sink) {
      lines.push(text, onLine(sink));
    },
    end(sink) {
      lines.end(onLine(sink));
    },
  };
}
