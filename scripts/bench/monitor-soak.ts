/**
 * Monitor soak (`npm run soak:monitors`): the real Alerting plugin running ≥150 monitors at their
 * production schedules on a node of its own with DEFAULT script settings, for `--minutes`.
 *
 * Monitors: the deployment's set (every detection and the CloudTrail freshness check, built the
 * way post-apply builds them), and the same set again for a second index prefix whose queries
 * also filter on `_index`, so that every monitor has a search template of its own (the index
 * list is not part of the template). Positive samples of some detections are indexed so those
 * fire and run their actions (a webhook channel to a local HTTP server), as alerts do.
 *
 * Every minute: runs seen (job-scheduler lock times), ERROR alerts, script compilations per
 * context. At the end: the figures and a verdict; exit 1 on any monitor error or compilation
 * refused by the rate limit.
 *
 * Options: --minutes N (default 12, at least 10), --schedule plan|legacy (legacy: every monitor
 * on its own 5-minute interval, as before the plan), --fire-every K (index the positives of one
 * detection in K, default 8), --keep (leave the node running).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/load';
import { allDetections } from '../../detections';
import type { ChannelRoute } from '../../detections/channels';
import {
  buildMonitors,
  freshnessChecks,
  monitorSchedulePlan,
  type MonitorBody,
} from '../../detections/monitors';
import type { Detection } from '../../detections/types';
import { parseLogObject } from '../../functions/ingest';
import { indexTemplates } from '../../opensearch/index-templates';
import { ingestPipeline, ingestPipelinePath } from '../../opensearch/ingest-pipeline';
import { INDEX_PREFIX } from '../../opensearch/log-types';
import { sampleObject } from '../../test/integration/detections/sample-objects';
import { startOpenSearch, stopOpenSearch } from '../local/opensearch';
import { logFiles } from '../local/opensearch-node';
import { openSearchCacheDir, repoRoot } from '../local/paths';
import { createHttpClient, type HttpClient } from '../../opensearch/http-client';

const CONTEXTS = ['template', 'trigger', 'aggregation_selector'] as const;
const PREFIXES = ['soak-a-', 'soak-b-'] as const;
const WEBHOOK_ID = 'soak-webhook';
/** Alerting's own job lock index: one document per monitor, its `lock_time` set at each run. */
const LOCK_INDEX = '.opensearch-alerting-config-lock';
const CONCURRENCY = 4;
const LIMIT_MESSAGE = 'Too many dynamic script compilations';

interface ContextStats {
  compilations: number;
  cache_evictions: number;
  compilation_limit_triggered: number;
}

function options() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '12' },
      schedule: { type: 'string', default: 'plan' },
      'fire-every': { type: 'string', default: '8' },
      keep: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const minutes = Number(values.minutes);
  if (!Number.isInteger(minutes) || minutes < 10)
    throw new Error('--minutes must be a whole number, at least 10');
  if (values.schedule !== 'plan' && values.schedule !== 'legacy')
    throw new Error('--schedule is plan or legacy');
  const fireEvery = Number(values['fire-every']);
  if (!Number.isInteger(fireEvery) || fireEvery < 1)
    throw new Error('--fire-every must be a whole number ≥ 1');
  return { minutes, schedule: values.schedule, fireEvery, keep: values.keep };
}

