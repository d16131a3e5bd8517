/**
 * End to end: S3 object → searchable document, on the local harness (called by ingest-bench.ts).
 *
 * - moto S3 sends each PutObject's notification to a moto SQS queue;
 * - a consumer long-polls the queue as Lambda's event source does and invokes the real handler
 *   (createIngestHandler with the provenance and index bounds handler.ts builds from its
 *   environment) in-process, with the SQS event shape Lambda delivers; the handler reads the
 *   object from moto S3 and writes to the real node;
 * - a poller asks the node, every POLL_MS, with `_msearch`, how many of each object's document ids
 *   an `ids` search finds. An object is searchable when all of them are: latency is from just
 *   before its PutObject to that search, so the index's refresh interval is part of it.
 *
 * Objects arrive at a fixed pace, so latencies are not queueing behind a backlog; documents per
 * second is measured separately, on a backlog of objects put before the consumer starts.
 */
import * as fs from 'node:fs';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ingestionGuardsFromEnv } from '../../functions/ingest/config';
import { namespacedId } from '../../functions/ingest/documents';
import { OpenSearchClient } from '../../opensearch/http-client';
import { createIngestHandler } from '../../functions/ingest/sqs-handler';
import { indexTemplates } from '../../opensearch/index-templates';
import { ingestPipeline, ingestPipelinePath } from '../../opensearch/ingest-pipeline';
import { createNotifiedBucket, notifiedKeyOf, sqsEventOf } from '../local/notified-bucket';
import { cloudTrailRecord, seededRandom } from './generate-logs';

const ARCHIVE_ACCOUNT = '111111111111';
const MEMBER_ACCOUNT = '123456789012';
const POLL_MS = 100;
/** Quiet time after a phase before its CPU is read, and the window the node's idle CPU is measured in. */
const TAIL_MS = 5_000;

export interface EndToEndOptions {
  /** Moto endpoint (S3 and SQS). */
  readonly awsEndpoint: string;
  readonly openSearch: OpenSearchClient;
  readonly objects: number;
  readonly recordsPerObject: number;
  /** Records per object of the backlog phase (default recordsPerObject). */
  readonly backlogRecordsPerObject?: number;
  /** Pause between two PutObjects of the paced phase. */
  readonly intervalMs: number;
  /** Objects put before the consumer starts, for documents per second; 0 skips that phase. */
  readonly backlogObjects?: number;
  /**
   * Overrides the template's `index.refresh_interval` on this run's indices (a what-if); `unset`
   * removes it, leaving OpenSearch's default (1 s while the shard is searched, none once search-idle).
   */
  readonly refreshInterval?: string;
  /** Moto's process id, to report its CPU as well (Linux /proc only). */
  readonly motoPid?: number;
  /** Give up on documents not searchable this long after the last PutObject. */
  readonly settleMs?: number;
  /**
   * Instead of polling every object, search the phase's indices as a monitor does: one count every
   * `everyMs`, recording how long it took and how many of the documents written before it it saw.
   * With `searchIdleAfter` (the index's `index.search.idle.after`), time is scaled down: shards
   * idle as a monitor schedule leaves them, in a run of seconds instead of minutes.
   */
  readonly reader?: { readonly everyMs: number; readonly searchIdleAfter?: string };
  /**
   * The node's idle CPU (ms per wall ms) to subtract from a phase's. The node's periodic tasks make a
   * few seconds' sample noisy: measure it once, over a minute ({@link idleCpuRate}).
   * @default measured over 5 s before each phase
   */
  readonly nodeIdleCpuRate?: number;
}

export interface ReaderSearch {
  /** Wall time of the count: on a search-idle shard with writes pending, it waits for a refresh. */
  readonly tookMs: number;
  readonly seen: number;
  /** Documents the handler had written before the count was sent. */
  readonly written: number;
}

