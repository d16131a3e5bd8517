import { IsoFormatter } from '../iso-time';
import { JsonObjectSplitter } from '../json-splitter';
import type { LogObjectParser, ObjectContext, RecordSink } from '../types';
import { isObject, type LogEventContext, type LogEventSink } from './cloudwatch-event';
import { DEFAULT_CLOUDWATCH_ROUTING, type CloudWatchRouting } from './cloudwatch-routes';
import { reasonOf, safeStringify, stringOf } from './safe-json';
import { splitRecords } from './split-records';

/*
 * CloudWatch Logs objects written by our log-transfer function: newline-delimited decoded
 * subscription payloads (`{"messageType":"DATA_MESSAGE","logEvents":[...]}`). Each payload's log
 * group and stream pick a route in the routing table (cloudwatch-routes.ts), whose message parser
 * turns each log event into documents: by default one `cloudwatch` document per event, or
 * `findings` documents for Security Hub findings events. CONTROL_MESSAGE payloads carry no log data.
 */

const ACCOUNT_ID = /^\d{12}$/;
const str = JSON.stringify;

export function createCloudWatchParser(
  ctx: ObjectContext,
  routing: CloudWatchRouting = DEFAULT_CLOUDWATCH_ROUTING,
): LogObjectParser {
  const splitter = new JsonObjectSplitter(0, true);
  const iso = new IsoFormatter();
  let ordinal = 0;

  const bad = (sink: RecordSink, raw: string, error: string, id = `${ctx.objectId}-${ordinal}`) =>
    sink.unparsable({ ordinal, id, raw, error });

  const eventSink = (sink: RecordSink): LogEventSink => ({
    next: () => ++ordinal,
    get ordinal() {
      return ordinal;
    },
    record: (record) => sink.record(record),
    bad: (raw, error, id) => bad(sink, raw, error, id),
  });

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
    const logGroup = stringOf(payload.logGroup);
    const logStream = stringOf(payload.logStream);
    const route = routing.route(logGroup, logStream);
    const eventCtx: LogEventContext = {
      accountId,
      region: ctx.region,
      logGroup,
      logStream,
      meta,
      objectId: ctx.objectId,
      iso,
    };
    const events = eventSink(sink);
    for (const logEvent of payload.logEvents as unknown[]) {
      const before = ordinal;
      try {
        if (isObject(logEvent)) route.parse(logEvent, eventCtx, events);
        else {
          ordinal++;
          bad(sink, safeStringify(logEvent), 'log event is not a JSON object');
        }
      } catch (err) {
        // Nothing of this event was emitted yet unless a route emitted several: count it once.
        if (ordinal === before) ordinal++;
        bad(sink, safeStringify(logEvent), reasonOf(err));
      }
    }
  };

  const onBad = (sink: RecordSink) => (raw: string, error: string) => {
    ordinal++;
    bad(sink, raw, error);
  };

  return splitRecords(splitter, onPayload, onBad);
}
