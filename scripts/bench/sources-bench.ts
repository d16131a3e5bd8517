import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BulkWriter, type BulkClient } from '../../functions/ingest/bulk-writer';
import { ingestObject } from '../../functions/ingest/ingest-object';
import type { ObjectBody } from '../../functions/ingest/object-reader';
import type { OpenSearchResponse } from '../../opensearch/http-client';
import { naiveSourceBody } from './naive-sources';
import { benchObjects, type BenchLayout, type BenchObject, type BenchSource } from './source-objects';

/*
 * Wave-2 sources (Transit Gateway flow logs, GuardDuty exports, Config history, Bedrock
 * invocations, and the CloudWatch-routed EKS audit, RDS audit, API Gateway, Linux, Windows and
 * Client VPN logs): S3 bytes to bulk bodies, no network, the ingestion path against the naive
 * baseline (naive-sources.ts). Both run in one process, alternated, and each figure is the median
 * of the repeats: the machine is shared, so the ratio is the figure that travels. Peak RSS is
 * measured per source in child processes reading a large object from disk, ours streaming it,
 * the baseline holding it whole.
 */

/** Builds and encodes every request body like the real client, then answers "all indexed". */
class NullBulkClient implements BulkClient {
  bytes = 0;
  request(_m: string, _p: string, body?: Buffer | string): Promise<OpenSearchResponse> {
    this.bytes += typeof body === 'string' ? Buffer.byteLength(body) : (body?.length ?? 0);
    return Promise.resolve({ status: 200, body: Buffer.from('{"errors":false}') });
  }
}

export interface OursResult {
  readonly records: number;
  readonly deadLettered: number;
  readonly bytes: number;
}

/** The ingestion path: ingestObject into a BulkWriter, bodies built and encoded, nothing sent. */
export async function oursToBody(body: ObjectBody, key: string): Promise<OursResult> {
  const client = new NullBulkClient();
  const writer = new BulkWriter({ client, concurrency: 1 });
  await ingestObject(body, { bucket: 'bench', key }, writer);
  const counts = await writer.flush();
  return { records: counts.indexed, deadLettered: counts.deadLettered, bytes: client.bytes };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function cpuMillis<T>(run: () => Promise<T> | T): Promise<{ result: T; cpuMs: number }> {
  const before = process.cpuUsage();
  return Promise.resolve(run()).then((result) => {
    const used = process.cpuUsage(before);
    return { result, cpuMs: (used.user + used.system) / 1000 };
  });
}

export interface SourceFigure {
  readonly source: BenchSource;
  readonly records: number;
  readonly megabytes: number;
  readonly oursPerCpuSecond: number;
  readonly naivePerCpuSecond: number;
  /** Median over the repeats of (naive CPU / ours CPU) of each alternating pair: above 1, ours is faster. */
  readonly ratio: number;
  /** Bulk body bytes, ours over the baseline's: ours carries common fields and ids it does not. */
  readonly bodyRatio: number;
}

/** Alternating runs of ours and the baseline on one object; medians. Throws on any dead letter. */
export async function measureSource(object: BenchObject, repeats: number): Promise<SourceFigure> {
  const ours = () => oursToBody(object.body, object.key);
  const naive = () => naiveSourceBody(object, object.body);
  await ours(); // warm-up: JIT and caches
  naive();
  const oursMs: number[] = [];
  const naiveMs: number[] = [];
  const ratios: number[] = [];
  const bodyBytes = { ours: 0, naive: 0 };
  for (let r = 0; r < repeats; r++) {
    // Alternate which goes first, so neither always inherits the other's garbage.
    const pair = r % 2 === 0 ? ([ours, naive] as const) : ([naive, ours] as const);
    const times: number[] = [];
    for (const run of pair) {
      const { result, cpuMs } = await cpuMillis(run);
      const dead = 'deadLettered' in result ? (result as OursResult).deadLettered : 0;
      if (result.records !== object.records || dead > 0)
        throw new Error(
          `${object.source}: ${result.records} documents of ${object.records}, ${dead} dead letters`,
        );
      times.push(cpuMs);
      bodyBytes[run === ours ? 'ours' : 'naive'] = result.bytes;
    }
    const [o, n] = r % 2 === 0 ? [times[0]!, times[1]!] : [times[1]!, times[0]!];
    oursMs.push(o);
    naiveMs.push(n);
    ratios.push(n / o);
  }
  return {
    source: object.source,
    records: object.records,
    megabytes: object.uncompressedBytes / 1e6,
    oursPerCpuSecond: object.records / (median(oursMs) / 1000),
    naivePerCpuSecond: object.records / (median(naiveMs) / 1000),
    ratio: median(ratios),
    bodyRatio: bodyBytes.ours / bodyBytes.naive,
  };
}

interface RssFigure {
  readonly oursMb: number;
  readonly naiveMb: number;
}

/** Peak RSS of a fresh process that reads `file` (gzipped, on disk) one way or the other. */
function childPeakRss(object: BenchObject, file: string, way: 'ours' | 'naive'): number {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', __filename, '--rss-child', way, object.source, object.layout, object.key, file],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (child.status !== 0) {
    const reason = child.stderr.split('\n').find((l) => /Error\b/.test(l)) ?? child.stderr;
    throw new Error(`${object.source} ${way} RSS child failed: ${reason}`);
  }
  const r = JSON.parse(child.stdout.trim().split('\n').pop() as string) as {
    records: number;
    maxRssKb: number;
  };
  if (r.records !== object.records)
    throw new Error(`${object.source} ${way} RSS child: ${r.records} documents of ${object.records}`);
  return r.maxRssKb / 1024;
}

