import { formatSummary, parseSubscribeExistingArgs } from '../../../cli/commands/subscribe-existing';
import { emptyCounts } from '../../../functions/log-subscriber/backfill';

describe('parseSubscribeExistingArgs', () => {
  it('defaults the destination to siem-log-transfer in the account and region', () => {
    // Act
    const args = parseSubscribeExistingArgs([
      '--account',
      '111122223333',
      '--region',
      'eu-west-1',
      '--exclude-prefix',
      '/a/',
      '--exclude-prefix',
      '/b/',
      '--exclude-group',
      '/aws/lambda/siem-log-subscriber',
      '--dry-run',
    ]);

    // Assess
    expect(args).toEqual({
      account: '111122223333',
      region: 'eu-west-1',
      destinationArn: 'arn:aws:lambda:eu-west-1:111122223333:function:siem-log-transfer',
      filterName: 'siem-log-transfer',
      excludedPrefixes: ['/a/', '/b/'],
      ownLogGroups: ['/aws/lambda/siem-log-subscriber'],
      dryRun: true,
      endpoint: undefined,
    });
  });

  it.each([
    [['--region', 'eu-west-1'], /--account must be a 12-digit account id/],
    [['--account', '111122223333'], /--region must be an AWS region/],
    [
      [
        '--account',
        '111122223333',
        '--region',
        'eu-west-1',
        '--destination-arn',
        'arn:aws:sqs:eu-west-1:111122223333:q',
      ],
      /must be a Lambda function ARN/,
    ],
    [
      [
        '--account',
        '111122223333',
        '--region',
        'eu-west-1',
        '--destination-arn',
        'arn:aws:lambda:us-east-1:111122223333:function:siem-log-transfer',
      ],
      /is not in account 111122223333, region eu-west-1/,
    ],
    [['--account', '111122223333', '--region', 'eu-west-1', '--bogus'], /Unknown option '--bogus'/],
  ])('rejects %j', (argv, message) => {
    // Act
    const parse = () => parseSubscribeExistingArgs(argv);

    // Assess
    expect(parse).toThrow(message);
  });
});

describe('formatSummary', () => {
  it('lists the counts, the slots-full groups with their filters, and the failures', () => {
    // Prepare
    const args = parseSubscribeExistingArgs(['--account', '111122223333', '--region', 'eu-west-1']);
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
    expect(text).toContain('log groups scanned: 5\n');
    expect(text).toContain('  subscribed          3\n');
    expect(text).toContain('  /full: a, b\n');
    expect(text).toContain('failed:\n  cannot subscribe log group /bad: AccessDeniedException: no');
  });
});
