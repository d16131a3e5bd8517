import { parseConfig } from '../../../config/load';
import { daysInRange } from '../../../operations/deploy/date-range';
import { archiveLayout, defaultArchiveBuckets } from '../../../operations/reingest/archive-layout';
import { findDayPrefixes, type ListFolders } from '../../../operations/reingest/find-day-prefixes';
import { testOrganization } from '../../support/config';

const config = parseConfig({
  ...testOrganization(),
  memberAccounts: [
    { id: '333333333333', name: 'prod', regions: ['eu-west-1', 'eu-central-1'] },
    { id: '444444444444', name: 'dev', regions: ['eu-west-1', 'us-east-1'] },
  ],
});

/** Folder listing over a fixed set of object keys, as S3 answers ListObjectsV2 with a Delimiter. */
function bucketOf(keys: readonly string[]): { list: ListFolders; listed: string[] } {
  const listed: string[] = [];
  const list: ListFolders = async (prefix, delimiter = '/') => {
    listed.push(delimiter === '/' ? prefix : `${prefix} (${delimiter})`);
    const folders = new Set<string>();
    for (const key of keys) {
      if (!key.startsWith(prefix)) continue;
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) folders.add(key.slice(0, at + delimiter.length));
    }
    return [...folders].sort();
  };
  return { list, listed };
}

const november = daysInRange('2025-11-01', '2025-11-02');