export interface PhaseResult {
  readonly objects: number;
  readonly documents: number;
  /** Documents an `ids` search found, over all objects. */
  readonly searchable: number;
  /** Per object, PutObject → all its documents searchable (objects that never were are left out). */
  readonly latenciesMs: number[];
  /** Per object, PutObject → the handler returned (documents written, not yet refreshed). */
  readonly writtenMs: number[];
  readonly wallMs: number;
  /** CPU of this process while the handler ran (includes the poller's work interleaved with it). */
  readonly functionCpuMs: number;
  /** CPU of the node's process over the phase (includes the poller's searches, and any other client). */
  readonly nodeCpuMs: number;
  /** The node's CPU over the phase less what it spends idle (measured just before the phase). */
  readonly nodeNetCpuMs: number;
  /** This phase's indices, from the index stats API: the node's own account of where the time went. */
  readonly indices: IndexWork;
  readonly motoCpuMs?: number;
  readonly failedMessages: number;
  /** With `reader`: its counts, in order. */
  readonly reads?: ReaderSearch[];
}

export interface IndexWork {
  readonly refreshes: number;
  readonly refreshMs: number;
  readonly merges: number;
  readonly mergeMs: number;
  readonly indexMs: number;
}

interface Pending {
  readonly key: string;
  readonly ids: string[];
  putAt: number;
  writtenAt?: number;
  found: number;
  searchableAt?: number;
}

/** Runs the paced phase, then (if asked) the backlog phase, each on fresh indices. */
export async function runEndToEnd(
  options: EndToEndOptions,
): Promise<{ paced: PhaseResult; backlog?: PhaseResult }> {
  const paced = await runPhase(options, 'paced');
  const backlog = options.backlogObjects ? await runPhase(options, 'backlog') : undefined;
  return { paced, backlog };
}

