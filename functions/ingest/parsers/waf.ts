import { ChunkText } from '../chunk-text';
import { spliceDocument } from '../documents';
import { IsoFormatter, isValidEventTime } from '../iso-time';
import { firstMember, jsonString } from '../json-fields';
import { JsonObjectSplitter } from '../json-splitter';
import type { LogObjectParser, ObjectContext, ParsedRecord, RecordSink } from '../types';
import { isolatedRecords } from './isolated-records';
import { ipOf } from './safe-json';

/*
 * AWS WAF logs: one JSON object per request, delivered by Firehose (objects concatenated with
 * no separator) or straight to S3 (newline-delimited). Each record is kept byte for byte.
 */

/** All a document needs from a record; the rest is kept as the original text. */
const RECORD_FIELDS = new Set(['timestamp', 'webaclId', 'action', 'httpRequest']);

/** `arn:aws:wafv2:<region>:<account>:regional/webacl/...` */
const WEB_ACL_ARN = /^arn:[^:]+:wafv2?:([^:]*):(\d{12}):/;

/** What `/^-?\d/` tests: the text opens a JSON number. */
function startsNumber(text: string): boolean {
  const c = text.charCodeAt(text.charCodeAt(0) === 45 /* - */ ? 1 : 0);
  return c >= 48 && c <= 57;
}

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
  let lastAcl: string | undefined;
  let lastArn: RegExpExecArray | null = null;

  const { onRecord, onBad } = isolatedRecords(ctx.objectId, RECORD_FIELDS, (sink, text, m, ordinal, id) => {
    // Only a JSON number: Number() would also read `"123"`, `true` or `[]`.
    const timestamp = m.timestamp !== undefined && startsNumber(m.timestamp) ? Number(m.timestamp) : NaN;
    if (!isValidEventTime(timestamp)) {
      sink.unparsable({ ordinal, id, raw: text, error: 'missing or invalid timestamp' });
      return;
    }
    const webaclId = jsonString(m.webaclId);
    const action = jsonString(m.action);
    const clientIp = m.httpRequest ? jsonString(firstMember(m.httpRequest, 'clientIp')) : undefined;
    // Records of one object name a handful of web ACLs: the last one's match is kept.
    if (webaclId !== lastAcl) {
      lastAcl = webaclId;
      lastArn = webaclId && webaclId.length <= 2048 ? WEB_ACL_ARN.exec(webaclId) : null;
    }
    const arn = lastArn;
    const doc = spliceDocument(
      {
        logType: 'waf',
        timestamp: iso.format(timestamp),
        accountId: arn?.[2] ?? ctx.accountId,
        region: arn?.[1] || ctx.region,
        sourceIp: ipOf(clientIp),
        action,
        outcome: action ? (ALLOWING_ACTIONS.has(action) ? 'success' : 'failure') : undefined,
      },
      text,
      undefined,
      source,
      at,
    );
    // One literal of one shape (a spread of the spliced document copied it once more).
    sink.record({
      logType: 'waf',
      timestamp,
      id,
      ordinal,
      head: doc.head,
      json: doc.json,
      bytes: doc.bytes,
    } as ParsedRecord);
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
