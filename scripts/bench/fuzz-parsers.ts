/*
 * Mutation fuzzing of the ingestion parsers (`npm run fuzz [-- --cases N --seed S --skip C,C --trace]`).
 *
 * Seeds are the real-format samples in test/fixtures (folders of log objects only). Each case applies one to three seeded
 * mutations (nulls and wrong types, extreme numbers and times, deep nesting, huge fields, whitespace
 * and line endings, BOM, NUL and invalid UTF-8, truncation, byte flips) and parses the result whole
 * and in random small chunks (Parquet: whole only, as it is read by range). A case fails when the
 * parser throws (other than refusing the whole object as binary, as another format or as not
 * Parquet, by design), emits a document that is not one line of valid
 * JSON, gives different results for different chunkings, leaves a promise rejected with no handler
 * (Node ends the process for it: in Lambda, the whole batch), or takes over 2 s. Prints cases run,
 * cases per source, peak resident memory, failures by class and time; exits 1 on any failure. A
 * progress line goes to stderr every 250 cases, so a hung case shows as a run that stops counting;
 * `--trace` names each case on stderr before it runs (the last one named is the hung one), and
 * `--skip` passes over cases known to hang (a hang blocks the process, so no timer can end it); a
 * skipped case still draws its mutations and chunk size, so the cases after it stay the same.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentText } from '../../functions/ingest/documents';
import { readLogObject, UnknownFormatError } from '../../functions/ingest/object-reader';
import { NotParquetError } from '../../functions/ingest/parquet-rows';
import { isParquetBuffer } from '../../functions/ingest/random-access';
import type { SourceName } from '../../functions/ingest/types';
import { LOG_TYPES } from '../../opensearch/log-types';
import { seededRandom } from './generate-logs';

const FIXTURES = join(__dirname, '..', '..', 'test', 'fixtures');
const SLOW_MS = 2000;

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

function caseList(name: string): Set<number> {
  const at = process.argv.indexOf(`--${name}`);
  return new Set(at >= 0 ? process.argv[at + 1].split(',').map(Number) : []);
}

export interface Seed {
  readonly name: string;
  readonly source: SourceName;
  readonly bytes: Buffer;
}

/**
 * Fixture folders named otherwise than the source that reads them. Folders that are neither a source
 * nor listed here hold no log objects (sigma: rule titles) and seed nothing.
 */
const FIXTURE_SOURCES: Readonly<Record<string, SourceName>> = {
  // CloudWatch payloads whose routed records must become dead letters.
  'routed-dead-letters': 'cloudwatch',
};

function fixtureSource(dir: string): SourceName | undefined {
  return (LOG_TYPES as readonly string[]).includes(dir) ? (dir as SourceName) : FIXTURE_SOURCES[dir];
}

export function seeds(): Seed[] {
  const out: Seed[] = [];
  for (const dir of readdirSync(FIXTURES)) {
    const source = fixtureSource(dir);
    if (source === undefined) continue;
    for (const file of readdirSync(join(FIXTURES, dir))) {
      if (file === 'digest.json') continue;
      out.push({
        name: `${dir}/${file}`,
        source,
        bytes: readFileSync(join(FIXTURES, dir, file)),
      });
    }
  }
  return out;
}

type Rand = () => number;
const int = (rand: Rand, n: number) => Math.floor(rand() * n);
const pick = <T>(rand: Rand, items: readonly T[]): T => items[int(rand, items.length)];

const nested = (depth: number) => '{"a":'.repeat(depth - 1) + '{"a":1}' + '}'.repeat(depth - 1);
const HOSTILE_VALUES = [
  'null',
  '[]',
  '{}',
  '"x"',
  'true',
  '1e20',
  '-1',
  '1e400',
  '9'.repeat(400),
  '"\\x"',
  '"a\u0000b\nc"',
  'tru',
  () => nested(5000),
  () => `"${':'.repeat(100_000)}x"`,
];
const HOSTILE_FIELDS = [
  '-',
  '12345678901234567890',
  '9'.repeat(400),
  '\t',
  '\u0000',
  '"',
  '\\',
  ':'.repeat(100_000),
];

