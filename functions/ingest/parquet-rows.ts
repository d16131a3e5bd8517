import { gunzipSync } from 'node:zlib';
import {
  parquetMetadataAsync,
  parquetReadObjects,
  parquetSchema,
  type AsyncBuffer,
  type Compressors,
  type SchemaTree,
} from 'hyparquet';
import { decompressBrotli, decompressLz4, decompressLz4Raw, decompressZstd } from 'hyparquet-compressors';
import type { RandomAccessObject } from './random-access';

/*
 * Parquet rows, one row group at a time. The footer is read first (one range from the end), then
 * each row group's column chunks (hyparquet merges neighbouring chunks into reads of up to 2 MB),
 * so memory holds one row group, never the object. A small object is fetched in one read instead:
 * one request rather than one per column run.
 *
 * Codecs: Security Lake's own sources write GZIP pages (`….gz.parquet`), custom sources often ZSTD
 * or SNAPPY. GZIP is inflated by Node's zlib (native, several times hyparquet-compressors' pure-JS
 * inflate), SNAPPY by hyparquet itself, ZSTD, BROTLI and LZ4 by hyparquet-compressors.
 */

/** Objects up to this size are fetched whole: fewer requests, and the bound is small anyway. */
export const WHOLE_OBJECT_BYTES = 8 * 1024 * 1024;
/**
 * A row group whose decoded size (`total_byte_size`) is above this fails the object: its rows
 * would not fit the function's memory as objects. Security Lake writes far smaller groups.
 */
export const MAX_ROW_GROUP_BYTES = 256 * 1024 * 1024;

const PARQUET_MAGIC = 0x31524150; // "PAR1", little-endian

export const COMPRESSORS: Compressors = {
  GZIP: (input: Uint8Array) => new Uint8Array(gunzipSync(input)),
  ZSTD: (input: Uint8Array) => decompressZstd(input),
  BROTLI: (input: Uint8Array, outputLength: number) => decompressBrotli(input, outputLength),
  LZ4: (input: Uint8Array, outputLength: number) => decompressLz4(input, outputLength),
  LZ4_RAW: (input: Uint8Array, outputLength: number) => decompressLz4Raw(input, outputLength),
};

export class NotParquetError extends Error {}

/** Errors of the object's own reads (S3): passed on as they are, since a retry may succeed. */
const readErrors = new WeakSet<object>();

/**
 * Runs a step of hyparquet's decoding; an error of it (a corrupt footer, page or column: thrift,
 * TypeError, RangeError…) becomes a `NotParquetError` naming the step, so the log says what is
 * wrong with the object instead of a bare TypeError. Read errors pass through.
 */
async function decoding<T>(step: string, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof NotParquetError || (typeof err === 'object' && err !== null && readErrors.has(err)))
      throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new NotParquetError(`corrupt Parquet object: ${step}: ${message}`, { cause: err });
  }
}

export interface RowGroupRows {
  /** 0-based index of the row group. */
  readonly rowGroup: number;
  /** 0-based index, in the object, of `rows[0]`. */
  readonly firstRow: number;
  readonly rows: Record<string, unknown>[];
  /**
   * Levels of the schema below the row (a flat row is 1): no value of a row nests deeper, since
   * structs, lists and maps are assembled from the schema's own groups.
   */
  readonly schemaDepth: number;
}

function schemaDepth(tree: SchemaTree): number {
  let deepest = 0;
  for (const child of tree.children) deepest = Math.max(deepest, schemaDepth(child));
  return deepest + 1;
}

function asyncBufferOf(object: RandomAccessObject): AsyncBuffer {
  return {
    byteLength: object.byteLength,
    slice: async (start, end) => {
      const bytes = await object.read(start, end ?? object.byteLength).catch((err: unknown) => {
        if (typeof err === 'object' && err !== null) readErrors.add(err);
        throw err;
      });
      // hyparquet reads through DataViews of the ArrayBuffer it gets: give it exactly the range.
      return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? (bytes.buffer as ArrayBuffer)
        : (bytes.slice().buffer as ArrayBuffer);
    },
  };
}

async function openFile(object: RandomAccessObject, wholeObjectBytes: number): Promise<AsyncBuffer> {
  if (object.byteLength < 12) throw new NotParquetError(`${object.byteLength} bytes: too short for Parquet`);
  if (object.byteLength <= wholeObjectBytes) {
    const whole = (await object.read(0, object.byteLength)).slice().buffer as ArrayBuffer;
    checkMagic(new DataView(whole, 0, 4), new DataView(whole, whole.byteLength - 4, 4));
    return whole;
  }
  const file = asyncBufferOf(object);
  const [start, end] = await Promise.all([file.slice(0, 4), file.slice(object.byteLength - 4)]);
  checkMagic(new DataView(start), new DataView(end));
  return file;
}

function checkMagic(start: DataView, end: DataView): void {
  if (start.getUint32(0, true) !== PARQUET_MAGIC || end.getUint32(0, true) !== PARQUET_MAGIC) {
    throw new NotParquetError('no PAR1 magic at both ends: not a Parquet object');
  }
}

/** Yields the object's rows as objects (structs and maps as objects, lists as arrays), group by group. */
export async function* parquetRowGroups(
  object: RandomAccessObject,
  /** Objects up to this size are fetched in one read. */
  wholeObjectBytes = WHOLE_OBJECT_BYTES,
): AsyncIterable<RowGroupRows> {
  const file = await openFile(object, wholeObjectBytes);
  const metadata = await decoding('footer', () => parquetMetadataAsync(file));
  const depth = (await decoding('schema', () => schemaDepth(parquetSchema(metadata)))) - 1; // the root is the row itself
  let firstRow = 0;
  for (const [index, group] of metadata.row_groups.entries()) {
    const rows = Number(group.num_rows);
    if (rows === 0) continue;
    if (Number(group.total_byte_size) > MAX_ROW_GROUP_BYTES) {
      throw new Error(
        `row group ${index} decodes to ${group.total_byte_size} bytes, over the ${MAX_ROW_GROUP_BYTES}-byte bound`,
      );
    }
    const read = (await decoding(`row group ${index}`, () =>
      parquetReadObjects({
        file,
        metadata,
        rowStart: firstRow,
        rowEnd: firstRow + rows,
        compressors: COMPRESSORS,
      }),
    )) as Record<string, unknown>[];
    yield { rowGroup: index, firstRow, rows: read, schemaDepth: depth };
    firstRow += rows;
  }
}
