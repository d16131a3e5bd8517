import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { OpenSearchClient, ingestLogObject, type WriteCounts } from '../../../functions/ingest';
import { indexTemplates } from '../../../opensearch/index-templates';
import { ingestPipeline, ingestPipelinePath } from '../../../opensearch/ingest-pipeline';
import { DEAD_LETTER_INDEX } from '../../../opensearch/log-types';
import { cloudTrailFile } from '../../../scripts/bench/generate-logs';
import { freePort } from '../../../scripts/local/free-port';
import { startOpenSearch, stopOpenSearch, type OpenSearchNode } from '../../../scripts/local/opensearch';
import { sleep } from '../../../scripts/local/process-control';

/*
 * Issue 4 with a real restart: a node of this file's own (the shared node serves other tests and must stay
 * up) is stopped and started again on the same port and data folder while a large CloudTrail object is
 * being written through the ingestion code. The writer must ride through the outage and index every record
 * exactly once. Record ids are unique, so an exact count proves nothing was lost and nothing doubled.
 */

jest.setTimeout(180_000);

const RECORDS = 50_000;
/** Small requests, two in flight: the object takes several seconds, so the stop lands mid-object. */
const WRITER = {
  flushBytes: 64 * 1024,
  concurrency: 2,
  retryBaseDelayMs: 250,
  retryMaxDelayMs: 2_000,
  // The outage is about 3 s down plus 8–15 s of start; the budget leaves room for a slow start.
  retryBudgetMs: 120_000,
};
const HEAP = '512m';
const DOWN_MS = 3_000;
const STOP_AFTER_INDEXED = RECORDS / 5;

interface Restart {
  indexedAtStop: number;
  stoppedAt: number;
  healthyAt: number;
  stopMs: number;
  startMs: number;
}

describe('ingestion through a real OpenSearch restart', () => {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siem-opensearch-restart-'));
  const stateFile = path.join(runDir, 'node.json');
  let node: OpenSearchNode;
  let port: number;
  let client: OpenSearchClient;

  const startNode = async (): Promise<OpenSearchNode> =>
    startOpenSearch({ runDir, stateFile, port, heap: HEAP, startedBy: 'tests' });

  beforeAll(async () => {
    port = await freePort();
    node = await startNode();
    client = new OpenSearchClient(node.url);
    await client.json('PUT', ingestPipelinePath(), ingestPipeline().body);
    for (const t of indexTemplates()) await client.json('PUT', `/_index_template/${t.name}`, t.body);
  }, 120_000);

  // A later crash would otherwise replay this test's translog too, and health waits for every index.
  afterEach(() => client?.request('DELETE', '/siem-*').catch(() => undefined));

  afterAll(async () => {
    client?.close();
    // Whichever node the state file names now (the restart replaced the first), and its run folder.
    await stopOpenSearch(undefined, { stateFile });
    fs.rmSync(runDir, { recursive: true, force: true });
  });

  async function restart(signal: 'SIGTERM' | 'SIGKILL', indexedAtStop: number): Promise<Restart> {
    const stopping = Date.now();
    await stopOpenSearch(node, { stateFile, keepRunDir: true, signal });
    const stoppedAt = Date.now();
    await sleep(DOWN_MS);
    const starting = Date.now();
    node = await startNode();
    const healthyAt = Date.now();
    return {
      indexedAtStop,
      stoppedAt,
      healthyAt,
      stopMs: stoppedAt - stopping,
      startMs: healthyAt - starting,
    };
  }

  async function countDay(index: string, day: string): Promise<number> {
    await client.json('POST', `/${index}/_refresh`);
    const next = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
    const res = await client.json<{ count: number }>('POST', `/${index}/_count`, {
      query: { range: { '@timestamp': { gte: day, lt: next } } },
    });
    return res.count;
  }

  it.each<['SIGTERM' | 'SIGKILL', string]>([
    ['SIGTERM', '2023-02-01'],
    ['SIGKILL', '2023-02-02'],
  ])(
    'indexes every record when the node is stopped with %s mid-object and started again',
    async (signal, day) => {
      // Prepare
      const body = gzipSync(cloudTrailFile(Date.parse(day) / 86_400_000, RECORDS, Date.parse(day)), {
        level: 1,
      });
      const key = `AWSLogs/123456789012/CloudTrail/us-east-1/${day.replace(/-/g, '/')}/restart-${signal}.json.gz`;
      let restarting: Promise<Restart> | undefined;
      const started = Date.now();

      // Act
      const ingesting = ingestLogObject(
        body,
        { bucket: 'archive', key },
        {
          endpoint: node.url,
          ...WRITER,
          onProgress: (counts) => {
            restarting ??= counts.indexed >= STOP_AFTER_INDEXED ? restart(signal, counts.indexed) : undefined;
          },
        },
      );
      // Both settle before anything is asserted, so afterAll never races a node that is still starting.
      const [ingested] = await Promise.allSettled([ingesting, ingesting.finally(() => restarting)]);
      const finishedAt = Date.now();
      const timings = await restarting;
      if (ingested.status === 'rejected') throw ingested.reason;
      const counts: WriteCounts = ingested.value;

      // Assess
      expect(timings).toBeDefined();
      const t = timings as Restart;
      console.log(
        `${signal}: stopped at ${t.indexedAtStop}/${RECORDS} indexed, ${(t.stoppedAt - started) / 1000}s in; ` +
          `stop ${t.stopMs} ms, down ${DOWN_MS} ms, start ${t.startMs} ms; finished ${(finishedAt - t.healthyAt) / 1000}s ` +
          `after healthy; ${counts.bulkRequests} bulk requests, ${counts.retried} item retries`,
      );
      expect(t.indexedAtStop).toBeLessThan(RECORDS);
      expect(finishedAt).toBeGreaterThan(t.healthyAt);
      expect(counts.retried).toBeGreaterThan(0);
      expect(counts).toMatchObject({ records: RECORDS, indexed: RECORDS, deadLettered: 0 });
      expect(await countDay('siem-cloudtrail', day)).toBe(RECORDS);
      const deadLetters = await client.request('HEAD', `/${DEAD_LETTER_INDEX}`);
      expect(deadLetters.status).toBe(404);
    },
  );
});
