import { commonFieldsJson, hashId, spliceDocument } from '../documents';
import { isValidEventTime } from '../iso-time';
import { isObject, jsonMessage, type LogEventContext, type LogEventSink } from './cloudwatch-event';
import { findingCommonFields, isSecurityHubFindingsEvent, type EventBridgeEvent } from './findings';
import { idOf, ipOf, reasonOf, safeStringify } from './safe-json';

/*
 * The route every log group without a row of its own takes: one `cloudwatch` document per log
 * event, with the raw `message` and, when it is a JSON object, the same object under `json`.
 * Events that are Security Hub findings imports become one `findings` document per ASFF finding
 * instead (provenance admits those only from the findings log group's securityhub bucket).
 */

const str = JSON.stringify;

function emitFindings(sink: LogEventSink, event: EventBridgeEvent, findings: unknown[]): void {
  for (const finding of findings) {
    const ordinal = sink.next();
    try {
      if (!isObject(finding)) {
        sink.bad(safeStringify(finding), 'finding is not a JSON object');
        continue;
      }
      const common = findingCommonFields(finding, event);
      const timestamp = Date.parse(common.timestamp);
      if (!isValidEventTime(timestamp)) {
        sink.bad(safeStringify(finding), 'finding without a valid time');
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
      sink.bad(safeStringify(finding), reasonOf(err));
    }
  }
}

export function parseGenericLogEvent(
  logEvent: Record<string, unknown>,
  ctx: LogEventContext,
  sink: LogEventSink,
): void {
  const message = logEvent.message;
  const json = typeof message === 'string' ? jsonMessage(message) : undefined;
  if (json && isSecurityHubFindingsEvent(json.value)) {
    emitFindings(sink, json.value, json.value.detail.findings);
    return;
  }
  const ordinal = sink.next();
  const eventId = idOf(logEvent.id);
  const id = eventId ?? `${ctx.objectId}-${ordinal}`;
  if (typeof message !== 'string') {
    sink.bad(safeStringify(logEvent), 'log event without a string message', id);
    return;
  }
  const timestamp = logEvent.timestamp;
  if (typeof timestamp !== 'number' || !isValidEventTime(timestamp)) {
    sink.bad(safeStringify(logEvent), 'log event without a valid timestamp', id);
    return;
  }
  let doc = commonFieldsJson({
    logType: 'cloudwatch',
    timestamp: ctx.iso.format(timestamp),
    accountId: ctx.accountId,
    region: ctx.region,
    sourceIp: ipOf(json?.value.sourceIPAddress),
  });
  doc += ctx.meta;
  if (eventId !== undefined) doc += `,"id":${str(eventId)}`;
  doc += `,"timestamp":${timestamp},"message":${str(message)}`;
  // The message is valid JSON already: splice its (single-line, depth-bounded) text.
  if (json) doc += `,"json":${json.text}`;
  sink.record({ logType: 'cloudwatch', timestamp, id, ordinal, json: `${doc}}` });
}
