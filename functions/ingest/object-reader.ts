import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { detectSourceFromKey, refineSourceByContent } from './detect-source';
import { keyAccountAndRegion, objectId } from './documents';
import { readParquetObject } from './parquet-object';
import { createParser } from './parsers/registry';
import { bufferObject, isParquetBuffer, isRandomAccess, type RandomAccessObject } from './random-access';
import type {
  LogObjectParser,
  ObjectContext,
  ParsedRecord,
  S3Pointer,
  SourceName,
  UnparsableRecord,
} from './types';

/**
 * Text arrives in chunks of at most this size, compressed or not: large enough to amortise
 * per-chunk work, and what the WebAssembly scanner holds (wasm-scanner.ts).
 */
const CHUNK_BYTES = 64 * 1024;
/** Inflated per zlib call: fewer, larger hand-offs to the zlib thread, then cut into CHUNK_BYTES. */
const INFLATE_BYTES = 256 * 1024;

/** Bytes as they come from S3 (or a file); gzip is recognised by its magic bytes, not the key. */
export type ObjectBody = AsyncIterable<Uint8Array> | Uint8Array;

async function* bytesOf(body: ObjectBody): AsyncIterable<Buffer> {
  if (body instanceof Uint8Array) {
    yield Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    return;
  }
  for await (const chunk of body) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
}

/** Yields the object's bytes, gunzipped when they start with the gzip magic bytes. */
export async function* objectBytes(body: ObjectBody): AsyncIterable<Buffer> {
  const source = bytesOf(body)[Symbol.asyncIterator]();
  // Two bytes are enough to recognise gzip, but a stream may deliver them one at a time.
  let head: Buffer = Buffer.alloc(0);
  while (head.length < 2) {
    const next = await source.next();
    if (next.done) break;
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
  }
  if (head.length === 0) return;
  const rest: AsyncIterable<Buffer> = {
    [Symbol.asyncIterator]: () => source,
  };
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = createGunzip({ chunkSize: INFLATE_BYTES });
    const input = Readable.from(
      (async function* () {
        yield head;
        yield* rest;
      })(),
    );
    input.on('error', (err) => gunzip.destroy(err));
    input.pipe(gunzip);
    // zlib inflates INFLATE_BYTES per round trip to its thread (each trip costs CPU of its own);
    // the parsers still get CHUNK_BYTES at a time, the size their buffers are tuned for.
    for await (const inflated of gunzip as AsyncIterable<Buffer>) yield* chunksOf(inflated);
  } else {
    yield* chunksOf(head);
    for await (const chunk of rest) yield* chunksOf(chunk);
  }
}

/** `bytes` in pieces of at most CHUNK_BYTES (views, not copies): a whole object in memory too. */
function* chunksOf(bytes: Buffer): Iterable<Buffer> {
  if (bytes.length <= CHUNK_BYTES) yield bytes;
  else
    for (let at = 0; at < bytes.length; at += CHUNK_BYTES)
      yield bytes.subarray(at, Math.min(at + CHUNK_BYTES, bytes.length));
}

/** Yields the object's text, gunzipped when it starts with the gzip magic bytes. */
export async function* objectText(body: ObjectBody): AsyncIterable<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of objectBytes(body)) yield decoder.write(chunk);
  const tail = decoder.end();
  if (tail) yield tail;
}

export function objectContext(pointer: S3Pointer): ObjectContext {
  return { ...pointer, ...keyAccountAndRegion(pointer.key), objectId: objectId(pointer.bucket, pointer.key) };
}

/**
 * How much of an object's start decides its fate (binary or not, and the source when the key says
 * nothing): always exactly this many characters (or the whole object when shorter), so the outcome
 * never depends on how the bytes were chunked.
 */
const HEAD_CHARS = 4096;

/** Text that cannot be log content: NUL and other control bytes, or undecodable UTF-8. */
function looksBinary(text: string): boolean {
  const n = Math.min(text.length, HEAD_CHARS);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) return true;
  }
  return false;
}

export class UnknownFormatError extends Error {}

export interface ReadOptions {
  /** Skip detection: parse as this source. */
  readonly source?: SourceName;
}

/** What one object produced, handed over chunk by chunk so the consumer can apply backpressure. */
export interface ParsedBatch {
  readonly source: SourceName;
  readonly records: ParsedRecord[];
  readonly unparsable: UnparsableRecord[];
}

/**
 * Reads one archived object as batches of parsed records (one batch per decoded chunk).
 * Throws on truncated gzip, garbage bytes or an unknown format; records already yielded stay
 * valid (their ids are deterministic, so a retry of the object overwrites them).
 */
export async function* readLogObject(
  body: ObjectBody | RandomAccessObject,
  pointer: S3Pointer,
  options: ReadOptions = {},
): AsyncIterable<ParsedBatch> {
  // Parquet (Security Lake's OCSF objects) is read by byte ranges, row group by row group; one
  // already in memory (demo, tests, the CLI) is recognised by its magic bytes.
  if (isParquetBuffer(body)) body = bufferObject(body);
  if (isRandomAccess(body)) {
    if (options.source !== undefined && options.source !== 'ocsf') {
      throw new UnknownFormatError(`${pointer.key}: a Parquet object cannot be read as ${options.source}`);
    }
    yield* readParquetObject(body, pointer);
    return;
  }
  const ctx = objectContext(pointer);
  const records: ParsedRecord[] = [];
  const unparsable: UnparsableRecord[] = [];
  const sink = {
    record: (r: ParsedRecord) => records.push(r),
    unparsable: (u: UnparsableRecord) => unparsable.push(u),
  };
  let source: SourceName | undefined = options.source ?? detectSourceFromKey(pointer.key);
  let parser: LogObjectParser | undefined;
  let head = '';
  let headBytes: Buffer[] = [];
  // Decodes for text parsers; byte parsers get the chunks as they are.
  const decoder = new StringDecoder('utf8');
  // The first few KB decide: garbage fails the object even when its key names a source.
  const start = (): LogObjectParser => {
    if (looksBinary(head)) throw new UnknownFormatError(`${pointer.key}: binary content, not a log file`);
    if (!options.source) source = refineSourceByContent(source, head.slice(0, HEAD_CHARS));
    if (!source) throw new UnknownFormatError(`${pointer.key}: unknown log format`);
    const created = createParser(source, ctx);
    if (created.pushBytes) for (const chunk of headBytes) created.pushBytes(chunk, sink);
    else created.push(head, sink);
    head = '';
    headBytes = [];
    return created;
  };
  const take = (): ParsedBatch => ({
    source: source as SourceName,
    records: records.splice(0),
    unparsable: unparsable.splice(0),
  });
  for await (const chunk of objectBytes(body)) {
    if (parser) {
      if (parser.pushBytes) parser.pushBytes(chunk, sink);
      else parser.push(decoder.write(chunk), sink);
    } else {
      head += decoder.write(chunk);
      headBytes.push(chunk);
      if (head.length < HEAD_CHARS) continue;
      parser = start();
    }
    if (records.length > 0 || unparsable.length > 0) yield take();
  }
  if (!parser) {
    head += decoder.end();
    if (head !== '') parser = start();
  } else if (!parser.pushBytes) {
    const tail = decoder.end();
    if (tail) parser.push(tail, sink);
  }
  parser?.end(sink);
  if (records.length > 0 || unparsable.length > 0) yield take();
}
