import { archiveBucketName } from '../../../config/archive-names';
import type { CloudWatchLogsPayload } from '../../../functions/log-transfer/decode-payload';
import { archiveObjectKey } from '../../../functions/log-transfer/object-key';
import { encodeArchiveObject } from '../../../functions/log-transfer/transfer';
import type { DemoContext, DemoObject } from './context';

/*
 * Sources that reach the archive through CloudWatch Logs (EKS audit, RDS audit, API Gateway access
 * logs): one subscription payload per log stream, archived as the log-transfer function writes it.
 */

/** CloudWatch event ids are 56-digit strings; these are stable per (stream, ordinal). */
export const cloudWatchEventId = (stream: number, ordinal: number) =>
  `3${String(stream).padStart(6, '0')}${String(ordinal).padStart(49, '0')}`;

export interface TimedMessage {
  readonly timestamp: number;
  readonly message: string;
}

export function archivedPayload(
  ctx: DemoContext,
  account: { id: string; region: string },
  stream: { logGroup: string; logStream: string; id: number },
  messages: readonly TimedMessage[],
  documents: DemoObject['documents'],
): DemoObject {
  const payload: CloudWatchLogsPayload = {
    messageType: 'DATA_MESSAGE',
    owner: account.id,
    logGroup: stream.logGroup,
    logStream: stream.logStream,
    subscriptionFilters: [`${ctx.config.namePrefix}-log-subscription`],
    logEvents: [...messages]
      .sort((a, b) => a.timestamp - b.timestamp)
      .map((m, i) => ({ id: cloudWatchEventId(stream.id, i), timestamp: m.timestamp, message: m.message })),
  };
  return {
    bucket: archiveBucketName(ctx.config, 'cloudwatch'),
    key: archiveObjectKey({ accountId: account.id, region: account.region, payload }),
    body: encodeArchiveObject(payload),
    documents,
  };
}
