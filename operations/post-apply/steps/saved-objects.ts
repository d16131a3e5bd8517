import { randomBytes } from 'node:crypto';
import { toNdjson, type SiemSavedObject } from '../../../saved-objects';
import type { HttpClient } from '../../../opensearch/http-client';
import { containsDesired } from '../compare';
import type { ReconcileOptions, StepReport } from '../reconcile';

interface StoredObject {
  readonly type: string;
  readonly id: string;
  readonly attributes?: unknown;
  readonly references?: unknown;
  readonly error?: { readonly statusCode: number; readonly message?: string };
}

interface ImportResponse {
  readonly success: boolean;
  readonly successCount: number;
  readonly errors?: ReadonlyArray<{
    type: string;
    id: string;
    title?: string;
    error: { type: string } & Record<string, unknown>;
  }>;
}

/** Objects per `_bulk_get`: keeps each response small on a dashboard-heavy install. */
const BULK_GET_CHUNK = 100;

/** `_import` takes a file upload; the body is built by hand so it can be SigV4-signed as bytes. */
export function multipartNdjson(ndjson: string, boundary = `siem-${randomBytes(12).toString('hex')}`) {
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="saved-objects.ndjson"\r\n` +
        'Content-Type: application/x-ndjson\r\n\r\n',
    ),
    Buffer.from(ndjson),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

const label = (o: { type: string; id: string }) => `${o.type} ${o.id}`;

async function readStored(
  client: HttpClient,
  objects: readonly SiemSavedObject[],
): Promise<Map<string, StoredObject>> {
  const stored = new Map<string, StoredObject>();
  for (let i = 0; i < objects.length; i += BULK_GET_CHUNK) {
    const chunk = objects.slice(i, i + BULK_GET_CHUNK).map(({ type, id }) => ({ type, id }));
    const res = await client.request<{ saved_objects: StoredObject[] }>(
      'POST',
      '/api/saved_objects/_bulk_get',
      { body: chunk },
    );
    for (const o of res.body.saved_objects) {
      if (o.error?.statusCode === 404) continue;
      if (o.error) throw new Error(`reading ${label(o)}: ${o.error.statusCode} ${o.error.message ?? ''}`);
      stored.set(`${o.type}:${o.id}`, o);
    }
  }
  return stored;
}

/**
 * Imports the objects that are missing or differ, with overwrite: ids are stable, so this
 * replaces our own objects and never duplicates them. Objects a user created are untouched.
 */
export async function applySavedObjects(
  client: HttpClient,
  objects: readonly SiemSavedObject[],
  opts: ReconcileOptions,
): Promise<StepReport> {
  const stored = await readStored(client, objects);
  const created: string[] = [];
  const updated: string[] = [];
  const unchanged: string[] = [];
  const changed: SiemSavedObject[] = [];
  for (const o of objects) {
    const current = stored.get(`${o.type}:${o.id}`);
    if (!current) created.push(label(o));
    else if (
      !containsDesired(current.attributes, o.attributes) ||
      !containsDesired(current.references, o.references)
    )
      updated.push(label(o));
    else {
      unchanged.push(label(o));
      continue;
    }
    changed.push(o);
  }
  const would = opts.dryRun ? 'would ' : '';
  for (const c of created) opts.log(`[saved objects] ${would}create ${c}`);
  for (const u of updated) opts.log(`[saved objects] ${would}update ${u}`);
  if (changed.length > 0 && !opts.dryRun) {
    const { body, contentType } = multipartNdjson(toNdjson(changed));
    const res = await client.request<ImportResponse>('POST', '/api/saved_objects/_import', {
      query: { overwrite: true },
      body,
      headers: { 'content-type': contentType, 'osd-xsrf': 'true' },
    });
    if (!res.body.success) {
      const failures = (res.body.errors ?? []).map(
        (e) => `${label(e)} (${e.title ?? ''}): ${JSON.stringify(e.error)}`,
      );
      throw new Error(
        `saved objects import failed for ${failures.length} object(s):\n  ${failures.join('\n  ')}`,
      );
    }
  }
  return { step: 'saved objects', created, updated, unchanged };
}
