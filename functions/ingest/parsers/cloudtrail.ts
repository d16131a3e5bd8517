import { ChunkText } from '../chunk-text';
import { spliceDocument } from '../documents';
import { IsoFormatter, IsoParser, isValidEventTime } from '../iso-time';
import { arrayLength, jsonString, lastMember, stringEnd, topLevelMembers } from '../json-fields';
import { JsonObjectSplitter, type Members } from '../json-splitter';
import type { LogObjectParser, ObjectContext, ParsedRecord, RecordSink } from '../types';
import { cloudTrailDerived, type CloudTrailDerived } from './cloudtrail-derived';
import { idOf, ipOf, reasonOf, safeJsonObject } from './safe-json';

/*
 * CloudTrail log files: `{"Records":[{...},{...}]}` (management, data and Insights events alike).
 * Digest files (`CloudTrail-Digest/`, a single object with `digestStartTime`) carry no events and
 * are recognised and skipped. Each record is kept byte for byte; common fields are spliced in.
 */

interface CloudTrailRecord {
  eventTime?: string;
  eventID?: string;
  eventName?: string;
  eventType?: string;
  errorCode?: string;
  awsRegion?: string;
  recipientAccountId?: string;
  sourceIPAddress?: string;
  userIdentity?: {
    userName?: string;
    arn?: string;
    principalId?: string;
    accountId?: string;
    sessionContext?: { sessionIssuer?: { userName?: string } };
  };
  insightDetails?: { eventName?: string };
}

const RECORD_FIELDS = new Set([
  'eventTime',
  'eventID',
  'eventName',
  'eventType',
  'errorCode',
  'awsRegion',
  'recipientAccountId',
  'sourceIPAddress',
  'userIdentity',
  'insightDetails',
  // Read only for RunInstances, but handed over by the splitter's walk for free: no second walk.
  'requestParameters',
  'responseElements',
]);
const USER_NAME_KEY = '"userName"';

/**
 * Raw text (escapes not decoded) of the first `"userName": "..."` string member anywhere in `raw`,
 * found with indexOf rather than a regex with a repeated alternation, which is linear too but keeps
 * a backtracking entry per character on long values.
 */
function firstUserName(raw: string): string | undefined {
  for (let k = raw.indexOf(USER_NAME_KEY); k >= 0; k = raw.indexOf(USER_NAME_KEY, k + 1)) {
    let i = k + USER_NAME_KEY.length;
    while (raw.charCodeAt(i) === 32) i++;
    if (raw.charCodeAt(i) !== 58 /* : */) continue;
    i++;
    while (raw.charCodeAt(i) === 32) i++;
    if (raw.charCodeAt(i) !== 34) continue;
    const end = stringEnd(raw, i);
    if (end > i) return raw.slice(i + 1, end);
  }
  return undefined;
}
const IDENTITY_FIELDS = new Set(['userName', 'arn', 'principalId', 'accountId', 'sessionContext']);
const SESSION_FIELDS = new Set(['sessionIssuer']);
const ISSUER_FIELDS = new Set(['userName']);
const INSIGHT_FIELDS = new Set(['eventName']);

function userIdentityOf(raw: string): CloudTrailRecord['userIdentity'] {
  const m = topLevelMembers(raw, IDENTITY_FIELDS);
  const session = m.sessionContext ? topLevelMembers(m.sessionContext, SESSION_FIELDS) : {};
  const issuer = session.sessionIssuer ? topLevelMembers(session.sessionIssuer, ISSUER_FIELDS) : {};
  return {
    userName: jsonString(m.userName),
    arn: jsonString(m.arn),
    principalId: jsonString(m.principalId),
    accountId: jsonString(m.accountId),
    sessionContext: { sessionIssuer: { userName: jsonString(issuer.userName) } },
  };
}

function insightEventName(raw: string | undefined): string | undefined {
  return raw ? jsonString(topLevelMembers(raw, INSIGHT_FIELDS).eventName) : undefined;
}

const RUN_INSTANCES = '"RunInstances"';

type InstancesSet = { instancesSet?: { items?: Array<{ minCount?: unknown } | null> } } | null;

/**
 * Instances a successful RunInstances call launched (`siem.ec2.launchedInstances`, summed by the
 * launch-burst detection), from the raw text of its `requestParameters` and `responseElements`:
 * one response item per instance; without a response (CloudTrail can omit it), the `minCount`s
 * the request asked for, the least a successful call launches; at least 1.
 */
