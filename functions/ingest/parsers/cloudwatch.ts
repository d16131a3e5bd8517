import { commonFieldsJson, hashId, isIpAddress, spliceDocument } from '../documents';
import { JsonObjectSplitter } from '../json-splitter';
import type { LogObjectParser, ObjectContext, RecordSink } from '../types';
import {
  findingCommonFields,
  isSecurityHubFindingsEvent,
  type AsffFinding,
  type EventBridgeEvent,
} from './findings';

/*
 * CloudWatch Logs objects written by our log-transfer function: newline-delimited decoded
 * subscription payloads (`{"messageType":"DATA_MESSAGE","logEvents":[...]}`). One document per
 * log event in `cloudwatch`, with the raw `message` and, when it is a JSON object, the same
 * object under `json`. Events that are Security Hub findings imports become one `findings`
 * document per ASFF finding instead. CONTROL_MESSAGE payloads carry no log data.
 */

interface SubscriptionPayload {
  messageType?: string;
  owner?: string;
  logGroup?: string;
  logStream?: string;
  subscriptionFilters?: string[];
  logEvents?: Array<{ id?: string; timestamp?: number; message?: string }>;
}

const ACCOUNT_ID = /^\d{12}$/;
const str = JSON.stringify;

function parseJsonObject(message: string): Record<string, unknown> | undefined {
  let i = 0;
  while (message.charCodeAt(i) <= 32) i++;
  if (message.charCodeAt(i) !== 123 /* { */) return undefined;
  try {
    const value: unknown = JSON.parse(message);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function createCloudWatchParser(ctx: ObjectContext): LogObjectParser {
  const splitter = new JsonObjectSplitter(0, true);
  let ordinal = 0;

  const emitFindings = (sink: RecordSink, event: EventBridgeEvent, findings: AsffFinding[]) => {
    for (const finding of findings) {
      ordinal++;
      const common = findingCommonFields(finding, event);
      const timestamp = Date.parse(common.timestamp);
      if (Number.isNaN(timestamp)) {
        sink.unparsable({
          ordinal,
          id: `${ctx.objectId}-${ordinal}`,
          raw: str(finding),
          error: 'finding without a valid time',
        });
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
    }
  };

  const onPayload = (sink: RecordSink) => (text: string) => {
    let payload: SubscriptionPayload;
    try {
      payload = JSON.parse(text) as SubscriptionPayload;
    } catch (err) {
      ordinal++;
      sink.unparsable({ ordinal, id: `${ctx.objectId}-${ordinal}`, raw: text, error: String(err) });
      return;
    }
    if (payload.messageType !== 'DATA_MESSAGE') return;
    const accountId = payload.owner && ACCOUNT_ID.test(payload.owner) ? payload.owner : ctx.accountId;
    const meta =
      `,"owner":${str(payload.owner)},"logGroup":${str(payload.logGroup)},"logStream":${str(payload.logStream)}` +
      `,"subscriptionFilters":${str(payload.subscriptionFilters ?? [])}`;
    for (const logEvent of payload.logEvents ?? []) {
      const message = logEvent.message ?? '';
      const json = parseJsonObject(message);
      if (json && isSecurityHubFindingsEvent(json)) {
        emitFindings(sink, json, json.detail.findings);
        continue;
      }
      ordinal++;
      const timestamp = logEvent.timestamp;
      const id = logEvent.id || `${ctx.objectId}-${ordinal}`;
      if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) {
        sink.unparsable({ ordinal, id, raw: str(logEvent), error: 'log event without a timestamp' });
        continue;
      }
      const sourceIp = typeof json?.sourceIPAddress === 'string' ? json.sourceIPAddress : undefined;
      let doc = commonFieldsJson({
        logType: 'cloudwatch',
        timestamp: new Date(timestamp).toISOString(),
        accountId,
        region: ctx.region,
        sourceIp: sourceIp && isIpAddress(sourceIp) ? sourceIp : undefined,
      });
      doc += `${meta},"id":${str(logEvent.id)},"timestamp":${timestamp},"message":${str(message)}`;
      // The message is valid JSON already: splice its text rather than re-serialising the parse.
      if (json) doc += `,"json":${message.trim()}`;
      sink.record({ logType: 'cloudwatch', timestamp, id, ordinal, json: `${doc}}` });
    }
  };

  return {
    push(text, sink) {
      splitter.push(text, onPayload(sink));
    },
    end() {
      splitter.end();
    },
  };
}