function peakRss(object: BenchObject): RssFigure {
  const dir = mkdtempSync(join(tmpdir(), 'sources-bench-'));
  try {
    const file = join(dir, 'object.gz');
    writeFileSync(file, object.body);
    return { oursMb: childPeakRss(object, file, 'ours'), naiveMb: childPeakRss(object, file, 'naive') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function rssChild(args: string[]): Promise<void> {
  const [way, source, layout, key, file] = args as [string, BenchSource, BenchLayout, string, string];
  const result =
    way === 'ours'
      ? await oursToBody(createReadStream(file), key)
      : naiveSourceBody({ source, layout }, readFileSync(file));
  console.log(JSON.stringify({ records: result.records, maxRssKb: process.resourceUsage().maxRSS }));
}

/**
 * Prints the wave-2 figures: records per CPU-second for ours and the baseline, their ratio
 * (medians of alternating runs) and peak RSS on a large object. `quick` shrinks the objects.
 */
export async function sourcesFigures(quick: boolean, only?: readonly BenchSource[]): Promise<SourceFigure[]> {
  const count = quick ? 5_000 : 20_000;
  const largeCount = quick ? 20_000 : 100_000;
  const repeats = quick ? 5 : 7;
  console.log(
    `\nWave-2 sources, S3 bytes -> bulk bodies (no network), records per CPU-second, ` +
      `medians of ${repeats} alternating runs; peak RSS on ${fmt(largeCount)} records:`,
  );
  console.log(
    'source       records  MB(raw)   ours rec/s  naive rec/s  ratio  body  RSS ours MB  RSS naive MB  (MB raw)',
  );
  const figures: SourceFigure[] = [];
  const failures: string[] = [];
  for (const object of benchObjects(count, only)) {
    try {
      const f = await measureSource(object, repeats);
      figures.push(f);
      const [large] = benchObjects(largeCount, [object.source]);
      const rss = peakRss(large!);
      console.log(
        `${f.source.padEnd(11)} ${fmt(f.records).padStart(8)} ${f.megabytes.toFixed(1).padStart(8)} ` +
          `${fmt(f.oursPerCpuSecond).padStart(12)} ${fmt(f.naivePerCpuSecond).padStart(12)} ` +
          `${f.ratio.toFixed(2).padStart(5)}x ${f.bodyRatio.toFixed(2).padStart(4)}x ` +
          `${fmt(rss.oursMb).padStart(11)} ${fmt(rss.naiveMb).padStart(13)}  ` +
          `(${(large!.uncompressedBytes / 1e6).toFixed(0)})`,
      );
    } catch (err) {
      // The other sources still get measured; the run still fails.
      failures.push(`${object.source}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      console.log(`${object.source.padEnd(11)} FAILED (see below)`);
    }
  }
  console.log('ratio = naive CPU / ours CPU (above 1: ours is faster); body = bulk bytes, ours / naive');
  if (failures.length > 0) throw new Error(`wave-2 sources failed:\n${failures.join('\n')}`);
  return figures;
}

if (require.main === module) {
  const rss = process.argv.indexOf('--rss-child');
  const run =
    rss >= 0 ? rssChild(process.argv.slice(rss + 1)) : sourcesFigures(process.argv.includes('--quick'));
  run.catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
