import { IsoFormatter } from './iso-time';
import { keyAccountAndRegion, objectId } from './documents';
import type { ParsedBatch } from './object-reader';
import { parquetRowGroups } from './parquet-rows';
import { emitOcsf, SHALLOW_SCHEMA_DEPTH } from './parsers/ocsf';
import type { RandomAccessObject } from './random-access';
import { securityLakeKey } from './security-lake-key';
import type { ObjectContext, ParsedRecord, S3Pointer, UnparsableRecord } from './types';

/**
 * Reads a Parquet object of OCSF events (Security Lake) as batches of parsed records, one batch
 * per row group. Account and region default to the key's `accountId=`/`region=` partitions.
 */
export async function* readParquetObject(
  object: RandomAccessObject,
  pointer: S3Pointer,
): AsyncIterable<ParsedBatch> {
  const lake = securityLakeKey(pointer.key);
  const base: ObjectContext = {
    ...pointer,
    ...keyAccountAndRegion(pointer.key),
    objectId: objectId(pointer.bucket, pointer.key),
  };
  const ctx: ObjectContext =
    lake === undefined
      ? base
      : {
          ...base,
          accountId: /^\d{12}$/.test(lake.accountId) ? lake.accountId : undefined,
          region: lake.region,
        };
  const iso = new IsoFormatter();
  for await (const group of parquetRowGroups(object)) {
    const records: ParsedRecord[] = [];
    const unparsable: UnparsableRecord[] = [];
    const sink = {
      record: (r: ParsedRecord) => records.push(r),
      unparsable: (u: UnparsableRecord) => unparsable.push(u),
    };
    // Rows of a schema shallower than the nesting bound are written by the native serializer.
    const shallow = group.schemaDepth < SHALLOW_SCHEMA_DEPTH;
    for (let i = 0; i < group.rows.length; i++)
      emitOcsf(group.rows[i], ctx, group.firstRow + i + 1, iso, sink, shallow);
    // Let the rows of this group go before the next one is read.
    group.rows.length = 0;
    yield { source: 'ocsf', records, unparsable };
  }
}