async function runPhase(options: EndToEndOptions, mode: 'paced' | 'backlog'): Promise<PhaseResult> {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const namePrefix = `e2e${suffix}`;
  const bucket = `${namePrefix}-${ARCHIVE_ACCOUNT}-cloudtrail`;
  const indexPrefix = `${namePrefix}-`;
  const aws = {
    endpoint: options.awsEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    forcePathStyle: true,
  };
  const s3 = new S3Client(aws);
  const sqs = new SQSClient(aws);
  const client = options.openSearch;
  const count = mode === 'paced' ? options.objects : (options.backlogObjects ?? 0);
  const records =
    mode === 'paced'
      ? options.recordsPerObject
      : (options.backlogRecordsPerObject ?? options.recordsPerObject);

  const delivery = await createNotifiedBucket(s3, sqs, { bucket, queueName: `${namePrefix}-ingest` });
  try {
    await client.json('PUT', ingestPipelinePath(), ingestPipeline().body);
    for (const t of indexTemplates({ prefix: indexPrefix })) {
      const body =
        options.refreshInterval === undefined && options.reader?.searchIdleAfter === undefined
          ? t.body
          : withIndexSettings(t.body, options.refreshInterval, options.reader?.searchIdleAfter);
      await client.json('PUT', `/_index_template/${t.name}`, body);
    }

    // The same guards the Lambda entry point reads from its environment.
    const guards = ingestionGuardsFromEnv({
      NAME_PREFIX: namePrefix,
      ARCHIVE_ACCOUNT_ID: ARCHIVE_ACCOUNT,
      HOT_DAYS: '30',
    });
    const handler = createIngestHandler({
      s3,
      openSearch: client,
      provenance: guards.provenance,
      bounds: guards.bounds,
      writer: { indexPrefix },
      log: () => undefined,
    });

    const objects = Array.from({ length: count }, (_, i) => objectOf(bucket, suffix, i, records));
    const pending = new Map(objects.map((o) => [o.key, o.pending]));
    const target = `/${indexPrefix}cloudtrail*/_msearch?allow_no_indices=true&ignore_unavailable=true`;

    const idleRate = options.nodeIdleCpuRate ?? (await idleCpuRate(client, TAIL_MS));
    const nodeBefore = await nodeCpuMillis(client);
    const motoBefore = processCpuMillis(options.motoPid);
    const started = performance.now();
    let functionCpuMs = 0;
    let failedMessages = 0;
    let putsDone = false;

    const put = async (): Promise<void> => {
      for (const [i, o] of objects.entries()) {
        if (mode === 'paced') await sleepUntil(started + i * options.intervalMs);
        o.pending.putAt = performance.now();
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: o.key, Body: o.body }));
      }
      putsDone = true;
    };
    const allWritten = () => [...pending.values()].every((p) => p.writtenAt !== undefined);
    const allSearchable = () => [...pending.values()].every((p) => p.searchableAt !== undefined);
    const finished = () => (options.reader ? putsDone && allWritten() : allSearchable());
    const deadline = () =>
      putsDone ? lastPut(pending) + (options.settleMs ?? 30_000) : Number.POSITIVE_INFINITY;

    const consume = async (): Promise<void> => {
      while (!finished() && performance.now() < deadline()) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: delivery.queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
          }),
        );
        if (Messages.length === 0) continue;
        const cpu = process.cpuUsage();
        const { batchItemFailures } = await handler(sqsEventOf(Messages, delivery.queueArn));
        const used = process.cpuUsage(cpu);
        functionCpuMs += (used.user + used.system) / 1000;
        const now = performance.now();
        const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
        failedMessages += failed.size;
        for (const m of Messages) {
          const p = pending.get(notifiedKeyOf(m) ?? '');
          if (p && !failed.has(m.MessageId as string)) p.writtenAt ??= now;
        }
        const done = Messages.filter((m) => !failed.has(m.MessageId as string));
        if (done.length > 0)
          await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: delivery.queueUrl,
              Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
            }),
          );
      }
    };

    /** Per object, how many of `idsOf(object)` one `_msearch` finds. */
    const countFound = async (objects: Pending[], idsOf: (p: Pending) => string[]): Promise<number[]> => {
      const lines = objects.flatMap((p) => [
        '{}',
        JSON.stringify({ size: 0, track_total_hits: true, query: { ids: { values: idsOf(p) } } }),
      ]);
      const res = await client.request('POST', target, `${lines.join('\n')}\n`);
      const { responses } = JSON.parse(res.body.toString('utf8')) as {
        responses: Array<{ hits?: { total: { value: number } } }>;
      };
      return objects.map((_, i) => responses[i]?.hits?.total.value ?? 0);
    };
    // Polled: an object's first and last document only. Every poll comes after the handler has
    // written all of the object, so the refresh that shows those two shows the rest: an ids search
    // of a whole backlog object (1,000 ids) ten times a second would cost the node more than the
    // refreshes being compared. The final count below checks every id.
    const poll = async (): Promise<void> => {
      while (!allSearchable() && performance.now() < deadline()) {
        const waiting = [...pending.values()].filter(
          (p) => p.writtenAt !== undefined && p.searchableAt === undefined,
        );
        if (waiting.length > 0) {
          const found = await countFound(waiting, (p) => [p.ids[0], p.ids[p.ids.length - 1]]);
          // Taken after the answer: a latency is never shorter than the truth, at most one poll longer.
          const at = performance.now();
          waiting.forEach((p, i) => {
            if (found[i] === Math.min(2, p.ids.length)) p.searchableAt = at;
          });
        }
        await sleep(POLL_MS);
      }
    };

    const reads: ReaderSearch[] = [];
    const read = async (everyMs: number): Promise<void> => {
      const countTarget = `/${indexPrefix}cloudtrail*/_count?allow_no_indices=true&ignore_unavailable=true`;
      for (let last = false; !last && performance.now() < deadline();) {
        await sleep(everyMs);
        last = finished();
        const written = [...pending.values()]
          .filter((p) => p.writtenAt !== undefined)
          .reduce((n, p) => n + p.ids.length, 0);
        const sent = performance.now();
        const { count } = await client.json<{ count: number }>('GET', countTarget);
        reads.push({ tookMs: performance.now() - sent, seen: count, written });
      }
    };

    if (mode === 'backlog') await put();
    await Promise.all([
      mode === 'paced' ? put() : Promise.resolve(),
      consume(),
      options.reader ? read(options.reader.everyMs) : poll(),
    ]);
    const wallMs = performance.now() - started;
    // Merges a refresh's segments start may still run: give every setting the same tail.
    await sleep(TAIL_MS);
    const nodeCpuMs = (await nodeCpuMillis(client)) - nodeBefore;
    const nodeNetCpuMs = nodeCpuMs - idleRate * (performance.now() - started);
    const motoAfter = processCpuMillis(options.motoPid);
    const indices = await indexWork(client, indexPrefix);
    const all = [...pending.values()];
    const found = await countFound(all, (p) => p.ids);
    all.forEach((p, i) => {
      p.found = found[i];
      // A document written after the refresh that showed the first and last (a retried bulk item).
      if (p.found !== p.ids.length) p.searchableAt = undefined;
    });

    return {
      objects: count,
      documents: count * records,
      searchable: all.reduce((n, p) => n + p.found, 0),
      latenciesMs: all
        .filter((p) => p.searchableAt !== undefined)
        .map((p) => (p.searchableAt as number) - p.putAt),
      writtenMs: all.filter((p) => p.writtenAt !== undefined).map((p) => (p.writtenAt as number) - p.putAt),
      // The backlog phase's clock starts once the objects are in S3: it measures the pipeline, not the puts.
      wallMs:
        mode === 'backlog'
          ? Math.max(...all.map((p) => p.searchableAt ?? performance.now())) - lastPut(pending)
          : wallMs,
      functionCpuMs,
      nodeCpuMs,
      nodeNetCpuMs,
      indices,
      motoCpuMs: motoBefore !== undefined && motoAfter !== undefined ? motoAfter - motoBefore : undefined,
      failedMessages,
      reads: options.reader ? reads : undefined,
    };
  } finally {
    await client.request('DELETE', `/${indexPrefix}*?expand_wildcards=all`).catch(() => undefined);
    for (const t of indexTemplates({ prefix: indexPrefix }))
      await client.request('DELETE', `/_index_template/${t.name}`).catch(() => undefined);
    await delivery.remove();
    s3.destroy();
    sqs.destroy();
  }
}

