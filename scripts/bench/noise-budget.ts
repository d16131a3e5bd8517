/**
 * Noise budget (`npm run bench:noise`): a realistic benign day of a 20-account organization
 * (scripts/bench/benign-day/) ingested into a node through the ingestion function's own parser and
 * bulk writer, then every detection run over the day through the real Alerting plugin with its
 * window sliding at its schedule (the backtest engine, operations/backtest/). Prints the alerts per
 * severity and per detection, and each alert. Budget: at most 5 alerts a day, none at severity 1
 * or 2; exit 1 when over it.
 *
 * Options: --accounts N (default 20), --hours N (default 24), --start ISO (a whole hour; default
 * 2026-11-16T00:00Z, a Monday), --endpoint URL (default: start or reuse the local node), --reuse
 * (keep the documents of an earlier run of the same day instead of ingesting again).
 */
import { parseArgs } from 'node:util';
import type { SiemConfig } from '../../config/schema';
import { allDetections } from '../../detections';
import { createHttpClient, type HttpClient } from '../../opensearch/http-client';
import { indexTemplates } from '../../opensearch/index-templates';
import { ingestPipeline, ingestPipelinePath } from '../../opensearch/ingest-pipeline';
import { CompileBudget } from '../../detections/compile-budget';
import type { BacktestAlert } from '../../operations/backtest/alerts';
import { perSeverity, reportLines } from '../../operations/backtest/report';
import { backtest, type BacktestResult } from '../../operations/backtest/run';
import type { WriteCounts } from '../../functions/ingest/bulk-writer';
import { LOG_TYPES, type LogType } from '../../opensearch/log-types';
import { countPerLogType, deleteDemoIndices, markIndicesCreatedBy } from '../demo/indices';
import { ingestObjects } from '../demo/ingest-objects';
import { LOCAL_NODE_SETTINGS, startOpenSearch } from '../local/opensearch';
import { benignConfig, documentsPerLogType, generateBenignDay } from './benign-day';

export const NOISE_BUDGET = { maxAlertsPerDay: 5, forbiddenSeverities: [1, 2] } as const;
/** The least urgent severity that notifies anyone. */
const NOTIFYING_SEVERITY = 4;
const DEFAULT_START = Date.UTC(2026, 10, 16);
const HOUR = 3_600_000;

export interface NoiseRun {
  readonly config: SiemConfig;
  readonly documents: Readonly<Record<LogType, number>>;
  readonly ingest: Readonly<WriteCounts>;
  readonly counts: Readonly<Record<LogType, number>>;
  readonly result: BacktestResult;
  readonly seconds: { readonly generate: number; readonly ingest: number; readonly backtest: number };
}

export interface NoiseRunOptions {
  readonly endpoint: string;
  readonly indexPrefix: string;
  readonly accounts: number;
  readonly hours: number;
  readonly start: number;
  readonly log: (line: string) => void;
  /** Keep the documents of an earlier run when they are the same day (counts per source equal). @default false */
  readonly reuse?: boolean;
  /** @default every detection of the benign organization's config */
  readonly detectionIds?: readonly string[];
}

/** Generates, ingests and backtests the benign day under `indexPrefix` (its earlier indices replaced). */
export async function runNoiseBudget(opts: NoiseRunOptions): Promise<NoiseRun> {
  const { log } = opts;
  const config = benignConfig(opts.accounts);
  const http: HttpClient = createHttpClient({ endpoint: opts.endpoint, timeoutMs: 120_000 });
  // The production templates under the bench's prefix, and the pipeline they name (event.ingested).
  await http.request('PUT', ingestPipelinePath(), { body: ingestPipeline().body });
  for (const template of indexTemplates({ prefix: opts.indexPrefix, priority: 900 }))
    await http.request('PUT', `/_index_template/${template.name}`, { body: template.body });

  let t = Date.now();
  const objects = generateBenignDay({ config, start: opts.start, hours: opts.hours });
  const documents = documentsPerLogType(objects);
  const generate = (Date.now() - t) / 1000;
  log(
    `generated ${objects.length} objects, ${Object.values(documents).reduce((a, b) => a + b, 0)} records in ${generate.toFixed(1)} s`,
  );

  t = Date.now();
  const before = await countPerLogType(http, opts.indexPrefix);
  const reuse = opts.reuse === true && LOG_TYPES.every((type) => before[type] === documents[type]);
  if (reuse) log('reusing the documents of an earlier run of the same day (same counts per source)');
  else {
    const removed = await deleteDemoIndices(http, opts.indexPrefix);
    if (removed.length > 0) log(`removed ${removed.length} indices of an earlier run`);
  }
  const ingest: WriteCounts = reuse
    ? { records: 0, indexed: 0, deadLettered: 0, keptAsText: 0, duplicates: 0, retried: 0, bulkRequests: 0 }
    : // Marked as the bench's own, so the next run deletes them and nothing else under the prefix.
      (
        await markIndicesCreatedBy(http, opts.indexPrefix, () =>
          ingestObjects(opts.endpoint, objects, opts.indexPrefix),
        )
      ).result;
  const counts = await countPerLogType(http, opts.indexPrefix);
  const ingestSeconds = (Date.now() - t) / 1000;
  log(
    `ingested: ${ingest.indexed} indexed, ${ingest.deadLettered} dead-lettered in ${ingestSeconds.toFixed(1)} s`,
  );

  t = Date.now();
  const detections = allDetections(config).filter(
    (d) => opts.detectionIds === undefined || opts.detectionIds.includes(d.id),
  );
  const result = await backtest({
    client: http,
    detections,
    from: opts.start,
    to: opts.start + opts.hours * HOUR,
    indexPrefix: opts.indexPrefix,
    budget: new CompileBudget({
      onWait: (ms, m) => log(`  compile budget spent: waiting ${ms / 1000} s before '${m}'`),
    }),
    onProgress: (p) => {
      if (p.done % 20 === 0 || p.done === p.total)
        log(
          `  ${p.done}/${p.total} detections, ${p.runs} runs, ${p.alerts} alerts, ${Math.round((Date.now() - t) / 1000)} s`,
        );
    },
  });
  return {
    config,
    documents,
    ingest,
    counts,
    result,
    seconds: { generate, ingest: ingestSeconds, backtest: (Date.now() - t) / 1000 },
  };
}

