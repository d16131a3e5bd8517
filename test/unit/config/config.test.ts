import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseConfig } from '../../../config/load';
import { cognitoReservedWord, type SiemConfigInput } from '../../../config/schema';
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
    [
      'missing home region',
      (raw) => delete (raw as { homeRegion?: string }).homeRegion,
      'homeRegion: is required',
    ],
    [
      'snapshots kept longer than the archive keeps logs',
      (raw) => (raw.retention = { ...raw.retention, expireAfterDays: 60, glacierAfterDays: 30, hotDays: 7 }),
      'retention.snapshotRetentionDays: must not exceed expireAfterDays (60)',
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

describe('web ACLs to log', () => {
  const prodAcl = exampleConfig.memberAccounts[0]!.wafWebAclArns![0]!;
  const edgeAcl = exampleConfig.memberAccounts[2]!.wafWebAclArns![0]!;
  const acl = (region: string, account: string, scope: string, name: string) =>
    `arn:aws:wafv2:${region}:${account}:${scope}/webacl/${name}/a1b2c3d4-5678-90ab-cdef-333333333333`;

  it.each<[string, (raw: SiemConfigInput) => void, string]>([
    [
      'the same ACL twice in one member',
      (raw) => raw.memberAccounts[0]!.wafWebAclArns!.push(prodAcl),
      'memberAccounts[0].wafWebAclArns[1]: duplicate web ACL, already memberAccounts[0].wafWebAclArns[0]',
    ],
    [
      'the same ACL in two members',
      (raw) => raw.memberAccounts[2]!.wafWebAclArns!.push(prodAcl),
      'memberAccounts[2].wafWebAclArns[1]: duplicate web ACL, already memberAccounts[0].wafWebAclArns[0]',
    ],
    [
      'a regional and a CloudFront ACL of the same name in us-east-1',
      (raw) =>
        raw.memberAccounts[2]!.wafWebAclArns!.push(acl('us-east-1', '555555555555', 'regional', 'edge')),
      'memberAccounts[2].wafWebAclArns[1]: web ACL name "edge" is already used in us-east-1 by memberAccounts[2].wafWebAclArns[0]',
    ],
    [
      'an ACL of another account',
      (raw) => (raw.memberAccounts[1]!.wafWebAclArns = [acl('eu-west-1', '333333333333', 'regional', 'dev')]),
      'memberAccounts[1].wafWebAclArns[0]: is a web ACL of account 333333333333, not of this member (444444444444)',
    ],
    [
      'a regional ACL of a region the member does not list',
      (raw) =>
        raw.memberAccounts[0]!.wafWebAclArns!.push(acl('eu-west-3', '333333333333', 'regional', 'shop')),
      'memberAccounts[0].wafWebAclArns[1]: is in eu-west-3, which memberAccounts[0].regions does not list',
    ],
    [
      'a regional ACL of an unknown region',
      (raw) =>
        raw.memberAccounts[0]!.wafWebAclArns!.push(acl('eu-moon-1', '333333333333', 'regional', 'shop')),
      'memberAccounts[0].wafWebAclArns[1]: unknown AWS region "eu-moon-1"',
    ],
    [
      'a CloudFront ACL whose ARN is not of us-east-1',
      (raw) => raw.memberAccounts[0]!.wafWebAclArns!.push(acl('eu-west-1', '333333333333', 'global', 'cdn')),
      "memberAccounts[0].wafWebAclArns[1]: a global (CloudFront) web ACL's ARN names us-east-1, not eu-west-1",
    ],
    [
      'an ARN without the ACL id',
      (raw) =>
        raw.memberAccounts[0]!.wafWebAclArns!.push(
          'arn:aws:wafv2:eu-west-1:333333333333:regional/webacl/shop',
        ),
      'memberAccounts[0].wafWebAclArns[1]: must be a WAFv2 web ACL ARN',
    ],
  ])('rejects %s, naming the entry', (_case, change, expected) => {
    // Act
    const problems = problemsOf(change);

    // Assess
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining(expected)]));
  });

  it('accepts a CloudFront ACL of a member that does not list us-east-1 (its logging runs there regardless)', () => {
    // Prepare
    const raw = structuredClone(exampleConfig) as SiemConfigInput;
    expect(raw.memberAccounts[0]!.regions).not.toContain('us-east-1');
    raw.memberAccounts[0]!.wafWebAclArns!.push(acl('us-east-1', '333333333333', 'global', 'cdn'));

    // Act
    const config = parseConfig(raw, 'test');

    // Assess
    expect(config.memberAccounts[0]!.wafWebAclArns).toHaveLength(2);
  });

  it('accepts a regional and a CloudFront ACL of different names in us-east-1', () => {
    // Prepare
    const raw = structuredClone(exampleConfig) as SiemConfigInput;
    raw.memberAccounts[2]!.wafWebAclArns!.push(acl('us-east-1', '555555555555', 'regional', 'api'));

    // Act
    const config = parseConfig(raw, 'test');

    // Assess
    expect(config.memberAccounts[2]!.wafWebAclArns).toEqual([edgeAcl, expect.stringContaining('/api/')]);
  });
});

