import { parseArgs } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { loadConfig } from '../../config/load';
import { BulkWriter } from '../../functions/ingest/bulk-writer';
import { configIndexLayout } from '../../opensearch/index-sizing';
import { awsEndpointOf, OpenSearchClient, type OpenSearchAuth } from '../../opensearch/http-client';
import { LOG_TYPES } from '../../opensearch/log-types';
import { daysInRange } from '../../operations/deploy/date-range';
import { progressPrinter } from '../../operations/deploy/progress';
import { archiveLayout, defaultArchiveBuckets } from '../../operations/reingest/archive-layout';
import { reingest } from '../../operations/reingest/reingest';
import type { CliCommand } from '../siem';
import { SOURCE_RANGE_OPTIONS, sourceAndRange } from '../source-range';

function openSearchAuth(endpoint: string): OpenSearchAuth {
  const aws = awsEndpointOf(endpoint);
  if (!aws) return { kind: 'none' };
  return { kind: 'sigv4', region: aws.region, service: aws.service, credentials: defaultProvider() };
}

const n = (value: number) => value.toLocaleString('en-US');

export const command: CliCommand = {
  summary:
    'Re-reads the S3 archive of one log type and date range through the ingestion code into OpenSearch. Safe to re-run.',
  usage: `siem reingest --source <${LOG_TYPES.join('|')}> --from YYYY-MM-DD --to YYYY-MM-DD
              --endpoint URL [--bucket NAME ...] [--config siem.config.json] [--s3-endpoint URL]
              [--index-prefix siem-] [--concurrency 4] [--request-glacier-restore]

  --bucket                   the archive bucket (repeat for several); by default the config's
                             <namePrefix>-<logArchiveAccountId>-<source>, and for elb the
                             <namePrefix>-<logArchiveAccountId>-elb-<region> of every member region
  --endpoint                 the OpenSearch URL (or SIEM_OPENSEARCH_ENDPOINT); AWS endpoints are SigV4-signed
  --request-glacier-restore  ask S3 to restore objects found in Glacier (Bulk tier, 7 days); re-run when they are back`,
  async run(argv) {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        ...SOURCE_RANGE_OPTIONS,
        bucket: { type: 'string', multiple: true },
        endpoint: { type: 'string', default: process.env.SIEM_OPENSEARCH_ENDPOINT },
        's3-endpoint': { type: 'string' },
        config: { type: 'string', default: process.env.SIEM_CONFIG || 'siem.config.json' },
        'index-prefix': { type: 'string', default: 'siem-' },
        concurrency: { type: 'string', default: '4' },
        'request-glacier-restore': { type: 'boolean', default: false },
      },
      strict: true,
    });
    const { source, from, to } = sourceAndRange(values);
    const { endpoint } = values;
    if (!endpoint) throw new Error('--endpoint (or SIEM_OPENSEARCH_ENDPOINT) is required');
    const concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
      throw new Error('--concurrency must be a whole number from 1 to 64');
    }
    const days = daysInRange(from, to);
    const config = loadConfig(values.config);
    const layout = archiveLayout(config, source);
    const buckets = values.bucket?.length ? values.bucket : defaultArchiveBuckets(config, layout);
    const s3Endpoint = values['s3-endpoint'];
    const s3 = new S3Client({
      region: process.env.AWS_REGION ?? config.homeRegion,
      // ELB buckets sit in each member region and CloudFront's may be in us-east-1: S3 answers a
      // request to the wrong region with a redirect the client must follow.
      followRegionRedirects: true,
      ...(s3Endpoint ? { endpoint: s3Endpoint, forcePathStyle: true } : {}),
    });
    const client = new OpenSearchClient(endpoint, openSearchAuth(endpoint));
    // Indices named as the ingestion function names them: each log type's period from the config.
    const writer = new BulkWriter({
      client,
      indexPrefix: values['index-prefix'],
      periodOf: configIndexLayout(config).periodOf,
    });
    const log = progressPrinter();
    try {
      const summary = await reingest({
        s3,
        buckets,
        layout,
        days,
        writer,
        concurrency,
        requestGlacierRestore: values['request-glacier-restore'],
        log,
      });
      log(
        `reingested ${summary.objects} object(s): ${n(summary.records)} records, ${n(summary.indexed)} indexed, ${n(summary.deadLettered)} dead-lettered`,
      );
      for (const f of summary.failedObjects) log(`  failed s3://${f.bucket}/${f.key}: ${f.error}`);
      if (summary.archivedObjects.length > 0) {
        log(
          `  ${summary.archivedObjects.length} object(s) are in Glacier and were skipped${values['request-glacier-restore'] ? ' (restore requested; re-run in up to 48 hours)' : '; re-run with --request-glacier-restore'}`,
        );
      }
      return summary.failedObjects.length + summary.archivedObjects.length > 0 ? 1 : 0;
    } finally {
      client.close();
      s3.destroy();
    }
  },
};
