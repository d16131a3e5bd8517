/**
 * Convenience API over the ingestion pipeline, for the CLI, detection tests and demos.
 * The Lambda entry point is `handler.ts`.
 */
import { DAILY, IndexNamer, type PeriodOf } from '../../opensearch/index-names';
import { INDEX_PREFIX, type LogType } from '../../opensearch/log-types';
import { documentText } from './documents';
import { BulkWriter, type BulkWriterOptions, type WriteCounts } from './bulk-writer';
import { ingestObject } from './ingest-object';
import type { IndexBounds } from './index-routing';
import type { ArchiveProvenance } from './provenance';
import { readLogObject, type ObjectBody } from './object-reader';
import { OpenSearchClient, type OpenSearchAuth } from '../../opensearch/http-client';
import type { S3Pointer } from './types';

export { readLogObject, objectText, UnknownFormatError } from './object-reader';
export { detectSourceFromContent, detectSourceFromKey } from './detect-source';
export type { ParsedRecord, S3Pointer, SourceName } from './types';
export { BulkWriter, type BulkWriterOptions, type WriteCounts } from './bulk-writer';
export { OpenSearchClient, isAwsEndpoint, type OpenSearchAuth } from '../../opensearch/http-client';
export { ingestObject, type IngestObjectResult } from './ingest-object';
export { ArchiveProvenance, type ArchiveIdentity } from './provenance';
export { ObjectIndexRouter, ROUTING, type IndexBounds } from './index-routing';

export interface IndexedDocument {
  readonly index: string;
  readonly id: string;
  readonly document: Record<string, unknown>;
}

export interface ParseOptions {
  /** Skip source detection. */
  readonly source?: LogType;
  /** Index name prefix, `siem-` unless told. */
  readonly indexPrefix?: string;
  /** Period of each log type's indices (opensearch/index-names.ts). @default daily */
  readonly periodOf?: PeriodOf;
}

/**
 * Parses a whole archived object (gzip or not, recognised by magic bytes) into the documents the
 * ingestion function would index. Records that cannot be parsed are reported as an error.
 */
export async function parseLogObject(
  body: Buffer | ObjectBody,
  pointer: S3Pointer,
  opts: ParseOptions = {},
): Promise<IndexedDocument[]> {
  const namer = new IndexNamer(opts.indexPrefix ?? INDEX_PREFIX, opts.periodOf ?? DAILY);
  const out: IndexedDocument[] = [];
  for await (const batch of readLogObject(body, pointer, { source: opts.source })) {
    const bad = batch.unparsable[0];
    if (bad) throw new Error(`${pointer.key}: record ${bad.ordinal}: ${bad.error}`);
    for (const r of batch.records) {
      out.push({
        index: namer.indexFor(r.logType, r.timestamp),
        id: r.id,
        document: JSON.parse(documentText(r)) as Record<string, unknown>,
      });
    }
  }
  return out;
}

/** Reads a field of a parsed document by its dotted path (`userIdentity.arn`, `event.action`). */
export function getField(document: Record<string, unknown>, path: string): unknown {
  let value: unknown = document;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export interface IngestOptions extends Omit<BulkWriterOptions, 'client'> {
  /** OpenSearch endpoint, e.g. `http://localhost:9200`. */
  readonly endpoint: string;
  readonly auth?: OpenSearchAuth;
  readonly source?: LogType;
  /** Hold the object to its archive bucket's contract, as the Lambda does. */
  readonly provenance?: ArchiveProvenance;
  /** Index window and per-object budget; the budget (3) applies even without. */
  readonly bounds?: IndexBounds;
}

/**
 * Parses one archived object and writes its documents to OpenSearch, like the Lambda does.
 * Resolves with exact counts once every record is indexed or dead-lettered.
 */
export async function ingestLogObject(
  body: Buffer | ObjectBody,
  pointer: S3Pointer,
  options: IngestOptions,
): Promise<WriteCounts> {
  const client = new OpenSearchClient(options.endpoint, options.auth);
  try {
    const writer = new BulkWriter({ ...options, client });
    await ingestObject(body, pointer, writer, {
      source: options.source,
      provenance: options.provenance,
      bounds: options.bounds,
    });
    return await writer.flush();
  } finally {
    client.close();
  }
}
