import { join } from 'node:path';
import { loadConfig } from '../../../config/load';
import { allDetections } from '../../../detections';
import { parseLogObject } from '../../../functions/ingest/index';
import { createHttpClient, type HttpClient } from '../../../opensearch/http-client';
import { indexTemplates } from '../../../opensearch/index-templates';
import { ingestPipeline, ingestPipelinePath } from '../../../opensearch/ingest-pipeline';
import type { LogType } from '../../../opensearch/log-types';
import { buildSavedObjects } from '../../../saved-objects';
import { bucketAggIds, toSearchRequest } from '../../../saved-objects/to-search-request';
import type { VisState } from '../../../saved-objects/types';
import { openSearchUrl } from '../../support/env';

/*
 * Panels of the source dashboards that look for what the shared fixtures do not hold (queries to
 * abused TLDs, slow targets, WAF verdicts on an ALB): each runs, as Dashboards would send it, on
 * real-format lines parsed by the ingestion parser, and must find the matching records and no other.
 */

const config = loadConfig(join(__dirname, '../../../siem.config.json'));
const objects = buildSavedObjects(allDetections(config));
const lookup = (type: string, id: string) => objects.find((o) => o.type === type && o.id === id);
const prefix = `it-sp-${process.pid}-${Date.now().toString(36)}-`;

const ALB_FIELDS_TAIL = (actions: string) =>
  `"-" "-" 0 2026-12-05T10:00:00.000000Z "${actions}" "-" "-" "-" "-" "-" "-" TID_1`;
/** ALB access log lines: `shop` is slow on one target, WAF blocks one client and lets another through. */
const ALB_LOG = [
  `https 2026-12-05T10:00:01.000000Z app/shop/50dc6c495c0c9188 198.51.100.7:2817 10.0.0.5:80 0.000 2.750 0.000 200 200 34 366 "GET https://shop.example.com:443/report HTTP/1.1" "Mozilla/5.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/shop/73e2d6bc24d8a067 "Root=1-1" ${ALB_FIELDS_TAIL('forward')}`,
  `https 2026-12-05T10:00:02.000000Z app/api/60dc6c495c0c9188 198.51.100.8:2817 10.0.0.6:80 0.000 0.012 0.000 200 200 34 366 "GET https://api.example.com:443/ HTTP/1.1" "curl/8.5.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/api/83e2d6bc24d8a067 "Root=1-2" ${ALB_FIELDS_TAIL('waf,forward')}`,
  `https 2026-12-05T10:00:03.000000Z app/api/60dc6c495c0c9188 203.0.113.66:4444 - -1 -1 -1 403 - 120 0 "GET https://api.example.com:443/?q=%27%20or%201=1 HTTP/1.1" "sqlmap/1.7" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 - "Root=1-3" ${ALB_FIELDS_TAIL('waf')}`,
  `https 2026-12-05T10:00:04.000000Z app/api/60dc6c495c0c9188 203.0.113.66:4445 - -1 -1 -1 403 - 120 0 "GET https://api.example.com:443/admin HTTP/1.1" "sqlmap/1.7" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 - "Root=1-4" ${ALB_FIELDS_TAIL('waf')}`,
].join('\n');

const dnsQuery = (name: string, src: string, second: number) =>
  JSON.stringify({
    version: '1.100000',
    account_id: '111122223333',
    region: 'us-east-1',
    vpc_id: 'vpc-0a1b2c3d',
    query_timestamp: `2026-12-05T10:00:0${second}Z`,
    query_name: name,
    query_type: 'A',
    query_class: 'IN',
    rcode: 'NOERROR',
    answers: [],
    srcaddr: src,
    srcport: '53533',
    transport: 'UDP',
    srcids: { instance: 'i-0d15cd0d3example' },
  });
/** Two queries under an abused TLD (one in upper case), and ordinary ones, .xyz only as a label. */
const DNS_LOG = [
  dnsQuery('pool.Miner-Pay.XYZ.', '10.0.1.15', 1),
  dnsQuery('cdn.miner-pay.xyz.', '10.0.1.16', 2),
  dnsQuery('xyz.example.com.', '10.0.1.17', 3),
  dnsQuery('aws.amazon.com.', '10.0.1.18', 4),
].join('\n');

