import { commonFieldsJson, hashId, spliceDocument } from '../documents';
import { isValidEventTime } from '../iso-time';
import { JsonObjectSplitter } from '../json-splitter';
import type { LogObjectParser, ObjectContext, RecordSink } from '../types';
import { findingCommonFields, isSecurityHubFindingsEvent, type EventBridgeEvent } from './findings';
import { idOf, ipOf, reasonOf, safeJsonObject, safeStringify, stringOf } from './safe-json';

/*
 * CloudWatch Logs objects written by our log-transfer function: newline-delimited decoded
 * subscription payloads (`{"messageType":"DATA_MESSAGE","logEvents":[...]}`). One document per
 * log event in `cloudwatch`, with the raw `message` and, when it is a JSON object, the same
 * object under `json`. Events that are Security Hub findings imports become one `findings`
 * document per ASFF finding instead. CONTROL_MESSAGE payloads carry no log data.
 */

const ACCOUNT_ID = /^\d{12}$/;
const str = JSON.stringify;

/** A plain JSON object (not null, not an array). */
function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A message that is a JSON object: its safe single-line text (see safeJsonObject: deep subtrees
 * as text) and the object parsed from that text, so nothing built from it can be too deep to
 * serialize. Undefined for any other message, which stays plain text.
 */
function jsonMessage(message: string): { text: string; value: Record<string, unknown> } | undefined {
  let i = 0;
  while (message.charCodeAt(i) <= 32) i++;
  if (message.charCodeAt(i) !== 123 /* { */) return undefined;
  const safe = safeJsonObject(message);
  if ('error' in safe) return undefined;
  const value: unknown = JSON.parse(safe.text);
  return isObject(value) ? { text: safe.text, value } : undefined;
}

export function createCloudWatchParser(ctx: ObjectContext): LogObjectParser {
  const splitter = new JsonObjectSplitter(0, true);
  let ordinal = 0;

  const bad = (sink: RecordSink, raw: string, error: string, id = `${ctx.objectId}-${ordinal}`) =>
    sink.unparsable({ ordinal, id, raw, error });

  const emitFindings = (sink: RecordSink, event: EventBridgeEvent, findings: unknown[]) => {
    for (const finding of findings) {
      ordinal++;
      try {
        if (!isObject(finding)) {
          bad(sink, safeStringify(finding), 'finding is not a JSON object');
          continue;
        }
        const common = findingCommonFields(finding, event);
        const timestamp = Date.parse(common.timestamp);
        if (!isValidEventTime(timestamp)) {
          bad(sink, safeStringify(finding), 'finding without a valid time');
          continue;
        }
        sink.record({
          logType: 'findings',
          timestamp,
          // One document per finding version: the same finding updated later is a new fact.
          id: hashId(`${String(finding.Id)}|${String(finding.UpdatedAt ?? event.time)}`),
          ordinal,
          ...spliceDocument(common, str(finding)),
        });
      } catch (err) {
        bad(sink, safeStringify(finding), reasonOf(err));
      }
    }
  };

  const onLogEvent = (sink: RecordSink, logEvent: unknown, accountId: string | undefined, meta: string) => {
    if (!isObject(logEvent)) {
      ordinal++;
      bad(sink, safeStringify(logEvent), 'log event is not a JSON object');
      return;
    }
    const message = logEvent.message;
    const json = typeof message === 'string' ? jsonMessage(message) : undefined;
    if (json && isSecurityHubFindingsEvent(json.value)) {
      emitFindings(sink, json.value, json.value.detail.findings);
      return;
    }
    ordinal++;
    const eventId = idOf(logEvent.id);
    const id = eventId ?? `${ctx.objectId}-${ordinal}`;
    if (typeof message !== 'string') {
      bad(sink, safeStringify(logEvent), 'log event without a string message', id);
      return;
    }
    const timestamp = logEvent.timestamp;
    if (typeof timestamp !== 'number' || !isValidEventTime(timestamp)) {
      bad(sink, safeStringify(logEvent), 'log event without a valid timestamp', id);
      return;
    }
    let doc = commonFieldsJson({
      logType: 'cloudwatch',
      timestamp: new Date(timestamp).toISOString(),
      accountId,
      region: ctx.region,
      sourceIp: ipOf(json?.value.sourceIPAddress),
    });
    doc += meta;
    if (eventId !== undefined) doc += `,"id":${str(eventId)}`;
    doc += `,"timestamp":${timestamp},"message":${str(message)}`;
    // The message is valid JSON already: splice its (single-line, depth-bounded) text.
    if (json) doc += `,"json":${json.text}`;
    sink.record({ logType: 'cloudwatch', timestamp, id, ordinal, json: `${doc}}` });
  };

  const onPayload = (sink: RecordSink) => (text: string) => {
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch (err) {
      ordinal++;
      bad(sink, text, reasonOf(err));
      return;
    }
    if (!isObject(payload)) {
      ordinal++;
      bad(sink, text, 'subscription payload is not a JSON object');
      return;
    }
    if (payload.messageType === 'CONTROL_MESSAGE') return; // carries no log data
    if (payload.messageType !== 'DATA_MESSAGE' || !Array.isArray(payload.logEvents)) {
      ordinal++;
      bad(sink, text, 'not a DATA_MESSAGE payload with a logEvents array');
      return;
    }
    const owner = stringOf(payload.owner);
    const accountId = owner && ACCOUNT_ID.test(owner) ? owner : ctx.accountId;
    // Members that are not what AWS sends (missing, or not strings) are left out.
    let meta = '';
    for (const key of ['owner', 'logGroup', 'logStream'] as const) {
      const value = stringOf(payload[key]);
      if (value !== undefined) meta += `,"${key}":${str(value)}`;
    }
    const filters = payload.subscriptionFilters;
    meta += `,"subscriptionFilters":${str(Array.isArray(filters) ? filters.filter((f) => typeof f === 'string') : [])}`;
    for (const logEvent of payload.logEvents as unknown[]) {
      const before = ordinal;
      try {
        onLogEvent(sink, logEvent, accountId, meta);
      } catch (err) {
        // Nothing of this event was emitted yet unless findings were: count it once.
        if (ordinal === before) ordinal++;
        bad(sink, safeStringify(logEvent), reasonOf(err));
      }
    }
  };

  const onBad = (sink: RecordSink) => (raw: string, error: string) => {
    ordinal++;
    bad(sink, raw, error);
  };

  return {
    push(text, sink) {
      splitter.push(text, onPayload(sink), onBad(sink));
    },
    end(sink) {
      splitter.end(onBad(sink));
    },
  };
}
