import { parseConfig } from '../../../config/load';
import { daysInRange } from '../../../operations/deploy/date-range';
import { archiveLayout } from '../../../operations/reingest/archive-layout';
import { findDayPrefixes, type ListFolders } from '../../../operations/reingest/find-day-prefixes';
import { testOrganization } from '../../support/config';

const config = parseConfig({ ...testOrganization(), memberAccounts: [{ id: '333333333333', name: 'prod' }] });
const base = 'AWSLogs/333333333333/CloudWatchLogs/eu-west-1';
const KEYS = [
  `${base}/aws/eks/orders/cluster/2025/11/01/10/a.json.gz`,
  `${base}/aws/eks/orders/other/2025/11/01/10/b.json.gz`,
  `${base}/aws/rds/instance/orders-db/audit/2025/11/01/10/c.json.gz`,
  `${base}/aws/rds/cluster/ledger/postgresql/2025/11/01/10/d.json.gz`,
  `${base}/aws/apigateway/access/a1b2c3d4e5/prod/2025/11/01/10/e.json.gz`,
  `${base}/aws/apigateway/welcome/2025/11/01/10/f.json.gz`,
  `${base}/aws/lambda/api/2025/11/01/10/g.json.gz`,
];

/** Folder listing over KEYS, as S3 answers ListObjectsV2 with a Delimiter. */
const list: ListFolders = async (prefix, delimiter = '/') => {
  const folders = new Set<string>();
  for (const key of KEYS) {
    if (!key.startsWith(prefix)) continue;
    const at = key.indexOf(delimiter, prefix.length);
    if (at >= 0) folders.add(key.slice(0, at + delimiter.length));
  }
  return [...folders].sort();
};

describe('re-ingesting the sources routed out of the CloudWatch bucket', () => {
  it.each([
    ['eksaudit', ['aws/eks/orders/cluster']],
    ['rdsaudit', ['aws/rds/cluster/ledger/postgresql', 'aws/rds/instance/orders-db/audit']],
    ['apigateway', ['aws/apigateway/access/a1b2c3d4e5/prod']],
  ] as const)('finds only the %s log groups, read with the CloudWatch parser', async (logType, groups) => {
    // Act
    const layout = archiveLayout(config, logType);
    const prefixes = await findDayPrefixes(layout, daysInRange('2025-11-01', '2025-11-01'), list);

    // Assess
    expect(layout).toMatchObject({ bucketSource: 'cloudwatch', parseAs: 'cloudwatch' });
    expect(prefixes).toEqual(groups.map((group) => `${base}/${group}/2025/11/01/`));
  });
});
