/*
 * Finds the first byte of a chunk that is a control character (below 0x20) or not ASCII (0x80 and
 * up), 16 bytes at a time with WebAssembly SIMD. The JSON splitter must know where raw control
 * characters are (a plain record holds none) and the parsers whether a chunk's text is its bytes
 * one for one (ASCII); a regular expression over the text for the first cost about 0.7 ns per
 * character, a tenth of the ingestion's CPU, where this costs a copy and a few instructions per
 * 16 bytes. The module, 140 bytes, is written out here because the build has no WebAssembly
 * toolchain; its text form:
 *
 *   (module
 *     (memory (export "memory") 2)
 *     (func (export "scan") (param $from i32) (param $to i32) (result i32)
 *       (block $done (loop $blocks
 *         (br_if $done (i32.gt_u (i32.add (local.get $from) (i32.const 16)) (local.get $to)))
 *         (br_if $done (v128.any_true
 *           (i8x16.lt_s (v128.load align=1 (local.get $from)) (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32))))
 *         (local.set $from (i32.add (local.get $from) (i32.const 16)))
 *         (br $blocks)))
 *       (block $found (loop $bytes
 *         (br_if $found (i32.ge_u (local.get $from) (local.get $to)))
 *         (br_if $found (i32.lt_s (i32.load8_s (local.get $from)) (i32.const 32)))
 *         (local.set $from (i32.add (local.get $from) (i32.const 1)))
 *         (br $bytes)))
 *       (local.get $from)))
 *
 * Signed, a byte of 0x80 and up is negative: one comparison with 32 finds both kinds.
 */
const MODULE =
  'AGFzbQEAAAABBwFgAn9/AX8DAgEABQMBAAIHEQIGbWVtb3J5AgAEc2NhbgAACl0BWwACQANAIABBEGogAUsNASAA/QAAAP0M' +
  'ICAgICAgICAgICAgICAgIP0l/VMNASAAQRBqIQAMAAsLAkADQCAAIAFPDQEgACwAAEEgSA0BIABBAWohAAwACwsgAAs=';

/** Bytes scanned per copy into the module's memory (one of its two 64 KiB pages). */
const WINDOW = 64 * 1024;

interface Scanner {
  readonly memory: Uint8Array;
  readonly scan: (from: number, to: number) => number;
}

/** The part of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => {
    exports: { memory: { buffer: ArrayBuffer }; scan: (from: number, to: number) => number };
  };
}

/** The compiled module, or undefined where WebAssembly SIMD is missing (then callers fall back). */
const scanner: Scanner | undefined = (() => {
  const wasm = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  const bytes = Buffer.from(MODULE, 'base64');
  if (wasm === undefined || !wasm.validate(bytes)) return undefined;
  const { exports } = new wasm.Instance(new wasm.Module(bytes));
  return { memory: new Uint8Array(exports.memory.buffer), scan: exports.scan };
})();

/**
 * Index of the first byte of `chunk` below 0x20 or above 0x7f, `chunk.length` when there is
 * none, undefined when this runtime cannot scan (no WebAssembly SIMD).
 */
export function firstControlOrNonAscii(chunk: Uint8Array): number | undefined {
  if (scanner === undefined) return undefined;
  const { memory, scan } = scanner;
  for (let at = 0; at < chunk.length; at += WINDOW) {
    const n = Math.min(WINDOW, chunk.length - at);
    memory.set(n === chunk.length ? chunk : chunk.subarray(at, at + n), 0);
    const found = scan(0, n);
    if (found < n) return at + found;
  }
  return chunk.length;
}
