import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSummary, parseSubscribeExistingArgs } from '../../../cli/commands/subscribe-existing';
import { parseConfig } from '../../../config/load';
import type { SiemConfig, SiemConfigInput } from '../../../config/schema';
import { emptyCounts } from '../../../functions/log-subscriber/backfill';
import exampleConfig from '../../../siem.config.json';
import { testOrganization } from '../../support/config';

/** workloads-dev (444444444444, eu-west-1) excludes /aws/lambda/dev-scratch- in the example config. */
const DEV = '444444444444';
const example = parseConfig(exampleConfig, 'siem.config.json');
const loadExample = (): SiemConfig => example;
const withPrefix = parseConfig({ ...(exampleConfig as SiemConfigInput), namePrefix: 'acme-siem' }, 'test');

const tempDir = mkdtempSync(join(tmpdir(), 'siem-subscribe-cli-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

describe('parseSubscribeExistingArgs', () => {
  it('derives destination, filter name and exclusions from the config for the account', () => {
    // Act
    const args = parseSubscribeExistingArgs(['--account', DEV, '--region', 'eu-west-1'], loadExample);

    // Assess
    expect(args).toEqual({
      account: DEV,
      region: 'eu-west-1',
      destinationArn: `arn:aws:lambda:eu-west-1:${DEV}:function:siem-log-transfer`,
      filterName: 'siem-log-transfer',
      excludedPrefixes: ['/aws/lambda/dev-scratch-'],
      // The log movers' own groups, as the member stack gives the deployed function.
      ownLogGroups: ['/aws/lambda/siem-log-transfer', '/aws/lambda/siem-log-subscriber'],
      dryRun: false,
      endpoint: undefined,
    });
  });

  it('follows a configured namePrefix into every derived name', () => {
    // Act
    const args = parseSubscribeExistingArgs(['--account', DEV, '--region', 'eu-west-1'], () => withPrefix);

    // Assess
    expect(args).toMatchObject({
      destinationArn: `arn:aws:lambda:eu-west-1:${DEV}:function:acme-siem-log-transfer`,
      filterName: 'acme-siem-log-transfer',
      ownLogGroups: ['/aws/lambda/acme-siem-log-transfer', '/aws/lambda/acme-siem-log-subscriber'],
    });
  });

  it('finds the account by its config name too', () => {
    // Act
    const args = parseSubscribeExistingArgs(
      ['--account', 'workloads-prod', '--region', 'eu-central-1'],
      loadExample,
    );

    // Assess
    expect(args.account).toBe('333333333333');
    expect(args.destinationArn).toBe('arn:aws:lambda:eu-central-1:333333333333:function:siem-log-transfer');
    expect(args.excludedPrefixes).toEqual([]);
  });

  it('lets explicit flags override the destination and filter, and add exclusions', () => {
    // Act
    const args = parseSubscribeExistingArgs(
      [
        '--account',
        DEV,
        '--region',
        'eu-west-1',
        '--destination-arn',
        `arn:aws:lambda:eu-west-1:${DEV}:function:other-transfer`,
        '--filter-name',
        'other-filter',
        '--exclude-prefix',
        '/a/',
        '--exclude-prefix',
        '/aws/lambda/dev-scratch-',
        '--exclude-group',
        '/b',
        '--dry-run',
        '--endpoint',
        'http://127.0.0.1:5000',
      ],
      loadExample,
    );

    // Assess
    expect(args).toEqual({
      account: DEV,
      region: 'eu-west-1',
      destinationArn: `arn:aws:lambda:eu-west-1:${DEV}:function:other-transfer`,
      filterName: 'other-filter',
      excludedPrefixes: ['/aws/lambda/dev-scratch-', '/a/'],
      ownLogGroups: ['/aws/lambda/siem-log-transfer', '/aws/lambda/siem-log-subscriber', '/b'],
      dryRun: true,
      endpoint: 'http://127.0.0.1:5000',
    });
  });

  it('reads and validates the file named by --config', () => {
    // Prepare
    const file = join(tempDir, 'member.config.json');
    writeFileSync(
      file,
      JSON.stringify({
        namePrefix: 'corp',
        ...testOrganization(),
        memberAccounts: [
          { id: '123456789012', name: 'it', regions: ['ap-southeast-3'], excludedLogGroupPrefixes: ['/x/'] },
        ],
      }),
    );
    const invalid = join(tempDir, 'invalid.config.json');
    writeFileSync(invalid, JSON.stringify({ homeRegion: 'eu-west-1' }));

    // Act
    const args = parseSubscribeExistingArgs([
      '--config',
      file,
      '--account',
      '123456789012',
      '--region',
      'ap-southeast-3',
    ]);
    const parseInvalid = () =>
      parseSubscribeExistingArgs([
        '--config',
        invalid,
        '--account',
        '123456789012',
        '--region',
        'ap-southeast-3',
      ]);

    // Assess
    expect(args).toMatchObject({
      destinationArn: 'arn:aws:lambda:ap-southeast-3:123456789012:function:corp-log-transfer',
      filterName: 'corp-log-transfer',
      excludedPrefixes: ['/x/'],
    });
    expect(parseInvalid).toThrow(/is not a valid SIEM config/);
  });

  it.each([
    [['--region', 'eu-west-1'], /--account is required/],
    [['--account', DEV], /--region must be an AWS region/],
    [
      ['--account', '999999999999', '--region', 'eu-west-1'],
      /is not a member account in .*known: 333333333333/,
    ],
    [
      ['--account', DEV, '--region', 'eu-central-1'],
      /region eu-central-1 is not configured for account 444444444444/,
    ],
    [
      ['--account', DEV, '--region', 'eu-west-1', '--destination-arn', `arn:aws:sqs:eu-west-1:${DEV}:q`],
      /must be a Lambda function ARN/,
    ],
    [
      [
        '--account',
        DEV,
        '--region',
        'eu-west-1',
        '--destination-arn',
        `arn:aws:lambda:us-east-1:${DEV}:function:siem-log-transfer`,
      ],
      /is not in account 444444444444, region eu-west-1/,
    ],
    [['--account', DEV, '--region', 'eu-west-1', '--bogus'], /Unknown option '--bogus'/],
  ])('rejects %j', (argv, message) => {
    // Act
    const parse = () => parseSubscribeExistingArgs(argv, loadExample);

    // Assess
    expect(parse).toThrow(message);
  });

  it('accepts a region outside the config when the destination is given explicitly', () => {
    // Act
    const args = parseSubscribeExistingArgs(
      [
        '--account',
        DEV,
        '--region',
        'eu-central-1',
        '--destination-arn',
        `arn:aws:lambda:eu-central-1:${DEV}:function:siem-log-transfer`,
      ],
      loadExample,
    );

    // Assess
    expect(args.region).toBe('eu-central-1');
    expect(args.excludedPrefixes).toEqual(['/aws/lambda/dev-scratch-']);
  });
});

describe('formatSummary', () => {
  it('lists the counts, the slots-full groups with their filters, and the failures', () => {
    // Prepare
    const args = parseSubscribeExistingArgs(['--account', DEV, '--region', 'eu-west-1'], loadExample);
    const counts = { ...emptyCounts(), subscribed: 3, 'slots-full': 1, failed: 1 };

    // Act
    const text = formatSummary(args, {
      complete: true,
      scanned: 5,
      counts,
      slotsFull: [{ logGroupName: '/full', outcome: 'slots-full', existingFilters: ['a', 'b'] }],
      failures: [
        { logGroupName: '/bad', error: 'cannot subscribe log group /bad: AccessDeniedException: no' },
      ],
    });

    // Assess
    expect(text).toContain(
      `destination arn:aws:lambda:eu-west-1:${DEV}:function:siem-log-transfer, filter siem-log-transfer\n`,
    );
    expect(text).toContain('log groups scanned: 5\n');
    expect(text).toContain('  subscribed          3\n');
    expect(text).toContain('  /full: a, b\n');
    expect(text).toContain('failed:\n  cannot subscribe log group /bad: AccessDeniedException: no');
  });
});
