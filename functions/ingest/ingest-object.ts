import type { BulkWriter } from './bulk-writer';
import { readLogObject, type ObjectBody, type ReadOptions } from './object-reader';
import type { S3Pointer, SourceName } from './types';

/**
 * Streams one archived object into a BulkWriter: parse a chunk, queue its records, wait only when
 * every bulk slot is busy. The caller flushes the writer when it needs the outcome.
 */
export async function ingestObject(
  body: ObjectBody,
  pointer: S3Pointer,
  writer: BulkWriter,
  options: ReadOptions = {},
): Promise<{ source?: SourceName; records: number }> {
  let source: SourceName | undefined;
  let records = 0;
  for await (const batch of readLogObject(body, pointer, options)) {
    source = batch.source;
    records += batch.records.length + batch.unparsable.length;
    for (const record of batch.records) {
      const wait = writer.add(record, pointer);
      if (wait) await wait;
    }
    for (const bad of batch.unparsable) {
      const wait = writer.addUnparsable(bad, batch.source, pointer);
      if (wait) await wait;
    }
  }
  return { source, records };
}
