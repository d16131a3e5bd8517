import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SiemConfig } from '../../../config/schema';
import { allDetections } from '../../../detections';
import { BulkWriter } from '../../../functions/ingest/bulk-writer';
import { parseLogObject, type IndexedDocument } from '../../../functions/ingest/index';
import { indexTemplates } from '../../../opensearch/index-templates';
import type { LogType } from '../../../opensearch/log-types';
import type { HttpClient } from '../../../scripts/opensearch-client';
import { sampleObject } from '../detections/sample-objects';

/*
 * Fills test-prefixed indices the way production does: index templates from
 * `indexTemplates({prefix})`, documents from real-format archive objects through the ingestion
 * parser, and dead letters through the ingestion function's own bulk writer.
 */

const FIXTURES = join(__dirname, '../../fixtures');

/** Fixture directories and the source they hold (findings come inside the CloudWatch fixture). */
const FIXTURE_SOURCES: ReadonlyArray<[string, LogType]> = [
  ['cloudtrail', 'cloudtrail'],
  ['cloudwatch', 'cloudwatch'],
  ['vpcflow', 'vpcflow'],
  ['waf', 'waf'],
  ['elb', 'elb'],
  ['s3access', 's3access'],
  ['cloudfront', 'cloudfront'],
];

/** Objects that are not log records (CloudTrail digest files). */
const NOT_LOGS = /digest/;

async function parseFixtures(prefix: string): Promise<IndexedDocument[]> {
  const docs: IndexedDocument[] = [];
  for (const [dir, source] of FIXTURE_SOURCES) {
    for (const file of readdirSync(join(FIXTURES, dir))) {
      if (NOT_LOGS.test(file)) continue;
      const body = readFileSync(join(FIXTURES, dir, file));
      const pointer = {
        bucket: 'siem-archive-test',
        key: `fixtures/${dir}/${file}`,
      };
      docs.push(
        ...(await parseLogObject(body, pointer, {
          source,
          indexPrefix: prefix,
        })),
      );
    }
  }
  return docs;
}

/** Every detection's positive and negative samples, so each detection panel has matches to show. */
async function parseDetectionSamples(config: SiemConfig, prefix: string): Promise<IndexedDocument[]> {
  const byType = new Map<LogType, unknown[]>();
  for (const d of allDetections(config)) {
    const list = byType.get(d.logType) ?? [];
    list.push(...d.positiveSamples, ...d.negativeSamples);
    byType.set(d.logType, list);
  }
  const docs: IndexedDocument[] = [];
  for (const [logType, samples] of byType) {
    const object = sampleObject(logType, samples as never, Date.now());
    docs.push(
      ...(await parseLogObject(
        object.body,
        { bucket: 'siem-archive-test', key: object.key },
        { source: logType, indexPrefix: prefix },
      )),
    );
  }
  return docs;
}

async function bulkIndex(client: HttpClient, docs: readonly IndexedDocument[]): Promise<void> {
  const CHUNK = 2000;
  for (let i = 0; i < docs.length; i += CHUNK) {
    const lines = docs
      .slice(i, i + CHUNK)
      .flatMap((d) => [
        JSON.stringify({ index: { _index: d.index, _id: d.id } }),
        JSON.stringify(d.document),
      ]);
    const res = await client.request<{
      errors: boolean;
      items: Array<{ index: { error?: unknown } }>;
    }>('POST', '/_bulk', {
      body: `${lines.join('\n')}\n`,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    const failed = res.body.items.filter((it) => it.index.error);
    if (failed.length > 0)
      throw new Error(`bulk indexing failed for ${failed.length} documents: ${JSON.stringify(failed[0])}`);
  }
}

async function deadLetter(client: HttpClient, prefix: string): Promise<void> {
  const writer = new BulkWriter({
    indexPrefix: prefix,
    client: {
      async request(method, path, body, contentType) {
        const res = await client.request(method, path, {
          body: body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body),
          headers: contentType ? { 'content-type': contentType } : undefined,
        });
        return {
          status: res.status,
          body: Buffer.from(JSON.stringify(res.body)),
        };
      },
    },
  });
  const pointer = {
    bucket: 'siem-archive-test',
    key: 'AWSLogs/333333333333/WAFLogs/eu-west-1/shop-prod/broken.log',
  };
  await writer.addUnparsable(
    {
      ordinal: 1,
      id: 'broken-1',
      raw: '{"timestamp":',
      error: 'Unexpected end of JSON input',
    },
    'waf',
    pointer,
  );
  await writer.flush();
}

export interface SeedResult {
  readonly documents: number;
  readonly perLogType: Readonly<Record<string, number>>;
}

export async function seedIndices(
  client: HttpClient,
  config: SiemConfig,
  prefix: string,
): Promise<SeedResult> {
  for (const template of indexTemplates({ prefix })) {
    await client.request('PUT', `/_index_template/${template.name}`, {
      body: template.body,
    });
  }
  const docs = [...(await parseFixtures(prefix)), ...(await parseDetectionSamples(config, prefix))];
  await bulkIndex(client, docs);
  await deadLetter(client, prefix);
  await client.request('POST', `/${prefix}*/_refresh`);
  const perLogType: Record<string, number> = {};
  for (const d of docs) {
    const type = String((d.document.event as { dataset?: string } | undefined)?.dataset);
    perLogType[type] = (perLogType[type] ?? 0) + 1;
  }
  return { documents: docs.length, perLogType };
}

export async function dropIndices(client: HttpClient, prefix: string): Promise<void> {
  await client
    .request('DELETE', `/${prefix}*`, { query: { expand_wildcards: 'all' } })
    .catch(() => undefined);
  for (const template of indexTemplates({ prefix })) {
    await client.request('DELETE', `/_index_template/${template.name}`).catch(() => undefined);
  }
}
