import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SiemConfig } from '../../../config/schema';
import { allDetections } from '../../../detections';
import { BulkWriter } from '../../../functions/ingest/bulk-writer';
import { parseLogObject, type IndexedDocument } from '../../../functions/ingest/index';
import { ingestObject } from '../../../functions/ingest/ingest-object';
import { indexTemplates } from '../../../opensearch/index-templates';
import { ingestPipeline, ingestPipelinePath } from '../../../opensearch/ingest-pipeline';
import type { LogType } from '../../../opensearch/log-types';
import type { HttpClient } from '../../../opensearch/http-client';
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
  ['dns', 'dns'],
  ['networkfirewall', 'networkfirewall'],
  ['tgwflow', 'tgwflow'],
  ['guardduty', 'guardduty'],
  ['config', 'config'],
  ['eksaudit', 'eksaudit'],
  ['rdsaudit', 'rdsaudit'],
  ['apigateway', 'apigateway'],
  ['linux', 'linux'],
  ['windows', 'windows'],
  ['clientvpn', 'clientvpn'],
  ['ocsf', 'ocsf'],
  ['bedrock', 'bedrock'],
];

/** Objects that are not log records (CloudTrail digest files). */
const NOT_LOGS = /digest/;

/** A real-format archive object and the source it holds. */
interface SeedObject {
  readonly body: Buffer;
  readonly pointer: { readonly bucket: string; readonly key: string };
  readonly source: LogType;
}

function fixtureObjects(): SeedObject[] {
  const objects: SeedObject[] = [];
  for (const [dir, source] of FIXTURE_SOURCES) {
    for (const file of readdirSync(join(FIXTURES, dir))) {
      if (NOT_LOGS.test(file)) continue;
      objects.push({
        body: readFileSync(join(FIXTURES, dir, file)),
        pointer: { bucket: 'siem-archive-test', key: `fixtures/${dir}/${file}` },
        source,
      });
    }
  }
  return objects;
}

/** Every detection's positive and negative samples, so each detection panel has matches to show. */
function detectionSampleObjects(config: SiemConfig): SeedObject[] {
  const byType = new Map<LogType, unknown[]>();
  for (const d of allDetections(config)) {
    const list = byType.get(d.logType) ?? [];
    list.push(...d.positiveSamples, ...d.negativeSamples);
    byType.set(d.logType, list);
  }
  return [...byType].map(([logType, samples]) => {
    const object = sampleObject(logType, samples as never, Date.now());
    return {
      body: Buffer.from(object.body),
      pointer: { bucket: 'siem-archive-test', key: object.key },
      source: logType,
    };
  });
}

/** The documents the objects hold, as the ingestion parser makes them (to count them per log type). */
async function parseObjects(objects: readonly SeedObject[], prefix: string): Promise<IndexedDocument[]> {
  const docs: IndexedDocument[] = [];
  for (const o of objects)
    docs.push(...(await parseLogObject(o.body, o.pointer, { source: o.source, indexPrefix: prefix })));
  return docs;
}

/** HttpClient as the ingestion function's bulk writer calls it. */
function bulkClient(client: HttpClient): ConstructorParameters<typeof BulkWriter>[0]['client'] {
  return {
    async request(method, path, body, contentType) {
      const res = await client.request(method, path, {
        body: body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body),
        headers: contentType ? { 'content-type': contentType } : undefined,
      });
      return { status: res.status, body: Buffer.from(JSON.stringify(res.body)) };
    },
  };
}

/**
 * Indexes the objects through the ingestion function's own code (`ingestObject` + `BulkWriter`),
 * so documents that production would index with a conflicting field moved aside are indexed the
 * same way here; none may be dead-lettered.
 */
async function ingestAll(client: HttpClient, objects: readonly SeedObject[], prefix: string): Promise<void> {
  const writer = new BulkWriter({ indexPrefix: prefix, client: bulkClient(client) });
  for (const o of objects) await ingestObject(o.body, o.pointer, writer, { source: o.source });
  const counts = await writer.flush();
  if (counts.deadLettered > 0)
    throw new Error(`${counts.deadLettered} seed record(s) were dead-lettered instead of indexed`);
}

async function deadLetter(client: HttpClient, prefix: string): Promise<void> {
  const writer = new BulkWriter({ indexPrefix: prefix, client: bulkClient(client) });
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
  // The templates' default pipeline (it stamps `event.ingested`) must exist before any document.
  await client.request('PUT', ingestPipelinePath(), { body: ingestPipeline().body });
  for (const template of indexTemplates({ prefix })) {
    await client.request('PUT', `/_index_template/${template.name}`, {
      body: template.body,
    });
  }
  const objects = [...fixtureObjects(), ...detectionSampleObjects(config)];
  const docs = await parseObjects(objects, prefix);
  await ingestAll(client, objects, prefix);
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
