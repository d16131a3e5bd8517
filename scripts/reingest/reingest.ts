import type { S3Client } from '@aws-sdk/client-s3';
import type { BulkWriter } from '../../functions/ingest/bulk-writer';
import { ingestObject } from '../../functions/ingest/ingest-object';
import type { Day } from '../ops/date-range';
import type { ArchiveLayout } from './archive-layout';
import { findDayPrefixes } from './find-day-prefixes';
import {
  ArchivedInGlacierError,
  listObjects,
  readObject,
  requestGlacierRestore,
  s3Folders,
  type ArchivedObject,
} from './s3-archive';

export interface ReingestOptions {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly layout: ArchiveLayout;
  readonly days: readonly Day[];
  /** The ingestion function's writer: same documents, ids, dead letters and retries as live ingestion. */
  readonly writer: BulkWriter;
  /** Objects read at once (each streams into the shared writer). @default 4 */
  readonly concurrency?: number;
  /** Ask S3 to restore objects found in Glacier (Bulk tier, 7 days); re-run once they are back. @default false */
  readonly requestGlacierRestore?: boolean;
  readonly log?: (line: string) => void;
}

export interface ReingestSummary {
  readonly dayPrefixes: number;
  readonly objects: number;
  /** Records read from the objects, indexed or dead-lettered. */
  readonly records: number;
  readonly indexed: number;
  readonly deadLettered: number;
  /** Objects that could not be read or parsed at all, with the reason. */
  readonly failedObjects: ReadonlyArray<{ readonly key: string; readonly error: string }>;
  /** Objects in Glacier, skipped (restore requested when asked to). */
  readonly archivedObjects: readonly string[];
}

/**
 * Re-reads the archive for the given days through the ingestion code. Document ids are
 * deterministic (derived from bucket, key and record), so a re-run overwrites instead of
 * duplicating, and an interrupted run can simply be started again.
 */
export async function reingest(opts: ReingestOptions): Promise<ReingestSummary> {
  const log = opts.log ?? (() => undefined);
  const prefixes = await findDayPrefixes(opts.layout, opts.days, s3Folders(opts.s3, opts.bucket));
  const objects: ArchivedObject[] = [];
  for (const prefix of prefixes) objects.push(...(await listObjects(opts.s3, opts.bucket, prefix)));
  log(`s3://${opts.bucket}: ${objects.length} object(s) under ${prefixes.length} day prefix(es)`);

  const failedObjects: Array<{ key: string; error: string }> = [];
  const archivedObjects: string[] = [];
  let records = 0;
  let done = 0;
  let lastProgressAt = 0;
  // At most one progress line a second: archives of a month hold tens of thousands of objects.
  const progress = (force = false) => {
    if (!force && Date.now() - lastProgressAt < 1000) return;
    lastProgressAt = Date.now();
    const count = (value: number) => value.toLocaleString('en-US');
    log(
      `  objects ${done}/${objects.length}, records ${count(records)}, indexed ${count(opts.writer.counts.indexed)}\r`,
    );
  };

  const readOne = async (object: ArchivedObject) => {
    const pointer = { bucket: opts.bucket, key: object.key };
    try {
      const body = await readObject(opts.s3, opts.bucket, object.key);
      const result = await ingestObject(body, pointer, opts.writer, { source: opts.layout.parseAs });
      records += result.records;
    } catch (err) {
      if (err instanceof ArchivedInGlacierError) {
        archivedObjects.push(object.key);
        if (opts.requestGlacierRestore) await requestGlacierRestore(opts.s3, opts.bucket, object.key);
      } else {
        failedObjects.push({ key: object.key, error: err instanceof Error ? err.message : String(err) });
      }
    }
    done++;
    progress();
  };

  let next = 0;
  const worker = async () => {
    while (next < objects.length) await readOne(objects[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  const counts = await opts.writer.flush();
  progress(true);
  log('');
  return {
    dayPrefixes: prefixes.length,
    objects: objects.length,
    records,
    indexed: counts.indexed,
    deadLettered: counts.deadLettered,
    failedObjects,
    archivedObjects,
  };
}
