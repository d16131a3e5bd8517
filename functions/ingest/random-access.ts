import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { S3Pointer } from './types';

/**
 * An object read by byte ranges instead of as one stream: the form Parquet needs (its footer,
 * at the end, says where each row group's column chunks are). Only the ranges asked for are
 * fetched, so a large object is never held whole.
 */
export interface RandomAccessObject {
  readonly kind: 'random-access';
  readonly byteLength: number;
  /** Bytes `[start, end)`. */
  read(start: number, end: number): Promise<Uint8Array>;
}

export function isRandomAccess(body: unknown): body is RandomAccessObject {
  return (body as { kind?: unknown } | null)?.kind === 'random-access';
}

/** Bytes starting with Parquet's `PAR1` magic: read as a Parquet object, not as text. */
export function isParquetBuffer(body: unknown): body is Uint8Array {
  return (
    body instanceof Uint8Array &&
    body.length >= 4 &&
    body[0] === 0x50 &&
    body[1] === 0x41 &&
    body[2] === 0x52 &&
    body[3] === 0x31
  );
}

/** A buffer already in memory (tests, the demo, the CLI, small objects). */
export function bufferObject(bytes: Uint8Array): RandomAccessObject {
  return {
    kind: 'random-access',
    byteLength: bytes.byteLength,
    read: (start, end) => Promise.resolve(bytes.subarray(start, end)),
  };
}

/** Keys of objects read by range: Parquet (Security Lake writes `<…>.gz.parquet`). */
export function readsByRange(key: string): boolean {
  return /\.parquet$/i.test(key);
}

/**
 * An S3 object read with ranged GETs. The size comes from one HEAD; `ETag` pins every range to
 * the version the size came from, so an object replaced meanwhile fails instead of mixing bytes.
 */
export async function s3RangeObject(
  s3: Pick<S3Client, 'send'>,
  pointer: S3Pointer,
): Promise<RandomAccessObject> {
  const head = await s3.send(new HeadObjectCommand({ Bucket: pointer.bucket, Key: pointer.key }));
  const size = head.ContentLength;
  if (size === undefined) throw new Error(`s3://${pointer.bucket}/${pointer.key}: no content length`);
  return {
    kind: 'random-access',
    byteLength: size,
    async read(start, end) {
      if (end <= start) return new Uint8Array(0);
      const part = await s3.send(
        new GetObjectCommand({
          Bucket: pointer.bucket,
          Key: pointer.key,
          Range: `bytes=${start}-${end - 1}`,
          IfMatch: head.ETag,
        }),
      );
      if (!part.Body)
        throw new Error(`s3://${pointer.bucket}/${pointer.key}: empty range ${start}-${end - 1}`);
      const bytes = await part.Body.transformToByteArray();
      if (bytes.byteLength !== end - start) {
        throw new Error(
          `s3://${pointer.bucket}/${pointer.key}: range ${start}-${end - 1} returned ${bytes.byteLength} bytes`,
        );
      }
      return bytes;
    },
  };
}
