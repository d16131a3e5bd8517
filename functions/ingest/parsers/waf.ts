import { ChunkText } from '../chunk-text';
import { spliceDocument } from '../documents';
import { IsoFormatter, isValidEventTime } from '../iso-time';
import { jsonString, topLevelMembers } from '../json-fields';
import { JsonObjectSplitter } from '../json-splitter';
import type { LogObjectParser, ObjectContext, RecordSink } from '../types';
import { isolatedRecords } from './isolated-records';
import { ipOf } from './safe-json';

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
  const iso = new IsoFormatter();
  const decoder = new ChunkText();
  /** The bytes of the text being split when they are that text one byte per character, and
   * where the plain record being handled starts in them (-1: not plain, use its text). */
  let source: Buffer | undefined;
  let at = -1;

  const { onRecord, onBad } = isolatedRecords(ctx.objectId, RECORD_FIELDS, (sink, text, m, ordinal, id) => {
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
        undefined,
        source,
        at,
      ),
    });
  });

  const push = (text: string, sink: RecordSink, bytes: Buffer | undefined, firstControl: number): void => {
    source = bytes;
    const emit = onRecord(sink);
    splitter.push(
      text,
      (raw, members, plain, start) => {
        // A plain record is handed on unchanged (safeJsonObject passes it as it is).
        at = plain && bytes !== undefined ? start : -1;
        emit(raw, members, plain, start);
      },
      onBad(sink),
      firstControl,
      bytes,
    );
  };

  return {
    push(text, sink) {
      push(text, sink, undefined, -1);
    },
    pushBytes(chunk, sink) {
      push(decoder.write(chunk), sink, decoder.bytes, decoder.firstControl);
    },
    end(sink) {
      const tail = decoder.end();
      if (tail) push(tail, sink, undefined, -1);
      splitter.end(onBad(sink));
    },
  };
}
