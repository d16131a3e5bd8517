import { BulkWriter, type WriteCounts } from '../../functions/ingest/bulk-writer';
import { ingestObject } from '../../functions/ingest/ingest-object';
import { OpenSearchClient } from '../../opensearch/http-client';
import type { PeriodOf } from '../../opensearch/index-names';
import type { DemoObject } from './generate';

/** Writes the objects through the ingestion function's own parser and bulk writer (as `siem ingest` does). */
export async function ingestObjects(
  endpoint: string,
  objects: readonly DemoObject[],
  indexPrefix: string,
  /** Each log type's index period, as the deployment's ingestion function names them. */
  periodOf?: PeriodOf,
): Promise<WriteCounts> {
  const client = new OpenSearchClient(endpoint, { kind: 'none' });
  try {
    const writer = new BulkWriter({ client, indexPrefix, periodOf });
    for (const object of objects) {
      await ingestObject(object.body, { bucket: object.bucket, key: object.key }, writer, {
        bounds: { periodOf: writer.periodOf },
      });
    }
    return await writer.flush();
  } finally {
    client.close();
  }
}
