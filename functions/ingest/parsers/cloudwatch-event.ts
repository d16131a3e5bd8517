import type { LogType } from '../../../opensearch/log-types';
import { commonFieldsJson, type CommonFields } from '../documents';
import { IsoFormatter, isValidEventTime } from '../iso-time';
import type { ParsedRecord } from '../types';
import { idOf, safeJsonObject, safeStringify } from './safe-json';

const str = JSON.stringify;

/*
 * The contract between the CloudWatch Logs object parser (cloudwatch.ts), which splits the
 * subscription payloads, and the message parsers the routing table (cloudwatch-routes.ts) picks
 * per log group and stream. A message parser turns one log event into documents; the object
 * parser keeps the ordinals and the dead letters consistent across them.
 */

/** What a message parser knows about the log event beyond the event itself. */
export interface LogEventContext {
  /**
   * The account that owns the log group: the payload's `owner` when it is an account id, else the
   * key's. Never a value from the message: provenance checks it against the key prefix.
   */
  readonly accountId?: string;
  readonly region?: string;
  readonly logGroup?: string;
  readonly logStream?: string;
  /** `,"owner":…,"logGroup":…,"logStream":…,"subscriptionFilters":[…]`, ready to append. */
  readonly meta: string;
  /** Stem of ordinal-based ids for events without an id. */
  readonly objectId: string;
  /** The object's formatter of event times (its cached day serves every payload). */
  readonly iso: IsoFormatter;
}

/** Where a message parser puts what it made of one log event. */
export interface LogEventSink {
  /** Takes the next ordinal: call once per document (or dead letter) the event yields. */
  next(): number;
  /** The current ordinal. */
  readonly ordinal: number;
  record(record: ParsedRecord): void;
  /** A dead letter at the current ordinal; `id` defaults to `<objectId>-<ordinal>`. */
  bad(raw: string, error: string, id?: string): void;
}

/** One log event (already known to be a JSON object) into documents. */
export type MessageParser = (
  logEvent: Record<string, unknown>,
  ctx: LogEventContext,
  sink: LogEventSink,
) => void;

/** A row of the routing table: which log events a message parser takes, and what it may emit. */
export interface CloudWatchRoute {
  /** Short name, for documentation and tests. */
  readonly name: string;
  /** Log group names the route takes (anchored). */
  readonly logGroup: RegExp;
  /** Log stream names within those groups (anchored); any stream when absent. */
  readonly logStream?: RegExp;
  /** Every log type the parser may emit: the archive's cloudwatch bucket admits these. */
  readonly logTypes: readonly LogType[];
  readonly parse: MessageParser;
}

/** A plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A message that is a JSON object: its safe single-line text (see safeJsonObject: deep subtrees
 * as text) and the object parsed from that text, so nothing built from it can be too deep to
 * serialize. Undefined for any other message, which stays plain text.
 */
export function jsonMessage(message: string): { text: string; value: Record<string, unknown> } | undefined {
  let i = 0;
  while (message.charCodeAt(i) <= 32) i++;
  if (message.charCodeAt(i) !== 123 /* { */) return undefined;
  const safe = safeJsonObject(message);
  if ('error' in safe) return undefined;
  const value: unknown = JSON.parse(safe.text);
  return isObject(value) ? { text: safe.text, value } : undefined;
}

/** The parts of a log event every routed document needs. */
export interface LogEventBasics {
  readonly ordinal: number;
  /** The event's own id when it has one, else `<objectId>-<ordinal>`. */
  readonly id: string;
  readonly eventId?: string;
  readonly message: string;
  /** Epoch milliseconds the service gave the event: the document's time. */
  readonly timestamp: number;
}

/**
 * Takes the event's ordinal and checks its message and timestamp, dead-lettering it when either is
 * missing (then undefined). Routed documents are dated by the log event, as `cloudwatch` ones are:
 * the services set it to the event's time, and a time in the message is kept in its own field.
 */
export function logEventBasics(
  logEvent: Record<string, unknown>,
  ctx: LogEventContext,
  sink: LogEventSink,
  validTime: (ms: number) => boolean,
): LogEventBasics | undefined {
  const ordinal = sink.next();
  const eventId = idOf(logEvent.id);
  const id = eventId ?? `${ctx.objectId}-${ordinal}`;
  const { message, timestamp } = logEvent;
  if (typeof message !== 'string') {
    sink.bad(safeStringify(logEvent), 'log event without a string message', id);
    return undefined;
  }
  if (typeof timestamp !== 'number' || !validTime(timestamp)) {
    sink.bad(safeStringify(logEvent), 'log event without a valid timestamp', id);
    return undefined;
  }
  return { ordinal, id, eventId, message, timestamp };
}

/** `,"id":…,"timestamp":…` of the log event, after the payload's meta: what every routed document keeps. */
export function logEventMembers(ctx: LogEventContext, basics: LogEventBasics): string {
  const id = basics.eventId === undefined ? '' : `,"id":${str(basics.eventId)}`;
  return `${ctx.meta}${id},"timestamp":${basics.timestamp}`;
}

