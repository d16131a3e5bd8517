import { JSON_SCAN_WASM } from './json-scan-module';

/*
 * The ingestion's WebAssembly module (source: assembly/json-scan.ts, AssemblyScript) on one
 * chunk of an object at a time. A chunk is copied into the module's memory once, by the first
 * call that needs it (ChunkText's scan for control and non-ASCII bytes), and then walked there by
 * the JSON splitter record after record: the copy of a 64 KiB chunk costs about what walking one
 * CloudTrail record in JavaScript did. Where WebAssembly SIMD is missing, every function says so
 * and callers take their JavaScript path.
 */

interface ModuleExports {
  readonly memory: { buffer: ArrayBuffer };
  readonly MEMBERS: { value: number };
  readonly CAPACITY: { value: number };
  readonly UNDECIDED: { value: number };
  readonly MAX_NESTING_DEPTH: { value: number };
  readonly MAX_NUMBER_CHARS: { value: number };
  readonly WANTED: { value: number };
  readonly WANTED_TABLES: { value: number };
  readonly WANTED_TABLE_BYTES: { value: number };
  readonly scan: (from: number, to: number) => number;
  readonly plainObject: (start: number, n: number, wanted: number) => number;
}

/** The part of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: ModuleExports };
}

interface Scanner {
  readonly exports: ModuleExports;
  readonly memory: Uint8Array;
  /** Member count, then four i32 per member (name start and end, value start and end). */
  readonly members: Int32Array;
  readonly capacity: number;
  readonly undecided: number;
  /** The chunk the memory holds now, whole and zero-terminated. */
  loaded: Uint8Array | undefined;
  /** Wanted-name tables written so far, by their names joined with NUL. */
  readonly tables: Map<string, number>;
}

const scanner: Scanner | undefined = (() => {
  const wasm = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  const bytes = Buffer.from(JSON_SCAN_WASM, 'base64');
  if (wasm === undefined || !wasm.validate(bytes)) return undefined;
  const { exports } = new wasm.Instance(new wasm.Module(bytes));
  const { buffer } = exports.memory;
  return {
    exports,
    memory: new Uint8Array(buffer),
    members: new Int32Array(buffer, exports.MEMBERS.value),
    capacity: exports.CAPACITY.value,
    undecided: exports.UNDECIDED.value,
    loaded: undefined,
    tables: new Map(),
  };
})();

/** Limits compiled into the module, for a test to compare with safe-json.ts's. */
export const moduleLimits =
  scanner === undefined
    ? undefined
    : {
        maxNestingDepth: scanner.exports.MAX_NESTING_DEPTH.value,
        maxNumberChars: scanner.exports.MAX_NUMBER_CHARS.value,
      };

/**
 * Copies `chunk` into the module with its terminator; false when it does not fit. `again`: copy
 * even when this very buffer is the one loaded (its bytes may have been rewritten since).
 */
function load(s: Scanner, chunk: Uint8Array, again = false): boolean {
  if (s.loaded === chunk && !again) return true;
  if (chunk.length > s.capacity) return false;
  s.memory.set(chunk, 0);
  s.memory[chunk.length] = 0;
  s.loaded = chunk;
  return true;
}

/**
 * Index of the first byte of `chunk` below 0x20 or above 0x7f, `chunk.length` when there is
 * none, undefined when this runtime cannot scan (no WebAssembly SIMD).
 */
export function firstControlOrNonAscii(chunk: Uint8Array): number | undefined {
  if (scanner === undefined) return undefined;
  const { memory, exports, capacity } = scanner;
  // A new chunk starts here (ChunkText): always copied, so a reused buffer is never walked stale.
  if (load(scanner, chunk, true)) return exports.scan(0, chunk.length);
  scanner.loaded = undefined;
  for (let at = 0; at < chunk.length; at += capacity) {
    const n = Math.min(capacity, chunk.length - at);
    memory.set(chunk.subarray(at, at + n), 0);
    const found = exports.scan(0, n);
    if (found < n) return at + found;
  }
  return chunk.length;
}

/**
 * Writes `names` (in this order) as a table of wanted member names into the module, once per
 * distinct list, and returns its number for `walkPlainObject`; -1 when the module has no room
 * for it (16 tables of 1 KiB) or a name is not ASCII or over 63 bytes: the walk then lists every
 * member.
 */
export function wantedTable(names: readonly string[]): number {
  if (scanner === undefined) return -1;
  const key = names.join('\0');
  const known = scanner.tables.get(key);
  if (known !== undefined) return known;
  const { exports, memory } = scanner;
  const size = 9 + names.reduce((sum, name) => sum + 1 + name.length, 0);
  const usable = names.every((name) => name.length < 64 && /^[\x20-\x7e]*$/.test(name));
  const table = scanner.tables.size;
  if (!usable || size > exports.WANTED_TABLE_BYTES.value || table >= exports.WANTED_TABLES.value) return -1;
  let at = exports.WANTED.value + table * exports.WANTED_TABLE_BYTES.value;
  let lengths = 0n;
  for (const name of names) lengths |= 1n << BigInt(name.length);
  new DataView(memory.buffer).setBigUint64(at, lengths, true);
  memory[at + 8] = names.length;
  at += 9;
  for (const name of names) {
    memory[at] = name.length;
    memory.set(Buffer.from(name, 'latin1'), at + 1);
    at += 1 + name.length;
  }
  scanner.tables.set(key, table);
  return table;
}

/** `walkPlainObject`'s answer when the module cannot decide: the caller walks the object itself. */
export const NOT_WALKED = -2;

/**
 * The JSON splitter's validating walk of the object opening at `start` of `chunk` (whose text
 * is its bytes, one character per byte): the index of its closing brace when the object is plain
 * JSON within the chunk, -1 when it is not, NOT_WALKED when the module cannot tell (no
 * WebAssembly SIMD, a chunk over 64 KiB, more members than its table holds). After a walk,
 * `walkedMembers` holds the object's top-level members, all of them or, with `wanted` (from
 * `wantedTable`), the wanted ones.
 */
export function walkPlainObject(chunk: Uint8Array, start: number, wanted = -1): number {
  if (scanner === undefined || !load(scanner, chunk)) return NOT_WALKED;
  const end = scanner.exports.plainObject(start, chunk.length, wanted);
  return end === scanner.undecided ? NOT_WALKED : end;
}

/**
 * The last walked object's members: `[count, nameStart, nameEnd, valueStart, valueEnd, ...]`,
 * indices into the chunk (names without their quotes); with a wanted table, the wanted members
 * only, as `[count, nameIndex, 0, valueStart, valueEnd, ...]`. Valid until the next walk.
 */
export function walkedMembers(): Int32Array {
  return (scanner as Scanner).members;
}
