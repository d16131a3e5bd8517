import type { LogType } from '../../../opensearch/log-types';
import type { ParsedRecord } from '../types';
import { safeJsonObject } from './safe-json';

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
