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
    [
      'cloudtrail/insight-events.json',
      `${AWS}/CloudTrail-Insight/us-east-1/2019/06/24/i.json.gz`,
      'cloudtrail',
      1,
      1,
    ],
    ['vpcflow/custom-v5.log', `${AWS}/vpcflowlogs/us-east-2/2021/05/04/v.log.gz`, 'vpcflow', 2, 2],
    // default format, header line included: NODATA and SKIPDATA records are documents too
    ['vpcflow/default-v2.log', `${AWS}/vpcflowlogs/us-east-2/2014/12/14/d.log.gz`, 'vpcflow', 4, 4],
    [
      'waf/firehose-concatenated.log',
      'firehose/2019/12/13/23/aws-waf-logs-acl-1-2019-12-13-23-40-12-x',
      'waf',
      3,
      3,
    ],
    // the same requests, newline-delimited, in another object: documents of their own
    ['waf/newline-delimited.log', `${AWS}/WAFLogs/ap-southeast-2/acl/2019/12/13/23/40/n.log.gz`, 'waf', 3, 3],
    ['elb/alb.log', `${AWS}/elasticloadbalancing/us-east-2/2018/07/02/a.log.gz`, 'elb', 3, 3],
    ['elb/classic.log', `${AWS}/elasticloadbalancing/us-east-2/2015/05/13/c.log.gz`, 'elb', 3, 3],
    ['s3access/access.log', 'access/2019-02-06-00-05-12-ABCDEF', 's3access', 3, 3],
    [
      'cloudfront/E2EXAMPLE1ABC.2019-12-04-21.a1b2c3d4',
      'cf/E2EXAMPLE1ABC.2019-12-04-21.a1b2c3d4.gz',
      'cloudfront',
      3,
      3,
    ],
  ])(
    '%s (%s) as %s indexes %i records, %i of them in that log type',
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

  it('indexes both CloudTrail records whose ECS environment override is an object in one and a list in the other', async () => {
    // Prepare
    const before = await indices.count('cloudtrail');

    // Act
    const counts = await ingestLogObject(
      readFileSync(join(FIXTURES, 'cloudtrail/ecs-environment-object-then-list.json')),
      { bucket: 'archive', key: `${AWS}/CloudTrail/us-west-2/2019/06/24/ecs.json.gz` },
      { endpoint: openSearchUrl(), indexPrefix: indices.prefix },
    );

    // Assess: requestParameters is a flat_object, so neither shape conflicts with the other.
    expect(counts).toMatchObject({ records: 2, indexed: 2, deadLettered: 0, keptAsText: 0 });
    expect((await indices.count('cloudtrail')) - before).toBe(2);
    const env = 'requestParameters.overrides.containerOverrides.environment.value';
    expect(await indices.count('cloudtrail', { term: { [env]: 'test' } })).toBe(1);
    expect(await indices.count('cloudtrail', { term: { [env]: 'prod' } })).toBe(1);
  });

  it('maps ASFF addresses as ip and severities as numbers, keeping a non-address as text', async () => {
    // Prepare
    const before = await indices.count('findings');

    // Act
    const counts = await ingestLogObject(
      readFileSync(join(FIXTURES, 'cloudwatch/findings-network.json')),
      { bucket: 'archive', key: `${AWS}/CloudWatchLogs/us-west-2/g/2019/04/12/08/f.json.gz` },
      { endpoint: openSearchUrl(), indexPrefix: indices.prefix },
    );

    // Assess: 3 findings, the one whose Network.SourceIpV4 is no address has it moved to siem.conflicts.
    expect(counts).toMatchObject({ records: 3, indexed: 3, deadLettered: 0, keptAsText: 1 });
    expect((await indices.count('findings')) - before).toBe(3);
    expect(await indices.count('deadletter')).toBe(0);
    expect(await indices.count('findings', { term: { 'Network.SourceIpV4': '198.51.100.0/24' } })).toBe(1);
    expect(await indices.count('findings', { term: { 'Network.DestinationIpV6': '2001:db8::/32' } })).toBe(1);
    expect(await indices.count('findings', { term: { 'Network.DestinationIpV4': '10.0.0.0/8' } })).toBe(2);
    // The first finding's integer Product does not make 5.5 a long.
    expect(await indices.count('findings', { range: { 'Severity.Product': { gt: 5, lt: 6 } } })).toBe(1);
    expect(
      await indices.count('findings', { range: { 'FindingProviderFields.Confidence': { gte: 80 } } }),
    ).toBe(1);
    const [kept] = await indices.search<{ siem?: { conflicts?: unknown } }>('findings', {
      exists: { field: 'siem.conflicts.field' },
    });
    expect(kept.siem?.conflicts).toEqual([{ field: 'Network.SourceIpV4', value: 'unknown' }]);
  });

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
    // one from each WAF object
    ['waf', { term: { 'httpRequest.clientIp': '2001:db8::/32' } }, 2],
    ['elb', { term: { backend_ip: '10.0.0.1' } }, 3],
    ['cloudtrail', { term: { 'insightDetails.insightType': 'ApiCallRateInsight' } }, 1],
    ['vpcflow', { term: { log_status: 'SKIPDATA' } }, 1],
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