/** One CloudTrail object of `records` records timed now, all in the key's account, and its document ids. */
function objectOf(
  bucket: string,
  seed: string,
  index: number,
  records: number,
): { key: string; body: Buffer; pending: Pending } {
  const rand = seededRandom(index + 1);
  const now = Date.now();
  const day = new Date(now).toISOString().slice(0, 10).replace(/-/g, '/');
  const key = `AWSLogs/${MEMBER_ACCOUNT}/CloudTrail/us-east-1/${day}/${MEMBER_ACCOUNT}_CloudTrail_us-east-1_${seed}-${index}.json.gz`;
  const parts: string[] = [];
  const ids: string[] = [];
  for (let i = 0; i < records; i++) {
    const record = { ...cloudTrailRecord(rand, now - 60_000 + i), recipientAccountId: MEMBER_ACCOUNT };
    // Unique across objects of a run: the generator repeats its sequence per seed.
    const eventID = `${seed}-${index}-${i}`;
    parts.push(JSON.stringify({ ...record, eventID }));
    ids.push(namespacedId(bucket, MEMBER_ACCOUNT, eventID));
  }
  return {
    key,
    body: gzipSync(`{"Records":[${parts.join(',')}]}`),
    pending: { key, ids, putAt: 0, found: 0 },
  };
}

function withIndexSettings(body: object, refreshInterval?: string, searchIdleAfter?: string): object {
  const b = body as { template: { settings: Record<string, unknown> } };
  const { 'index.refresh_interval': template, ...others } = b.template.settings;
  const interval = refreshInterval ?? template;
  const settings = {
    ...others,
    ...(interval === 'unset' || interval === undefined ? {} : { 'index.refresh_interval': interval }),
    ...(searchIdleAfter === undefined ? {} : { 'index.search.idle.after': searchIdleAfter }),
  };
  return { ...b, template: { ...b.template, settings } };
}

const lastPut = (pending: Map<string, Pending>) => Math.max(...[...pending.values()].map((p) => p.putAt));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sleepUntil = (at: number) => sleep(Math.max(0, at - performance.now()));