/** Seeded mutations of the object text (some at the byte level). */
const MUTATIONS: Record<string, (b: Buffer, rand: Rand) => Buffer> = {
  jsonValue(b, rand) {
    const s = b.toString('latin1');
    const colon = s.indexOf(':', int(rand, s.length));
    if (colon < 0) return b;
    let end = colon + 1;
    if (s[end] === '"') end = s.indexOf('"', end + 1) + 1;
    else while (end < s.length && !',}]'.includes(s[end])) end++;
    const v = pick(rand, HOSTILE_VALUES);
    return Buffer.concat([
      b.subarray(0, colon + 1),
      Buffer.from(typeof v === 'function' ? v() : v),
      b.subarray(end),
    ]);
  },
  delimitedField(b, rand) {
    const s = b.toString('latin1');
    const space = s.indexOf(pick(rand, [' ', '\t']), int(rand, s.length));
    if (space < 0) return b;
    const next = s.slice(space + 1).search(/[ \t\n]/);
    const end = next < 0 ? s.length : space + 1 + next;
    return Buffer.concat([
      b.subarray(0, space + 1),
      Buffer.from(pick(rand, HOSTILE_FIELDS)),
      b.subarray(end),
    ]);
  },
  deepNesting(b, rand) {
    const s = b.toString('latin1');
    const brace = s.indexOf('{', int(rand, s.length));
    if (brace < 0) return b;
    return Buffer.concat([
      b.subarray(0, brace + 1),
      Buffer.from(`"deep":${nested(3000 + int(rand, 8000))},`),
      b.subarray(brace + 1),
    ]);
  },
  hugeField(b, rand) {
    const at = int(rand, b.length);
    return Buffer.concat([
      b.subarray(0, at),
      Buffer.alloc(200_000 + int(rand, 2_000_000), pick(rand, [0x61, 0x3a, 0x20, 0x22])),
      b.subarray(at),
    ]);
  },
  whitespace(b, rand) {
    const at = int(rand, b.length);
    return Buffer.concat([
      b.subarray(0, at),
      Buffer.from(pick(rand, ['\n', '\r', '\r\n', '\t', '\n\n', '  '])),
      b.subarray(at),
    ]);
  },
  lineEndings(b, rand) {
    return Buffer.from(b.toString('latin1').replace(/\r?\n/g, pick(rand, ['\r', '\r\n', '\n\n'])), 'latin1');
  },
  prettyPrint(b) {
    const lines = b.toString('utf8').split('\n');
    return Buffer.from(
      lines
        .map((l) => {
          try {
            return JSON.stringify(JSON.parse(l), null, 2);
          } catch {
            return l;
          }
        })
        .join('\n'),
    );
  },
  bom(b) {
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]);
  },
  controlOrInvalidUtf8(b, rand) {
    const at = int(rand, b.length);
    const bytes = pick(rand, [[0x00], [0x01], [0xff], [0xc3], [0xed, 0xa0, 0x80], [0x1b]]);
    return Buffer.concat([b.subarray(0, at), Buffer.from(bytes), b.subarray(at)]);
  },
  truncate(b, rand) {
    return b.subarray(0, int(rand, b.length));
  },
  duplicate(b, rand) {
    const from = int(rand, b.length);
    return Buffer.concat([b, b.subarray(from, from + int(rand, 4096))]);
  },
  byteFlip(b, rand) {
    const copy = Buffer.from(b);
    for (let k = 0; k < 1 + int(rand, 4); k++) copy[int(rand, copy.length)] = int(rand, 256);
    return copy;
  },
  extremeTime(b, rand) {
    const s = b.toString('latin1');
    return Buffer.from(
      s.replace(/\b1[4-7]\d{8}(\d{3})?\b|20\d\d-\d\d-\d\d/, (m) =>
        m.includes('-')
          ? pick(rand, ['+010000-01-01', '0000-00-00', '9999-12-31'])
          : pick(rand, ['1e20', '12345678901234567890', '-5']),
      ),
      'latin1',
    );
  },
};

export interface Outcome {
  readonly docs?: string[];
  readonly dead?: Array<[number, string, string]>;
  readonly refused?: string;
  readonly thrown?: string;
}

/** Whole-object refusals by design: binary, another format, not a CloudTrail/Config file, not Parquet. */
function refusedByDesign(err: unknown): boolean {
  if (err instanceof UnknownFormatError || err instanceof NotParquetError) return true;
  const message = err instanceof Error ? err.message : String(err);
  return /not a CloudTrail log file|not an AWS Config file/.test(message);
}

export async function run(bytes: Buffer, source: SourceName, chunk?: number): Promise<Outcome> {
  const body =
    chunk === undefined
      ? bytes
      : (async function* () {
          for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
        })();
  const docs: string[] = [];
  const dead: Array<[number, string, string]> = [];
  try {
    for await (const batch of readLogObject(body, { bucket: 'fuzz', key: 'fuzz/object' }, { source })) {
      for (const r of batch.records) docs.push(documentText(r));
      for (const u of batch.unparsable) dead.push([u.ordinal, u.error, u.raw]);
    }
    return { docs, dead };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // Refusing the whole object for what it is (binary, or not that format at all) is by design.
    if (refusedByDesign(err)) return { refused: message };
    return { thrown: err instanceof Error ? `${err.name}: ${err.message}` : message };
  }
}

