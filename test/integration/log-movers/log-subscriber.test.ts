/**
 * The log-subscribing function and `siem subscribe-existing` against moto's CloudWatch Logs. The
 * file owns its region (moto keeps one backend per region), so the backfill, which scans a whole
 * region, sees only the groups made here. The CLI reads a SIEM config written for moto's account.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeSubscriptionFiltersCommand,
  PutSubscriptionFilterCommand,
  type SubscriptionFilter,
} from '@aws-sdk/client-cloudwatch-logs';
import { command as subscribeExisting } from '../../../cli/commands/subscribe-existing';
import { createSubscriberHandler } from '../../../functions/log-subscriber/handler';
import { createLogger } from '../../../functions/shared/logger';
import { logMoversOwnLogGroups } from '../../../config/member-names';
import { awsTestClientConfig, motoEndpoint } from '../../support/env';
import { ensureMotoFunction } from './moto-lambda';
import { testOrganization } from '../../support/config';

const REGION = 'ap-southeast-3';
const PREFIX = '/it-log-movers-subscriber';
const APP_GROUPS = Array.from({ length: 230 }, (_, i) => `${PREFIX}/app/g${String(i).padStart(3, '0')}`);
const FULL_GROUP = `${PREFIX}/full`;
const EXCLUDED_GROUP = `${PREFIX}/excluded/noisy`;
const DESTINATION_OWN_GROUP = '/aws/lambda/siem-log-transfer';
const SUBSCRIBER_OWN_GROUP = '/aws/lambda/siem-log-subscriber';
const CREATED_LATER = `${PREFIX}/app/created-later`;

const config = { ...awsTestClientConfig(), region: REGION };
const logs = new CloudWatchLogsClient(config);
let destinationArn = '';
let account = '';
const configDir = mkdtempSync(join(tmpdir(), 'siem-it-subscriber-'));
const configFile = join(configDir, 'siem.config.json');

async function allGroupNames(): Promise<string[]> {
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logs.send(new DescribeLogGroupsCommand({ nextToken }));
    names.push(...(page.logGroups ?? []).map((g) => g.logGroupName ?? ''));
    nextToken = page.nextToken;
  } while (nextToken);
  return names;
}

async function filtersOf(logGroupName: string): Promise<SubscriptionFilter[]> {
  return (
    (await logs.send(new DescribeSubscriptionFiltersCommand({ logGroupName }))).subscriptionFilters ?? []
  );
}

async function inBatches<T>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

/** Runs the CLI command in-process and returns its exit code and output. */
async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const log = jest
    .spyOn(console, 'log')
    .mockImplementation((line: unknown) => void stdout.push(String(line)));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
  try {
    const code = await subscribeExisting.run(argv);
    return { code, stdout: stdout.join('\n'), stderr: stderr.join('') };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

beforeAll(async () => {
  // The CLI builds its own client from the default credential chain, as it would for an operator.
  process.env.AWS_ACCESS_KEY_ID ??= config.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY ??= config.credentials.secretAccessKey;

  destinationArn = await ensureMotoFunction(config, 'siem-log-transfer');
  account = destinationArn.split(':')[4] ?? '';
  // The exclusion comes from the config only: the CLI must apply the account's configured prefixes.
  writeFileSync(
    configFile,
    JSON.stringify({
      ...testOrganization(),
      memberAccounts: [
        {
          id: account,
          name: 'it-subscriber',
          regions: [REGION],
          excludedLogGroupPrefixes: [`${PREFIX}/excluded/`],
        },
      ],
    }),
  );
  const teamA = await ensureMotoFunction(config, 'it-team-a');
  const teamB = await ensureMotoFunction(config, 'it-team-b');

  // Start from an empty region so a rerun against a long-lived moto server sees the same state.
  await inBatches(await allGroupNames(), 20, (name) =>
    logs.send(new DeleteLogGroupCommand({ logGroupName: name })),
  );
  await inBatches(
    [...APP_GROUPS, FULL_GROUP, EXCLUDED_GROUP, DESTINATION_OWN_GROUP, SUBSCRIBER_OWN_GROUP],
    20,
    (name) => logs.send(new CreateLogGroupCommand({ logGroupName: name })),
  );
  for (const [filterName, arn] of [
    ['team-a', teamA],
    ['team-b', teamB],
  ]) {
    await logs.send(
      new PutSubscriptionFilterCommand({
        logGroupName: FULL_GROUP,
        filterName,
        filterPattern: '',
        destinationArn: arn,
      }),
    );
  }
}, 120_000);

afterAll(() => {
  logs.destroy();
  rmSync(configDir, { recursive: true, force: true });
});

describe('log-subscribing function on a CreateLogGroup event', () => {
  it('subscribes the new group once, and leaves it alone when the event is delivered again', async () => {
    // Prepare
    await logs.send(new CreateLogGroupCommand({ logGroupName: CREATED_LATER }));
    const lines: string[] = [];
    const handler = createSubscriberHandler(() => ({
      logs,
      config: {
        destinationArn,
        filterName: 'siem-log-transfer',
        excludedPrefixes: [],
        ownLogGroups: [],
      },
      logger: createLogger({ function: 'log-subscriber' }, { write: (line) => lines.push(line) }),
    }));
    const event = {
      version: '0',
      id: '0d1f0c1e-0000-0000-0000-000000000001',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.logs',
      account,
      time: '2026-11-25T09:30:00Z',
      region: REGION,
      resources: [],
      detail: {
        eventVersion: '1.08',
        eventSource: 'logs.amazonaws.com',
        eventName: 'CreateLogGroup',
        awsRegion: REGION,
        requestParameters: { logGroupName: CREATED_LATER },
        responseElements: null,
      },
    };

    // Act
    const first = await handler(event);
    const second = await handler(event);

    // Assess
    expect(first).toMatchObject({ outcome: 'subscribed' });
    expect(second).toMatchObject({ outcome: 'already-subscribed' });
    expect(await filtersOf(CREATED_LATER)).toEqual([
      expect.objectContaining({
        filterName: 'siem-log-transfer',
        destinationArn,
        filterPattern: '',
      }),
    ]);
    expect(lines.map((line) => JSON.parse(line).outcome)).toEqual(['subscribed', 'already-subscribed']);
  });
});

describe('siem subscribe-existing', () => {
  const argv = () => [
    '--config',
    configFile,
    '--account',
    account,
    '--region',
    REGION,
    '--endpoint',
    motoEndpoint(),
  ];

  it('subscribes every existing group across pages, reports the full one and skips the configured exclusions and own groups', async () => {
    // Act
    const run = await runCli(argv());

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`destination ${destinationArn}, filter siem-log-transfer`);
    expect(run.stdout).toMatch(/log groups scanned: 235\n/);
    expect(run.stdout).toMatch(/\n {2}subscribed\s+230\n/);
    expect(run.stdout).toMatch(/already-subscribed\s+1\n/);
    expect(run.stdout).toMatch(/excluded\s+3\n/);
    expect(run.stdout).toMatch(/slots-full\s+1\n/);
    expect(run.stdout).toContain(`${FULL_GROUP}: team-a, team-b`);
    expect(run.stderr.trim().split('\n')).toHaveLength(5); // one progress line per page of 50
    for (const name of [...APP_GROUPS, CREATED_LATER]) {
      expect((await filtersOf(name)).map((f) => [f.filterName, f.destinationArn])).toEqual([
        ['siem-log-transfer', destinationArn],
      ]);
    }
    expect((await filtersOf(FULL_GROUP)).map((f) => f.filterName).sort()).toEqual(['team-a', 'team-b']);
    expect(await filtersOf(EXCLUDED_GROUP)).toEqual([]);
    expect(await filtersOf(DESTINATION_OWN_GROUP)).toEqual([]);
    expect(await filtersOf(SUBSCRIBER_OWN_GROUP)).toEqual([]);
  }, 120_000);

  it('changes nothing when run again', async () => {
    // Prepare
    const names = await allGroupNames();
    const before = await Promise.all(names.map(filtersOf));

    // Act
    const run = await runCli(argv());

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\n {2}subscribed\s+0\n/);
    expect(run.stdout).toMatch(/already-subscribed\s+231\n/);
    expect(await Promise.all(names.map(filtersOf))).toEqual(before);
  }, 120_000);

  it('only reports in a dry run', async () => {
    // Prepare
    const fresh = `${PREFIX}/app/dry-run`;
    await logs.send(new CreateLogGroupCommand({ logGroupName: fresh }));

    // Act
    const run = await runCli([...argv(), '--dry-run']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/would-subscribe\s+1\n/);
    expect(await filtersOf(fresh)).toEqual([]);
  }, 120_000);

  it('refuses a destination in another account', async () => {
    // Act
    const run = subscribeExisting.run([
      '--config',
      configFile,
      '--account',
      account,
      '--region',
      REGION,
      '--destination-arn',
      `arn:aws:lambda:${REGION}:999988887777:function:siem-log-transfer`,
    ]);

    // Assess
    await expect(run).rejects.toThrow(/is not in account/);
  });
});