describe('findDayPrefixes', () => {
  it('covers every account and region of the organization trail bucket', async () => {
    // Prepare
    const { list } = bucketOf([
      'AWSLogs/o-a1b2c3d4e5/333333333333/CloudTrail/eu-west-1/2025/11/01/a.json.gz',
      'AWSLogs/o-a1b2c3d4e5/333333333333/CloudTrail-Digest/eu-west-1/2025/11/01/d.json.gz',
      'AWSLogs/o-a1b2c3d4e5/444444444444/CloudTrail/us-east-1/2025/11/02/b.json.gz',
    ]);

    // Act
    const prefixes = await findDayPrefixes(archiveLayout(config, 'cloudtrail'), november, list);

    // Assess
    expect(prefixes).toEqual([
      'AWSLogs/o-a1b2c3d4e5/333333333333/CloudTrail/eu-west-1/2025/11/01/',
      'AWSLogs/o-a1b2c3d4e5/333333333333/CloudTrail/eu-west-1/2025/11/02/',
      'AWSLogs/o-a1b2c3d4e5/444444444444/CloudTrail/us-east-1/2025/11/01/',
      'AWSLogs/o-a1b2c3d4e5/444444444444/CloudTrail/us-east-1/2025/11/02/',
    ]);
  });

  it.each([
    [
      'vpcflow',
      'AWSLogs/333333333333/vpcflowlogs/eu-west-1/2025/11/01/x.log.gz',
      'AWSLogs/333333333333/vpcflowlogs/eu-west-1/2025/11/01/',
    ],
    [
      'waf',
      'AWSLogs/333333333333/WAFLogs/eu-west-1/shop-prod/2025/11/01/13/x.gz',
      'AWSLogs/333333333333/WAFLogs/eu-west-1/shop-prod/2025/11/01/',
    ],
    [
      's3access',
      'siem-222222222222-cloudtrail/2025-11-01-10-00-00-ABCDEF',
      'siem-222222222222-cloudtrail/2025-11-01-',
    ],
  ] as const)('finds the %s day prefix of %s', async (logType, key, expected) => {
    // Prepare
    const { list } = bucketOf([key]);

    // Act
    const prefixes = await findDayPrefixes(
      archiveLayout(config, logType),
      daysInRange('2025-11-01', '2025-11-01'),
      list,
    );

    // Assess
    expect(prefixes).toEqual([expected]);
  });

  it('finds CloudWatch log groups of any depth, including one with a year-like folder', async () => {
    // Prepare
    const base = 'AWSLogs/333333333333/CloudWatchLogs/eu-west-1';
    const { list } = bucketOf([
      `${base}/aws/lambda/api/2025/11/01/10/a.json.gz`,
      `${base}/app/2025/orders/2025/11/02/00/b.json.gz`,
      `${base}/flat/2024/12/31/23/c.json.gz`,
    ]);

    // Act
    const prefixes = await findDayPrefixes(archiveLayout(config, 'cloudwatch'), november, list);

    // Assess
    expect(prefixes).toEqual([
      `${base}/app/2025/11/01/`,
      `${base}/app/2025/11/02/`,
      `${base}/app/2025/orders/2025/11/01/`,
      `${base}/app/2025/orders/2025/11/02/`,
      `${base}/aws/lambda/api/2025/11/01/`,
      `${base}/aws/lambda/api/2025/11/02/`,
    ]);
  });

  it('does not list the dated folders of other years one by one', async () => {
    // Prepare
    const base = 'AWSLogs/333333333333/CloudWatchLogs/eu-west-1/grp';
    const { list, listed } = bucketOf([`${base}/2024/12/31/23/c.json.gz`, `${base}/2025/11/01/00/a.json.gz`]);

    // Act
    await findDayPrefixes(archiveLayout(config, 'cloudwatch'), november, list);

    // Assess
    expect(listed.filter((p) => p.startsWith(`${base}/2024/`))).toEqual([`${base}/2024/`]);
  });

  it('restricts findings to the Security Hub rule log group', async () => {
    // Prepare
    const base = 'AWSLogs/222222222222/CloudWatchLogs/eu-west-1';
    const { list } = bucketOf([
      `${base}/aws/events/siem-securityhub-findings/2025/11/01/10/a.json.gz`,
      `${base}/aws/lambda/api/2025/11/01/10/b.json.gz`,
    ]);

    // Act
    const prefixes = await findDayPrefixes(archiveLayout(config, 'findings'), november, list);

    // Assess
    expect(prefixes).toEqual([
      `${base}/aws/events/siem-securityhub-findings/2025/11/01/`,
      `${base}/aws/events/siem-securityhub-findings/2025/11/02/`,
    ]);
  });

  it('reads findings from the securityhub bucket through the CloudWatch parser, which splits the findings', () => {
    // Act
    const layout = archiveLayout(config, 'findings');

    // Assess
    expect(layout).toMatchObject({ bucketSource: 'securityhub', parseAs: 'cloudwatch', day: 'path' });
  });

  it('finds the ELB day folders of every account and region of a regional bucket', async () => {
    // Prepare
    const { list } = bucketOf([
      'AWSLogs/333333333333/elasticloadbalancing/eu-west-1/2025/11/01/333333333333_elasticloadbalancing_eu-west-1_app.shop.1a2b_20251101T0005Z_10.0.1.5_x.log.gz',
      'AWSLogs/444444444444/elasticloadbalancing/eu-west-1/2025/11/02/444444444444_elasticloadbalancing_eu-west-1_net.api.3c4d_20251102T2355Z_10.0.2.9_y.log.gz',
      'AWSLogs/444444444444/ELBAccessLogTestFile',
    ]);

    // Act
    const prefixes = await findDayPrefixes(archiveLayout(config, 'elb'), november, list);

    // Assess
    expect(prefixes).toEqual([
      'AWSLogs/333333333333/elasticloadbalancing/eu-west-1/2025/11/01/',
      'AWSLogs/333333333333/elasticloadbalancing/eu-west-1/2025/11/02/',
      'AWSLogs/444444444444/elasticloadbalancing/eu-west-1/2025/11/01/',
      'AWSLogs/444444444444/elasticloadbalancing/eu-west-1/2025/11/02/',
    ]);
  });

  it('finds each CloudFront distribution under any prefix and dates its files by name', async () => {
    // Prepare
    const { list, listed } = bucketOf([
      'E2QWRUHEXAMPLE.2025-11-01-10.a1b2c3d4.gz',
      'E2QWRUHEXAMPLE.2025-10-31-23.e5f6a7b8.gz',
      'shop/EMLARXS9EXAMPLE.2025-11-02-00.c9d0e1f2.gz',
      'cdn.example.com/E1ABCDEFGHIJ.2025-11-01-05.0a1b2c3d.gz',
      'README.txt',
    ]);

    // Act
    const prefixes = await findDayPrefixes(archiveLayout(config, 'cloudfront'), november, list);

    // Assess
    expect(prefixes).toEqual([
      'E2QWRUHEXAMPLE.2025-11-01-',
      'E2QWRUHEXAMPLE.2025-11-02-',
      'cdn.example.com/E1ABCDEFGHIJ.2025-11-01-',
      'cdn.example.com/E1ABCDEFGHIJ.2025-11-02-',
      'shop/EMLARXS9EXAMPLE.2025-11-01-',
      'shop/EMLARXS9EXAMPLE.2025-11-02-',
    ]);
    // One listing per distribution at most, never one per hour or file.
    expect(listed.every((l) => l.endsWith(' (.)'))).toBe(true);
    expect(listed.length).toBeLessThanOrEqual(5);
  });

  it.each([
    [
      'elb',
      [
        'siem-222222222222-elb-eu-central-1',
        'siem-222222222222-elb-eu-west-1',
        'siem-222222222222-elb-us-east-1',
      ],
    ],
    ['cloudfront', ['siem-222222222222-cloudfront']],
    ['cloudtrail', ['siem-222222222222-cloudtrail']],
    ['findings', ['siem-222222222222-securityhub']],
    ['cloudwatch', ['siem-222222222222-cloudwatch']],
  ] as const)('reads %s from %j by default', (logType, buckets) => {
    // Act
    const names = defaultArchiveBuckets(config, archiveLayout(config, logType));

    // Assess
    expect(names).toEqual(buckets);
  });
});
