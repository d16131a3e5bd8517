import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSavedObjects, type SiemSavedObject } from '../../../saved-objects';
import { createHttpClient } from '../../../opensearch/http-client';
import { applySavedObjects } from '../../../operations/post-apply/steps/saved-objects';
import { sampleDetections } from '../saved-objects/fixtures';

/**
 * A stand-in for the two Dashboards APIs the step uses, storing what `_import` receives the way
 * Dashboards does (plus the fields it adds), so the re-read comparison is exercised for real.
 */
function fakeDashboards() {
  const store = new Map<string, Record<string, unknown>>();
  const imports: Array<{ count: number; xsrf: string | undefined; overwrite: string | null }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      const body = Buffer.concat(chunks).toString();
      res.setHeader('content-type', 'application/json');
      if (url.pathname === '/api/saved_objects/_bulk_get') {
        const wanted = JSON.parse(body) as Array<{ type: string; id: string }>;
        const saved_objects = wanted.map(
          (w) => store.get(`${w.type}:${w.id}`) ?? { ...w, error: { statusCode: 404, message: 'Not Found' } },
        );
        res.end(JSON.stringify({ saved_objects }));
      } else if (url.pathname === '/api/saved_objects/_import') {
        const boundary = /boundary=(.+)$/.exec(req.headers['content-type'] ?? '')![1]!;
        const file = body
          .split(`--${boundary}`)[1]!
          .split('\r\n\r\n')
          .slice(1)
          .join('\r\n\r\n')
          .replace(/\r\n$/, '');
        const lines = file.split('\n').filter((l) => l.trim() !== '');
        for (const line of lines) {
          const o = JSON.parse(line) as Record<string, unknown>;
          store.set(`${String(o.type)}:${String(o.id)}`, {
            ...o,
            updated_at: '2026-01-01T00:00:00Z',
            version: 'WzEsMV0=',
          });
        }
        imports.push({
          count: lines.length,
          xsrf: req.headers['osd-xsrf'] as string | undefined,
          overwrite: url.searchParams.get('overwrite'),
        });
        res.end(JSON.stringify({ success: true, successCount: lines.length }));
      } else res.writeHead(404).end('{}');
    });
  });
  return { server, store, imports };
}

describe('applySavedObjects', () => {
  const fake = fakeDashboards();
  let endpoint: string;
  const objects = buildSavedObjects(sampleDetections);
  const log = () => undefined;

  beforeAll(async () => {
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => fake.server.close(() => resolve())));

  it('imports everything once with overwrite and osd-xsrf, then finds nothing to change', async () => {
    // Prepare
    const client = createHttpClient({ endpoint, headers: { 'osd-xsrf': 'true' } });

    // Act
    const first = await applySavedObjects(client, objects, { log });
    const second = await applySavedObjects(client, objects, { log });

    // Assess
    expect(first.created).toHaveLength(objects.length);
    expect(fake.imports).toEqual([{ count: objects.length, xsrf: 'true', overwrite: 'true' }]);
    expect([second.created.length, second.updated.length, second.unchanged.length]).toEqual([
      0,
      0,
      objects.length,
    ]);
    expect(fake.imports).toHaveLength(1);
  });

  it('imports only the object that changed, and nothing in a dry run', async () => {
    // Prepare
    const client = createHttpClient({ endpoint });
    const changed: SiemSavedObject[] = objects.map((o) =>
      o.id === 'siem-dashboard-waf'
        ? ({ ...o, attributes: { ...o.attributes, title: 'WAF (renamed)' } } as SiemSavedObject)
        : o,
    );

    // Act
    const dry = await applySavedObjects(client, changed, { log, dryRun: true });
    const importsAfterDryRun = fake.imports.length;
    const real = await applySavedObjects(client, changed, { log });

    // Assess
    expect(dry.updated).toEqual(['dashboard siem-dashboard-waf']);
    expect(importsAfterDryRun).toBe(1);
    expect(real.updated).toEqual(['dashboard siem-dashboard-waf']);
    expect(fake.imports.at(-1)!.count).toBe(1);
    expect((fake.store.get('dashboard:siem-dashboard-waf')!.attributes as { title: string }).title).toBe(
      'WAF (renamed)',
    );
  });
});
