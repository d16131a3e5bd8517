import { IsoFormatter } from './iso-time';
import { keyAccountAndRegion, objectId } from './documents';
import type { ParsedBatch } from './object-reader';
import { parquetRowGroups, WHOLE_OBJECT_BYTES, type ColumnarReading } from './parquet-rows';
import {
  emitOcsf,
  emitOcsfColumnar,
  ocsfColumns,
  parquetJsonValue,
  SHALLOW_SCHEMA_DEPTH,
  type OcsfColumns,
} from './parsers/ocsf';
import type { RandomAccessObject } from './random-access';
import { securityLakeKey } from './security-lake-key';
import type { ObjectContext, ParsedRecord, RecordSink, S3Pointer, UnparsableRecord } from './types';

/**
 * OCSF rows written from their columns: a shallow schema (a deep one keeps the depth-bounded
 * writer of row objects) whose members ocsfRecord reads have the shapes OCSF gives them.
 */
export const OCSF_COLUMNAR: ColumnarReading<OcsfColumns> = {
  accept: (schema, depth) => (depth < SHALLOW_SCHEMA_DEPTH ? ocsfColumns(schema) : undefined),
  jsonValue: parquetJsonValue,
};

/** Rows of a columnar row group per batch. */
export const BATCH_ROWS = 1000;

export interface ParquetObjectOptions {
  /** Write documents from columns where the schema allows (else every row as an object). @default true */
  readonly columnar?: boolean;
  /** Objects up to this size are fetched in one read. @default WHOLE_OBJECT_BYTES */
  readonly wholeObjectBytes?: number;
  /** Rows of a columnar row group per batch. @default BATCH_ROWS */
  readonly batchRows?: number;
}

/**
 * Reads a Parquet object of OCSF events (Security Lake) as batches of parsed records, one batch
 * per row group. Account and region default to the key's `accountId=`/`region=` partitions.
 */
export async function* readParquetObject(
  object: RandomAccessObject,
  pointer: S3Pointer,
  options: ParquetObjectOptions = {},
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
  const groups =
    options.columnar === false
      ? parquetRowGroups(object, options.wholeObjectBytes)
      : parquetRowGroups(object, options.wholeObjectBytes ?? WHOLE_OBJECT_BYTES, OCSF_COLUMNAR);
  for await (const group of groups) {
    const records: ParsedRecord[] = [];
    const unparsable: UnparsableRecord[] = [];
    const sink: RecordSink = {
      record: (r: ParsedRecord) => records.push(r),
      unparsable: (u: UnparsableRecord) => unparsable.push(u),
    };
    if ('columns' in group) {
      const { columns, plan, firstRow } = group;
      const batchRows = options.batchRows ?? BATCH_ROWS;
      for (let r = 0; r < columns.rows; r++) {
        emitOcsfColumnar(columns, plan, r, ctx, firstRow + r + 1, iso, sink);
        // Documents handed on in slices of a group: written out while young, they cost the
        // garbage collector little; held for a whole group, most were copied to the old space.
        if (records.length + unparsable.length >= batchRows && r + 1 < columns.rows) {
          yield { source: 'ocsf', records: records.splice(0), unparsable: unparsable.splice(0) };
        }
      }
    } else {
      // Rows of a schema shallower than the nesting bound are written by the native serializer.
      const shallow = group.schemaDepth < SHALLOW_SCHEMA_DEPTH;
      for (let i = 0; i < group.rows.length; i++)
        emitOcsf(group.rows[i], ctx, group.firstRow + i + 1, iso, sink, shallow);
      // Let the rows of this group go before the next one is read.
      group.rows.length = 0;
    }
    yield { source: 'ocsf', records, unparsable };
  }
}
