import { join } from 'node:path';
import { loadConfig } from '../../../config/load';
import { parseLogObject } from '../../../functions/ingest';
import { LOG_TYPES } from '../../../opensearch/log-types';
import { expectedDocuments, generateDemoObjects } from '../../../scripts/demo/generate';

/* The demo's sample logs: stable bytes, and each object read by the real parser as what it claims to hold. */

const config = loadConfig(join(__dirname, '../../../siem.config.json'));
const now = Date.UTC(2026, 10, 25, 10, 0, 0);

describe('demo sample logs', () => {
  it('are the same bytes for the same config and time', () => {
    // Act
    const first = generateDemoObjects(config, now);
    const second = generateDemoObjects(config, now);

    // Assess
    expect(second.map((o) => [o.key, o.body.toString('base64')])).toEqual(
      first.map((o) => [o.key, o.body.toString('base64')]),
    );
  });

  it('cover every log type', () => {
    // Act
    const counts = expectedDocuments(generateDemoObjects(config, now));

    // Assess
    expect(LOG_TYPES.filter((t) => counts[t] === 0)).toEqual([]);
  });

  it.each(
    generateDemoObjects(config, now).map(
      (o) => [`${Object.keys(o.documents).join('+')} ${o.key.split('/').pop() ?? ''}`, o] as const,
    ),
  )('%s parses, with its source detected, into the documents it declares', async (_key, object) => {
    // Act
    const documents = await parseLogObject(object.body, { bucket: object.bucket, key: object.key });

    // Assess
    const perType: Record<string, number> = {};
    for (const d of documents) {
      const type = String((d.document.event as { dataset: string }).dataset);
      perType[type] = (perType[type] ?? 0) + 1;
    }
    expect(perType).toEqual(object.documents);
    expect(new Set(documents.map((d) => d.id)).size).toBe(documents.length);
  });

  it('puts every event of the story inside the hour before now', async () => {
    // Act
    const documents = (
      await Promise.all(
        generateDemoObjects(config, now).map((o) => parseLogObject(o.body, { bucket: o.bucket, key: o.key })),
      )
    ).flat();

    // Assess
    const times = documents.map((d) => Date.parse(String(d.document['@timestamp'])));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(now - 60 * 60_000);
    expect(Math.max(...times)).toBeLessThanOrEqual(now);
  });
});