/** Total CPU time of the cluster's nodes so far, from the nodes stats API. */
async function nodeCpuMillis(client: OpenSearchClient): Promise<number> {
  const stats = await client.json<{
    nodes: Record<string, { process: { cpu: { total_in_millis: number } } }>;
  }>('GET', '/_nodes/stats/process');
  return Object.values(stats.nodes).reduce((sum, n) => sum + n.process.cpu.total_in_millis, 0);
}

/** The node's CPU per wall millisecond with nothing to do (job scheduler, stats), to subtract from a phase. */
export async function idleCpuRate(client: OpenSearchClient, windowMs: number): Promise<number> {
  const before = await nodeCpuMillis(client);
  const started = performance.now();
  await sleep(windowMs);
  return ((await nodeCpuMillis(client)) - before) / (performance.now() - started);
}

async function indexWork(client: OpenSearchClient, indexPrefix: string): Promise<IndexWork> {
  const stats = await client.json<{
    _all: {
      primaries: {
        refresh?: { total: number; total_time_in_millis: number };
        merges?: { total: number; total_time_in_millis: number };
        indexing?: { index_time_in_millis: number };
      };
    };
  }>('GET', `/${indexPrefix}*/_stats/refresh,merge,indexing?expand_wildcards=all`);
  const p = stats._all.primaries;
  return {
    refreshes: p.refresh?.total ?? 0,
    refreshMs: p.refresh?.total_time_in_millis ?? 0,
    merges: p.merges?.total ?? 0,
    mergeMs: p.merges?.total_time_in_millis ?? 0,
    indexMs: p.indexing?.index_time_in_millis ?? 0,
  };
}

