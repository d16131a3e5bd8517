import { commonFieldsJson } from '../documents';
import { isValidEventTime } from '../iso-time';
import { LineSplitter, splitQuotedFields } from '../line-splitter';
import type { LogObjectParser, ObjectContext, RecordSink } from '../types';
import { appendFields, fieldSpecs, httpOutcome, isolatedLines } from './delimited';
import { ipOf } from './safe-json';

/*
 * Amazon S3 server access logs: space-separated, quoted Request-URI/Referer/User-Agent, time in
 * brackets (`[06/Feb/2019:00:00:38 +0000]`, stored as ISO-8601). Field names are AWS's documented
 * names in snake case; newer fields at the end are simply absent from older lines. AWS may append
 * fields after the last one listed here: those values are kept, in order and as written, under
 * `extra_fields` rather than failing the line.
 */

export const S3_ACCESS_FIELDS = [
  'bucket_owner',
  'bucket',
  'time',
  'remote_ip',
  'requester',
  'request_id',
  'operation',
  'key',
  'request_uri',
  'http_status',
  'error_code',
  'bytes_sent',
  'object_size',
  'total_time',
  'turn_around_time',
  'referer',
  'user_agent',
  'version_id',
  'host_id',
  'signature_version',
  'cipher_suite',
  'authentication_type',
  'host_header',
  'tls_version',
  'access_point_arn',
  'acl_required',
  'source_region',
];

export const S3_ACCESS_NUMERIC_FIELDS = new Set([
  'http_status',
  'bytes_sent',
  'object_size',
  'total_time',
  'turn_around_time',
]);

const SPECS = fieldSpecs(S3_ACCESS_FIELDS, S3_ACCESS_NUMERIC_FIELDS);
const MONTHS: Record<string, string> = {
  Jan: '01',
  Feb: '02',
  Mar: '03',
  Apr: '04',
  May: '05',
  Jun: '06',
  Jul: '07',
  Aug: '08',
  Sep: '09',
  Oct: '10',
  Nov: '11',
  Dec: '12',
};
const ACCESS_LOG_TIME = /^(\d{2})\/(\w{3})\/(\d{4}):(\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})$/;
/**
 * Date-partitioned key layout:
 * `[prefix]<account>/<region>/<bucket>/YYYY/MM/DD/YYYY-MM-DD-hh-mm-ss-<unique>`.
 */
export const S3_ACCESS_PARTITIONED_KEY =
  /(?<!\d)(\d{12})\/([a-z]{2}(?:-[a-z]+)+-\d)\/[^/]+\/\d{4}\/\d{2}\/\d{2}\/\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[^/]+$/;
/** Simple key layout: `[prefix]YYYY-MM-DD-hh-mm-ss-<unique>`, the unique string being 16 upper-case characters. */
export const S3_ACCESS_SIMPLE_KEY = /(?<!\d)\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[0-9A-Z]{16}$/;

/** `06/Feb/2019:00:00:38 +0000` → epoch ms, NaN when malformed. */
export function parseAccessLogTime(value: string): number {
  const m = ACCESS_LOG_TIME.exec(value);
  if (!m || !MONTHS[m[2]]) return NaN;
  return Date.parse(`${m[3]}-${MONTHS[m[2]]}-${m[1]}T${m[4]}${m[5]}:${m[6]}`);
}

export function createS3AccessParser(ctx: ObjectContext): LogObjectParser {
  const lines = new LineSplitter();
  const partition = S3_ACCESS_PARTITIONED_KEY.exec(ctx.key);
  const accountId = ctx.accountId ?? partition?.[1];
  const keyRegion = ctx.region ?? partition?.[2];

  const parseLine = (sink: RecordSink, line: string, ordinal: number, id: string) => {
    const values = splitQuotedFields(line);
    const timestamp = parseAccessLogTime(values[2] ?? '');
    if (values.length < 18 || !isValidEventTime(timestamp)) {
      sink.unparsable({ ordinal, id, raw: line, error: 'not an S3 server access log line' });
      return;
    }
    const extra = values.length > S3_ACCESS_FIELDS.length ? values.splice(S3_ACCESS_FIELDS.length) : [];
    const iso = new Date(timestamp).toISOString();
    values[2] = iso;
    const [remoteIp, requester, operation, status] = [values[3], values[4], values[6], values[9]];
    const region = values[26];
    const json = commonFieldsJson({
      logType: 's3access',
      timestamp: iso,
      accountId,
      region: region && region !== '-' ? region : keyRegion,
      sourceIp: ipOf(remoteIp),
      userName: requester !== '-' ? requester.slice(requester.lastIndexOf('/') + 1) : undefined,
      action: operation !== '-' ? operation : undefined,
      outcome: httpOutcome(status),
    });
    sink.record({
      logType: 's3access',
      timestamp,
      id,
      ordinal,
      json: `${appendFields(json, SPECS, values)}${extra.length > 0 ? `,"extra_fields":${JSON.stringify(extra)}` : ''}}`,
    });
  };

  const onLine = isolatedLines(ctx.objectId, parseLine);

  return {
    push(text, sink) {
      lines.push(text, onLine(sink));
    },
    end(sink) {
      lines.end(onLine(sink));
    },
  };
}
