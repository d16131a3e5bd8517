import { z } from 'zod';
import type { S3Pointer } from './types';

/*
 * The bodies the ingestion queue receives, as a schema: S3 event notifications (the archive
 * buckets), EventBridge "Object Created" events (Security Lake's subscriber notifications), and
 * the test event S3 sends when a notification is configured. Unknown fields are kept, so a field
 * AWS adds does not break ingestion.
 */

const objectName = z.looseObject({
  bucket: z.looseObject({ name: z.string().min(1) }),
  object: z.looseObject({ key: z.string().min(1) }),
});

const testEvent = z.looseObject({ Event: z.literal('s3:TestEvent') });

const eventBridgeObject = z.looseObject({ 'detail-type': z.string().optional(), detail: objectName });

/** Records without a bucket and key (none are known) are skipped, as are removals and other non-creations. */
const notificationRecord = z.looseObject({
  eventSource: z.string().optional(),
  eventName: z.string().optional(),
  s3: z
    .looseObject({
      bucket: z.looseObject({ name: z.string().optional() }).optional(),
      object: z.looseObject({ key: z.string().optional() }).optional(),
    })
    .optional(),
});
const notification = z.looseObject({ Records: z.array(notificationRecord) });

/** A body no retry can fix: not JSON, or none of the shapes above. */
export class MalformedMessageError extends Error {
  constructor(reason: string) {
    super(
      `SQS message is not an S3 event notification, EventBridge Object Created event or S3 test event: ${reason}`,
    );
    this.name = 'MalformedMessageError';
  }
}

/** Object pointers in one SQS message body; throws {@link MalformedMessageError}. */
export function objectsInMessage(body: string): S3Pointer[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    throw new MalformedMessageError(`not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (testEvent.safeParse(json).success) return [];
  const bridge = eventBridgeObject.safeParse(json);
  if (bridge.success) return [{ bucket: bridge.data.detail.bucket.name, key: bridge.data.detail.object.key }];
  const message = notification.safeParse(json);
  if (!message.success) throw new MalformedMessageError(describe(json));
  return message.data.Records.flatMap((r) => {
    const bucket = r.s3?.bucket?.name;
    const key = r.s3?.object?.key;
    if (!bucket || !key || !(r.eventName ?? 'ObjectCreated').startsWith('ObjectCreated')) return [];
    // Keys in notifications are URL-encoded with '+' for spaces.
    return [{ bucket, key: decodeURIComponent(key.replace(/\+/g, ' ')) }];
  });
}

/** What the body was instead: its top-level fields (never values, which may be large or sensitive). */
function describe(json: unknown): string {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return `the body is ${Array.isArray(json) ? 'an array' : json === null ? 'null' : typeof json}`;
  }
  const fields = Object.keys(json).slice(0, 10);
  return fields.length ? `fields ${fields.join(', ')}` : 'an empty object';
}
