import { detectSourceFromContent, detectSourceFromKey, parseLogObject } from '../../../functions/ingest';
import { fixture } from './fixtures';

describe('source detection', () => {
  it.each([
    [
      'AWSLogs/123456789012/CloudTrail/us-east-1/2024/01/02/123456789012_CloudTrail_us-east-1_x.json.gz',
      'cloudtrail',
    ],
    ['org/AWSLogs/o-abc123/123456789012/CloudTrail/us-east-1/2024/01/02/f.json.gz', 'cloudtrail'],
    ['AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2024/01/02/d.json.gz', 'cloudtrail'],
    ['AWSLogs/123456789012/CloudWatchLogs/eu-west-1/aws/lambda/fn/2024/01/02/03/id.json.gz', 'cloudwatch'],
    // The securityhub bucket: the findings log group's payloads, split into findings by the CloudWatch parser.
    [
      'AWSLogs/123456789012/CloudWatchLogs/eu-west-1/aws/events/siem-securityhub-findings/2024/01/02/03/id.json.gz',
      'cloudwatch',
    ],
    ['AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/01/02/f.log.gz', 'vpcflow'],
    ['AWSLogs/123456789012/WAFLogs/us-east-1/acl/2024/01/02/03/04/f.log.gz', 'waf'],
    ['waf/2024/01/02/03/aws-waf-logs-prod-1-2024-01-02-03-04-05-uuid', 'waf'],
    ['AWSLogs/123456789012/elasticloadbalancing/us-east-1/2024/01/02/f.log.gz', 'elb'],
    ['cdn/E2EXAMPLE1ABC.2024-01-02-03.abcdef12.gz', 'cloudfront'],
    // S3 server access logs, simple layout: [prefix]YYYY-MM-DD-hh-mm-ss-<unique>
    ['some/other/2024-01-02-03-04-05-ABCDEF0123456789', 's3access'],
    ['2024-01-02-03-04-05-0D1E2F3A4B5C6D7E', 's3access'],
    ['logs-2024-01-02-03-04-05-0D1E2F3A4B5C6D7E', 's3access'],
    // partitioned layout: [prefix]<account>/<region>/<bucket>/YYYY/MM/DD/YYYY-MM-DD-hh-mm-ss-<unique>
    ['s3/123456789012/us-west-1/amzn-s3-demo-bucket1/2019/02/06/2019-02-06-00-05-12-ABCDEF', 's3access'],
    ['123456789012/us-gov-west-1/my.bucket/2024/01/02/2024-01-02-00-00-00-0D1E2F3A4B5C6D7E', 's3access'],
    // not quite: lower-case or short unique string, Firehose's uuid, no time in the name
    ['some/other/2024-01-02-03-04-05-abcdef0123456789', undefined],
    ['some/other/2024-01-02-03-04-05-ABCDEF', undefined],
    ['fh/2024/01/02/03/stream-1-2024-01-02-03-04-05-0a1b2c3d-4e5f-6789-abcd-ef0123456789', undefined],
    ['123456789012/us-east-1/bucket/2024/01/02/export.csv', undefined],
  ])('tells %s is %s from its key', (key, expected) => {
    // Act & Assess
    expect(detectSourceFromKey(key)).toBe(expected);
  });

  it.each([
    ['cloudtrail/management-events.json', 'cloudtrail'],
    ['cloudtrail/digest.json', 'cloudtrail'],
    ['cloudwatch/lambda-and-findings.json', 'cloudwatch'],
    ['vpcflow/default-v2.log', 'vpcflow'],
    ['vpcflow/custom-v5.log', 'vpcflow'],
    ['waf/firehose-concatenated.log', 'waf'],
    ['elb/alb.log', 'elb'],
    ['elb/classic.log', 'elb'],
    ['s3access/access.log', 's3access'],
    ['cloudfront/E2EXAMPLE1ABC.2019-12-04-21.a1b2c3d4', 'cloudfront'],
  ])('tells %s is %s from its content', (file, expected) => {
    // Act & Assess
    expect(detectSourceFromContent(fixture(file).toString())).toBe(expected);
  });

  it.each([
    ['a header of documented fields only', 'srcaddr dstaddr action\n', 'vpcflow'],
    [
      'a header with newer fields and a line as long',
      'srcaddr dstaddr new-field\n10.0.0.1 10.0.0.2 x\n',
      'vpcflow',
    ],
    ['the same with CRLF line ends', 'srcaddr dstaddr new-field\r\n10.0.0.1 10.0.0.2 x\r\n', 'vpcflow'],
    [
      'lower-case prose naming a few fields',
      'type of action at the start and end\nis not a flow log\n',
      undefined,
    ],
    ['lower-case words naming no field', 'hello world\nfoo bar\n', undefined],
  ])('tells %s from its content', (_name, text, expected) => {
    // Act & Assess
    expect(detectSourceFromContent(text)).toBe(expected);
  });

  it('falls back to the content for S3 access logs under a key of no known layout', async () => {
    // Act
    const docs = await parseLogObject(fixture('s3access/access.log'), {
      bucket: 'b',
      key: 'copied/access-2019-02-06.txt',
    });

    // Assess
    expect(docs.map((d) => d.index)).toEqual(Array(3).fill('siem-s3access-2019.02.06'));
  });

  it.each([
    ['garbage bytes', Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x42, 0x13, 0x37, 0x0a]), /binary content/],
    ['text of no known format', Buffer.from('hello world\nthis is not a log\n'), /unknown log format/],
  ])('fails an object of %s with a clear error', async (_name, body, error) => {
    // Act
    const result = parseLogObject(body, { bucket: 'b', key: 'uploads/file.bin' });

    // Assess
    await expect(result).rejects.toThrow(error);
  });

  it('fails garbage even under a key that names a source', async () => {
    // Act
    const result = parseLogObject(Buffer.from([0x00, 0x9c, 0x01, 0x02, 0x0a]), {
      bucket: 'b',
      key: 'AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/01/02/f.log',
    });

    // Assess
    await expect(result).rejects.toThrow(/binary content/);
  });
});
