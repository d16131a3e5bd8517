import { gzipSync } from 'node:zlib';
import { ingestLogObject } from '../../../functions/ingest';
import { INDEX_CODEC } from '../../../opensearch/index-templates';
import { cloudTrailFile } from '../../../scripts/bench/generate-logs';
import { openSearchUrl } from '../../support/env';
import { TestIndices } from './cluster';

jest.setTimeout(120_000);

const KEY =
  'AWSLogs/123456789012/CloudTrail/us-east-1/2024/05/01/123456789012_CloudTrail_us-east-1_size.json.gz';

interface Hit {
  _source: Record<string, unknown> & {
    requestID: string;
    eventID: string;
    responseElements: { credentials: { accessKeyId: string; sessionToken: string } };
  };
}

/*
 * The size choices of the templates, on the real node: the codec is accepted and applies, what
 * stays searchable is searchable, what is kept in `_source` only is still in `_source`.
 */
describe('index templates: size choices on the real node', () => {
  const indices = new TestIndices();
  let assumeRole: Hit['_source'];

  beforeAll(async () => {
    await indices.setUp();
    const counts = await ingestLogObject(
      gzipSync(cloudTrailFile(5, 400)),
      { bucket: 'cloudtrail', key: KEY },
      { endpoint: openSearchUrl(), indexPrefix: indices.prefix },
    );
    if (counts.indexed !== 400) throw new Error(`indexed ${counts.indexed} of 400 records`);
    [assumeRole] = await indices.search<Hit['_source']>(
      'cloudtrail',
      { term: { eventName: 'AssumeRole' } },
      1,
    );
  });
  afterAll(() => indices.tearDown());

  it('creates the daily index with the chosen codec', async () => {
    // Act
    const settings = await indices.client.json<Record<string, { settings: { index: { codec?: string } } }>>(
      'GET',
      `/${indices.prefix}cloudtrail-*/_settings`,
    );

    // Assess
    const codecs = Object.values(settings).map((s) => s.settings.index.codec);
    expect(codecs).toEqual([INDEX_CODEC]);
  });

  it('keeps ids, keys and request parameters searchable', async () => {
    // Act
    const byEventId = await indices.count('cloudtrail', { term: { eventID: assumeRole.eventID } });
    const byIssuedKey = await indices.count('cloudtrail', {
      term: {
        'responseElements.credentials.accessKeyId': assumeRole.responseElements.credentials.accessKeyId,
      },
    });
    const byBucket = await indices.count('cloudtrail', { exists: { field: 'requestParameters.bucketName' } });

    // Assess
    expect([byEventId, byIssuedKey]).toEqual([1, 1]);
    expect(byBucket).toBeGreaterThan(0);
  });

  it('keeps session tokens and request ids in _source only', async () => {
    // Act
    const byToken = await indices.count('cloudtrail', {
      term: {
        'responseElements.credentials.sessionToken': assumeRole.responseElements.credentials.sessionToken,
      },
    });
    const byRequestId = await indices.client.request(
      'POST',
      `/${indices.prefix}cloudtrail/_count`,
      JSON.stringify({ query: { term: { requestID: assumeRole.requestID } } }),
    );

    // Assess
    expect(byToken).toBe(0);
    expect(byRequestId.status).toBe(400);
    expect(assumeRole.responseElements.credentials.sessionToken).toMatch(/^[0-9a-f]{120}$/);
    expect(assumeRole.requestID).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('aggregates the mapped keywords, and refuses a string left without doc values', async () => {
    // Act
    const ok = await indices.client.json<{ aggregations: { s: { buckets: unknown[] } } }>(
      'POST',
      `/${indices.prefix}cloudtrail/_search`,
      { size: 0, aggs: { s: { terms: { field: 'userIdentity.accountId' } } } },
    );
    const refused = await indices.client.request(
      'POST',
      `/${indices.prefix}cloudtrail/_search`,
      JSON.stringify({ size: 0, aggs: { s: { terms: { field: 'userAgent' } } } }),
    );

    // Assess
    expect(ok.aggregations.s.buckets.length).toBeGreaterThan(0);
    expect(refused.status).toBe(400);
  });
});
