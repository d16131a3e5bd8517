import { spliceDocument } from '../documents';
import { IsoFormatter, isValidEventTime } from '../iso-time';
import { jsonString, topLevelMembers } from '../json-fields';
import { JsonObjectSplitter, type Members } from '../json-splitter';
import type { LogObjectParser, ObjectContext, RecordSink } from '../types';
import { ipOf, reasonOf, safeJsonObject } from './safe-json';

/*
 * AWS WAF logs: one JSON object per request, delivered by Firehose (objects concatenated with
 * no separator) or straight to S3 (newline-delimited). Each record is kept byte for byte.
 */

interface WafRecord {
  webaclId?: string;
  action?: string;
  httpRequest?: { clientIp?: string };
}

/** `arn:aws:wafv2:<region>:<account>:regional/webacl/...` */
/** All a document needs from a record; the rest is kept as the original text. */
const RECORD_FIELDS = new Set(['timestamp', 'webaclId', 'action', 'httpRequest']);
const REQUEST_FIELDS = new Set(['clientIp']);

const WEB_ACL_ARN = /^arn:[^:]+:wafv2?:([^:]*):(\d{12}):/;

/** WAF terminating actions that let the request through; the others stopped it. */
const ALLOWING_ACTIONS = new Set(['ALLOW', 'COUNT']);

export function createWafParser(ctx: ObjectContext): LogObjectParser {
  const splitter = new JsonObjectSplitter(0, true, RECORD_FIELDS);
  let ordinal = 0;
  const iso = new IsoFormatter();

  const onRecord = (sink: RecordSink) => (raw: string, picked: Members, plain: boolean) => {
    ordinal++;
    const id = `${ctx.objectId}-${ordinal}`;
    try {
      record(sink, raw, picked, plain, id);
    } catch (err) {
      sink.unparsable({ ordinal, id, raw, error: reasonOf(err) });
    }
  };
  const onBad = (sink: RecordSink) => (raw: string, error: string) => {
    ordinal++;
    sink.unparsable({ ordinal, id: `${ctx.objectId}-${ordinal}`, raw, error });
  };

  const record = (sink: RecordSink, raw: string, picked: Members, plain: boolean, id: string) => {
    // Valid single-line JSON (checked by the splitter when `plain`), or the reason it cannot be;
    // members re-read from a rewritten copy.
    const safe = safeJsonObject(raw, plain);
    if ('error' in safe) {
      sink.unparsable({ ordinal, id, raw, error: `invalid JSON: ${safe.error}` });
      return;
    }
    const text = safe.text;
    const m = safe.rewritten ? topLevelMembers(text, RECORD_FIELDS) : picked;
    // Only a JSON number: Number() would also read `"123"`, `true` or `[]`.
    const timestamp = m.timestamp !== undefined && /^-?\d/.test(m.timestamp) ? Number(m.timestamp) : NaN;
    if (!isValidEventTime(timestamp)) {
      sink.unparsable({ ordinal, id, raw: text, error: 'missing or invalid timestamp' });
      return;
    }
    const rec: WafRecord = {
      webaclId: jsonString(m.webaclId),
      action: jsonString(m.action),
      httpRequest: m.httpRequest
        ? { clientIp: jsonString(topLevelMembers(m.httpRequest, REQUEST_FIELDS).clientIp) }
        : {},
    };
    const arn = rec.webaclId && rec.webaclId.length <= 2048 ? WEB_ACL_ARN.exec(rec.webaclId) : null;
    const clientIp = rec.httpRequest?.clientIp;
    sink.record({
      logType: 'waf',
      timestamp,
      id,
      ordinal,
      ...spliceDocument(
        {
          logType: 'waf',
          timestamp: iso.format(timestamp),
          accountId: arn?.[2] ?? ctx.accountId,
          region: arn?.[1] || ctx.region,
          sourceIp: ipOf(clientIp),
          action: rec.action,
          outcome: rec.action ? (ALLOWING_ACTIONS.has(rec.action) ? 'success' : 'failure') : undefined,
        },
        text,
      ),
    });
  };

  return {
    push(text, sink) {
      splitter.push(text, onRecord(sink), onBad(sink));
    },
    end(sink) {
      splitter.end(onBad(sink));
    },
  };
}
