import { isIpAddress, spliceDocument } from '../documents';
import { IsoFormatter } from '../iso-time';
import { jsonString, topLevelMembers } from '../json-fields';
import { JsonObjectSplitter, type Members } from '../json-splitter';
import type { LogObjectParser, ObjectContext, RecordSink } from '../types';

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

  const onRecord = (sink: RecordSink) => (text: string, m: Members) => {
    ordinal++;
    const id = `${ctx.objectId}-${ordinal}`;
    const timestamp = m.timestamp !== undefined ? Number(m.timestamp) : NaN;
    if (!Number.isFinite(timestamp)) {
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
    const arn = rec.webaclId ? WEB_ACL_ARN.exec(rec.webaclId) : null;
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
          sourceIp: clientIp && isIpAddress(clientIp) ? clientIp : undefined,
          action: rec.action,
          outcome: rec.action ? (ALLOWING_ACTIONS.has(rec.action) ? 'success' : 'failure') : undefined,
        },
        text,
      ),
    });
  };

  return {
    push(text, sink) {
      splitter.push(text, onRecord(sink));
    },
    end() {
      splitter.end();
    },
  };
}
