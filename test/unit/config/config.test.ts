import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseConfig } from '../../../config/load';
import type { SiemConfigInput } from '../../../config/schema';
import exampleConfig from '../../../siem.config.json';

function problemsOf(change: (raw: SiemConfigInput) => void): readonly string[] {
  const raw = structuredClone(exampleConfig) as SiemConfigInput;
  change(raw);
  try {
    parseConfig(raw, 'test');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('the config was accepted');
}

describe('siem.config.json (the example)', () => {
  it('validates and fills in the defaults', () => {
    // Prepare
    const file = join(__dirname, '../../../siem.config.json');

    // Act
    const config = loadConfig(file);

    // Assess
    expect(config.memberAccounts.map((a) => a.name)).toEqual([
      'workloads-prod',
      'workloads-dev',
      'shared-network',
    ]);
    expect(config.organization.deploymentRoleName).toBe('OrganizationAccountAccessRole');
    expect(config.openSearch.ebsVolumeType).toBe('gp3');
    expect(config.memberAccounts[1]!.wafWebAclArns).toEqual([]);
    expect(config.memberAccounts[2]!.wave).toBe('main');
  });
});

describe('alerting and freshness defaults', () => {
  it('emails severities 1-4 and checks CloudTrail freshness over 60 minutes every 15 when left out', () => {
    // Prepare
    const raw = structuredClone(exampleConfig) as SiemConfigInput;
    delete raw.alerting?.emailMaxSeverity;
    delete raw.detections;

    // Act
    const config = parseConfig(raw, 'test');

    // Assess
    expect(config.alerting.emailMaxSeverity).toBe(4);
    expect(config.detections.cloudTrailFreshness).toEqual({ silentMinutes: 60, scheduleMinutes: 15 });
  });

  it('keeps a configured freshness window and schedule', () => {
    // Prepare
    const raw = structuredClone(exampleConfig) as SiemConfigInput;
    raw.detections = { cloudTrailFreshness: { silentMinutes: 240, scheduleMinutes: 30 } };

    // Act
    const config = parseConfig(raw, 'test');

    // Assess
    expect(config.detections.cloudTrailFreshness).toEqual({ silentMinutes: 240, scheduleMinutes: 30 });
  });

  it('ships an example that emails up to severity 4', () => {
    // Act
    const config = loadConfig(join(__dirname, '../../../siem.config.json'));

    // Assess
    expect(config.alerting.emailMaxSeverity).toBe(4);
    expect(config.detections.cloudTrailFreshness).toEqual({ silentMinutes: 60, scheduleMinutes: 15 });
  });
});

describe('organization.securityAccountId', () => {
  it.each<[string, string | undefined, string]>([
    ['defaults to the log-archive account', undefined, '222222222222'],
    ['keeps a separate security-tooling account', '666666666666', '666666666666'],
  ])('%s', (_case, securityAccountId, expected) => {
    // Prepare
    const raw = structuredClone(exampleConfig) as SiemConfigInput;
    if (securityAccountId !== undefined) raw.organization.securityAccountId = securityAccountId;

    // Act
    const config = parseConfig(raw, 'test');

    // Assess
    expect(config.organization.securityAccountId).toBe(expected);
    expect(config.organization.logArchiveAccountId).toBe('222222222222');
  });
});

describe('a bad config', () => {
  it.each<[string, (raw: SiemConfigInput) => void, string]>([
    [
      'missing member account id',
      (raw) => delete (raw.memberAccounts[0] as { id?: string }).id,
      'memberAccounts[0].id: is required',
    ],
    [
      '11-digit account id',
      (raw) => (raw.memberAccounts[1]!.id = '44444444444'),
      'memberAccounts[1].id: must be a 12-digit AWS account id',
    ],
    [
      'unknown region',
      (raw) => (raw.memberAccounts[0]!.regions = ['eu-west-1', 'eu-moon-1' as never]),
      'memberAccounts[0].regions[1]: unknown AWS region "eu-moon-1"',
    ],
    [
      'negative retention',
      (raw) => (raw.retention = { ...raw.retention, hotDays: -5 }),
      'retention.hotDays: hotDays must be at least 1 day',
    ],
    [
      'duplicate account',
      (raw) => raw.memberAccounts.push({ ...raw.memberAccounts[0]!, name: 'copy-of-prod' }),
      'memberAccounts[3].id: duplicate account id, already memberAccounts[0]',
    ],
    [
      'unknown home region',
      (raw) => (raw.homeRegion = 'xx-east-9' as SiemConfigInput['homeRegion']),
      'homeRegion: unknown AWS region "xx-east-9"',
    ],
    [
      'archive account equal to management account',
      (raw) => (raw.organization.logArchiveAccountId = raw.organization.managementAccountId),
      'organization.logArchiveAccountId: must differ from managementAccountId',
    ],
    [
      'security account equal to management account',
      (raw) => (raw.organization.securityAccountId = raw.organization.managementAccountId),
      'organization.securityAccountId: must differ from managementAccountId',
    ],
    [
      'security account id that is not 12 digits',
      (raw) => (raw.organization.securityAccountId = '66666666666a'),
      'organization.securityAccountId: must be a 12-digit AWS account id',
    ],
    [
      'expiry before the Glacier transition',
      (raw) => (raw.retention = { ...raw.retention, expireAfterDays: 60 }),
      'retention.expireAfterDays: must be greater than glacierAfterDays (90)',
    ],
    [
      'freshness window shorter than CloudTrail delivery allows',
      (raw) => (raw.detections = { cloudTrailFreshness: { silentMinutes: 20 } }),
      'detections.cloudTrailFreshness.silentMinutes: silentMinutes must be at least 30',
    ],
    [
      'freshness window longer than a day',
      (raw) => (raw.detections = { cloudTrailFreshness: { silentMinutes: 2000 } }),
      'detections.cloudTrailFreshness.silentMinutes: silentMinutes must be at most 1440',
    ],
    [
      'fractional freshness schedule',
      (raw) => (raw.detections = { cloudTrailFreshness: { scheduleMinutes: 7.5 } }),
      'detections.cloudTrailFreshness.scheduleMinutes: scheduleMinutes must be a whole number of minutes',
    ],
    [
      'freshness check run less often than its window',
      (raw) => (raw.detections = { cloudTrailFreshness: { silentMinutes: 45, scheduleMinutes: 60 } }),
      'detections.cloudTrailFreshness.scheduleMinutes: must not exceed silentMinutes (45)',
    ],
    [
      'misspelled freshness field',
      (raw) => (raw.detections = { cloudTrailFreshness: { silentMinute: 60 } as never }),
      'detections.cloudTrailFreshness: unknown field(s) "silentMinute"',
    ],
    [
      'misspelled field',
      (raw) => ((raw as Record<string, unknown>).namePrefx = 'siem'),
      '(root): unknown field(s) "namePrefx"',
    ],
  ])('fails on %s, naming the field path', (_case, change, expected) => {
    // Act
    const problems = problemsOf(change);

    // Assess
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });

  it('reports every problem at once, not only the first', () => {
    // Act
    const problems = problemsOf((raw) => {
      raw.memberAccounts[0]!.id = '1';
      raw.memberAccounts[1]!.regions = ['nowhere-1' as never];
    });

    // Assess
    expect(problems).toHaveLength(2);
  });

  it('names the file when it is not JSON', () => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), 'siem-config-')), 'broken.json');
    writeFileSync(file, '{ "namePrefix": ');

    // Act
    const act = () => loadConfig(file);

    // Assess
    expect(act).toThrow(ConfigError);
    expect(act).toThrow(/broken\.json is not a valid SIEM config:\n {2}- is not valid JSON/);
  });
});

