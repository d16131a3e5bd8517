import { createHash, createHmac } from 'node:crypto';
import { authFor, NodeSha256, requestAuthorizer } from '../../../opensearch/auth';

const credentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });

describe('authFor', () => {
  it.each([
    [
      'https://search-siem-abc.eu-west-1.es.amazonaws.com',
      {},
      { kind: 'sigv4', region: 'eu-west-1', service: 'es' },
    ],
    [
      'https://search-x.us-gov-west-1.es.amazonaws.com',
      {},
      { kind: 'sigv4', region: 'us-gov-west-1', service: 'es' },
    ],
    [
      'https://abc.cn-north-1.aoss.amazonaws.com.cn',
      {},
      { kind: 'sigv4', region: 'cn-north-1', service: 'aoss' },
    ],
    [
      'https://siem.example.com',
      { region: 'eu-west-3' },
      { kind: 'sigv4', region: 'eu-west-3', service: 'es' },
    ],
    ['https://x:9200', { user: 'admin', password: 'pw' }, { kind: 'basic', user: 'admin', password: 'pw' }],
    ['http://localhost:9200', {}, { kind: 'none' }],
  ])('picks the auth for %s %j', (endpoint, choice, expected) => {
    expect(authFor(endpoint, choice)).toEqual(expected);
  });

  it('keeps the credentials provider it is given (an assumed role)', () => {
    const auth = authFor('https://search-x.eu-west-1.es.amazonaws.com', { credentials });
    expect(auth).toEqual({ kind: 'sigv4', region: 'eu-west-1', service: 'es', credentials });
  });

  it('refuses basic auth without a password', () => {
    expect(() => authFor('https://x:9200', { user: 'admin' })).toThrow(
      'basic auth for admin: set OPENSEARCH_PASSWORD',
    );
  });
});

describe('requestAuthorizer', () => {
  const url = new URL('https://search-x.eu-west-1.es.amazonaws.com/siem-%3Cx%3E/_search?size=0');
  const headers = { host: url.host, 'content-type': 'application/json' };

  it('adds nothing without auth and a basic header with basic auth', async () => {
    await expect(requestAuthorizer({ kind: 'none' })({ method: 'GET', url, headers })).resolves.toEqual(
      headers,
    );
    await expect(
      requestAuthorizer({ kind: 'basic', user: 'a', password: 'b' })({ method: 'GET', url, headers }),
    ).resolves.toEqual({ ...headers, authorization: `Basic ${Buffer.from('a:b').toString('base64')}` });
  });

  it('signs with the service and region, and the body hash is the body’s SHA-256', async () => {
    const body = Buffer.from('{"size":0}');
    const signed = await requestAuthorizer({
      kind: 'sigv4',
      region: 'us-gov-west-1',
      service: 'aoss',
      credentials,
    })({
      method: 'POST',
      url,
      headers,
      body,
    });
    expect(signed.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-gov-west-1\/aoss\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(signed['x-amz-content-sha256']).toBe(createHash('sha256').update(body).digest('hex'));
  });

  it('hashes and keys the HMAC as SigV4 needs (string and byte secrets)', async () => {
    const data = Buffer.from('x'.repeat(100_000));
    for (const [secret, key] of [
      ['key', Buffer.from('key')],
      [new Uint8Array([1, 2, 3]), Buffer.from([1, 2, 3])],
      [new Uint8Array([9, 1, 2, 3]).subarray(1), Buffer.from([1, 2, 3])],
    ] as const) {
      const hmac = new NodeSha256(secret);
      hmac.update(data);
      expect(Buffer.from(await hmac.digest())).toEqual(createHmac('sha256', key).update(data).digest());
    }
    const plain = new NodeSha256();
    plain.update(data);
    expect(Buffer.from(await plain.digest())).toEqual(createHash('sha256').update(data).digest());
  });

  it('starts over after reset', async () => {
    const hash = new NodeSha256();
    hash.update(Buffer.from('discarded'));
    hash.reset();
    hash.update(Buffer.from('kept'));
    expect(Buffer.from(await hash.digest())).toEqual(createHash('sha256').update('kept').digest());
  });
});
