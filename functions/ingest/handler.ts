/**
 * Lambda entry point of the ingestion function (bundled by esbuild). Reads its configuration
 * from the environment, once per container, and creates the clients once:
 *
 * - `OPENSEARCH_ENDPOINT` (required) — `https://search-….es.amazonaws.com` or any URL;
 * - `AWS_REGION` — region for SigV4 (set by Lambda);
 * - `OPENSEARCH_AUTH` — `sigv4` (default for *.amazonaws.com endpoints) or `none`;
 * - `INDEX_PREFIX` — index name prefix, `siem-` by default;
 * - `INDEX_PERIODS` — each log type's index period, `cloudtrail=week,…` (opensearch/index-names.ts), daily when unnamed;
 * - `BULK_FLUSH_BYTES`, `BULK_CONCURRENCY` — bulk request size and parallelism;
 * - `S3_ENDPOINT` — only for local runs against an S3 emulator;
 * - `SECURITY_LAKE_*` — the Security Lake bucket and the subscriber role that reads it (config.ts);
 * - `NAME_PREFIX`, `ARCHIVE_ACCOUNT_ID`, `HOT_DAYS` (required), `FUTURE_DAYS`,
 *   `MAX_DAILY_INDICES_PER_OBJECT` — each archive bucket's contract and the index bounds (config.ts).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { parseIndexPeriodsEnv } from '../../opensearch/index-names';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { ingestionGuardsFromEnv, securityLakeAccessFromEnv } from './config';
import { isAwsEndpoint, OpenSearchClient, type OpenSearchAuth } from '../../opensearch/http-client';
import { createIngestHandler } from './sqs-handler';

const endpoint = process.env.OPENSEARCH_ENDPOINT;
if (!endpoint) throw new Error('OPENSEARCH_ENDPOINT is not set');
// Read before anything else: a function without its buckets' contracts must not start at all.
const guards = ingestionGuardsFromEnv(process.env);
// The router's budget and the writer's names must use the same periods.
const periodOf = parseIndexPeriodsEnv(process.env.INDEX_PERIODS);
const region = process.env.AWS_REGION ?? 'us-east-1';
const useSigV4 = (process.env.OPENSEARCH_AUTH ?? (isAwsEndpoint(endpoint) ? 'sigv4' : 'none')) === 'sigv4';
const auth: OpenSearchAuth = useSigV4
  ? { kind: 'sigv4', region, credentials: defaultProvider() }
  : { kind: 'none' };

/**
 * A bulk request that hears nothing back for this long is dropped and retried (document ids are
 * deterministic, so a retry overwrites). Kept well under the function timeout: the handler's
 * safety margin must cover one such request started just before the deadline.
 */
const REQUEST_TIMEOUT_MS = 60_000;

const s3 = new S3Client({
  region,
  // ELB access logs live in a bucket per load-balancer region; follow S3's redirect to it.
  followRegionRedirects: true,
  ...(process.env.S3_ENDPOINT ? { endpoint: process.env.S3_ENDPOINT, forcePathStyle: true } : {}),
});

// The Security Lake bucket is read through the subscriber role Security Lake created, in the lake's region.
const lake = securityLakeAccessFromEnv(process.env);
const lakeS3 = lake
  ? new S3Client({
      region: lake.region,
      credentials: fromTemporaryCredentials({
        params: { RoleArn: lake.roleArn, ExternalId: lake.externalId, RoleSessionName: 'siem-ingest' },
        clientConfig: { region },
      }),
    })
  : undefined;

export const handler = createIngestHandler({
  s3,
  s3For: (bucket) => (lake && bucket === lake.bucket ? lakeS3 : undefined),
  openSearch: new OpenSearchClient(endpoint, auth, { timeoutMs: REQUEST_TIMEOUT_MS }),
  // No request is started or retried after this much time before the Lambda timeout: one in
  // flight can still time out, and the batch response (with the failed messages) be returned.
  safetyMarginMs: REQUEST_TIMEOUT_MS + 10_000,
  provenance: guards.provenance,
  bounds: { ...guards.bounds, periodOf },
  writer: {
    indexPrefix: process.env.INDEX_PREFIX || undefined,
    periodOf,
    flushBytes: process.env.BULK_FLUSH_BYTES ? Number(process.env.BULK_FLUSH_BYTES) : undefined,
    concurrency: process.env.BULK_CONCURRENCY ? Number(process.env.BULK_CONCURRENCY) : undefined,
  },
});