export function launchedInstances(requestParameters?: string, responseElements?: string): number {
  const listed = responseElements ? responseItems(responseElements) : 0;
  if (listed === undefined) return launchedParsed(requestParameters, responseElements);
  if (listed > 0) return listed;
  return launchedParsed(requestParameters, undefined);
}

/**
 * `responseElements.instancesSet.items.length` when it is an array, else 0, read without parsing
 * the response (a few hundred bytes per instance); undefined when the walk finds it malformed.
 */
function responseItems(response: string): number | undefined {
  const set = lastMember(response, 'instancesSet');
  if (set === null) return undefined;
  const items = set === undefined ? undefined : lastMember(set, 'items');
  if (items === null) return undefined;
  if (items === undefined || items.charCodeAt(0) !== 91 /* [ */) return 0;
  const n = arrayLength(items);
  return n < 0 ? undefined : n;
}

/** `launchedInstances` by JSON.parse: the reference, and the way for anything the walk refuses. */
export function launchedParsed(requestParameters?: string, responseElements?: string): number {
  try {
    const response = responseElements ? (JSON.parse(responseElements) as InstancesSet) : null;
    const launched = response?.instancesSet?.items;
    if (Array.isArray(launched) && launched.length > 0) return launched.length;
    const request = requestParameters ? (JSON.parse(requestParameters) as InstancesSet) : null;
    const asked = request?.instancesSet?.items;
    const min = Array.isArray(asked)
      ? asked.reduce((n, item) => n + (Number.isInteger(item?.minCount) ? Number(item?.minCount) : 0), 0)
      : 0;
    return Math.max(1, min);
  } catch {
    return 1;
  }
}

/** The `"siem":{...}` member of a record's derived fields (launch counts first, as before). */
function derivedMembers(launched: number | undefined, facts: CloudTrailDerived | undefined): string {
  const ec2 =
    launched === undefined && facts?.ec2 === undefined
      ? undefined
      : { ...(launched === undefined ? {} : { launchedInstances: launched }), ...facts?.ec2 };
  return `"siem":${JSON.stringify({ ec2, iam: facts?.iam, policy: facts?.policy, ssm: facts?.ssm })}`;
}

