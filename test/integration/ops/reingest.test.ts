import { gzipSync } from 'node:zlib';
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Client } from '@opensearch-project/opensearch';
import { command as reingestCommand } from '../../../cli/commands/reingest';
import { loadConfig } from '../../../config/load';
import { IndexNamer } from '../../../opensearch/index-names';
import { configIndexLayout } from '../../../opensearch/index-sizing';
import { albObjects } from '../../../scripts/demo/generate/alb';
import { cloudFrontObjects } from '../../../scripts/demo/generate/cloudfront';
import type { DemoObject } from '../../../scripts/demo/generate/context';
import { awsTestClientConfig, motoEndpoint, openSearchUrl } from '../../support/env';

/** Our own index prefix and bucket, so nothing else in the cluster or in moto collides. */
const run = Date.now().toString(36);
const prefix = `itreingest${run}-`;
const bucket = `it-reingest-${run}`;
const ORG = 'o-a1b2c3d4e5';

let s3: S3Client;
let client: Client;

function cloudTrailFile(account: string, region: string, day: string, count: number): Buffer {
  const Records = Array.from({ length: count }, (_, i) => ({
    eventVersion: '1.08',
    userIdentity: {
      type: 'IAMUser',
      accountId: account,
      arn: `arn:aws:iam::${account}:user/alice`,
      userName: 'alice',
    },
    eventTime: `${day}T0${i}:15:00Z`,
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: region,
    sourceIPAddress: `198.51.100.${i + 1}`,
    userAgent: 'Mozilla/5.0',
    requestParameters: null,
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: { MFAUsed: 'Yes' },
    eventID: `${account}-${day}-${i}-${run}`,
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  }));
  return gzipSync(JSON.stringify({ Records }));
}

async function put(key: string, body: Buffer | string, into = bucket): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: into, Key: key, Body: body }));
}

/** Access log objects as ELB and CloudFront write them (the demo's generators), for the hour before `at`. */
const config = loadConfig('siem.config.json');
const logsOf = (generate: typeof albObjects, at: string): DemoObject =>
  generate({ config, now: Date.parse(at) })[0]!;

/** The deployment's index names: the period of each log type from the config's sizing. */
const namer = new IndexNamer(prefix, configIndexLayout(config).periodOf);

/** Documents of `logType` whose event time is on `day` (YYYY-MM-DD), in whichever index holds it. */
async function count(logType: string, day: string): Promise<number> {
  await client.indices.refresh({ index: `${prefix}*`, allow_no_indices: true });
  const { body } = await client.count({
    index: `${prefix}${logType}-*`,
    allow_no_indices: true,
    body: { query: { range: { '@timestamp': { gte: `${day}T00:00:00Z`, lt: `${day}T00:00:00Z||+1d` } } } },
  });
  return body.count;
}

/** `siem reingest` of another source, with the buckets given. */
async function reingestSource(source: string, from: string, to: string, buckets: string[]): Promise<number> {
  return reingestCommand.run([
    ...['--source', source, '--from', from, '--to', to],
    ...buckets.flatMap((b) => ['--bucket', b]),
    ...['--endpoint', openSearchUrl(), '--s3-endpoint', motoEndpoint()],
    ...['--config', 'siem.config.json', '--index-prefix', prefix],
  ]);
}

async function indexedEvents(): Promise<number> {
  await client.indices.refresh({ index: `${prefix}*` });
  return (await client.count({ index: `${prefix}cloudtrail-*` })).body.count;
}

async function reingest(from = '2019-03-01', to = '2019-03-02', ...extra: string[]): Promise<number> {
  return reingestCommand.run([
    '--source',
    'cloudtrail',
    '--from',
    from,
    '--to',
    to,
    '--bucket',
    bucket,
    '--endpoint',
    openSearchUrl(),
    '--s3-endpoint',
    motoEndpoint(),
    '--config',
    'siem.config.json',
    '--index-prefix',
    prefix,
    ...extra,
  ]);
}

beforeAll(async () => {
  const aws = awsTestClientConfig();
  s3 = new S3Client(aws);
  process.env.AWS_REGION = aws.region;
  // The CLI builds its own S3 client from the default credential chain.
  process.env.AWS_ACCESS_KEY_ID ??= 'testing';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';
  client = new Client({ node: openSearchUrl() });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const ct = (account: string, region: string, path: string) =>
    `AWSLogs/${ORG}/${account}/CloudTrail/${region}/${path}/${account}_CloudTrail_${region}_${path.replaceAll('/', '')}T0000Z_${run}.json.gz`;
  await put(
    ct('333333333333', 'eu-west-1', '2019/03/01'),
    cloudTrailFile('333333333333', 'eu-west-1', '2019-03-01', 3),
  );
  await put(
    ct('444444444444', 'us-east-1', '2019/03/02'),
    cloudTrailFile('444444444444', 'us-east-1', '2019-03-02', 2),
  );
  // Outside the range, and a digest: neither may be read.
  await put(
    ct('333333333333', 'eu-west-1', '2019/03/05'),
    cloudTrailFile('333333333333', 'eu-west-1', '2019-03-05', 4),
  );
  await put(
    `AWSLogs/${ORG}/333333333333/CloudTrail-Digest/eu-west-1/2019/03/01/digest.json.gz`,
    gzipSync('{"digestStartTime":"2019-03-01T00:00:00Z"}'),
  );
}, 60_000);

afterAll(async () => {
  await client.indices.delete({ index: `${prefix}*` }).catch(() => undefined);
  await client.close();
  s3.destroy();
});

