import { join } from 'node:path';
import { loadConfig } from '../../../config/load';
import { allDetections } from '../../../detections';
import { buildSavedObjects, type SiemSavedObject } from '../../../saved-objects';
import { detectionVisId } from '../../../saved-objects/dashboards/detection-panels';
import { bucketAggIds, toSearchRequest } from '../../../saved-objects/to-search-request';
import type { VisState } from '../../../saved-objects/types';
import { createHttpClient, type HttpClient } from '../../../opensearch/http-client';
import { openSearchUrl } from '../../support/env';
import { dropIndices, seedIndices } from './seed';

/*
 * Every generated visualization, translated to the `_search` Dashboards would send, runs on
 * real-format data in the local OpenSearch node with the production index templates; the main
 * panels (and every detection panel, fed its own positive samples) return buckets.
 */

const config = loadConfig(join(__dirname, '../../../siem.config.json'));
const detections = allDetections(config);
const objects = buildSavedObjects(detections);
const lookup = (type: string, id: string) => objects.find((o) => o.type === type && o.id === id);
const visualizations = objects.filter((o) => o.type === 'visualization');
const prefix = `it-so-${process.pid}-${Date.now().toString(36)}-`;
/** Index pattern titles point at `siem-…`; the test's indices carry its own prefix. */
const toTestIndex = (title: string) =>
  title
    .split(',')
    .map((part) => part.replace(/^siem-/, prefix))
    .join(',');
const everything = { from: '2000-01-01T00:00:00Z', to: 'now+1d' };

interface SearchResponse {
  readonly _shards: { readonly failed: number };
  readonly hits: { readonly total: { readonly value: number } };
  readonly aggregations?: Record<string, { buckets?: unknown[] | Record<string, unknown> }>;
}

let client: HttpClient;

async function run(vis: SiemSavedObject): Promise<SearchResponse> {
  const request = toSearchRequest(vis, lookup, {
    index: toTestIndex,
    timeRange: everything,
  });
  const res = await client.request<SearchResponse>('POST', `/${request.index}/_search`, {
    body: request.body,
  });
  return res.body;
}

beforeAll(async () => {
  client = createHttpClient({ endpoint: openSearchUrl() });
  const seeded = await seedIndices(client, config, prefix);
  const missing = [
    'cloudfront',
    'cloudtrail',
    'cloudwatch',
    'elb',
    'findings',
    's3access',
    'vpcflow',
    'waf',
  ].filter((t) => !seeded.perLogType[t]);
  // A log type without documents would make its panels pass vacuously.
  if (missing.length > 0) throw new Error(`no sample documents for ${missing.join(', ')}`);
}, 120_000);

afterAll(async () => {
  if (client) await dropIndices(client, prefix);
});