describe('log-subscribing function on its schedule', () => {
  // Runs after the CLI tests: the dry-run group and this one are the only unsubscribed groups left.
  it('runs the backfill and subscribes the groups it finds unsubscribed', async () => {
    // Prepare
    const missed = `${PREFIX}/app/missed-event`;
    await logs.send(new CreateLogGroupCommand({ logGroupName: missed }));
    const handler = createSubscriberHandler(() => ({
      logs,
      // As the member stack configures the deployed function.
      config: {
        destinationArn,
        filterName: 'siem-log-transfer',
        excludedPrefixes: [`${PREFIX}/excluded/`],
        ownLogGroups: logMoversOwnLogGroups('siem'),
      },
      logger: createLogger({}, { write: () => undefined }),
    }));
    const scheduled = {
      version: '0',
      id: '0d1f0c1e-0000-0000-0000-000000000002',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account,
      time: '2026-11-25T10:00:00Z',
      region: REGION,
      resources: [`arn:aws:events:${REGION}:${account}:rule/siem-log-subscriber-backfill`],
      detail: {},
    };

    // Act
    const result = await handler(scheduled, {
      awsRequestId: 'it',
      getRemainingTimeInMillis: () => 900_000,
    });

    // Assess
    expect(result).toMatchObject({
      complete: true,
      counts: {
        subscribed: 2,
        'already-subscribed': 231,
        excluded: 3,
        'slots-full': 1,
        failed: 0,
      },
    });
    expect((await filtersOf(missed)).map((f) => f.destinationArn)).toEqual([destinationArn]);
  }, 120_000);
});
