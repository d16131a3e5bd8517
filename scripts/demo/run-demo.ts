import type { SiemConfig } from '../../config/schema';
import type { WriteCounts } from '../../functions/ingest/bulk-writer';
import { configIndexLayout } from '../../opensearch/index-sizing';
import { INDEX_PREFIX, type LogType } from '../../opensearch/log-types';
import { createHttpClient } from '../../opensearch/http-client';
import { summarize, type StepReport } from '../../operations/post-apply/reconcile';
import { expectedDocuments, generateDemoObjects } from './generate';
import { countPerLogType, deleteDemoIndices, markIndicesCreatedBy } from './indices';
import { ingestObjects } from './ingest-objects';
import { runAllMonitors, type MonitorSweep } from './run-monitors';
import { setupNode } from './setup-node';

export interface DemoOptions {
  readonly config: SiemConfig;
  /** The OpenSearch node, e.g. `http://127.0.0.1:9200` (no authentication). */
  readonly endpoint: string;
  /**
   * Index name prefix. Anything but the deployment's own applies only prefix-scoped objects
   * (see setup-node.ts): for tests sharing a node.
   * @default 'siem-'
   */
  readonly indexPrefix?: string;
  /** Folder under the node's `path.repo` for the `fs` snapshot repository post-apply registers. */
  readonly snapshotFsLocation?: string;
  /** The moment the sample logs lead up to, epoch ms. @default now */
  readonly now?: number;
  /** Progress lines. */
  readonly log: (line: string) => void;
}

export interface DemoResult {
  readonly setup: readonly StepReport[];
  readonly objects: number;
  /** Documents per log type in the generated objects. */
  readonly expected: Readonly<Record<LogType, number>>;
  readonly ingest: Readonly<WriteCounts>;
  /** `_count` per log type alias after ingestion. */
  readonly counts: Readonly<Record<LogType, number>>;
  readonly monitors: MonitorSweep;
}

/**
 * The whole demo against a running node: post-apply, fresh sample logs of every source with an
 * attack in them, ingestion through the real pipeline, then every monitor once. Idempotent: it
 * replaces its own indices, so a second run ends with the same counts and alerts.
 */
export async function runDemo(opts: DemoOptions): Promise<DemoResult> {
  const { config, endpoint, log } = opts;
  const prefix = opts.indexPrefix ?? INDEX_PREFIX;
  const http = createHttpClient({ endpoint, timeoutMs: 120_000 });
  log(`post-apply against ${endpoint}`);
  const setup = await setupNode({
    config,
    endpoint,
    client: http,
    indexPrefix: prefix,
    snapshotFsLocation: opts.snapshotFsLocation,
    log: (line) => log(`  ${line}`),
  });
  for (const report of setup) log(`  ${summarize(report)}`);

  const removed = await deleteDemoIndices(http, prefix, (kept) =>
    log(`kept ${kept.length} indices the demo did not create: ${kept.join(', ')}`),
  );
  if (removed.length > 0) log(`removed ${removed.length} indices an earlier run created (${prefix}<type>-*)`);

  const objects = generateDemoObjects(config, opts.now ?? Date.now());
  const expected = expectedDocuments(objects);
  log(`ingesting ${objects.length} sample log objects of every source`);
  // The indices this ingestion creates are marked as the demo's: the next run deletes those alone.
  const { result: ingest } = await markIndicesCreatedBy(http, prefix, () =>
    ingestObjects(endpoint, objects, prefix, configIndexLayout(config).periodOf),
  );
  log(`  ${ingest.indexed} documents indexed, ${ingest.deadLettered} dead-lettered`);
  const counts = await countPerLogType(http, prefix);

  log('running every monitor once (OpenSearch Alerting _execute, dry run)');
  const monitors = await runAllMonitors(http, config, prefix);
  log(`  ${monitors.monitors} monitors run, ${monitors.alerts.length} fired`);
  return { setup, objects: objects.length, expected, ingest, counts, monitors };
}
