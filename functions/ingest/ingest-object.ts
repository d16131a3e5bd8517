import type { BulkWriter } from './bulk-writer';
import { detectSourceFromContent } from './detect-source';
import { documentText, keyAccountAndRegion, namespacedIds, objectId, withRouting } from './documents';
import { ObjectIndexRouter, type IndexBounds } from './index-routing';
import { objectBytes, readLogObject, type ObjectBody, type ReadOptions } from './object-reader';
import { bufferObject, isParquetBuffer, isRandomAccess, type RandomAccessObject } from './random-access';
import { formatProblem, recordProblem, type Admission, type ArchiveProvenance } from './provenance';
import type { ParsedRecord, S3Pointer, SourceName } from './types';

export interface IngestObjectOptions extends ReadOptions {
  /**
   * Hold the object to its archive bucket's contract (provenance.ts): what breaks it is
   * dead-lettered with the reason. The ingestion function always sets it.
   */
  readonly provenance?: ArchiveProvenance;
  /** Index bounds (index-routing.ts); the per-object budget applies even without them. */
  readonly bounds?: IndexBounds;
}

export interface IngestObjectResult {
  readonly source?: SourceName;
  /** Records handed to the writer (a refused object counts as one). */
  readonly records: number;
  /** Records (or the whole object) dead-lettered for breaking the bucket's contract. */
  readonly refused: number;
  /** Records indexed on the object's day instead of their event day (window or budget). */
  readonly rerouted: number;
  /** Distinct daily indices the object's records were sent to. */
  readonly dailyIndices: number;
}

/** Decoded text the reader also decides the format on: up to the first line, at most 4 KB. */
const HEAD_CHARS = 4096;

/**
 * Streams one archived object into a BulkWriter: parse a chunk, queue its records, wait only when
 * every bulk slot is busy. The caller flushes the writer when it needs the outcome.
 *
 * Every document id is namespaced by bucket and key account (`namespacedId`), and every record
 * is routed within the index bounds. With `provenance`, an object outside its bucket's contract
 * becomes one dead letter (reason, S3 pointer) and is not parsed; a record outside it becomes a
 * dead letter instead of a document.
 */