const log = (line: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** The second copy of the set: its own monitor names, its own templates (a `_index` filter). */
function secondCopy(detection: Detection): Detection {
  return { ...detection, id: `${detection.id}.b` };
}

function retarget(monitor: MonitorBody, prefix: string, filterIndex: boolean): MonitorBody {
  const copy = structuredClone(monitor) as MonitorBody & {
    inputs: [{ search: { indices: string[]; query: { query: { bool: { filter: unknown[] } } } } }];
  };
  const search = copy.inputs[0].search;
  search.indices = search.indices.map((index) => index.replace(INDEX_PREFIX, prefix));
  if (filterIndex) search.query.query.bool.filter.push({ prefix: { _index: prefix } });
  return copy;
}

async function contextStats(client: HttpClient): Promise<Record<string, ContextStats>> {
  const { body } = await client.request<{
    nodes: Record<string, { script_cache?: { contexts?: Array<ContextStats & { context: string }> } }>;
  }>('GET', '/_nodes/stats/script_cache');
  const result: Record<string, ContextStats> = {};
  for (const node of Object.values(body.nodes))
    for (const c of node.script_cache?.contexts ?? [])
      result[c.context] = {
        compilations: c.compilations,
        cache_evictions: c.cache_evictions,
        compilation_limit_triggered: c.compilation_limit_triggered,
      };
  return result;
}

function delta(now: Record<string, ContextStats>, base: Record<string, ContextStats>, context: string) {
  const a = now[context] ?? { compilations: 0, cache_evictions: 0, compilation_limit_triggered: 0 };
  const b = base[context] ?? { compilations: 0, cache_evictions: 0, compilation_limit_triggered: 0 };
  return {
    compilations: a.compilations - b.compilations,
    cache_evictions: a.cache_evictions - b.cache_evictions,
    compilation_limit_triggered: a.compilation_limit_triggered - b.compilation_limit_triggered,
  };
}

/** Lock time of each monitor's job (epoch seconds): a new value is a new run. */
async function lockTimes(client: HttpClient): Promise<Map<string, number>> {
  const found = await client.getIfExists<{
    hits: { hits: Array<{ _source: { scheduled_job_id: string; lock_time: number } }> };
  }>(`/${LOCK_INDEX}/_search`, { query: { size: 1000 } });
  return new Map((found?.hits.hits ?? []).map((h) => [h._source.scheduled_job_id, h._source.lock_time]));
}

interface AlertCounts {
  error: number;
  active: number;
  errorMessages: string[];
}

async function alertCounts(client: HttpClient): Promise<AlertCounts> {
  const get = (state: string) =>
    client.request<{ totalAlerts: number; alerts: Array<{ error_message?: string; monitor_name?: string }> }>(
      'GET',
      '/_plugins/_alerting/monitors/alerts',
      { query: { alertState: state, size: 500 } },
    );
  const [errors, active] = await Promise.all([get('ERROR'), get('ACTIVE')]);
  return {
    error: errors.body.totalAlerts,
    active: active.body.totalAlerts,
    errorMessages: errors.body.alerts.map((a) => `${a.monitor_name}: ${a.error_message ?? '?'}`),
  };
}

async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function indexPositives(client: HttpClient, detections: readonly Detection[], prefix: string) {
  const now = Date.now();
  const lines: string[] = [];
  for (const detection of detections) {
    const object = sampleObject(detection.logType, detection.positiveSamples, now);
    const docs = await parseLogObject(
      object.body,
      { bucket: 'soak', key: object.key },
      { source: detection.logType },
    );
    for (const doc of docs) {
      lines.push(
        JSON.stringify({
          create: { _index: `${prefix}${detection.logType}-soak`, _id: `${detection.id}.${doc.id}` },
        }),
      );
      lines.push(JSON.stringify(doc.document));
    }
  }
  const { body } = await client.request<{ errors: boolean; items: unknown[] }>('POST', '/_bulk', {
    body: `${lines.join('\n')}\n`,
    query: { refresh: 'true' },
    headers: { 'content-type': 'application/x-ndjson' },
  });
  if (body.errors) throw new Error(`bulk indexing failed: ${JSON.stringify(body.items.slice(0, 2))}`);
  return lines.length / 2;
}

function webhookServer(): Promise<{ server: http.Server; port: number; received: () => number }> {
  let count = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      count++;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port, received: () => count }),
    ),
  );
}

function limitMessagesInLog(runDir: string): number {
  const file = logFiles(runDir)[0];
  if (!file || !fs.existsSync(file)) return 0;
  return fs.readFileSync(file, 'utf8').split(LIMIT_MESSAGE).length - 1;
}

