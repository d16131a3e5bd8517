import { parseConfig } from '../../../config/load';
import { daysInRange } from '../../../scripts/ops/date-range';
import { archiveLayout } from '../../../scripts/reingest/archive-layout';
import { findDayPrefixes, type ListFolders } from '../../../scripts/reingest/find-day-prefixes';

const config = parseConfig({
  homeRegion: 'eu-west-1',
  organization: {
    id: 'o-a1b2c3d4e5',
    managementAccountId: '111111111111',
    logArchiveAccountId: '222222222222',
  },
  memberAccounts: [{ id: '333333333333', name: 'prod' }],
});

/** Folder listing over a fixed set of object keys, as S3 answers ListObjectsV2 with Delimiter '/'. */
function bucketOf(keys: readonly string[]): { list: ListFolders; listed: string[] } {
  const listed: string[] = [];
  const list: ListFolders = async (prefix) => {
    listed.push(prefix);
    const folders = new Set<string>();
    for (const key of keys) {
      if (!key.startsWith(prefix)) continue;
      const slash = key.indexOf('/', prefix.length);
      if (slash >= 0) folders.add(key.slice(0, slash + 1));
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

  it.each(['elb', 'cloudfront'] as const)('refuses %s, which has no archive bucket', (logType) => {
    // Act
    const act = () => archiveLayout(config, logType);

    // Assess
    expect(act).toThrow(/no archive bucket/);
  });
});