describe('archive protection settings', () => {
  it('leaves Object Lock off and names the default break-glass role when left out', () => {
    // Prepare
    const raw = structuredClone(exampleConfig) as SiemConfigInput;

    // Act
    const config = parseConfig(raw, 'test');

    // Assess
    expect(config.archive).toEqual({ breakGlassRoleName: 'SiemArchiveBreakGlass' });
    expect(config.ci).toBeUndefined();
  });

  it('keeps a configured Object Lock and break-glass role path', () => {
    // Prepare
    const raw = structuredClone(exampleConfig) as SiemConfigInput;
    raw.archive = {
      objectLock: { mode: 'GOVERNANCE', days: 400 },
      breakGlassRoleName: 'emergency/BreakGlass',
    };

    // Act
    const config = parseConfig(raw, 'test');

    // Assess
    expect(config.archive).toEqual({
      objectLock: { mode: 'GOVERNANCE', days: 400 },
      breakGlassRoleName: 'emergency/BreakGlass',
    });
  });

  it.each<[string, (raw: SiemConfigInput) => void, string]>([
    [
      'Object Lock longer than the archive keeps objects',
      (raw) => (raw.archive = { objectLock: { mode: 'COMPLIANCE', days: 3000 } }),
      'archive.objectLock.days: must not exceed retention.expireAfterDays (2555)',
    ],
    [
      'unknown Object Lock mode',
      (raw) => (raw.archive = { objectLock: { mode: 'LEGAL' as never, days: 30 } }),
      'archive.objectLock.mode:',
    ],
    [
      'break-glass role that is the deployment role',
      (raw) => (raw.archive = { breakGlassRoleName: 'OrganizationAccountAccessRole' }),
      'archive.breakGlassRoleName: must differ from organization.deploymentRoleName',
    ],
    [
      'break-glass role name with a space',
      (raw) => (raw.archive = { breakGlassRoleName: 'Break Glass' }),
      'archive.breakGlassRoleName: must be an IAM role name',
    ],
    [
      'CI repository that is not owner/name',
      (raw) => (raw.ci = { githubRepository: 'just-a-name' }),
      'ci.githubRepository: must be owner/name of a GitHub repository',
    ],
  ])('reports %s', (_case, change, expected) => {
    // Act
    const problems = problemsOf(change);

    // Assess
    expect(problems.some((p) => p.startsWith(expected))).toBe(true);
  });
});
