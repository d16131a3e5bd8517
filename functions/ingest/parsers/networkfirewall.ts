import { commonFieldsJson, type CommonFields } from '../documents';
import { isValidEventTime } from '../iso-time';
import { jsonString, topLevelMembers } from '../json-fields';
import { JsonObjectSplitter } from '../json-splitter';
import type { LogObjectParser, ObjectContext } from '../types';
import { isolatedRecords } from './isolated-records';
import { ipOf } from './safe-json';
import { splitRecords } from './split-records';

/*
 * AWS Network Firewall logs: one JSON object per line, delivered by the log delivery service to
 * `AWSLogs/<account>/network-firewall/<alert|flow|tls>/<region>/<firewall>/YYYY/MM/DD/HH/…log.gz`.
 * Each record is `{firewall_name, availability_zone, event_timestamp, event: {…}}` where `event` is
 * the Suricata EVE record (`event_type` alert, netflow or tls; `src_ip`, `dest_ip`, `alert{…}`,
 * `netflow{…}`, `tls{…}`, `http{…}`, `app_proto`…).
 * https://docs.aws.amazon.com/network-firewall/latest/developerguide/firewall-logging-contents.html
 *
 * The record's `event` shares its name with the common `event` (dataset, action, outcome): the
 * document holds ONE `event` object with the common members first and AWS's members after them,
 * unchanged and under AWS's names (`event.src_ip`, `event.alert.signature`, `event.netflow.bytes`).
 * A record whose `event` itself has a member of a common name cannot be merged and is dead-lettered.
 */

const RECORD_FIELDS = new Set(['event_timestamp', 'event', 'availability_zone']);
const EVENT_FIELDS = new Set([
  'timestamp',
  'event_type',
  'src_ip',
  'alert',
  'dataset',
  'action',
  'outcome',
  'routing',
]);
const ALERT_FIELDS = new Set(['action']);
/** Members the common fields (and index routing) write into `event`. */
const COMMON_EVENT_MEMBERS = ['dataset', 'action', 'outcome', 'routing'] as const;

/** `2020-10-13T22:10:01.006481+0000` (Suricata), also with `Z` or `+00:00`. */
const EVE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/;
/**
 * `AWSLogs/<account>/network-firewall/<log type>/<region>/` of the key (its first `AWSLogs/`
 * segment, as in detect-source.ts): the generic `AWSLogs/<account>/<service>/<region>/` reading of
 * documents.ts does not see through the log type folder.
 */
const KEY_LAYOUT = new RegExp(
  String.raw`^(?:(?!AWSLogs/)[^/]+/)*AWSLogs/(\d{12})/network-firewall/[a-z]+/([a-z]{2}(?:-[a-z]+)+-\d)/`,
);
/** An availability zone name (`us-east-1b`, `us-west-2-lax-1a`): the region is what comes before the last letter. */
const ZONE = /^([a-z]{2}(?:-[a-z]+)+-\d)(?:-[a-z]+-\d)?[a-z]$/;

/** Epoch milliseconds of an EVE time, NaN when it is not one. */
export function eveTime(text: string): number {
  const m = EVE_TIME.exec(text);
  if (!m) return NaN;
  const zone = m[3] === 'Z' ? 'Z' : `${m[3].slice(0, 3)}:${m[3].slice(-2)}`;
  const millis = (m[2] ?? '').padEnd(3, '0').slice(0, 3);
  return Date.parse(`${m[1]}.${millis}${zone}`);
}

/** Alert actions of a stateful rule that stopped the packet (`blocked`), or only reported it. */
const STOPPING_ACTIONS = new Set(['blocked', 'rejected', 'dropped']);

export function createNetworkFirewallParser(ctx: ObjectContext): LogObjectParser {
  const splitter = new JsonObjectSplitter(0, true, RECORD_FIELDS);
  const layout = KEY_LAYOUT.exec(ctx.key);
  const keyAccount = layout?.[1] ?? ctx.accountId;
  const keyRegion = layout?.[2];

  const { onRecord, onBad } = isolatedRecords(ctx.objectId, RECORD_FIELDS, (sink, text, m, ordinal, id) => {
    if (m.event === undefined || m.event.charCodeAt(0) !== 123 /* { */) {
      sink.unparsable({ ordinal, id, raw: text, error: 'record without an event object' });
      return;
    }
    const ev = topLevelMembers(m.event, EVENT_FIELDS);
    const clash = COMMON_EVENT_MEMBERS.find((name) => ev[name] !== undefined);
    if (clash !== undefined) {
      sink.unparsable({ ordinal, id, raw: text, error: `event.${clash} would overwrite a common field` });
      return;
    }
    const eventTime = jsonString(ev.timestamp);
    let timestamp = eventTime === undefined ? NaN : eveTime(eventTime);
    if (!isValidEventTime(timestamp)) {
      // `event_timestamp`: epoch seconds, as a string.
      const seconds = jsonString(m.event_timestamp);
      timestamp = seconds !== undefined && /^\d{1,12}$/.test(seconds) ? Number(seconds) * 1000 : NaN;
    }
    if (!isValidEventTime(timestamp)) {
      sink.unparsable({
        ordinal,
        id,
        raw: text,
        error: 'missing or invalid event.timestamp and event_timestamp',
      });
      return;
    }
    const alertAction =
      ev.alert?.charCodeAt(0) === 123
        ? jsonString(topLevelMembers(ev.alert, ALERT_FIELDS).action)
        : undefined;
    const common: CommonFields = {
      logType: 'networkfirewall',
      timestamp: new Date(timestamp).toISOString(),
      action: alertAction,
      outcome:
        alertAction === undefined ? undefined : STOPPING_ACTIONS.has(alertAction) ? 'failure' : 'success',
      // The content names no account: the key's, which the bucket policy gives to the delivering account.
      accountId: keyAccount,
      region: keyRegion ?? ZONE.exec(jsonString(m.availability_zone) ?? '')?.[1] ?? ctx.region,
      sourceIp: ipOf(jsonString(ev.src_ip)),
    };
    sink.record({
      logType: 'networkfirewall',
      timestamp,
      id,
      ordinal,
      json: mergedDocument(common, text, m.event),
    });
  });

  return splitRecords(splitter, onRecord, onBad);
}

/**
 * The common fields with the record's `event` members inside the common `event` object, then the
 * record's other top-level members. `event` is kept as its original text (Suricata's 64-bit
 * `flow_id` keeps every digit); the other members (strings in every documented version) are
 * written back from the parsed record.
 */
function mergedDocument(common: CommonFields, text: string, eventText: string): string {
  const { logType, timestamp, action, outcome } = common;
  const opening = commonFieldsJson({ logType, timestamp, action, outcome });
  const rest = commonFieldsJson(common).slice(opening.length);
  const inner = eventText.slice(1, eventText.lastIndexOf('}')).trim();
  let doc = `${opening.slice(0, -1)}${inner === '' ? '' : `,${inner}`}}${rest}`;
  const record = JSON.parse(text) as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (key !== 'event') doc += `,${JSON.stringify(key)}:${JSON.stringify(value)}`;
  }
  return `${doc}}`;
}
