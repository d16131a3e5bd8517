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
    ['AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/01/02/f.log.gz', 'vpcflow'],
    ['AWSLogs/123456789012/WAFLogs/us-east-1/acl/2024/01/02/03/04/f.log.gz', 'waf'],
    ['waf/2024/01/02/03/aws-waf-logs-prod-1-2024-01-02-03-04-05-uuid', 'waf'],
    ['AWSLogs/123456789012/elasticloadbalancing/us-east-1/2024/01/02/f.log.gz', 'elb'],
    ['cdn/E2EXAMPLE1ABC.2024-01-02-03.abcdef12.gz', 'cloudfront'],
    ['some/other/2024-01-02-03-04-05-ABCDEF0123456789', undefined],
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
