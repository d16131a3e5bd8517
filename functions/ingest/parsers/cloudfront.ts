import { commonFieldsJson } from '../documents';
import { isValidEventTime } from '../iso-time';
import { LineSplitter } from '../line-splitter';
import type { LogObjectParser, ObjectContext, RecordSink } from '../types';
import { appendFields, fieldSpecs, httpOutcome, isolatedLines, type FieldSpec } from './delimited';
import { ipOf } from './safe-json';

/*
 * CloudFront standard (legacy) logs: tab-separated, a `#Version:` line then a `#Fields:` line that
 * names the columns. Names are AWS's with `-` turned into `_` and `cs(Host)` into `cs_host`.
 */

export const CLOUDFRONT_NUMERIC_FIELDS = new Set([
  'sc_bytes',
  'sc_status',
  'cs_bytes',
  'time_taken',
  'c_port',
  'time_to_first_byte',
  'sc_content_len',
  'sc_range_start',
  'sc_range_end',
  'origin_fbl',
  'origin_lbl',
  'asn',
]);

/** `cs(User-Agent)` → `cs_user_agent`, `x-edge-location` → `x_edge_location`. */
export function cloudFrontFieldName(name: string): string {
  return name
    .replace(/\(([^)]*)\)/g, '_$1')
    .replace(/-/g, '_')
    .toLowerCase();
}

export function createCloudFrontParser(ctx: ObjectContext): LogObjectParser {
  const lines = new LineSplitter();
  let names: string[] | undefined;
  let specs: FieldSpec[] = [];
  let at = { date: -1, time: -1, ip: -1, method: -1, status: -1 };

  /** `#Version` and `#Fields` comments; `#Fields` names the columns of the lines after it. */
  const header = (line: string): boolean => {
    if (!line.startsWith('#')) return false;
    if (line.startsWith('#Fields:')) {
      names = line.slice(8).trim().split(/\s+/).map(cloudFrontFieldName);
      specs = fieldSpecs(names, CLOUDFRONT_NUMERIC_FIELDS);
      const pos = (n: string) => (names as string[]).indexOf(n);
      at = {
        date: pos('date'),
        time: pos('time'),
        ip: pos('c_ip'),
        method: pos('cs_method'),
        status: pos('sc_status'),
      };
    }
    return true;
  };

  const onLine = isolatedLines(
    ctx.objectId,
    (sink: RecordSink, line: string, ordinal: number, id: string) => {
      if (!names) {
        sink.unparsable({ ordinal, id, raw: line, error: 'CloudFront log line before the #Fields header' });
        return;
      }
      const values = line.split('\t');
      const timestamp = Date.parse(`${values[at.date]}T${values[at.time]}Z`);
      if (values.length !== names.length || !isValidEventTime(timestamp)) {
        sink.unparsable({
          ordinal,
          id,
          raw: line,
          error: `expected ${names.length} tab-separated fields with date and time`,
        });
        return;
      }
      const ip = values[at.ip];
      const method = values[at.method];
      const json = commonFieldsJson({
        logType: 'cloudfront',
        timestamp: new Date(timestamp).toISOString(),
        accountId: ctx.accountId,
        sourceIp: ipOf(ip),
        action: method && method !== '-' ? method : undefined,
        outcome: httpOutcome(values[at.status]),
      });
      sink.record({
        logType: 'cloudfront',
        timestamp,
        id,
        ordinal,
        json: `${appendFields(json, specs, values)}}`,
      });
    },
    header,
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