/** Members the document itself writes: a message member of the same name moves to `siem.shadowed`. */
const DOCUMENT_MEMBERS = new Set([
  '@timestamp',
  'event',
  'cloud',
  'source',
  'destination',
  'user',
  'siem',
  'owner',
  'logGroup',
  'logStream',
  'subscriptionFilters',
  'id',
  'timestamp',
]);

export interface RoutedDocument {
  /** The route's common fields; the time is the log event's, account and region the payload's. */
  readonly common: Omit<CommonFields, 'userName' | 'timestamp' | 'accountId' | 'region'>;
  readonly userName?: string;
  /** A `user` object of the message, merged with the common `user.name` (Kubernetes `user`). */
  readonly user?: Record<string, unknown>;
  /** `siem` members derived by the parser (`{ eks: {...} }`). */
  readonly siem: Record<string, unknown>;
  /** The message's own members, parsed from bounded text (safeJsonObject), so stringify is safe. */
  readonly body: Record<string, unknown>;
}

/**
 * A routed document: common fields, the payload's meta and the event's id and time, the derived
 * `siem` facts, then the message's members. Members whose names the document already uses are kept
 * under `siem.shadowed`, as JSON text, so nothing is lost and no key is written twice.
 */
export function routedDocumentJson(
  ctx: LogEventContext,
  basics: LogEventBasics,
  doc: RoutedDocument,
): string {
  const c = doc.common;
  // A literal, not a spread of `common`: the spread is a measurable share of a short document.
  let out = commonFieldsJson({
    logType: c.logType,
    timestamp: ctx.iso.format(basics.timestamp),
    accountId: ctx.accountId,
    region: ctx.region,
    sourceIp: c.sourceIp,
    destinationIp: c.destinationIp,
    action: c.action,
    outcome: c.outcome,
  });
  if (doc.user !== undefined) {
    const { name: _name, ...rest } = doc.user;
    out += `,"user":${str(doc.userName === undefined ? rest : { name: doc.userName, ...rest })}`;
  } else if (doc.userName !== undefined) out += `,"user":{"name":${str(doc.userName)}}`;
  out += logEventMembers(ctx, basics);
  const body = doc.body;
  // One stringify of the whole body (the same text as member by member) unless a member is shadowed.
  let shadows = false;
  for (const key in body) {
    if (DOCUMENT_MEMBERS.has(key) && body[key] !== undefined) {
      shadows = true;
      break;
    }
  }
  if (!shadows) {
    const members = str(body);
    return `${out},"siem":${str(doc.siem)}${members.length === 2 ? '' : `,${members.slice(1, -1)}`}}`;
  }
  let shadowed: Record<string, unknown> | undefined;
  let members = '';
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue;
    if (DOCUMENT_MEMBERS.has(key)) (shadowed ??= {})[key] = value;
    else members += `,${str(key)}:${str(value)}`;
  }
  const siem = shadowed === undefined ? doc.siem : { ...doc.siem, shadowed: str(shadowed) };
  return `${out},"siem":${str(siem)}${members}}`;
}

/** Writes the routed document of one log event (see routedDocumentJson) into the sink. */
export function emitRoutedDocument(
  ctx: LogEventContext,
  basics: LogEventBasics,
  sink: LogEventSink,
  doc: RoutedDocument,
): void {
  sink.record({
    logType: doc.common.logType,
    timestamp: basics.timestamp,
    id: basics.id,
    ordinal: basics.ordinal,
    json: routedDocumentJson(ctx, basics, doc),
  });
}

/**
 * The message parser of a route whose messages are JSON objects (API Gateway, Client VPN, EKS
 * audit): `document` reads the parsed message into the routed document. A message that is no JSON
 * object goes to `otherwise` whole (the generic route, or deadLetterAs); an event without a valid
 * time is dead-lettered.
 */
export function jsonMessageParser(
  otherwise: MessageParser,
  document: (message: Record<string, unknown>, ctx: LogEventContext) => RoutedDocument,
): MessageParser {
  return (logEvent, ctx, sink) => {
    const json = typeof logEvent.message === 'string' ? jsonMessage(logEvent.message) : undefined;
    if (!json) {
      otherwise(logEvent, ctx, sink);
      return;
    }
    const basics = logEventBasics(logEvent, ctx, sink, isValidEventTime);
    if (basics) emitRoutedDocument(ctx, basics, sink, document(json.value, ctx));
  };
}

/** A message parser that dead-letters every event (after the basics' own checks) with `reason`. */
export function deadLetterAs(reason: string): MessageParser {
  return (logEvent, ctx, sink) => {
    const basics = logEventBasics(logEvent, ctx, sink, isValidEventTime);
    if (basics) sink.bad(basics.message, reason, basics.id);
  };
}

/** The message without the trailing `\n` or `\r\n` the agents leave: `replace(/\r?\n$/, '')` without a regex. */
export function withoutTrailingNewline(message: string): string {
  const n = message.length;
  if (message.charCodeAt(n - 1) !== 10) return message;
  return message.slice(0, message.charCodeAt(n - 2) === 13 ? n - 2 : n - 1);
}
