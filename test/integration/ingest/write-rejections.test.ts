import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { OpenSearchClient, ingestLogObject } from '../../../functions/ingest';
import { indexTemplates } from '../../../opensearch/index-templates';
import { ingestPipeline, ingestPipelinePath } from '../../../opensearch/ingest-pipeline';
import { DEAD_LETTER_INDEX } from '../../../opensearch/log-types';
import { cloudTrailFile } from '../../../scripts/bench/generate-logs';
import { startOpenSearch, stopOpenSearch, type OpenSearchNode } from '../../../scripts/local/opensearch';

/*
 * Issue 4, "a write queue forced small (429s) loses nothing", with the cluster itself refusing: a node
 * of this file's own whose write thread pool has one thread and a queue of one, so concurrent bulk
 * requests get real `es_rejected_execution_exception` 429s from OpenSearch (the flaky proxy in
 * nothing-lost.test.ts only imitates them). Every record must still be indexed exactly once.
 */

jest.setTimeout(180_000);

const RECORDS = 20_000;
const DAY = '2023-03-01';

describe('ingestion into a node whose write queue is forced small', () => {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siem-opensearch-queue-'));
  const stateFile = path.join(runDir, 'node.json');
  let node: OpenSearchNode;
  let client: OpenSearchClient;

  beforeAll(async () => {
    node = await startOpenSearch({
      runDir,
      stateFile,
      heap: '512m',
      startedBy: 'tests',
      settings: { 'thread_pool.write.size': 1, 'thread_pool.write.queue_size': 1 },
    });
    client = new OpenSearchClient(node.url);
    await client.json('PUT', ingestPipelinePath(), ingestPipeline().body);
    for (const t of indexTemplates()) await client.json('PUT', `/_index_template/${t.name}`, t.body);
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await stopOpenSearch(undefined, { stateFile });
    fs.rmSync(runDir, { recursive: true, force: true });
  });

  it('has the small write queue it was started with', async () => {
    // Act
    const res = await client.json<{
      nodes: Record<string, { thread_pool: { write: { size: number; queue_size: number } } }>;
    }>('GET', '/_nodes/thread_pool');

    // Assess
    const [write] = Object.values(res.nodes).map((n) => n.thread_pool.write);
    expect(write).toMatchObject({ size: 1, queue_size: 1 });
  });

  it('indexes every record exactly once while the cluster answers 429', async () => {
    // Prepare: many small requests, eight in flight against a queue of one
    const body = gzipSync(cloudTrailFile(7, RECORDS, Date.parse(DAY)), { level: 1 });
    const key = `AWSLogs/123456789012/CloudTrail/us-east-1/${DAY.replace(/-/g, '/')}/queue.json.gz`;

    // Act
    const counts = await ingestLogObject(
      body,
      { bucket: 'archive', key },
      {
        endpoint: node.url,
        flushBytes: 32 * 1024,
        concurrency: 8,
        retryBaseDelayMs: 20,
        retryMaxDelayMs: 500,
        retryBudgetMs: 150_000,
      },
    );
    await client.json('POST', '/siem-cloudtrail-*/_refresh');
    const { count } = await client.json<{ count: number }>('GET', '/siem-cloudtrail-*/_count');
    // A wildcard that matches no index counts 0: no dead letter was written.
    const deadLetters = await client.json<{ count: number }>('GET', `/${DEAD_LETTER_INDEX}*/_count`);
    const rejected = await client.json<{
      nodes: Record<string, { thread_pool: { write: { rejected: number } } }>;
    }>('GET', '/_nodes/stats/thread_pool');

    // Assess
    const rejectedByNode = Object.values(rejected.nodes)[0]!.thread_pool.write.rejected;
    console.log(
      `${counts.bulkRequests} bulk requests, ${counts.retried} item retries, node rejected ${rejectedByNode} write tasks`,
    );
    expect(rejectedByNode).toBeGreaterThan(0);
    expect(counts.retried).toBeGreaterThan(0);
    expect(counts).toMatchObject({ records: RECORDS, indexed: RECORDS, deadLettered: 0 });
    expect(count).toBe(RECORDS);
    expect(deadLetters.count).toBe(0);
  });
});
