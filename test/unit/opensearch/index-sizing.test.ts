import { parseConfig } from '../../../config/load';
import {
  configIndexLayout,
  GB,
  indexPeriodsEnv,
  MAX_SHARD_BYTES,
  MIN_SHARD_BYTES,
  modelPeriod,
  planIndices,
  retentionDays,
} from '../../../opensearch/index-sizing';
import { parseIndexPeriodsEnv } from '../../../opensearch/index-names';
import { LOG_TYPES } from '../../../opensearch/log-types';
import { testOrganization } from '../../support/config';

describe('modelPeriod', () => {
  it.each([
    [0.1 * GB, 30, 'week'], // a week is 0.7 GB: small shards anyway, the fewest of them
    [2 * GB, 30, 'week'], // a week reaches 14 GB
    [10 * GB, 30, 'day'], // a day reaches 10 GB
    [0.1 * GB, 365, 'month'], // long retention allows a month
    [0.1 * GB, 20, 'day'], // a week would add a third to 20 days of retention
  ])('cuts %d bytes a day with hotDays %d by %s', (daily, hotDays, period) => {
    // Act & Assess
    expect(modelPeriod(daily, hotDays)).toBe(period);
  });
});

describe('planIndices', () => {
  it('plans every log type, with a default volume for one the table does not list', () => {
    // Act
    const plans = planIndices({ accounts: 20, hotDays: 30 });

    // Assess
    expect(plans.map((p) => p.logType)).toEqual([...LOG_TYPES]);
    for (const plan of plans) {
      expect(plan.dailyBytes).toBeGreaterThan(0);
      expect(plan.shards).toBeGreaterThanOrEqual(1);
    }
  });

  it('keeps every modelled shard at most 50 GB and, once an index can, at least 10 GB', () => {
    for (const accounts of [20, 200, 2_000, 20_000]) {
      // Act
      const plans = planIndices({ accounts, hotDays: 30 });

      // Assess
      const shards = plans.map((p) => ({ bytes: p.indexBytes / p.shards, indexBytes: p.indexBytes }));
      expect(Math.max(...shards.map((s) => s.bytes))).toBeLessThanOrEqual(MAX_SHARD_BYTES);
      const large = shards.filter((s) => s.indexBytes >= MIN_SHARD_BYTES).map((s) => s.bytes);
      expect(Math.min(Infinity, ...large)).toBeGreaterThanOrEqual(MIN_SHARD_BYTES);
    }
  });

  it('takes the period and shards of a log type from the config over the model', () => {
    // Act
    const [cloudtrail] = planIndices({
      accounts: 2_000,
      hotDays: 30,
      logTypes: { cloudtrail: { period: 'month', shards: 3 } },
    });

    // Assess
    expect(cloudtrail).toMatchObject({ logType: 'cloudtrail', period: 'month', shards: 3, overridden: true });
  });

  it('sizes from the volumes given in the config', () => {
    // Act: 1,000 accounts × 1,000,000 events × 1,000 bytes = 1 TB a day.
    const plan = planIndices({
      accounts: 1_000,
      hotDays: 30,
      logTypes: { vpcflow: { eventsPerAccountPerDay: 1_000_000, bytesPerDocument: 1_000 } },
    }).find((p) => p.logType === 'vpcflow')!;

    // Assess
    expect(plan).toMatchObject({ period: 'day', shards: 20, dailyBytes: 1e12 });
    expect(plan.liveIndices).toBe(retentionDays(30, 'day') + 1);
    expect(plan.storageBytes).toBe(1e12 * retentionDays(30, 'day') * 2);
  });

  it('refuses a config key that is no log type, naming it', () => {
    // Act
    const act = () => planIndices({ accounts: 1, hotDays: 30, logTypes: { cloudtrial: { shards: 2 } } });

    // Assess
    expect(act).toThrow(/indexing\.logTypes\.cloudtrial: unknown log type/);
  });
});

describe('configIndexLayout', () => {
  it('counts the member accounts unless the config says how many accounts there are', () => {
    // Prepare
    const members = [{ id: '333333333333', name: 'workloads' }];
    const small = parseConfig({ ...testOrganization(), memberAccounts: members });
    const large = parseConfig({
      ...testOrganization(),
      memberAccounts: members,
      indexing: { accounts: 5_000, logTypes: { findings: { period: 'day' } } },
    });

    // Act
    const [a, b] = [configIndexLayout(small), configIndexLayout(large)];

    // Assess
    expect(a.periodOf('cloudtrail')).toBe('week');
    expect(a.shardsOf('cloudtrail')).toBe(1);
    expect(b.periodOf('cloudtrail')).toBe('day');
    expect(b.shardsOf('cloudtrail')).toBe(3); // 5,000 × 50,000 × 501 B = 125 GB a day
    expect(b.periodOf('findings')).toBe('day');
    expect(b.shardsOf('not-a-type-yet')).toBe(1);
  });
});

describe('INDEX_PERIODS', () => {
  it('round-trips the periods through the environment text, daily by default', () => {
    // Prepare
    const text = indexPeriodsEnv({ periods: { cloudtrail: 'week', vpcflow: 'day', findings: 'month' } });

    // Act
    const periodOf = parseIndexPeriodsEnv(text);

    // Assess
    expect(text).toBe('cloudtrail=week,findings=month');
    expect(['cloudtrail', 'vpcflow', 'findings', 'other'].map(periodOf)).toEqual([
      'week',
      'day',
      'month',
      'day',
    ]);
  });

  it.each(['cloudtrail=year', 'cloudtrail', '=week'])('refuses %j', (text) => {
    // Act & Assess
    expect(() => parseIndexPeriodsEnv(text)).toThrow(/INDEX_PERIODS/);
  });
});