async function main(): Promise<number> {
  const opts = options();
  const config = loadConfig(path.join(repoRoot, 'siem.config.json'));
  const stateFile = path.join(openSearchCacheDir, 'monitor-soak.json');

  // A fresh node: empty script caches, full compilation budget, default script settings.
  const reused = await startOpenSearch({ stateFile });
  if (reused.reused) await stopOpenSearch(reused, { stateFile });
  const node = reused.reused ? await startOpenSearch({ stateFile }) : reused;
  const client = createHttpClient({ endpoint: node.url, timeoutMs: 120_000 });
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      void stopOpenSearch(node, { stateFile }).finally(() => process.exit(130));
    });
  const webhook = await webhookServer();
  try {
    const { body: settings } = await client.request<{ defaults: Record<string, unknown> }>(
      'GET',
      '/_cluster/settings',
      { query: { include_defaults: 'true', flat_settings: 'true' } },
    );
    const scriptSettings = Object.entries(settings.defaults)
      .filter(([key]) => /^script\.(context\.(template|trigger)\.|max_compilations_rate|cache)/.test(key))
      .map(([key, value]) => `${key}=${JSON.stringify(value)}`);
    log(`node ${node.url}; script settings (all defaults): ${scriptSettings.join(' ')}`);

    await client.request('PUT', ingestPipelinePath(), { body: ingestPipeline().body });
    for (const prefix of PREFIXES)
      for (const template of indexTemplates({ prefix }))
        await client.request('PUT', `/_index_template/${template.name}`, { body: template.body });
    await client.request('POST', '/_plugins/_notifications/configs', {
      body: {
        config_id: WEBHOOK_ID,
        config: {
          name: 'soak webhook',
          config_type: 'webhook',
          is_enabled: true,
          webhook: { url: `http://127.0.0.1:${webhook.port}/hook` },
        },
      },
    });
    const channels: ChannelRoute[] = [{ configId: WEBHOOK_ID, type: 'webhook', maxSeverity: 5 }];

    const detections = allDetections(config);
    const copies = detections.map(secondCopy);
    const checks = freshnessChecks(config);
    const copyChecks = checks.map((c) => ({ ...c, id: `${c.id}.b` }));
    // One plan over both sets, as if the deployment had twice as many detections.
    const plan = monitorSchedulePlan(
      [...detections, ...copies],
      [...checks, ...copyChecks],
      opts.schedule === 'plan' ? 'cron' : 'interval',
    );
    const monitors = [
      ...buildMonitors(detections, checks, { channels, plan }).map((m) => retarget(m, PREFIXES[0], false)),
      ...buildMonitors(copies, copyChecks, { channels, plan }).map((m) => retarget(m, PREFIXES[1], true)),
    ];
    const templates = new Set(monitors.map((m) => JSON.stringify(m.inputs[0].search.query))).size;
    const hot = plan.entries.filter((e) => e.tier === 'hot').length;
    log(
      `${monitors.length} monitors (${detections.length + checks.length} of the deployment under ${PREFIXES[0]}, ` +
        `the same again under ${PREFIXES[1]} with an _index filter), ${templates} distinct search templates; ` +
        (plan.kind === 'cron'
          ? `plan: ${hot} hot every 5 min, ${monitors.length - hot} warm every ${plan.warmIntervalMinutes} min, cron minutes spread`
          : 'legacy: every monitor on its own interval schedule'),
    );

    const firing = detections.filter((_, i) => i % opts.fireEvery === 0);
    const indexed = await indexPositives(client, firing, PREFIXES[0]);
    log(`indexed ${indexed} positive sample documents of ${firing.length} detections under ${PREFIXES[0]}`);

    const base = await contextStats(client);
    const creating = Date.now();
    // The first creates the plugin's config index; the rest go in parallel.
    const [first, ...rest] = monitors;
    if (first) await client.request('POST', '/_plugins/_alerting/monitors', { body: first });
    await inParallel(rest, async (monitor) => {
      await client.request('POST', '/_plugins/_alerting/monitors', { body: monitor });
    });
    log(`created ${monitors.length} monitors in ${((Date.now() - creating) / 1000).toFixed(1)} s`);
    const created = Date.now();

    const runs = new Map<string, Set<number>>();
    const observe = async () => {
      for (const [job, time] of await lockTimes(client)) {
        const seen = runs.get(job) ?? new Set<number>();
        seen.add(time);
        runs.set(job, seen);
      }
    };
    const totalRuns = () => [...runs.values()].reduce((sum, s) => sum + s.size, 0);
    const context = (now: Record<string, ContextStats>, name: string) => {
      const d = delta(now, base, name);
      return `${d.compilations}/${d.cache_evictions}/${d.compilation_limit_triggered}`;
    };
    let alerts: AlertCounts = { error: 0, active: 0, errorMessages: [] };
    for (let minute = 1; minute <= opts.minutes; minute++) {
      const until = created + minute * 60_000;
      while (Date.now() < until) {
        await observe();
        await new Promise((r) => setTimeout(r, Math.min(15_000, Math.max(0, until - Date.now()))));
      }
      await observe();
      const now = await contextStats(client);
      alerts = await alertCounts(client);
      log(
        `minute ${minute}/${opts.minutes}: runs ${totalRuns()} (${runs.size} monitors ran), ` +
          `ERROR alerts ${alerts.error}, ACTIVE ${alerts.active}, webhooks ${webhook.received()} | ` +
          `compiles/evictions/limit: ${CONTEXTS.map((c) => `${c} ${context(now, c)}`).join(', ')}`,
      );
    }

    const final = await contextStats(client);
    const limitInLog = limitMessagesInLog(node.runDir);
    const perContext = Object.fromEntries(CONTEXTS.map((c) => [c, delta(final, base, c)]));
    const refused = CONTEXTS.reduce((sum, c) => sum + (perContext[c]?.compilation_limit_triggered ?? 0), 0);
    console.log('\nsummary');
    console.log(`  schedule            ${opts.schedule} (${opts.minutes} minutes, default script settings)`);
    console.log(`  monitors            ${monitors.length} (${templates} distinct search templates)`);
    console.log(`  runs observed       ${totalRuns()} by ${runs.size} monitors`);
    console.log(`  ACTIVE alerts       ${alerts.active}; webhook notifications ${webhook.received()}`);
    console.log(
      `  monitor errors      ${alerts.error} ERROR alerts; "${LIMIT_MESSAGE}" ${limitInLog}× in the node log`,
    );
    for (const c of CONTEXTS) {
      const d = perContext[c];
      console.log(
        `  ${c.padEnd(21)}compilations ${d?.compilations}, cache_evictions ${d?.cache_evictions}, compilation_limit_triggered ${d?.compilation_limit_triggered}`,
      );
    }
    for (const message of alerts.errorMessages.slice(0, 5)) console.log(`  error: ${message.slice(0, 300)}`);
    const ok = alerts.error === 0 && refused === 0 && limitInLog === 0 && runs.size > 0;
    console.log(
      `  verdict             ${ok ? 'PASS: no monitor error, no compilation refused' : 'FAIL: monitors erred or compilations were refused'}`,
    );
    return ok ? 0 : 1;
  } finally {
    webhook.server.close();
    if (!opts.keep) await stopOpenSearch(node, { stateFile });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
