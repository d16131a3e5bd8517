import { gunzipSync } from 'node:zlib';
import { benignConfig, documentsPerLogType, generateBenignDay } from '../../../scripts/bench/benign-day';

const start = Date.UTC(2026, 10, 16, 9);

describe('the benign day', () => {
  it('is the same bytes for the same config, start, hours and seed', () => {
    // Prepare
    const config = benignConfig(5);

    // Act
    const first = generateBenignDay({ config, start, hours: 2 });
    const second = generateBenignDay({ config, start, hours: 2 });

    // Assess
    expect(second.map((o) => [o.bucket, o.key, o.body.toString('base64')])).toEqual(
      first.map((o) => [o.bucket, o.key, o.body.toString('base64')]),
    );
  });

  it('is an organization of 20 accounts by default', () => {
    // Act
    const config = benignConfig();

    // Assess
    expect(config.memberAccounts).toHaveLength(17);
    expect(new Set(config.memberAccounts.map((m) => m.id)).size).toBe(17);
    expect(config.cloudTrail).toEqual({ s3DataEvents: true, lambdaDataEvents: true });
  });

  it('has records of every source the organization sends, with AccessDenied on well under 1% of CloudTrail', () => {
    // Act
    const objects = generateBenignDay({ config: benignConfig(5), start, hours: 2 });
    const records = objects
      .filter((o) => o.documents.cloudtrail)
      .flatMap(
        (o) =>
          (JSON.parse(gunzipSync(o.body).toString()) as { Records: Array<{ errorCode?: string }> }).Records,
      );
    const denied = records.filter((r) => r.errorCode?.startsWith('AccessDenied')).length;

    // Assess
    const counts = documentsPerLogType(objects);
    const sources = [
      'cloudtrail',
      'cloudwatch',
      'findings',
      'vpcflow',
      'waf',
      'elb',
      's3access',
      'cloudfront',
      'dns',
      'networkfirewall',
    ] as const;
    expect(sources.filter((s) => counts[s] === 0)).toEqual([]);
    expect(records).toHaveLength(counts.cloudtrail);
    expect(denied).toBeGreaterThan(0);
    expect(denied / records.length).toBeLessThan(0.01);
  });
});