const RECORDS_OPENING = /^\s*\{\s*"Records"\s*:\s*\[/;
const DIGEST_MARKER = /"digest(?:StartTime|EndTime|S3Bucket)"/;
/** Enough text to tell a log file from a digest: both announce themselves in their first key. */
const SNIFF_CHARS = 256;

export function cloudTrailUserName(identity: CloudTrailRecord['userIdentity']): string | undefined {
  if (!identity) return undefined;
  if (identity.userName) return identity.userName;
  const issuer = identity.sessionContext?.sessionIssuer?.userName;
  if (issuer) return issuer;
  if (identity.arn)
    return identity.arn.slice(identity.arn.lastIndexOf(identity.arn.includes('/') ? '/' : ':') + 1);
  return identity.principalId;
}

export function createCloudTrailParser(ctx: ObjectContext): LogObjectParser {
  const splitter = new JsonObjectSplitter(2, false, RECORD_FIELDS);
  let mode: 'sniffing' | 'records' | 'digest' = 'sniffing';
  let head = '';
  let ordinal = 0;
  const times = new IsoParser();
  const iso = new IsoFormatter();
  const decoder = new ChunkText();
  /** The bytes of the text being split, when they are that text one byte per character. */
  let source: Buffer | undefined;

  // Only a dozen fields are needed: the splitter hands them over, the record is never parsed.
  const onRecord = (sink: RecordSink) => (raw: string, picked: Members, plain: boolean, at: number) => {
    ordinal++;
    try {
      record(sink, raw, picked, plain, at);
    } catch (err) {
      sink.unparsable({ ordinal, id: `${ctx.objectId}-${ordinal}`, raw, error: reasonOf(err) });
    }
  };
  const onBad = (sink: RecordSink) => (raw: string, error: string) => {
    ordinal++;
    sink.unparsable({ ordinal, id: `${ctx.objectId}-${ordinal}`, raw, error });
  };

  const record = (sink: RecordSink, raw: string, picked: Members, plain: boolean, at: number) => {
    // Valid single-line JSON (checked by the splitter when `plain`), or the reason it cannot be;
    // members re-read from a rewritten copy.
    const safe = safeJsonObject(raw, plain);
    if ('error' in safe) {
      sink.unparsable({
        ordinal,
        id: `${ctx.objectId}-${ordinal}`,
        raw,
        error: `invalid JSON: ${safe.error}`,
      });
      return;
    }
    const text = safe.text;
    const m = safe.rewritten ? topLevelMembers(text, RECORD_FIELDS) : picked;
    const eventTime = jsonString(m.eventTime);
    const timestamp = eventTime ? times.parse(eventTime) : NaN;
    if (!isValidEventTime(timestamp)) {
      sink.unparsable({
        ordinal,
        id: `${ctx.objectId}-${ordinal}`,
        raw,
        error: 'missing or invalid eventTime',
      });
      return;
    }
    const insight = jsonString(m.eventType) === 'AwsCloudTrailInsight';
    const accountId = jsonString(m.recipientAccountId);
    // Fast path: the first `userName` in userIdentity is its own, else the session issuer's,
    // which is the order of preference; the full walk is only for records without one.
    const quickName = m.userIdentity ? firstUserName(m.userIdentity) : undefined;
    const identity =
      m.userIdentity && (quickName === undefined || quickName.includes('\\') || !accountId)
        ? userIdentityOf(m.userIdentity)
        : undefined;
    const sourceIp = jsonString(m.sourceIPAddress);
    const failed = m.errorCode !== undefined && m.errorCode !== 'null';
    // Only successful RunInstances records and the few records cloudTrailDerived concerns get
    // derived fields; every other record is kept as is.
    const launched =
      m.eventName === RUN_INSTANCES && !failed && !insight
        ? launchedInstances(m.requestParameters, m.responseElements)
        : undefined;
    const facts = insight ? undefined : cloudTrailDerived(m.eventName, m.userIdentity, text, failed);
    const derived =
      launched === undefined && facts === undefined ? undefined : derivedMembers(launched, facts);
    const doc = spliceDocument(
      {
        logType: 'cloudtrail',
        timestamp: iso.format(timestamp),
        accountId: accountId ?? identity?.accountId ?? ctx.accountId,
        region: jsonString(m.awsRegion) ?? ctx.region,
        sourceIp: ipOf(sourceIp),
        userName: identity ? cloudTrailUserName(identity) : quickName,
        action: insight ? insightEventName(m.insightDetails) : jsonString(m.eventName),
        outcome: insight ? undefined : failed ? 'failure' : 'success',
      },
      text,
      derived,
      // A plain record is its original text (safeJsonObject returned it unchanged).
      plain ? source : undefined,
      at,
    );
    // One literal of one shape (a spread of the spliced document copied it once more).
    sink.record({
      logType: 'cloudtrail',
      timestamp,
      id: idOf(jsonString(m.eventID)) ?? `${ctx.objectId}-${ordinal}`,
      ordinal,
      head: doc.head,
      json: doc.json,
      bytes: doc.bytes,
    } as ParsedRecord);
  };

  const feed = (text: string, sink: RecordSink, bytes?: Buffer, firstControl = -1) => {
    source = bytes;
    if (mode === 'records') splitter.push(text, onRecord(sink), onBad(sink), firstControl, bytes);
    else if (mode === 'digest')
      splitter.push(
        text,
        () => undefined,
        () => undefined,
      );
  };

  const decide = (final: boolean): void => {
    if (mode !== 'sniffing') return;
    // Only the first SNIFF_CHARS decide, so the outcome does not depend on how the text was chunked.
    const sniffed = head.length > SNIFF_CHARS ? head.slice(0, SNIFF_CHARS) : head;
    if (RECORDS_OPENING.test(sniffed)) mode = 'records';
    else if (DIGEST_MARKER.test(sniffed)) mode = 'digest';
    else if (head.length >= SNIFF_CHARS || final)
      throw new Error('not a CloudTrail log file: expected {"Records":[...]} or a digest file');
  };

  const push = (text: string, sink: RecordSink, bytes?: Buffer, firstControl = -1): void => {
    if (mode === 'sniffing') {
      head += text;
      decide(false);
      if (mode === 'sniffing') return;
      const buffered = head;
      head = '';
      feed(buffered, sink);
      return;
    }
    feed(text, sink, bytes, firstControl);
  };

  return {
    push(text, sink) {
      push(text, sink);
    },
    pushBytes(chunk, sink) {
      push(decoder.write(chunk), sink, decoder.bytes, decoder.firstControl);
    },
    end(sink) {
      const tail = decoder.end();
      if (tail) push(tail, sink);
      if (mode === 'sniffing') {
        if (head.trim() === '') return; // an empty object carries no records
        decide(true);
        feed(head, sink);
      }
      if (mode === 'records') splitter.end(onBad(sink));
      else splitter.end(() => undefined);
    },
  };
}