describe('siem reingest from a moto S3 archive into the local OpenSearch node', () => {
  it('indexes exactly the events of the range from every account and region, and a re-run adds none', async () => {
    // Act
    const firstExit = await reingest();
    const afterFirst = await indexedEvents();
    const secondExit = await reingest();
    const afterSecond = await indexedEvents();

    // Assess
    expect([firstExit, secondExit]).toEqual([0, 0]);
    expect(afterFirst).toBe(5);
    expect(afterSecond).toBe(5);
    // Named as the ingestion function names them for this config: 2019-03-01 and -02 are a
    // Friday and a Saturday, so one weekly index, or two daily ones.
    const indices = await client.cat.indices({
      index: `${prefix}cloudtrail-*`,
      format: 'json',
      h: ['index'],
    });
    const expected = new Set(
      ['2019-03-01', '2019-03-02'].map((d) => namer.indexFor('cloudtrail', Date.parse(d))),
    );
    expect((indices.body as unknown as Array<{ index: string }>).map((r) => r.index).sort()).toEqual(
      [...expected].sort(),
    );
    // The example config's few accounts make CloudTrail weekly (opensearch/index-sizing.ts).
    expect([...expected]).toEqual([`${prefix}cloudtrail-2019.w09`]);
    expect([await count('cloudtrail', '2019-03-01'), await count('cloudtrail', '2019-03-02')]).toEqual([
      3, 2,
    ]);
  }, 120_000);

  it('skips an object already in Glacier, asks S3 to restore it when told, and exits 1', async () => {
    // Prepare
    const key = `AWSLogs/${ORG}/333333333333/CloudTrail/eu-west-1/2019/03/10/333333333333_CloudTrail_eu-west-1_20190310T0000Z_${run}.json.gz`;
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: cloudTrailFile('333333333333', 'eu-west-1', '2019-03-10', 2),
        StorageClass: 'GLACIER',
      }),
    );

    // Act
    const exit = await reingest('2019-03-10', '2019-03-10', '--request-glacier-restore');
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));

    // Assess
    expect(exit).toBe(1);
    expect(head.Restore).toBeDefined();
    expect(await count('cloudtrail', '2019-03-10')).toBe(0);
  }, 120_000);

  it('reads the other objects of the range when one is not a log file, and exits 1', async () => {
    // Prepare
    const day = `AWSLogs/${ORG}/555555555555/CloudTrail/us-east-1/2019/03/11`;
    await put(`${day}/broken_${run}.json.gz`, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad]));
    await put(`${day}/good_${run}.json.gz`, cloudTrailFile('555555555555', 'us-east-1', '2019-03-11', 4));

    // Act
    const exit = await reingest('2019-03-11', '2019-03-11');

    // Assess
    expect(exit).toBe(1);
    expect(await count('cloudtrail', '2019-03-11')).toBe(4);
  }, 120_000);
});

describe('siem reingest of ELB and CloudFront access logs', () => {
  const elbBuckets = [`${bucket}-elb-eu-west-1`, `${bucket}-elb-eu-central-1`];
  const cloudFrontBucket = `${bucket}-cloudfront`;

  beforeAll(async () => {
    for (const name of [...elbBuckets, cloudFrontBucket])
      await s3.send(new CreateBucketCommand({ Bucket: name }));
  });

  it('reads every regional ELB bucket given, only the days of the range', async () => {
    // Prepare
    const first = logsOf(albObjects, '2019-04-01T12:00:00Z');
    const second = logsOf(albObjects, '2019-04-02T12:00:00Z');
    const outside = logsOf(albObjects, '2019-04-05T12:00:00Z');
    await put(first.key, first.body, elbBuckets[0]);
    await put(second.key.replaceAll('eu-west-1', 'eu-central-1'), second.body, elbBuckets[1]);
    await put(outside.key, outside.body, elbBuckets[0]);

    // Act
    const exit = await reingestSource('elb', '2019-04-01', '2019-04-02', elbBuckets);
    const again = await reingestSource('elb', '2019-04-01', '2019-04-02', elbBuckets);

    // Assess
    expect([exit, again]).toEqual([0, 0]);
    expect(await count('elb', '2019-04-01')).toBe(first.documents.elb);
    expect(await count('elb', '2019-04-02')).toBe(second.documents.elb);
    expect(await count('elb', '2019-04-05')).toBe(0);
  }, 120_000);

  it('stops before reading anything when a regional bucket does not exist, naming it', async () => {
    // Act
    const act = reingestSource('elb', '2019-04-01', '2019-04-02', [
      `${bucket}-elb-nowhere-1`,
      elbBuckets[0]!,
    ]);

    // Assess
    await expect(act).rejects.toThrow(new RegExp(`s3://${bucket}-elb-nowhere-1`));
  }, 120_000);

  it('finds CloudFront files by distribution and the date in their names', async () => {
    // Prepare
    const inRange = logsOf(cloudFrontObjects, '2019-04-01T12:00:00Z');
    const outside = logsOf(cloudFrontObjects, '2019-04-03T12:00:00Z');
    await put(inRange.key, inRange.body, cloudFrontBucket);
    await put(outside.key, outside.body, cloudFrontBucket);
    // The same day's file of another distribution, logged without a prefix.
    await put(
      inRange.key.replace('cloudfront/E2DEMO0SHOP01', 'E3OTHERDIST02'),
      inRange.body,
      cloudFrontBucket,
    );

    // Act
    const exit = await reingestSource('cloudfront', '2019-04-01', '2019-04-02', [cloudFrontBucket]);

    // Assess
    expect(exit).toBe(0);
    // Two files with the same lines: their documents differ by key, so both are indexed.
    expect(await count('cloudfront', '2019-04-01')).toBe(2 * inRange.documents.cloudfront!);
    expect(await count('cloudfront', '2019-04-03')).toBe(0);
  }, 120_000);
});
