import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestLogObject } from '../../../functions/ingest';
import type { LogType } from '../../../opensearch/log-types';
import { openSearchUrl } from '../../support/env';
import { TestIndices } from './cluster';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const AWS = 'AWSLogs/123456789012';
jest.setTimeout(120_000);

describe('ingestion into OpenSearch, per source', () => {
  const indices = new TestIndices();
  beforeAll(() => indices.setUp());
  afterAll(() => indices.tearDown());

  // [fixture, S3 key, log type, records indexed, of which in that log type]
  it.each<[string, string, LogType, number, number]>([
    [
      'cloudtrail/management-events.json',
      `${AWS}/CloudTrail/us-west-2/2019/06/24/m.json.gz`,
      'cloudtrail',
      4,
      4,
    ],
    ['cloudtrail/digest.json', `${AWS}/CloudTrail-Digest/us-west-2/2019/06/24/d.json.gz`, 'cloudtrail', 0, 0],
    // 3 log events plus 2 findings in their own log type
    [
      'cloudwatch/lambda-and-findings.json',
      `${AWS}/CloudWatchLogs/us-west-2/g/2019/04/11/16/c.json.gz`,
      'cloudwatch',
      5,
      3,
    ],
    ['vpcflow/custom-v5.log', `${AWS}/vpcflowlogs/us-east-2/2021/05/04/v.log.gz`, 'vpcflow', 2, 2],
    [
      'waf/firehose-concatenated.log',
      'firehose/2019/12/13/23/aws-waf-logs-acl-1-2019-12-13-23-40-12-x',
      'waf',
      3,
      3,
    ],
    ['elb/alb.log', `${AWS}/elasticloadbalancing/us-east-2/2018/07/02/a.log.gz`, 'elb', 3, 3],
    ['s3access/access.log', 'access/2019-02-06-00-05-12-ABCDEF', 's3access', 3, 3],
    [
      'cloudfront/E2EXAMPLE1ABC.2019-12-04-21.a1b2c3d4',
      'cf/E2EXAMPLE1ABC.2019-12-04-21.a1b2c3d4.gz',
      'cloudfront',
      3,
      3,
    ],
  ])(
    '%s (%s) indexes %i records, %i of them in its log type',
    async (file, key, logType, indexed, inLogType) => {
      // Prepare
      const before = await indices.count(logType);

      // Act
      const counts = await ingestLogObject(
        readFileSync(join(FIXTURES, file)),
        { bucket: 'archive', key },
        {
          endpoint: openSearchUrl(),
          indexPrefix: indices.prefix,
        },
      );

      // Assess
      expect(counts).toMatchObject({ records: indexed, indexed, deadLettered: 0 });
      expect((await indices.count(logType)) - before).toBe(inLogType);
    },
  );

  it('makes findings from the CloudWatch object searchable in their own log type', async () => {
    // Act
    const findings = await indices.search('findings', { term: { 'Severity.Label': 'HIGH' } });

    // Assess
    expect(findings.map((f) => f.ProductName)).toEqual(['GuardDuty']);
  });

  it.each<[LogType, object, number]>([
    ['vpcflow', { range: { dstport: { gte: 400, lte: 500 } } }, 1],
    ['vpcflow', { term: { 'source.ip': '203.0.113.0/24' } }, 1],
    ['cloudtrail', { term: { 'requestParameters.instancesSet.items.instanceId': 'i-EXAMPLEaff4840c22' } }, 1],
    ['cloudtrail', { term: { 'event.outcome': 'failure' } }, 1],
    ['waf', { term: { 'httpRequest.clientIp': '2001:db8::/32' } }, 1],
    ['elb', { range: { target_processing_time: { gt: 0.01 } } }, 1],
    ['s3access', { range: { '@timestamp': { gte: '2019-02-06T00:01:00Z' } } }, 1],
    ['cloudfront', { term: { sc_status: 502 } }, 1],
    ['cloudwatch', { term: { 'json.level': 'ERROR' } }, 1],
  ])('maps %s fields so that %j matches %i document(s)', async (logType, query, expected) => {
    // Act
    const hits = await indices.count(logType, query);

    // Assess
    expect(hits).toBe(expected);
  });
});