export async function ingestObject(
  body: ObjectBody | RandomAccessObject,
  pointer: S3Pointer,
  writer: BulkWriter,
  options: IngestObjectOptions = {},
): Promise<IngestObjectResult> {
  if (isParquetBuffer(body)) body = bufferObject(body);
  let admission: Admission | undefined;
  let read: ReadOptions = { source: options.source };
  let input: ObjectBody | RandomAccessObject = body;
  if (options.provenance) {
    const admitted = options.provenance.admitObject(pointer);
    if (!admitted.ok) {
      if (!isRandomAccess(body)) discard(body);
      return refuseObject(writer, pointer, admitted.reason);
    }
    admission = admitted.admission;
  }
  if (admission && isRandomAccess(body)) {
    // Parquet is read by range (no stream to peek at); only an OCSF bucket holds it.
    if (admission.parseAs !== 'ocsf') {
      return refuseObject(
        writer,
        pointer,
        `Parquet content, but the ${admission.bucketKind} bucket holds ${admission.format} objects only`,
      );
    }
    read = { source: 'ocsf' };
  } else if (admission) {
    const peeked = await peek(body as ObjectBody);
    const problem = peeked.gzipInside
      ? 'content is compressed twice'
      : formatProblem(admission, detectSourceFromContent(peeked.head));
    if (problem) {
      discard(body as ObjectBody);
      return refuseObject(writer, pointer, problem);
    }
    input = peeked.body;
    read = { source: admission.parseAs };
  }

  const accountId = admission ? admission.accountId : keyAccountAndRegion(pointer.key).accountId;
  const id = namespacedIds(pointer.bucket, accountId);
  const router = new ObjectIndexRouter(pointer.key, options.bounds);
  let source: SourceName | undefined;
  let records = 0;
  let refused = 0;
  let rerouted = 0;
  for await (const batch of readLogObject(input, pointer, read)) {
    source = batch.source;
    records += batch.records.length + batch.unparsable.length;
    for (const record of batch.records) {
      const problem = admission && recordProblem(admission, record);
      let wait: Promise<void> | undefined;
      if (problem) {
        refused++;
        wait = writer.addUnparsable(
          {
            ordinal: record.ordinal,
            id: id(record.id),
            raw: documentText(record),
            error: `provenance: ${problem}`,
          },
          record.logType,
          pointer,
        );
      } else {
        const route = router.route(record.logType, record.timestamp);
        const routed = route.routing === undefined ? undefined : withRouting(record, route.routing);
        if (route.routing !== undefined && routed === undefined) {
          // Not a common-fields document, so it cannot say where it went: rather a dead letter.
          wait = writer.addUnparsable(
            {
              ordinal: record.ordinal,
              id: id(record.id),
              raw: documentText(record),
              error: `${route.routing}: event time ${record.timestamp} and no common fields to record the routing`,
            },
            record.logType,
            pointer,
          );
        } else {
          if (routed) rerouted++;
          // One literal of one shape per record (a spread of the record was measurable).
          const document = {
            logType: record.logType,
            timestamp: route.indexTime,
            id: id(record.id),
            ordinal: record.ordinal,
            head: routed && 'head' in routed ? routed.head : record.head,
            json: routed && 'json' in routed ? routed.json : record.json,
            bytes: record.bytes,
          } as ParsedRecord;
          wait = writer.add(document, pointer);
        }
      }
      if (wait) await wait;
    }
    for (const bad of batch.unparsable) {
      const wait = writer.addUnparsable({ ...bad, id: id(bad.id) }, batch.source, pointer);
      if (wait) await wait;
    }
  }
  return { source, records, refused, rerouted, dailyIndices: router.indices };
}

/**
 * One dead letter for a whole object its bucket does not admit; nothing of it is parsed. It holds
 * no content (the S3 pointer leads to it): the writer would date the letter from a date-time in
 * the content, and content dates must not choose which indices get created.
 */
async function refuseObject(
  writer: BulkWriter,
  pointer: S3Pointer,
  reason: string,
): Promise<IngestObjectResult> {
  const wait = writer.addUnparsable(
    {
      ordinal: 0,
      id: `${objectId(pointer.bucket, pointer.key)}-object`,
      raw: '',
      error: `provenance: ${reason}`,
    },
    'unknown',
    pointer,
  );
  if (wait) await wait;
  return { records: 1, refused: 1, rerouted: 0, dailyIndices: 0 };
}

/** Lets go of a response body that will not be read (an SDK stream holds its socket otherwise). */
function discard(body: ObjectBody): void {
  const stream = body as { destroy?: () => void };
  if (typeof stream.destroy === 'function') stream.destroy();
}

/**
 * The first decoded text of an object (what the reader decides the format on), and a body that
 * yields the whole decoded object again, so nothing is read twice.
 */
async function peek(body: ObjectBody): Promise<{ head: string; body: ObjectBody; gzipInside: boolean }> {
  const bytes = objectBytes(body)[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < HEAD_CHARS) {
    const next = await bytes.next();
    if (next.done) {
      done = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
    if (next.value.includes(10)) break;
  }
  const first = Buffer.concat(chunks);
  async function* rest(): AsyncIterable<Uint8Array> {
    for (const chunk of chunks) yield chunk;
    if (done) return;
    for (let next = await bytes.next(); !next.done; next = await bytes.next()) yield next.value;
  }
  return {
    head: first.subarray(0, HEAD_CHARS * 3).toString('utf8'),
    body: rest(),
    // Read again by the reader, decompressed content that is itself gzip would be unpacked twice.
    gzipInside: first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b,
  };
}
