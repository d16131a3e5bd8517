import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authFor, createHttpClient, HttpError, OpenSearchClient } from '../../../opensearch/http-client';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

describe('createHttpClient', () => {
  let server: Server;
  let endpoint: string;
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        if (req.url!.startsWith('/base/missing')) {
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        } else if (req.url!.startsWith('/base/broken')) {
          res
            .writeHead(400, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: 'x'.repeat(2000) }));
        } else {
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('{"ok":true}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/base`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (seen.length = 0));

  it('sends JSON under the endpoint path and parses the JSON answer', async () => {
    // Prepare
    const client = createHttpClient({ endpoint });

    // Act
    const res = await client.request('PUT', '/_index_template/x', {
      body: { a: 1 },
      query: { pretty: true },
    });

    // Assess
    expect(res).toEqual({ status: 200, body: { ok: true } });
    expect(seen[0]).toEqual(
      expect.objectContaining({ method: 'PUT', url: '/base/_index_template/x?pretty=true', body: '{"a":1}' }),
    );
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });

  it('signs with SigV4 when told to', async () => {
    // Prepare
    const client = createHttpClient({
      endpoint,
      auth: {
        kind: 'sigv4',
        region: 'eu-west-1',
        credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
      },
    });

    // Act
    await client.request('POST', '/_search', { body: { size: 0 } });

    // Assess
    expect(seen[0]!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/es\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/,
    );
    expect(seen[0]!.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sends basic auth', async () => {
    // Prepare
    const client = createHttpClient({ endpoint, auth: { kind: 'basic', user: 'admin', password: 'pw' } });

    // Act
    await client.request('GET', '/');

    // Assess
    expect(seen[0]!.headers.authorization).toBe(`Basic ${Buffer.from('admin:pw').toString('base64')}`);
  });

  it('returns undefined for a 404 from getIfExists', async () => {
    await expect(createHttpClient({ endpoint }).getIfExists('/missing/thing')).resolves.toBeUndefined();
  });

  it('names method, path, status and a bounded excerpt of the body on failure', async () => {
    // Act
    const error = await createHttpClient({ endpoint })
      .request('POST', '/broken/x')
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).message).toMatch(/^POST \/broken\/x failed with HTTP 400: \{"error":"x+…$/);
    expect((error as HttpError).message.length).toBeLessThan(600);
  });
});

describe('authFor', () => {
  it.each([
    [
      'https://search-siem-abc.eu-west-1.es.amazonaws.com',
      {},
      { kind: 'sigv4', region: 'eu-west-1', service: 'es' },
    ],
    [
      'https://opensearch.internal:9200',
      { user: 'admin', password: 'pw' },
      { kind: 'basic', user: 'admin', password: 'pw' },
    ],
    ['http://localhost:9200', {}, { kind: 'none' }],
  ])('picks the auth for %s', (endpoint, creds, expected) => {
    expect(authFor(endpoint, creds)).toEqual(expected);
  });

  it('refuses basic auth without a password', () => {
    expect(() => authFor('https://x:9200', { user: 'admin' })).toThrow('set OPENSEARCH_PASSWORD');
  });
});

describe('OpenSearchClient (the raw level the bulk path uses)', () => {
  let server: Server;
  let endpoint: string;
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({
          method: req.method!,
          url: req.url!,
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        });
        if (req.url!.includes('fail'))
          res.writeHead(503, { 'content-type': 'text/plain' }).end('y'.repeat(900));
        else res.writeHead(200, { 'content-type': 'application/json' }).end('{"errors":false}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/base`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (seen.length = 0));

  it('sends a Buffer body as is, with its length, under the base path, on one kept-alive socket', async () => {
    // Prepare
    const client = new OpenSearchClient(endpoint);
    const body = Buffer.from('{"index":{}}\n{"a":1}\n');

    // Act
    const first = await client.request('POST', '/_bulk', body, 'application/x-ndjson');
    const second = await client.request('POST', '_bulk?refresh=false', body, 'application/x-ndjson');
    client.close();

    // Assess
    expect(first).toEqual({
      status: 200,
      body: Buffer.from('{"errors":false}'),
      contentType: 'application/json',
    });
    expect(second.status).toBe(200);
    expect(seen.map((s) => s.url)).toEqual(['/base/_bulk', '/base/_bulk?refresh=false']);
    expect(seen[0]!.body).toBe(body.toString());
    expect(seen[0]!.headers['content-length']).toBe(String(body.length));
    expect(seen[0]!.headers['content-type']).toBe('application/x-ndjson');
    expect(seen[0]!.headers.connection).toBe('keep-alive');
  });

  it('json() names method, path, status and the start of the body', async () => {
    const client = new OpenSearchClient(endpoint);
    const error = await client.json('PUT', '/fail/x', { a: 1 }).catch((e: unknown) => e);
    client.close();
    expect(error).toBeInstanceOf(HttpError);
    expect((error as Error).message).toMatch(/^PUT \/fail\/x failed with HTTP 503: y{500}…$/);
  });

  it('names the endpoint it cannot reach', async () => {
    const error = await createHttpClient({ endpoint: 'http://127.0.0.1:1' })
      .request('GET', '/_cluster/health')
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^GET \/_cluster\/health: cannot reach http:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/,
    );
  });
});
