import { spliceDocument } from '../documents';
import { IsoFormatter, IsoParser, isValidEventTime } from '../iso-time';
import { jsonString } from '../json-fields';
import { JsonObjectSplitter } from '../json-splitter';
import type { LogObjectParser, ObjectContext } from '../types';
import { isolatedRecords } from './isolated-records';
import { splitRecords } from './split-records';

/*
 * Amazon Bedrock model invocation logs delivered to S3: one JSON object per invocation,
 * newline-delimited, gzipped, under
 * `AWSLogs/<account>/BedrockModelInvocationLogs/<region>/YYYY/MM/DD/HH/<file>.json.gz`.
 * `schemaType` is `ModelInvocationLog`; `identity.arn` is the caller, `input`/`output` hold the
 * token counts and the request and response bodies (`inputBodyJson`, `outputBodyJson`; bodies over
 * 100 KB are written to S3 by Bedrock and only their `…BodyS3Path` appears). Each record is kept
 * byte for byte; the mapping indexes ids and token counts and leaves the bodies unindexed.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html
 */

const RECORD_FIELDS = new Set(['timestamp', 'accountId', 'region', 'operation', 'identity', 'errorCode']);

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
/** Longest `identity` member read for the caller's name: an ARN is at most 2,048 characters. */
const MAX_IDENTITY_CHARS = 4096;

/**
 * The name of the caller an IAM or STS ARN designates: the user name, or `role/session` of an
 * assumed role (as `user.name` of CloudTrail documents reads for the same principal).
 */
export function principalName(arn: string): string | undefined {
  const m = /^arn:aws[a-z-]*:(?:iam|sts)::\d{12}:(?:user|assumed-role|role|federated-user)\/(.+)$/.exec(arn);
  if (m) return m[1].split('/').slice(-2).join('/');
  if (/^arn:aws[a-z-]*:iam::\d{12}:root$/.test(arn)) return 'root';
  return undefined;
}

function identityArn(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.length > MAX_IDENTITY_CHARS || raw.charCodeAt(0) !== 123 /* { */)
    return undefined;
  try {
    const arn = (JSON.parse(raw) as { arn?: unknown }).arn;
    return typeof arn === 'string' ? arn : undefined;
  } catch {
    return undefined;
  }
}

export function createBedrockParser(ctx: ObjectContext): LogObjectParser {
  const splitter = new JsonObjectSplitter(0, true, RECORD_FIELDS);
  const iso = new IsoFormatter();
  const times = new IsoParser();

  const { onRecord, onBad } = isolatedRecords(ctx.objectId, RECORD_FIELDS, (sink, text, m, ordinal, id) => {
    const time = jsonString(m.timestamp);
    const timestamp = time === undefined ? NaN : times.parse(time);
    if (!isValidEventTime(timestamp)) {
      sink.unparsable({ ordinal, id, raw: text, error: 'missing or invalid timestamp' });
      return;
    }
    const account = jsonString(m.accountId);
    const region = jsonString(m.region);
    const arn = identityArn(m.identity);
    // `errorCode` appears on failed invocations only (throttling, validation, access denied).
    const failed = m.errorCode !== undefined && m.errorCode !== 'null';
    sink.record({
      logType: 'bedrock',
      timestamp,
      id,
      ordinal,
      ...spliceDocument(
        {
          logType: 'bedrock',
          timestamp: iso.format(timestamp),
          // The content's account, which provenance checks against the key's.
          accountId: account !== undefined && ACCOUNT_ID.test(account) ? account : ctx.accountId,
          region: region !== undefined && REGION.test(region) ? region : ctx.region,
          userName: arn === undefined ? undefined : principalName(arn),
          action: jsonString(m.operation),
          outcome: failed ? 'failure' : 'success',
        },
        text,
      ),
    });
  });

  return splitRecords(splitter, onRecord, onBad);
}