function invalid(doc: string): string | undefined {
  if (/[\n\r]/.test(doc)) return 'multi-line document';
  try {
    const value = JSON.parse(doc) as unknown;
    if (
      value === null ||
      typeof value !== 'object' ||
      typeof (value as { '@timestamp'?: unknown })['@timestamp'] !== 'string'
    )
      return 'document without @timestamp';
  } catch {
    return 'invalid JSON document';
  }
  return undefined;
}

async function main(): Promise<void> {
  const cases = arg('cases', 3000);
  const skip = caseList('skip');
  const trace = process.argv.includes('--trace');
  const rand = seededRandom(arg('seed', 1));
  const all = seeds();
  const names = Object.keys(MUTATIONS);
  const failures = new Map<string, { count: number; example: string }>();
  const fail = (cls: string, example: string) => {
    const f = failures.get(cls) ?? { count: 0, example };
    f.count++;
    failures.set(cls, f);
  };
  let docs = 0;
  let dead = 0;
  let refused = 0;
  const perSource = new Map<SourceName, number>();
  let peakRss = process.memoryUsage().rss;
  let current = '';
  process.on('unhandledRejection', (err) =>
    fail('promise rejected with no handler', `${current}: ${String(err)}`),
  );
  const started = Date.now();
  for (let c = 0; c < cases; c++) {
    const seed = pick(rand, all);
    perSource.set(seed.source, (perSource.get(seed.source) ?? 0) + 1);
    let bytes = seed.bytes;
    const applied: string[] = [];
    for (let m = 0; m < 1 + int(rand, 3); m++) {
      const name = pick(rand, names);
      applied.push(name);
      bytes = MUTATIONS[name](bytes, rand);
    }
    const label = `case ${c}: ${seed.name} + ${applied.join(', ')}`;
    // Tiny chunks on a multi-MB case measure the harness's per-chunk cost, not the parser's.
    const chunk =
      bytes.length > 256 * 1024 ? 4096 + int(rand, 65536) : 1 + int(rand, pick(rand, [7, 64, 4096]));
    if (skip.has(c)) {
      console.log(`  skipped ${label}`);
      continue;
    }
    if (trace) process.stderr.write(`${label}\n`);
    current = label;
    const t0 = Date.now();
    const whole = await run(bytes, seed.source);
    // Parquet is read by byte ranges (a `.parquet` key, or PAR1 magic in memory), never as a stream,
    // so chunking does not apply; the chunk size is still drawn, to keep later cases as they were.
    const chunked = isParquetBuffer(bytes) ? whole : await run(bytes, seed.source, chunk);
    const ms = Date.now() - t0;
    if (ms > SLOW_MS) fail('slow (over 2 s)', `${label}: ${ms} ms`);
    if (whole.thrown) fail(`throws: ${whole.thrown.slice(0, 60)}`, label);
    if (whole.refused) refused++;
    for (const d of whole.docs ?? []) {
      const problem = invalid(d);
      if (problem) fail(problem, `${label}: ${d.slice(0, 120)}`);
    }
    if (JSON.stringify(whole) !== JSON.stringify(chunked))
      fail('chunking changes the outcome', `${label} (chunks of ${chunk})`);
    docs += whole.docs?.length ?? 0;
    dead += whole.dead?.length ?? 0;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    // The parse is all microtasks: yield to the event loop so a rejection with no handler is reported
    // now, against this case, not at the end of the run.
    await new Promise((resolve) => setImmediate(resolve));
    if ((c + 1) % 250 === 0)
      process.stderr.write(`  ${c + 1} cases, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }
  const seconds = (Date.now() - started) / 1000;
  const failed = [...failures.values()].reduce((n, f) => n + f.count, 0);
  console.log(`fuzz-parsers: ${cases} cases over ${all.length} seeds in ${seconds.toFixed(1)} s`);
  console.log(`  documents ${docs}, dead letters ${dead}, objects refused as binary/other format ${refused}`);
  const sources = [...perSource].sort(([a], [b]) => a.localeCompare(b));
  console.log(`  cases per source: ${sources.map(([s, n]) => `${s} ${n}`).join(', ')}`);
  console.log(`  peak resident memory ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
  console.log(`  failures ${failed}`);
  for (const [cls, f] of failures) console.log(`    ${cls}: ${f.count} (e.g. ${f.example})`);
  process.exitCode = failed > 0 ? 1 : 0;
}

if (require.main === module) void main();
