/**
 * Lambda entry point of the ingestion function (bundled by esbuild). Reads and validates its
 * environment once per container (config.ts lists the variables) and creates the clients once.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { awsEndpointOf } from '../../opensearch/aws-endpoint';
import { OpenSearchClient, type Auth } from '../../opensearch/http-client';
import { createLogger } from '../shared/logger';
import { ingestConfigFromEnv } from './config';
import { createIngestHandler } from './sqs-handler';

// Read before anything else: a function without its buckets' contracts must not start at all.
const config = ingestConfigFromEnv(process.env);
const region = config.region ?? 'us-east-1';
const aws = awsEndpointOf(config.endpoint);
const auth: Auth =
  config.auth === 'sigv4'
    ? {
        kind: 'sigv4',
        region: aws?.region ?? region,
        service: aws?.service ?? 'es',
        credentials: defaultProvider(),
      }
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
  ...(config.s3Endpoint ? { endpoint: config.s3Endpoint, forcePathStyle: true } : {}),
});

// The Security Lake bucket is read through the subscriber role Security Lake created, in the lake's region.
const lake = config.securityLake;
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
  openSearch: new OpenSearchClient(config.endpoint, auth, { timeoutMs: REQUEST_TIMEOUT_MS }),
  logger: createLogger({}, { level: config.logLevel }),
  // No request is started or retried after this much time before the Lambda timeout: one in
  // flight can still time out, and the batch response (with the failed messages) be returned.
  safetyMarginMs: REQUEST_TIMEOUT_MS + 10_000,
  provenance: config.guards.provenance,
  // The router's budget and the writer's names must use the same periods.
  bounds: { ...config.guards.bounds, periodOf: config.periodOf },
  writer: {
    indexPrefix: config.indexPrefix,
    periodOf: config.periodOf,
    flushBytes: config.flushBytes,
    concurrency: config.concurrency,
  },
});