describe('generated visualizations on real data', () => {
  it.each(visualizations.map((v) => [v.id, v] as const))('%s runs without error', async (_id, vis) => {
    // Act
    const response = await run(vis);

    // Assess
    expect(response._shards.failed).toBe(0);
  });

  const MAIN_PANELS = [
    'siem-vis-main-active-users-count',
    'siem-vis-main-active-users',
    'siem-vis-main-top-services',
    'siem-vis-main-event-actions',
    'siem-vis-main-active-regions',
    'siem-vis-main-accounts',
    'siem-vis-main-events-by-source',
    'siem-vis-waf-request-countries',
    'siem-vis-waf-allow-block-over-time',
    'siem-vis-waf-allow-block-per-ip',
    'siem-vis-waf-top-rules',
    'siem-vis-waf-targeted-uris',
    'siem-vis-securityhub-by-account',
    'siem-vis-securityhub-by-severity',
    'siem-vis-securityhub-by-product',
    'siem-vis-securityhub-failed-findings',
    'siem-vis-securityhub-guardduty-findings',
    'siem-vis-vpcflow-top-talkers',
    'siem-vis-vpcflow-rejects-over-time',
    'siem-vis-vpcflow-destination-ports',
    'siem-vis-ingestion-documents-per-minute',
    'siem-vis-ingestion-last-document-per-source',
    'siem-vis-ingestion-dead-lettered',
    'siem-vis-tgwflow-dropped-by-source',
    'siem-vis-tgwflow-vpc-pairs',
    'siem-vis-guardduty-types',
    'siem-vis-guardduty-instances',
    'siem-vis-guardduty-high-over-time',
    'siem-vis-config-deleted',
    'siem-vis-config-changes-over-time',
    'siem-vis-securitylake-classes',
    'siem-vis-securitylake-api-operations-by-principal',
    'siem-vis-securitylake-failed-api-operations',
    'siem-vis-securitylake-network-talkers',
    'siem-vis-securitylake-findings-by-severity',
    'siem-vis-bedrock-models',
    'siem-vis-bedrock-input-tokens-by-principal',
    'siem-vis-bedrock-principals-and-models',
    'siem-vis-bedrock-errors-by-principal',
    'siem-vis-dns-queries',
    'siem-vis-dns-rcodes-over-time',
    'siem-vis-dns-top-domains',
    'siem-vis-dns-nxdomain-over-time',
    'siem-vis-dns-long-names',
    'siem-vis-dns-firewall-actions',
    'siem-vis-dns-firewall-matches',
    'siem-vis-dns-top-sources',
    'siem-vis-dns-vpcs',
    'siem-vis-dns-resolver-endpoints',
    'siem-vis-dns-query-types-over-time',
    'siem-vis-networkfirewall-alerts',
    'siem-vis-networkfirewall-alerts-over-time',
    'siem-vis-networkfirewall-signatures',
    'siem-vis-networkfirewall-severities',
    'siem-vis-networkfirewall-blocked-ports',
    'siem-vis-networkfirewall-blocked-sources',
    'siem-vis-networkfirewall-alert-tls-names',
    'siem-vis-networkfirewall-top-talkers',
    'siem-vis-networkfirewall-bytes-out-per-host',
    'siem-vis-networkfirewall-flow-ports',
    'siem-vis-networkfirewall-events-by-firewall',
    'siem-vis-elb-requests',
    'siem-vis-elb-status-over-time',
    'siem-vis-elb-errors-over-time',
    'siem-vis-elb-server-errors-by-target',
    'siem-vis-elb-top-clients',
    'siem-vis-elb-user-agents',
    'siem-vis-elb-target-time-over-time',
    'siem-vis-s3access-requests',
    'siem-vis-s3access-status-over-time',
    'siem-vis-s3access-operations-by-bucket',
    'siem-vis-s3access-denied-by-requester',
    'siem-vis-s3access-anonymous',
    'siem-vis-s3access-bytes-by-requester',
    'siem-vis-s3access-deletions',
    'siem-vis-s3access-remote-addresses',
    'siem-vis-cloudfront-requests',
    'siem-vis-cloudfront-status-over-time',
    'siem-vis-cloudfront-errors-over-time',
    'siem-vis-cloudfront-errors-by-client',
    'siem-vis-cloudfront-edge-errors',
    'siem-vis-cloudfront-top-clients',
    'siem-vis-cloudfront-bytes-by-client',
    'siem-vis-cloudfront-time-taken',
    ...detections.map(detectionVisId),
  ];

  it.each(MAIN_PANELS)('%s returns data', async (id) => {
    // Prepare
    const vis = lookup('visualization', id);
    if (!vis || vis.type !== 'visualization') throw new Error(`no visualization ${id}`);
    const [firstBucketAgg] = bucketAggIds(JSON.parse(vis.attributes.visState) as VisState);

    // Act
    const response = await run(vis);

    // Assess
    const buckets = firstBucketAgg ? response.aggregations?.[firstBucketAgg]?.buckets : undefined;
    const bucketCount = Array.isArray(buckets) ? buckets.length : Object.keys(buckets ?? {}).length;
    expect(response.hits.total.value).toBeGreaterThan(0);
    expect(firstBucketAgg === undefined || bucketCount > 0).toBe(true);
  });
});
