import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures');

export function fixture(path: string): Buffer {
  return readFileSync(join(FIXTURES, path));
}

export function gzipFixture(path: string): Buffer {
  return gzipSync(fixture(path));
}

/** Splits a buffer into pieces of `size` bytes: parsers must not depend on chunk boundaries. */
export async function* inChunks(data: Buffer, size: number): AsyncIterable<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}