describe('Cognito domain prefix', () => {
  it.each([
    ['siem-aws-login', 'aws'],
    ['amazonsiem', 'amazon'],
    ['my-cognito-1', 'cognito'],
  ])('rejects the configured prefix %s, which contains %s', (prefix, word) => {
    // Act
    const problems = problemsOf((raw) => (raw.openSearch!.cognitoDomainPrefix = prefix));

    // Assess
    expect(problems).toEqual([
      `openSearch.cognitoDomainPrefix: contains "${word}", which AWS reserves in Cognito domain prefixes`,
    ]);
  });

  it('finds reserved words whatever their case', () => {
    // Act
    const words = ['Siem-AWS', 'AmAzOn1', 'xCOGNITOx', 'siem-login'].map(cognitoReservedWord);

    // Assess
    expect(words).toEqual(['aws', 'amazon', 'cognito', undefined]);
  });

  it('rejects a name prefix whose derived domain prefix would contain a reserved word', () => {
    // Act
    const problems = problemsOf((raw) => {
      raw.namePrefix = 'awslogs';
      delete raw.openSearch!.cognitoDomainPrefix;
    });

    // Assess
    expect(problems).toEqual([
      'namePrefix: the Cognito domain prefix derived from it ("awslogs-222222222222") contains "aws", which AWS reserves: set openSearch.cognitoDomainPrefix',
    ]);
  });

  it('accepts that name prefix when a domain prefix is configured', () => {
    // Prepare
    const raw = structuredClone(exampleConfig) as SiemConfigInput;
    raw.namePrefix = 'awslogs';

    // Act
    const config = parseConfig(raw, 'test');

    // Assess
    expect(config.openSearch.cognitoDomainPrefix).toBe('example-siem-login');
  });
});