let client: HttpClient;

async function index(body: string, source: LogType): Promise<void> {
  const docs = await parseLogObject(
    Buffer.from(body),
    { bucket: 'siem-archive-test', key: `source-panels/${source}.log` },
    { source, indexPrefix: prefix },
  );
  const lines = docs.flatMap((d) => [
    JSON.stringify({ index: { _index: d.index, _id: d.id } }),
    JSON.stringify(d.document),
  ]);
  const res = await client.request<{ errors: boolean }>('POST', '/_bulk', {
    body: Buffer.from(lines.join('\n') + '\n'),
    headers: { 'content-type': 'application/x-ndjson' },
    query: { refresh: 'true' },
  });
  if (res.body.errors) throw new Error(`bulk of ${source} had errors`);
}

interface Result {
  readonly total: number;
  readonly keys: readonly unknown[];
}

async function run(visId: string): Promise<Result> {
  const vis = lookup('visualization', visId);
  if (!vis || vis.type !== 'visualization') throw new Error(`no visualization ${visId}`);
  const request = toSearchRequest(vis, lookup, {
    index: (title) => title.replace(/^siem-/, prefix),
    timeRange: { from: '2026-12-05T00:00:00Z', to: '2026-12-06T00:00:00Z' },
  });
  const res = await client.request<{
    _shards: { failed: number };
    hits: { total: { value: number } };
    aggregations?: Record<string, { buckets?: Array<{ key: unknown }> }>;
  }>('POST', `/${request.index}/_search`, { body: request.body });
  expect(res.body._shards.failed).toBe(0);
  const [first] = bucketAggIds(JSON.parse(vis.attributes.visState) as VisState);
  const buckets = first ? (res.body.aggregations?.[first]?.buckets ?? []) : [];
  return { total: res.body.hits.total.value, keys: buckets.map((b) => b.key) };
}

beforeAll(async () => {
  client = createHttpClient({ endpoint: openSearchUrl() });
  await client.request('PUT', ingestPipelinePath(), { body: ingestPipeline().body });
  for (const template of indexTemplates({ prefix }))
    await client.request('PUT', `/_index_template/${template.name}`, { body: template.body });
  await index(ALB_LOG, 'elb');
  await index(DNS_LOG, 'dns');
}, 120_000);

afterAll(async () => {
  if (!client) return;
  await client
    .request('DELETE', `/${prefix}*`, { query: { expand_wildcards: 'all' } })
    .catch(() => undefined);
  for (const template of indexTemplates({ prefix }))
    await client.request('DELETE', `/_index_template/${template.name}`).catch(() => undefined);
});

describe('source dashboard panels on records made for them', () => {
  it('queries to abused TLDs: the registered domain under .xyz, whatever its case, and not .xyz as a label', async () => {
    // Act
    const result = await run('siem-vis-dns-abused-tlds');

    // Assess
    expect(result).toEqual({ total: 2, keys: ['miner-pay.xyz'] });
  });

  it('slow requests: the load balancer whose target took 2.75 s, not the fast one nor the unanswered', async () => {
    // Act
    const result = await run('siem-vis-elb-slow-requests');

    // Assess
    expect(result).toEqual({ total: 1, keys: ['app/shop/50dc6c495c0c9188'] });
  });

  it('WAF-inspected requests over time: the allowed one and the two blocked', async () => {
    // Act
    const result = await run('siem-vis-elb-waf-over-time');

    // Assess
    expect(result.total).toBe(3);
    expect(result.keys.length).toBeGreaterThan(0);
  });

  it('clients the WAF blocked: the scanner only', async () => {
    // Act
    const result = await run('siem-vis-elb-waf-blocked-clients');

    // Assess
    expect(result).toEqual({ total: 2, keys: ['203.0.113.66'] });
  });
});
