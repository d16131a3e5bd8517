import { gunzipSync } from 'node:zlib';
import {
  parquetMetadataAsync,
  parquetReadObjects,
  parquetSchema,
  type AsyncBuffer,
  type ColumnChunk,
  type Compressors,
  type FileMetaData,
  type SchemaTree,
} from 'hyparquet';
import { decompressBrotli, decompressLz4, decompressLz4Raw, decompressZstd } from 'hyparquet-compressors';
import { getTreePath } from 'hyparquet/src/schema.js';
import {
  ColumnarRows,
  compileSchema,
  NotColumnarGroup,
  type CompiledSchema,
  type JsonValue,
} from './parquet-json';
import { readLeafColumn } from './parquet-leaves';
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
 *
 * Columnar: given a reader of columns whose schema it accepts, a row group is yielded as its leaf
 * columns (parquet-leaves.ts, parquet-json.ts) instead of row objects; the same bytes are read.
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
      // hyparquet reads through DataViews of the ArrayBuffer it gets: give it exactly the range
      // (a copy: a Buffer's slice() is a view of its whole, maybe pooled, memory).
      return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? (bytes.buffer as ArrayBuffer)
        : (new Uint8Array(bytes).buffer as ArrayBuffer);
    },
  };
}

async function openFile(object: RandomAccessObject, wholeObjectBytes: number): Promise<AsyncBuffer> {
  if (object.byteLength < 12) throw new NotParquetError(`${object.byteLength} bytes: too short for Parquet`);
  if (object.byteLength <= wholeObjectBytes) {
    const whole = new Uint8Array(await object.read(0, object.byteLength)).buffer as ArrayBuffer;
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

export interface RowGroupColumns<Plan> {
  readonly rowGroup: number;
  readonly firstRow: number;
  readonly columns: ColumnarRows;
  /** What the reader of columns made of the schema. */
  readonly plan: Plan;
}

/** How rows are written from columns, and which schemas are read so (the rest as row objects). */
export interface ColumnarReading<Plan> {
  /** A plan for rows of this schema (its levels below the row: `depth`), or undefined. */
  readonly accept: (schema: CompiledSchema, depth: number) => Plan | undefined;
  /** A leaf value made ready for JSON.stringify (parquet-json.ts). */
  readonly jsonValue: JsonValue;
}

/** Column chunks read in one request while they lie back to back, up to this many bytes. */
export const RUN_BYTES = 8 * 1024 * 1024;

interface ChunkRange {
  readonly chunk: ColumnChunk;
  readonly start: number;
  readonly end: number;
}

/** The byte range of each column chunk of a group, checked against the object. */
function chunkRanges(group: FileMetaData['row_groups'][number], byteLength: number): ChunkRange[] {
  return group.columns.map((chunk) => {
    if (chunk.file_path) throw new Error('parquet file_path not supported');
    const meta = chunk.meta_data;
    if (!meta) throw new Error('parquet column metadata is undefined');
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    const end = start + Number(meta.total_compressed_size);
    if (
      !Number.isSafeInteger(start) ||
      !Number.isSafeInteger(end) ||
      start < 0 ||
      end < start ||
      end > byteLength
    ) {
      throw new Error(
        `parquet column ${meta.path_in_schema.join('.')} bytes ${start}-${end} lie outside the object's ${byteLength}`,
      );
    }
    return { chunk, start, end };
  });
}

/** The bytes of each chunk: views of the whole object, or of runs of back-to-back chunks read at once. */
async function chunkViews(file: AsyncBuffer, ranges: readonly ChunkRange[]): Promise<DataView[]> {
  if (file instanceof ArrayBuffer) return ranges.map((r) => new DataView(file, r.start, r.end - r.start));
  const order = ranges.map((_, i) => i).sort((a, b) => ranges[a].start - ranges[b].start);
  const runs: { start: number; end: number; members: number[] }[] = [];
  for (const i of order) {
    const { start, end } = ranges[i];
    const run = runs[runs.length - 1];
    if (run && start >= run.start && start <= run.end && Math.max(run.end, end) - run.start <= RUN_BYTES) {
      run.end = Math.max(run.end, end);
      run.members.push(i);
    } else runs.push({ start, end, members: [i] });
  }
  const views: DataView[] = new Array(ranges.length);
  await Promise.all(
    runs.map(async (run) => {
      const bytes = await file.slice(run.start, run.end);
      for (const i of run.members)
        views[i] = new DataView(bytes, ranges[i].start - run.start, ranges[i].end - ranges[i].start);
    }),
  );
  return views;
}

/** A row group's leaf columns, or undefined when its chunks are not the schema's leaves in order. */
async function readColumns(
  file: AsyncBuffer,
  group: FileMetaData['row_groups'][number],
  tree: SchemaTree,
  schema: CompiledSchema,
  rows: number,
  jsonValue: JsonValue,
): Promise<ColumnarRows | undefined> {
  const ranges = chunkRanges(group, file.byteLength);
  // As hyparquet plans a group: a chunk whose path names no schema element fails it, before any read.
  const paths = ranges.map((r) => getTreePath(tree, r.chunk.meta_data!.path_in_schema));
  if (
    ranges.length !== schema.leafPaths.length ||
    ranges.some((r, i) => r.chunk.meta_data!.path_in_schema.join('.') !== schema.leafPaths[i])
  )
    return undefined;
  const views = await chunkViews(file, ranges);
  const leaves = ranges.map((r, i) =>
    readLeafColumn(views[i], r.chunk.meta_data!, paths[i], rows, COMPRESSORS),
  );
  try {
    return new ColumnarRows(schema, leaves, rows, jsonValue);
  } catch (err) {
    if (err instanceof NotColumnarGroup) return undefined;
    throw err;
  }
}

/** Yields the object's rows as objects (structs and maps as objects, lists as arrays), group by group. */
export function parquetRowGroups(
  object: RandomAccessObject,
  /** Objects up to this size are fetched in one read. */
  wholeObjectBytes?: number,
): AsyncIterable<RowGroupRows>;
/** Yields each row group as columns where `columnar` accepts the schema, else as row objects. */
export function parquetRowGroups<Plan>(
  object: RandomAccessObject,
  wholeObjectBytes: number | undefined,
  columnar: ColumnarReading<Plan>,
): AsyncIterable<RowGroupRows | RowGroupColumns<Plan>>;
export async function* parquetRowGroups<Plan>(
  object: RandomAccessObject,
  wholeObjectBytes = WHOLE_OBJECT_BYTES,
  columnar?: ColumnarReading<Plan>,
): AsyncIterable<RowGroupRows | RowGroupColumns<Plan>> {
  const file = await openFile(object, wholeObjectBytes);
  const metadata = await decoding('footer', () => parquetMetadataAsync(file));
  const tree = await decoding('schema', () => parquetSchema(metadata));
  const depth = (await decoding('schema', () => schemaDepth(tree))) - 1; // the root is the row itself
  const compiled = columnar && (await decoding('schema', () => compileSchema(tree)));
  const plan = compiled && columnar.accept(compiled, depth);
  let firstRow = 0;
  for (const [index, group] of metadata.row_groups.entries()) {
    const rows = Number(group.num_rows);
    if (rows === 0) continue;
    if (Number(group.total_byte_size) > MAX_ROW_GROUP_BYTES) {
      throw new Error(
        `row group ${index} decodes to ${group.total_byte_size} bytes, over the ${MAX_ROW_GROUP_BYTES}-byte bound`,
      );
    }
    if (compiled && plan !== undefined) {
      const columns = await decoding(`row group ${index}`, () =>
        readColumns(file, group, tree, compiled, rows, columnar.jsonValue),
      );
      if (columns) {
        yield { rowGroup: index, firstRow, columns, plan };
        firstRow += rows;
        continue;
      }
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