describe('loadConfig messages', () => {
  const fileWith = (text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'siem-config-')), 'siem.config.json');
    writeFileSync(file, text);
    return file;
  };
  const problemsLoading = (file: string) => {
    try {
      loadConfig(file);
    } catch (err) {
      if (err instanceof ConfigError) return err.problems;
      throw err;
    }
    throw new Error('the config was accepted');
  };

  it('gives the line and column of a JSON syntax error', () => {
    // Prepare
    const file = fileWith('{\n  "namePrefix": "siem",\n  "homeRegion": "eu-west-1",\n}\n');

    // Act
    const problems = problemsLoading(file);

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^is not valid JSON at line 4, column 1 \\(${file}:4:1\\): \\S`));
    expect(problems[0]).not.toContain('position');
  });

  it('points at the end of a truncated file', () => {
    // Prepare
    const file = fileWith('{\n  "namePrefix": ');

    // Act
    const problems = problemsLoading(file);

    // Assess
    expect(problems).toEqual([
      `is not valid JSON at line 2, column 17 (${file}:2:17): Unexpected end of JSON input`,
    ]);
  });

  it.each([
    ['empty', ''],
    ['blank', '  \n\n'],
  ])('says a file that is %s is empty', (_case, text) => {
    // Act
    const problems = problemsLoading(fileWith(text));

    // Assess
    expect(problems).toEqual(['the file is empty: expected a JSON object']);
  });
});

describe('local Terraform state', () => {
  it('defaults to terraform-state/, a folder git ignores the state files of', () => {
    // Act
    const config = parseConfig(structuredClone(exampleConfig), 'test');
    const ignored = spawnSync(
      'git',
      [
        'check-ignore',
        '-q',
        `${config.stateBackend.type === 'local' && config.stateBackend.path}/log-archive.tfstate`,
      ],
      {
        cwd: join(__dirname, '../../..'),
      },
    );

    // Assess
    expect(config.stateBackend).toEqual({ type: 'local', path: 'terraform-state' });
    expect(ignored.status).toBe(0);
  });

  it.each(['cdktf.out', 'cdktf.out/state', './cdktf.out'])('rejects a state folder inside %s', (path) => {
    // Act
    const problems = problemsOf((raw) => (raw.stateBackend = { type: 'local', path }));

    // Assess
    expect(problems).toEqual([
      'stateBackend.path: must be outside cdktf.out: that folder is regenerated and deleted, the state with it',
    ]);
  });
});

describe('memberAccounts[].resolverQueryLogs', () => {
  it('is off unless set, and logs every VPC when set without a list', () => {
    // Act
    const config = parseConfig(
      (() => {
        const raw = structuredClone(exampleConfig) as SiemConfigInput;
        raw.memberAccounts[1]!.resolverQueryLogs = {};
        return raw;
      })(),
      'test',
    );

    // Assess
    expect(config.memberAccounts[0]!.resolverQueryLogs).toBeUndefined();
    expect(config.memberAccounts[1]!.resolverQueryLogs).toEqual({ vpcs: 'all' });
  });

  it.each<[string, unknown, string]>([
    ['a VPC id that is not one', ['vpc-XYZ'], 'must be a VPC id'],
    ['an empty list', [], 'list at least one VPC, or "all"'],
    ['a VPC twice', ['vpc-0a1b2c3d', 'vpc-0a1b2c3d'], 'lists a VPC twice'],
  ])('rejects %s', (_what, vpcs, message) => {
    // Act
    const problems = problemsOf((raw) => {
      raw.memberAccounts[0]!.resolverQueryLogs = { vpcs: vpcs as never };
    });

    // Assess
    expect(problems.join('\n')).toContain(message);
    expect(problems.join('\n')).toContain('memberAccounts[0].resolverQueryLogs.vpcs');
  });

  it('rejects an unknown option', () => {
    // Act
    const problems = problemsOf((raw) => {
      raw.memberAccounts[0]!.resolverQueryLogs = { vpcs: 'all', bucket: 'x' } as never;
    });

    // Assess
    expect(problems.join('\n')).toMatch(/bucket/);
  });
});

describe('memberAccounts[].networkFirewallArns', () => {
  const FIREWALL = 'arn:aws:network-firewall:eu-west-1:333333333333:firewall/egress';

  it('logs no firewall unless listed, and keeps a listed one', () => {
    // Act
    const config = parseConfig(
      (() => {
        const raw = structuredClone(exampleConfig) as SiemConfigInput;
        raw.memberAccounts[0]!.networkFirewallArns = [FIREWALL];
        return raw;
      })(),
      'test',
    );

    // Assess
    expect(config.memberAccounts[0]!.networkFirewallArns).toEqual([FIREWALL]);
    expect(config.memberAccounts[1]!.networkFirewallArns).toEqual([]);
  });

  it.each<[string, string[], string]>([
    [
      'a malformed ARN',
      ['arn:aws:network-firewall:eu-west-1:333333333333:firewall-policy/p'],
      'must be a Network Firewall ARN',
    ],
    [
      'a firewall of another account',
      [FIREWALL.replace('333333333333', '444444444444')],
      'is a firewall of account 444444444444',
    ],
    [
      'a region the member does not list',
      [FIREWALL.replace('eu-west-1', 'ap-south-1')],
      'is in ap-south-1, which memberAccounts[0].regions does not list',
    ],
    [
      'a firewall twice',
      [FIREWALL, FIREWALL],
      'duplicate firewall, already memberAccounts[0].networkFirewallArns[0]',
    ],
  ])('rejects %s', (_what, arns, message) => {
    // Act
    const problems = problemsOf((raw) => {
      raw.memberAccounts[0]!.networkFirewallArns = arns;
    });

    // Assess
    expect(problems.join('\n')).toContain(message);
  });
});