/** User + system CPU of a process from /proc (clock ticks of 10 ms), undefined where unreadable. */
function processCpuMillis(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (values: readonly number[]) => percentile(values, 50);

/** Node CPU seconds per 1,000 documents, less the node's idle CPU. */
export const nodeCpuPerThousand = (r: PhaseResult) => r.nodeNetCpuMs / r.documents;
export const docsPerSecond = (r: PhaseResult) => r.documents / (r.wallMs / 1000);

function report(label: string, r: PhaseResult): void {
  const total = r.functionCpuMs + r.nodeCpuMs + (r.motoCpuMs ?? 0);
  const share = (ms: number) => `${((ms / total) * 100).toFixed(0)}%`;
  console.log(
    `  ${label.padEnd(22)} ${fmt(r.objects).padStart(4)} obj ${fmt(r.documents).padStart(7)} docs ` +
      `searchable p50 ${seconds(percentile(r.latenciesMs, 50))} s p99 ${seconds(percentile(r.latenciesMs, 99))} s ` +
      `(written p50 ${seconds(percentile(r.writtenMs, 50))} s) ` +
      `${fmt(docsPerSecond(r)).padStart(6)} docs/s; ` +
      `node ${nodeCpuPerThousand(r).toFixed(3)} CPU-s/1k docs, gross ${(r.nodeCpuMs / r.documents).toFixed(3)} (${r.indices.refreshes} refreshes ${fmt(r.indices.refreshMs)} ms, ` +
      `${r.indices.merges} merges ${fmt(r.indices.mergeMs)} ms, indexing ${fmt(r.indices.indexMs)} ms); ` +
      `CPU function ${share(r.functionCpuMs)}, node ${share(r.nodeCpuMs)}` +
      (r.motoCpuMs !== undefined ? `, moto ${share(r.motoCpuMs)}` : '') +
      (r.searchable !== r.documents ? `; MISSING ${fmt(r.documents - r.searchable)}` : '') +
      (r.failedMessages ? `; ${r.failedMessages} failed messages` : '') +
      (r.reads
        ? `; reader: ${freshReads(r.reads)}/${r.reads.length} fresh, took p50 ${fmt(readTook(r.reads, 50))} ms max ${fmt(readTook(r.reads, 100))} ms`
        : ''),
  );
}

/** Counts that saw every document written before they were sent. */
const freshReads = (reads: readonly ReaderSearch[]) => reads.filter((r) => r.seen >= r.written).length;
const readTook = (reads: readonly ReaderSearch[], p: number) =>
  percentile(
    reads.map((r) => r.tookMs),
    p,
  );

export interface EndToEndFigureOptions {
  /**
   * `index.refresh_interval` values to compare (`template` keeps the template's, `unset` removes it).
   * @default ['template', '5s', '1s']: the template (no interval: search-idle) against the values it was chosen over
   */
  readonly settings?: readonly string[];
  /** Runs of every setting, in rotating order; medians are printed when more than one. @default 1 */
  readonly repeats?: number;
  /** Monitor-like reads instead of per-object polling (paced phase only): see {@link EndToEndOptions.reader}. */
  readonly reader?: EndToEndOptions['reader'];
  /** Paced objects, their records, and backlog objects (of 1,000 records): smaller on a loaded machine. */
  readonly objects?: number;
  readonly recordsPerObject?: number;
  readonly backlogObjects?: number;
}

interface SettingRuns {
  paced: PhaseResult[];
  backlog: PhaseResult[];
}

/** The median of `of` over a setting's runs, with its ratio to 5 s where 5 s was run. */
function medianAndRatio(
  runs: Map<string, SettingRuns>,
  r: SettingRuns,
  of: (r: SettingRuns) => number,
  show: (value: number) => string,
): string {
  const base = runs.get('5s');
  return `${show(of(r))}${base ? ` (${(of(r) / of(base)).toFixed(2)}×)` : ''}`;
}

function printTable(
  runs: Map<string, SettingRuns>,
  columns: ReadonlyArray<readonly [string, (r: SettingRuns) => string]>,
): void {
  console.log(`\n  medians of ${[...runs.values()][0]?.paced.length ?? 0} runs (ratio against 5s):`);
  console.log(`  setting | ${columns.map(([title]) => title).join(' | ')}`);
  for (const [setting, r] of runs)
    console.log(`  ${setting.padEnd(7)} | ${columns.map(([, cell]) => cell(r)).join(' | ')}`);
}

const perRun =
  (phase: 'paced' | 'backlog', value: (p: PhaseResult) => number) =>
  (r: SettingRuns): number =>
    median(r[phase].map(value));

// The node's own timing of refreshes and merges (wall time inside the node, so loaded by the machine).
const upkeep = (p: PhaseResult) => (p.indices.refreshMs + p.indices.mergeMs) / p.documents;

function summary(runs: Map<string, SettingRuns>): void {
  const cell =
    (phase: 'paced' | 'backlog', value: (p: PhaseResult) => number, show: (v: number) => string) =>
    (r: SettingRuns) =>
      medianAndRatio(runs, r, perRun(phase, value), show);
  const s = (ms: number) => `${seconds(ms)} s`;
  const cpu = (v: number) => v.toFixed(3);
  printTable(runs, [
    ['paced p50', cell('paced', (p) => percentile(p.latenciesMs, 50), s)],
    ['paced p99', cell('paced', (p) => percentile(p.latenciesMs, 99), s)],
    ['backlog docs/s', cell('backlog', docsPerSecond, fmt)],
    ['node CPU-s/1k docs backlog', cell('backlog', nodeCpuPerThousand, cpu)],
    ['paced', cell('paced', nodeCpuPerThousand, cpu)],
    ['refresh+merge s/1k docs backlog', cell('backlog', upkeep, cpu)],
    ['paced', cell('paced', upkeep, cpu)],
    ['backlog refreshes', (r) => String(perRun('backlog', (p) => p.indices.refreshes)(r))],
  ]);
}

function readerSummary(runs: Map<string, SettingRuns>): void {
  const cpu = (phase: 'paced' | 'backlog') => (r: SettingRuns) =>
    medianAndRatio(runs, r, perRun(phase, nodeCpuPerThousand), (v) => v.toFixed(3));
  const reads = (r: SettingRuns) => r.paced.flatMap((p) => p.reads ?? []);
  printTable(runs, [
    ['fresh reads (all runs)', (r) => `${freshReads(reads(r))}/${reads(r).length}`],
    ['read took p50', (r) => `${fmt(readTook(reads(r), 50))} ms`],
    ['max', (r) => `${fmt(readTook(reads(r), 100))} ms`],
    ['node CPU-s/1k docs paced', cpu('paced')],
    ['backlog', cpu('backlog')],
    ['paced refreshes', (r) => String(perRun('paced', (p) => p.indices.refreshes)(r))],
  ]);
}

/** Prints the end-to-end figures for `npm run bench`; starts its own moto server. */
export async function endToEndFigures(
  endpoint: string,
  quick: boolean,
  figureOptions: EndToEndFigureOptions = {},
): Promise<void> {
  const client = new OpenSearchClient(endpoint);
  try {
    await client.json('GET', '/');
  } catch {
    console.log(`\nS3 object -> searchable: skipped (no OpenSearch at ${endpoint})`);
    client.close();
    return;
  }
  const settings = figureOptions.settings ?? ['template', '5s', '1s'];
  const repeats = figureOptions.repeats ?? 1;
  const { startMoto } = await import('../local/moto');
  const moto = await startMoto();
  try {
    const base = {
      awsEndpoint: moto.endpoint,
      openSearch: client,
      objects: figureOptions.objects ?? (quick ? 20 : 60),
      recordsPerObject: figureOptions.recordsPerObject ?? 200,
      intervalMs: 1_000,
      backlogObjects: figureOptions.backlogObjects ?? (quick ? 10 : 30),
      reader: figureOptions.reader,
      backlogRecordsPerObject: 1_000,
      motoPid: moto.pid,
      // A backlog on a loaded machine can take minutes; a short wait would count documents as lost.
      settleMs: 180_000,
      nodeIdleCpuRate: await idleCpuRate(client, quick ? 10_000 : 60_000),
    };
    console.log(
      `\nS3 object -> searchable document (moto S3+SQS, handler in-process, ${endpoint}); ` +
        `paced: objects of ${base.recordsPerObject} CloudTrail records, one every ${base.intervalMs} ms; ` +
        `backlog: ${base.backlogObjects} objects of ${base.backlogRecordsPerObject} put first, for docs/s; searchable = an ids search finds all of an object's documents (polled every ${POLL_MS} ms); ` +
        `node CPU less its idle CPU, over the phase and a ${TAIL_MS / 1000} s tail:`,
    );
    const runs = new Map<string, SettingRuns>(settings.map((s) => [s, { paced: [], backlog: [] }]));
    for (let repeat = 0; repeat < repeats; repeat++) {
      // Rotating the order, so that no setting always runs first (or after the same one).
      const order = settings.map((_, i) => settings[(i + repeat) % settings.length]);
      for (const setting of order) {
        const refreshInterval = setting === 'template' ? undefined : setting;
        const { paced, backlog } = await runEndToEnd({ ...base, refreshInterval });
        const label = setting === 'template' ? 'template' : `refresh ${setting}`;
        report(`${label}, paced`, paced);
        runs.get(setting)?.paced.push(paced);
        if (backlog) {
          report(`${label}, backlog`, backlog);
          runs.get(setting)?.backlog.push(backlog);
        }
      }
    }
    if (figureOptions.reader) readerSummary(runs);
    else summary(runs);
  } finally {
    await moto.stop();
    client.close();
  }
}

const argValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

if (require.main === module) {
  // `--settings 1s,5s,30s,unset --repeats 3`: the comparison behind the template's refresh interval.
  const numberArg = (name: string) => {
    const value = argValue(name);
    return value === undefined ? undefined : Number(value);
  };
  endToEndFigures(process.env.OPENSEARCH_URL ?? 'http://localhost:9200', process.argv.includes('--quick'), {
    settings: argValue('--settings')?.split(','),
    repeats: numberArg('--repeats'),
    objects: numberArg('--objects'),
    recordsPerObject: numberArg('--records'),
    backlogObjects: numberArg('--backlog'),
    // `--reader 10000 --idle-after 5s`: a count every 10 s, shards search-idle after 5 s.
    reader:
      numberArg('--reader') === undefined
        ? undefined
        : { everyMs: numberArg('--reader') as number, searchIdleAfter: argValue('--idle-after') },
  }).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
