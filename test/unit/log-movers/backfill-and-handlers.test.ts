import {
  DescribeLogGroupsCommand,
  DescribeSubscriptionFiltersCommand,
  PutSubscriptionFilterCommand,
  type SubscriptionFilter,
} from '@aws-sdk/client-cloudwatch-logs';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { CloudWatchLogsEvent } from 'aws-lambda';
import {
  accountOfLogGroupArn,
  backfillSubscriptions,
  mapWithConcurrency,
} from '../../../functions/log-subscriber/backfill';
import { createSubscriberHandler } from '../../../functions/log-subscriber/handler';
import type { LogsClient } from '../../../functions/log-subscriber/subscribe';
import { encodeSubscriptionData } from '../../../functions/log-transfer/decode-payload';
import {
  archiveS3ClientConfig,
  createTransferHandler,
  parseTransferConfig,
} from '../../../functions/log-transfer/handler';
import { createLogger } from '../../../functions/shared/logger';

const ACCOUNT = '111122223333';
const DESTINATION = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:siem-log-transfer`;
const target = {
  destinationArn: DESTINATION,
  filterName: 'siem-log-transfer',
  excludedPrefixes: ['/skip/'],
  ownLogGroups: [],
};

/** An in-memory CloudWatch Logs with DescribeLogGroups pages of `pageSize`, like the real API. */
function inMemoryLogs(groups: Record<string, SubscriptionFilter[]>, pageSize = 50, account = ACCOUNT) {
  const names = Object.keys(groups).sort();
  const calls = { describeLogGroups: 0 };
  const send = async (command: unknown): Promise<unknown> => {
    if (command instanceof DescribeLogGroupsCommand) {
      calls.describeLogGroups++;
      const start = Number(command.input.nextToken ?? 0);
      const page = names.slice(start, start + pageSize);
      return {
        logGroups: page.map((name) => ({
          logGroupName: name,
          arn: `arn:aws:logs:eu-west-1:${account}:log-group:${name}:*`,
        })),
        nextToken: start + pageSize < names.length ? String(start + pageSize) : undefined,
      };
    }
    if (command instanceof DescribeSubscriptionFiltersCommand) {
      return { subscriptionFilters: groups[command.input.logGroupName ?? ''] ?? [] };
    }
    if (command instanceof PutSubscriptionFilterCommand) {
      groups[command.input.logGroupName ?? '']?.push({
        filterName: command.input.filterName,
        destinationArn: command.input.destinationArn,
      });
      return {};
    }
    throw new Error('unexpected command');
  };
  return { client: { send } as unknown as LogsClient, calls };
}

function silentLogger(lines: string[] = []) {
  return createLogger({}, { write: (line) => lines.push(line) });
}

describe('backfillSubscriptions', () => {
  it('pages through every group and counts each outcome', async () => {
    // Prepare
    const groups: Record<string, SubscriptionFilter[]> = {};
    for (let i = 0; i < 120; i++) groups[`/app/g${String(i).padStart(3, '0')}`] = [];
    groups['/skip/me'] = [];
    groups['/app/full'] = [
      { filterName: 'a', destinationArn: 'arn:a' },
      { filterName: 'b', destinationArn: 'arn:b' },
    ];
    groups['/app/done'] = [{ filterName: 'siem-log-transfer', destinationArn: DESTINATION }];
    const { client, calls } = inMemoryLogs(groups);
    const progress: number[] = [];

    // Act
    const summary = await backfillSubscriptions(client, {
      ...target,
      onProgress: (s) => progress.push(s.scanned),
    });

    // Assess
    expect(calls.describeLogGroups).toBe(3);
    expect(progress).toEqual([50, 100, 123]);
    expect(summary).toMatchObject({
      complete: true,
      scanned: 123,
      counts: { subscribed: 120, 'already-subscribed': 1, excluded: 1, 'slots-full': 1, failed: 0 },
    });
    expect(summary.slotsFull.map((r) => r.logGroupName)).toEqual(['/app/full']);
    expect(Object.values(groups).filter((filters) => filters.length === 0)).toHaveLength(1); // /skip/me
  });

  it('stops between pages when asked and says it is incomplete', async () => {
    // Prepare
    const groups: Record<string, SubscriptionFilter[]> = {};
    for (let i = 0; i < 60; i++) groups[`/app/g${i}`] = [];
    const { client } = inMemoryLogs(groups);
    let pages = 0;

    // Act
    const summary = await backfillSubscriptions(client, { ...target, shouldStop: () => pages++ >= 1 });

    // Assess
    expect(summary).toMatchObject({ complete: false, scanned: 50 });
  });

  it('refuses groups of another account', async () => {
    // Prepare
    const { client } = inMemoryLogs({ '/app/a': [] }, 50, '999988887777');

    // Act
    const run = backfillSubscriptions(client, { ...target, expectedAccountId: ACCOUNT });

    // Assess
    await expect(run).rejects.toThrow(/belongs to account 999988887777, not 111122223333/);
  });

  it('reads the account of a log group ARN', () => {
    // Act
    const account = accountOfLogGroupArn('arn:aws:logs:eu-west-1:111122223333:log-group:/a/b:*');

    // Assess
    expect(account).toBe(ACCOUNT);
  });
});

describe('mapWithConcurrency', () => {
  it('keeps order and never runs more than the limit at once', async () => {
    // Prepare
    let running = 0;
    let peak = 0;
    const work = async (n: number) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
      return n * 2;
    };

    // Act
    const results = await mapWithConcurrency([1, 2, 3, 4, 5, 6, 7], 3, work);

    // Assess
    expect(results).toEqual([2, 4, 6, 8, 10, 12, 14]);
    expect(peak).toBe(3);
  });
});

describe('log-subscriber handler', () => {
  it('subscribes the group named by a CreateLogGroup event and logs JSON', async () => {
    // Prepare
    const groups: Record<string, SubscriptionFilter[]> = { '/app/new': [] };
    const lines: string[] = [];
    const handler = createSubscriberHandler(() => ({
      logs: inMemoryLogs(groups).client,
      config: target,
      logger: silentLogger(lines),
    }));
    const event = {
      'detail-type': 'AWS API Call via CloudTrail',
      detail: { eventName: 'CreateLogGroup', requestParameters: { logGroupName: '/app/new' } },
    };

    // Act
    const result = await handler(event);

    // Assess
    expect(result).toMatchObject({ logGroupName: '/app/new', outcome: 'subscribed' });
    expect(groups['/app/new']).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 'info', outcome: 'subscribed' });
  });

  it('runs the backfill for a scheduled event', async () => {
    // Prepare
    const groups: Record<string, SubscriptionFilter[]> = { '/app/a': [], '/app/b': [] };
    const handler = createSubscriberHandler(() => ({
      logs: inMemoryLogs(groups).client,
      config: target,
      logger: silentLogger(),
    }));

    // Act
    const result = await handler(
      { 'detail-type': 'Scheduled Event', source: 'aws.events' },
      { awsRequestId: 'r', getRemainingTimeInMillis: () => 600_000 },
    );

    // Assess
    expect(result).toMatchObject({ complete: true, scanned: 2, counts: { subscribed: 2 } });
  });
});

describe('log-transfer handler', () => {
  it('decodes the event and puts the object', async () => {
    // Prepare
    const puts: string[] = [];
    const s3 = {
      send: async (command: unknown) => {
        if (command instanceof PutObjectCommand) puts.push(command.input.Key ?? '');
        return {};
      },
    } as unknown as Pick<S3Client, 'send'>;
    const handler = createTransferHandler(() => ({
      s3,
      target: parseTransferConfig({
        ARCHIVE_BUCKET: 'archive',
        ARCHIVE_REGION: 'eu-west-1',
        AWS_REGION: 'eu-central-1',
      }),
      logger: silentLogger(),
    }));
    const event: CloudWatchLogsEvent = {
      awslogs: {
        data: encodeSubscriptionData({
          messageType: 'DATA_MESSAGE',
          owner: ACCOUNT,
          logGroup: '/app/a',
          logStream: 's',
          subscriptionFilters: ['siem-log-transfer'],
          logEvents: [{ id: '1', timestamp: 0, message: 'hello' }],
        }),
      },
    };

    // Act
    const result = await handler(event);

    // Assess
    expect(result.status).toBe('written');
    // The key names the log group's region (the function's), not the bucket's.
    expect(puts).toEqual([
      expect.stringMatching(
        /^AWSLogs\/111122223333\/CloudWatchLogs\/eu-central-1\/app\/a\/1970\/01\/01\/00\//,
      ),
    ]);
  });

  it('fails clearly for an event that is not a subscription payload', async () => {
    // Prepare
    const lines: string[] = [];
    const handler = createTransferHandler(() => ({
      s3: { send: async () => ({}) } as unknown as Pick<S3Client, 'send'>,
      target: { bucket: 'archive', region: 'eu-west-1' },
      logger: silentLogger(lines),
    }));

    // Act
    const attempt = handler({} as CloudWatchLogsEvent);

    // Assess
    await expect(attempt).rejects.toThrow('event has no awslogs.data');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 'error', message: 'payload not archived' });
  });

  it('reads the archive bucket, its region apart from the function region, and the account', () => {
    // Act
    const config = parseTransferConfig({
      ARCHIVE_BUCKET: ' siem-222222222222-cloudwatch ',
      ARCHIVE_REGION: 'eu-west-1',
      AWS_REGION: 'ap-southeast-3',
      ACCOUNT_ID: '111122223333',
    });

    // Assess
    expect(config).toEqual({
      bucket: 'siem-222222222222-cloudwatch',
      region: 'ap-southeast-3',
      archiveRegion: 'eu-west-1',
      expectedAccountId: '111122223333',
    });
  });

  it('reads the findings bucket and log group the findings payloads are routed by', () => {
    // Act
    const config = parseTransferConfig({
      ARCHIVE_BUCKET: 'siem-222222222222-cloudwatch',
      FINDINGS_BUCKET: ' siem-222222222222-securityhub ',
      FINDINGS_LOG_GROUP: '/aws/events/siem-securityhub-findings',
      ARCHIVE_REGION: 'eu-west-1',
      AWS_REGION: 'eu-west-1',
    });

    // Assess
    expect(config).toMatchObject({
      bucket: 'siem-222222222222-cloudwatch',
      findings: {
        bucket: 'siem-222222222222-securityhub',
        logGroup: '/aws/events/siem-securityhub-findings',
      },
    });
  });

  it('routes the findings log group to the findings bucket and other groups to the CloudWatch bucket', async () => {
    // Prepare
    const puts: Array<[string, string]> = [];
    const s3 = {
      send: async (command: unknown) => {
        if (command instanceof PutObjectCommand)
          puts.push([command.input.Bucket ?? '', command.input.Key ?? '']);
        return {};
      },
    } as unknown as Pick<S3Client, 'send'>;
    const handler = createTransferHandler(() => ({
      s3,
      target: parseTransferConfig({
        ARCHIVE_BUCKET: 'archive-cloudwatch',
        FINDINGS_BUCKET: 'archive-securityhub',
        FINDINGS_LOG_GROUP: '/aws/events/siem-securityhub-findings',
        ARCHIVE_REGION: 'eu-west-1',
        AWS_REGION: 'eu-central-1',
      }),
      logger: silentLogger(),
    }));
    const event = (logGroup: string): CloudWatchLogsEvent => ({
      awslogs: {
        data: encodeSubscriptionData({
          messageType: 'DATA_MESSAGE',
          owner: ACCOUNT,
          logGroup,
          logStream: 's',
          subscriptionFilters: ['siem-log-transfer'],
          logEvents: [{ id: '1', timestamp: 0, message: '{}' }],
        }),
      },
    });

    // Act
    await handler(event('/aws/events/siem-securityhub-findings'));
    await handler(event('/app/a'));

    // Assess
    expect(puts).toEqual([
      [
        'archive-securityhub',
        expect.stringMatching(
          /^AWSLogs\/111122223333\/CloudWatchLogs\/eu-central-1\/aws\/events\/siem-securityhub-findings\/1970\//,
        ),
      ],
      [
        'archive-cloudwatch',
        expect.stringMatching(/^AWSLogs\/111122223333\/CloudWatchLogs\/eu-central-1\/app\/a\//),
      ],
    ]);
  });

  it('points the S3 client at the archive region and follows region redirects', async () => {
    // Prepare
    const config = parseTransferConfig({
      ARCHIVE_BUCKET: 'archive',
      ARCHIVE_REGION: 'eu-west-1',
      AWS_REGION: 'us-east-1',
    });

    // Act
    const client = new S3Client(archiveS3ClientConfig(config));

    // Assess
    try {
      expect(await client.config.region()).toBe('eu-west-1');
      expect(client.config.followRegionRedirects).toBe(true);
    } finally {
      client.destroy();
    }
  });

  it.each([
    [{ AWS_REGION: 'eu-west-1', ARCHIVE_REGION: 'eu-west-1' }, /ARCHIVE_BUCKET/],
    [{ ARCHIVE_BUCKET: 'b', ARCHIVE_REGION: 'eu-west-1' }, /AWS_REGION/],
    [
      { ARCHIVE_BUCKET: 'b', AWS_REGION: 'eu-central-1' },
      /ARCHIVE_REGION must name the archive bucket's region/,
    ],
    [
      { ARCHIVE_BUCKET: 'b', AWS_REGION: 'eu-central-1', ARCHIVE_REGION: 'home' },
      /ARCHIVE_REGION must be an AWS region/,
    ],
    [
      { ARCHIVE_BUCKET: 'b', AWS_REGION: 'eu-west-1', ARCHIVE_REGION: 'eu-west-1', ACCOUNT_ID: '12' },
      /ACCOUNT_ID must be 12 digits/,
    ],
    [
      { ARCHIVE_BUCKET: 'b', AWS_REGION: 'eu-west-1', ARCHIVE_REGION: 'eu-west-1', FINDINGS_BUCKET: 'f' },
      /FINDINGS_BUCKET and FINDINGS_LOG_GROUP go together/,
    ],
    [
      {
        ARCHIVE_BUCKET: 'b',
        AWS_REGION: 'eu-west-1',
        ARCHIVE_REGION: 'eu-west-1',
        FINDINGS_LOG_GROUP: '/aws/events/siem-securityhub-findings',
      },
      /FINDINGS_BUCKET and FINDINGS_LOG_GROUP go together/,
    ],
  ])('rejects the configuration %j', (env, message) => {
    // Act
    const parse = () => parseTransferConfig(env);

    // Assess
    expect(parse).toThrow(message);
  });
});
