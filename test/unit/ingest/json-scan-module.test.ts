import { compileJsonScan } from '../../../scripts/wasm/build-wasm';
import { JSON_SCAN_WASM } from '../../../functions/ingest/json-scan-module';
import { firstControlOrNonAscii } from '../../../functions/ingest/wasm-scanner';

/*
 * json-scan-module.ts carries the ingestion's WebAssembly module as base64. Here its source
 * (functions/ingest/assembly/json-scan.ts) is compiled again with the pinned AssemblyScript, so
 * the bytes that run are the source a reviewer reads.
 */
describe('the json-scan WebAssembly module', () => {
  it('is its AssemblyScript source compiled', () => {
    // Act
    const compiled = compileJsonScan();

    // Assess
    expect(compiled.toString('base64')).toBe(JSON_SCAN_WASM);
  }, 60_000);

  it('finds the first control or non-ASCII byte at every position of a 16-byte block and after', () => {
    for (const length of [0, 1, 15, 16, 17, 100, 70_000]) {
      for (const at of new Set([0, 1, 15, 16, 17, length - 1].filter((i) => i >= 0 && i < length))) {
        for (const byte of [0x00, 0x0a, 0x1f, 0x80, 0xff]) {
          // Arrange
          const chunk = new Uint8Array(length).fill(0x61);
          chunk[at] = byte;

          // Act & Assess
          expect([length, at, byte, firstControlOrNonAscii(chunk)]).toEqual([length, at, byte, at]);
        }
      }
      expect(firstControlOrNonAscii(new Uint8Array(length).fill(0x7e))).toBe(length);
    }
  });

  it('scans a buffer again when its bytes were rewritten in place', () => {
    // Arrange
    const chunk = Buffer.from('{"a":"b"}');
    expect(firstControlOrNonAscii(chunk)).toBe(9);
    chunk[3] = 0x01;

    // Act & Assess
    expect(firstControlOrNonAscii(chunk)).toBe(3);
  });
});
