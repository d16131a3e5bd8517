import { getField, parseLogObject } from '../../../functions/ingest';
import { S3_ACCESS_FIELDS } from '../../../functions/ingest/parsers/s3access';
import { fixture } from './fixtures';

const pointer = {
  bucket: 'access-logs',
  key: 's3/123456789012/us-west-1/amzn-s3-demo-bucket1/2019/02/06/2019-02-06-00-05-12-ABCDEF',
};

describe('S3 server access log parser', () => {
  it('parses each line with bracketed time, quoted fields and numbers', async () => {
    // Act
    const docs = await parseLogObject(fixture('s3access/access.log'), pointer);

    // Assess
    expect(docs).toHaveLength(3);
    expect(docs[0].document).toMatchObject({
      bucket_owner: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
      bucket: 'amzn-s3-demo-bucket1',
      time: '2019-02-06T00:00:38.000Z',
      remote_ip: '192.0.2.3',
      operation: 'REST.GET.VERSIONING',
      request_uri: 'GET /amzn-s3-demo-bucket1?versioning HTTP/1.1',
      http_status: 200,
      bytes_sent: 113,
      total_time: 7,
      user_agent: 'S3Console/0.4',
      signature_version: 'SigV4',
      tls_version: 'TLSV1.2',
      access_point_arn: 'arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP',
      acl_required: 'Yes',
      source_region: 'us-east-1',
    });
    expect(docs[0].document).not.toHaveProperty('key');
    expect(docs[2].document).toMatchObject({ key: 's3-dg.pdf', object_size: 4406583, turn_around_time: 28 });
    expect(docs[2].document).not.toHaveProperty('access_point_arn');
  });

  it.each([
    [
      0,
      'REST.GET.VERSIONING',
      'success',
      '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
      'us-east-1',
    ],
    [1, 'REST.GET.OBJECT', 'failure', 'alice', 'us-west-1'],
    [2, 'REST.PUT.OBJECT', 'success', undefined, 'us-west-1'],
  ])('record %i: action %s outcome %s user %s region %s', async (i, action, outcome, user, region) => {
    // Act
    const docs = await parseLogObject(fixture('s3access/access.log'), pointer);

    // Assess
    expect(getField(docs[i].document, 'event.action')).toBe(action);
    expect(getField(docs[i].document, 'event.outcome')).toBe(outcome);
    expect(getField(docs[i].document, 'user.name')).toBe(user);
    expect(getField(docs[i].document, 'cloud.region')).toBe(region);
    expect(getField(docs[i].document, 'cloud.account.id')).toBe('123456789012');
    expect(getField(docs[i].document, 'source.ip')).toBe('192.0.2.3');
    expect(docs[i].index).toBe('siem-s3access-2019.02.06');
  });

  it('keeps the known fields of a line with fields AWS added at the end, and the rest under extra_fields', async () => {
    // Prepare
    const line = fixture('s3access/access.log').toString().split('\n')[0];
    const body = Buffer.from(`${line} new-value "quoted new value" -\n`);

    // Act
    const docs = await parseLogObject(body, pointer);

    // Assess
    expect(docs).toHaveLength(1);
    expect(docs[0].document).toMatchObject({
      operation: 'REST.GET.VERSIONING',
      http_status: 200,
      acl_required: 'Yes',
      source_region: 'us-east-1',
      extra_fields: ['new-value', 'quoted new value', '-'],
    });
    expect(getField(docs[0].document, 'cloud.region')).toBe('us-east-1');
    // The fixture line holds exactly the documented fields.
    expect(line.match(/"[^"]*"|\[[^\]]*\]|\S+/g)).toHaveLength(S3_ACCESS_FIELDS.length);
  });

  it('has no extra_fields when a line has no more fields than it knows', async () => {
    // Act
    const docs = await parseLogObject(fixture('s3access/access.log'), pointer);

    // Assess
    expect(docs).toHaveLength(3);
    for (const d of docs) expect(d.document).not.toHaveProperty('extra_fields');
  });

  it('still rejects a line too short to be an access log line', async () => {
    // Prepare
    const line = fixture('s3access/access.log').toString().split('\n')[0];
    const body = Buffer.from(`${line.split(' ').slice(0, 12).join(' ')}\n`);

    // Act
    const result = parseLogObject(body, pointer);

    // Assess
    await expect(result).rejects.toThrow(/not an S3 server access log line/);
  });
});