/** The alerts breaking the budget: any at a forbidden severity, and the count when over. */
export function budgetViolations(alerts: readonly BacktestAlert[], hours: number): string[] {
  // Severity 5 is informational: recorded, sent to no one.
  const notified = alerts.filter((a) => a.severity <= NOTIFYING_SEVERITY).length;
  const perDay = (notified * 24) / hours;
  const severity = perSeverity(alerts);
  return [
    ...(perDay > NOISE_BUDGET.maxAlertsPerDay
      ? [
          `${perDay.toFixed(1)} notifying alerts (severity 1–4) per day (budget ${NOISE_BUDGET.maxAlertsPerDay})`,
        ]
      : []),
    ...NOISE_BUDGET.forbiddenSeverities.flatMap((s) =>
      severity[s] > 0 ? [`${severity[s]} alerts at severity ${s}`] : [],
    ),
  ];
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      accounts: { type: 'string', default: '20' },
      hours: { type: 'string', default: '24' },
      start: { type: 'string' },
      endpoint: { type: 'string' },
      reuse: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const accounts = Number(values.accounts);
  const hours = Number(values.hours);
  const start = values.start === undefined ? DEFAULT_START : Date.parse(values.start);
  if (!Number.isInteger(accounts) || accounts < 4) throw new Error('--accounts: a whole number, at least 4');
  if (!Number.isInteger(hours) || hours < 1) throw new Error('--hours: a whole number, at least 1');
  if (Number.isNaN(start) || start % HOUR !== 0) throw new Error('--start: an ISO time on a whole hour');
  const log = (line: string) => process.stderr.write(`[noise] ${line}\n`);
  let endpoint = values.endpoint;
  if (!endpoint) {
    const consoleLog = console.log;
    console.log = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);
    try {
      endpoint = (await startOpenSearch({ settings: LOCAL_NODE_SETTINGS })).url;
    } finally {
      console.log = consoleLog;
    }
  }
  const run = await runNoiseBudget({
    endpoint,
    indexPrefix: 'noise-',
    accounts,
    hours,
    start,
    log,
    reuse: values.reuse,
  });
  const { result } = run;
  console.log(`Benign day: ${accounts} accounts, ${hours} h from ${new Date(start).toISOString()}`);
  console.log(
    `  records per source: ${Object.entries(run.counts)
      .filter(([, n]) => n > 0)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')} (${run.ingest.deadLettered} dead-lettered)`,
  );
  console.log(
    `  generate ${run.seconds.generate.toFixed(1)} s, ingest ${run.seconds.ingest.toFixed(1)} s, backtest ${run.seconds.backtest.toFixed(1)} s`,
  );
  console.log('');
  for (const line of reportLines(result)) console.log(line);
  const violations = budgetViolations(result.alerts, hours);
  const mismatched = Object.entries(run.documents).filter(([t, n]) => run.counts[t as LogType] !== n);
  console.log('');
  console.log(
    violations.length === 0
      ? `Within the noise budget (at most ${NOISE_BUDGET.maxAlertsPerDay} alerts a day, none at severity 1 or 2).`
      : `Over the noise budget: ${violations.join('; ')}.`,
  );
  if (mismatched.length > 0 || run.ingest.deadLettered > 0)
    console.error(`noise: documents lost or dead-lettered: ${mismatched.map(([t]) => t).join(', ')}`);
  return violations.length === 0 && mismatched.length === 0 && run.ingest.deadLettered === 0 ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`noise budget failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
