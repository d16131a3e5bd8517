import type { S3Client } from '@aws-sdk/client-s3';
import type { BulkWriter } from '../../functions/ingest/bulk-writer';
import { ingestObject } from '../../functions/ingest/ingest-object';
import type { Day } from '../deploy/date-range';
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
  /** The archive buckets to read (ELB has one per region); every one is listed before any is read. */
  readonly buckets: readonly string[];
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
  readonly failedObjects: ReadonlyArray<{
    readonly bucket: string;
    readonly key: string;
    readonly error: string;
  }>;
  /** Objects in Glacier (`s3://bucket/key`), skipped (restore requested when asked to). */
  readonly archivedObjects: readonly string[];
}

interface BucketObject extends ArchivedObject {
  readonly bucket: string;
}

/**
 * Every object of the wanted days in every bucket, listed before anything is read: a bucket that
 * does not exist (a region added to the config but not yet applied) stops the run before it
 * writes anything, and names the bucket.
 */
async function listDayObjects(
  opts: ReingestOptions,
  log: (line: string) => void,
): Promise<{ prefixes: number; objects: BucketObject[] }> {
  let prefixes = 0;
  const objects: BucketObject[] = [];
  for (const bucket of opts.buckets) {
    try {
      const dayPrefixes = await findDayPrefixes(opts.layout, opts.days, s3Folders(opts.s3, bucket));
      const found: BucketObject[] = [];
      for (const prefix of dayPrefixes)
        for (const object of await listObjects(opts.s3, bucket, prefix)) found.push({ ...object, bucket });
      log(`s3://${bucket}: ${found.length} object(s) under ${dayPrefixes.length} day prefix(es)`);
      prefixes += dayPrefixes.length;
      objects.push(...found);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`cannot list s3://${bucket}: ${message}`, { cause: err });
    }
  }
  return { prefixes, objects };
}

/**
 * Re-reads the archive for the given days through the ingestion code. Document ids are
 * deterministic (derived from bucket, key and record), so a re-run overwrites instead of
 * duplicating, and an interrupted run can simply be started again.
 */
export async function reingest(opts: ReingestOptions): Promise<ReingestSummary> {
  const log = opts.log ?? (() => undefined);
  const { prefixes, objects } = await listDayObjects(opts, log);

  const failedObjects: Array<{ bucket: string; key: string; error: string }> = [];
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

  const readOne = async (object: BucketObject) => {
    const { bucket, key } = object;
    try {
      const body = await readObject(opts.s3, bucket, key);
      const result = await ingestObject(body, { bucket, key }, opts.writer, {
        source: opts.layout.parseAs,
        // The per-object index budget counts indices of the periods the writer names.
        bounds: { periodOf: opts.writer.periodOf },
      });
      records += result.records;
    } catch (err) {
      if (err instanceof ArchivedInGlacierError) {
        archivedObjects.push(`s3://${bucket}/${key}`);
        if (opts.requestGlacierRestore) await requestGlacierRestore(opts.s3, bucket, key);
      } else {
        failedObjects.push({ bucket, key, error: err instanceof Error ? err.message : String(err) });
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
    dayPrefixes: prefixes,
    objects: objects.length,
    records,
    indexed: counts.indexed,
    deadLettered: counts.deadLettered,
    failedObjects,
    archivedObjects,
  };
}
