import { commonFieldsJson } from '../documents';
import { isValidEventTime } from '../iso-time';
import { LineSplitter, splitQuotedFields } from '../line-splitter';
import type { LogObjectParser, ObjectContext, RecordSink } from '../types';
import { appendFields, fieldSpecs, httpOutcome, isolatedLines, splitHostPort } from './delimited';
import { ipOf } from './safe-json';

/*
 * Elastic Load Balancing access logs. Application Load Balancer lines start with the request
 * type (http, https, h2, grpcs, ws, wss), Classic Load Balancer lines with the time. Fields are
 * space-separated, some quoted; names are AWS's, with `client:port` split into `client_ip` and
 * `client_port` (same for target/backend) so the address can be indexed as an IP.
 * AWS appends new fields at the end of the line and tells consumers to ignore the ones they do not
 * expect: values past the last known field are kept, in order and as written, under `extra_fields`.
 */

/** Application Load Balancer, in AWS's documented order (newer fields are simply absent in older logs). */
export const ALB_FIELDS = [
  'type',
  'time',
  'elb',
  'client:port',
  'target:port',
  'request_processing_time',
  'target_processing_time',
  'response_processing_time',
  'elb_status_code',
  'target_status_code',
  'received_bytes',
  'sent_bytes',
  'request',
  'user_agent',
  'ssl_cipher',
  'ssl_protocol',
  'target_group_arn',
  'trace_id',
  'domain_name',
  'chosen_cert_arn',
  'matched_rule_priority',
  'request_creation_time',
  'actions_executed',
  'redirect_url',
  'error_reason',
  'target:port_list',
  'target_status_code_list',
  'classification',
  'classification_reason',
  'conn_trace_id',
  'transformed_host',
  'transformed_uri',
  'request_transform_status',
];

/** Classic Load Balancer. */
export const CLB_FIELDS = [
  'time',
  'elb',
  'client:port',
  'backend:port',
  'request_processing_time',
  'backend_processing_time',
  'response_processing_time',
  'elb_status_code',
  'backend_status_code',
  'received_bytes',
  'sent_bytes',
  'request',
  'user_agent',
  'ssl_cipher',
  'ssl_protocol',
];

export const ELB_NUMERIC_FIELDS = new Set([
  'request_processing_time',
  'target_processing_time',
  'backend_processing_time',
  'response_processing_time',
  'elb_status_code',
  'target_status_code',
  'backend_status_code',
  'received_bytes',
  'sent_bytes',
  'matched_rule_priority',
  'client_port',
  'target_port',
  'backend_port',
]);

/** Expands each `x:port` column into `x_ip` and `x_port`; `target:port_list` stays one field. */
function expandedNames(fields: readonly string[]): string[] {
  return fields.flatMap((f) =>
    f.endsWith(':port') ? [`${f.slice(0, -5)}_ip`, `${f.slice(0, -5)}_port`] : [f.replace(':', '_')],
  );
}

function expandedValues(fields: readonly string[], values: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < values.length; i++) {
    if (i < fields.length && fields[i].endsWith(':port')) {
      const hp = splitHostPort(values[i]);
      out.push(hp ? hp[0] : '-', hp ? hp[1] : '-');
    } else out.push(values[i]);
  }
  return out;
}

const ALB_NAMES = expandedNames(ALB_FIELDS);
const CLB_NAMES = expandedNames(CLB_FIELDS);
const ALB_SPECS = fieldSpecs(ALB_NAMES, ELB_NUMERIC_FIELDS);
const CLB_SPECS = fieldSpecs(CLB_NAMES, ELB_NUMERIC_FIELDS);
const ISO_TIME_START = /^\d{4}-\d{2}-\d{2}T/;

/** `,"extra_fields":[...]` for the values past the last known field (fields newer than this parser). */
function extraFieldsJson(extra: readonly string[] | undefined): string {
  return extra && extra.length > 0 ? `,"extra_fields":${JSON.stringify(extra)}` : '';
}

export function createElbParser(ctx: ObjectContext): LogObjectParser {
  const lines = new LineSplitter();
  const onLine = isolatedLines(
    ctx.objectId,
    (sink: RecordSink, line: string, ordinal: number, id: string) => {
      const raw = splitQuotedFields(line);
      const classic = ISO_TIME_START.test(raw[0] ?? '');
      const fields = classic ? CLB_FIELDS : ALB_FIELDS;
      const minimum = classic ? CLB_FIELDS.length : 16;
      if (raw.length < minimum) {
        sink.unparsable({
          ordinal,
          id,
          raw: line,
          error: `not an ELB access log line (${raw.length} fields)`,
        });
        return;
      }
      const extra = raw.length > fields.length ? raw.splice(fields.length) : undefined;
      const values = expandedValues(fields, raw);
      const names = classic ? CLB_NAMES : ALB_NAMES;
      const time = values[names.indexOf('time')];
      const timestamp = Date.parse(time);
      if (!isValidEventTime(timestamp)) {
        sink.unparsable({ ordinal, id, raw: line, error: `invalid time '${time}'` });
        return;
      }
      const clientIp = values[names.indexOf('client_ip')];
      const request = values[names.indexOf('request')] ?? '';
      const method = request.slice(0, request.indexOf(' ') >>> 0);
      const json = commonFieldsJson({
        logType: 'elb',
        timestamp: new Date(timestamp).toISOString(),
        accountId: ctx.accountId,
        region: ctx.region,
        sourceIp: ipOf(clientIp),
        action: method && method !== '-' ? method : undefined,
        outcome: httpOutcome(values[names.indexOf('elb_status_code')]),
      });
      sink.record({
        logType: 'elb',
        timestamp,
        id,
        ordinal,
        json: `${appendFields(json, classic ? CLB_SPECS : ALB_SPECS, values)}${extraFieldsJson(extra)}}`,
      });
    },
  );

  return {
    push(text, sink) {
      lines.push(text, onLine(sink));
    },
    end(sink) {
      lines.end(onLine(sink));
    },
  };
}
