import {
  DescribeSubscriptionFiltersCommand,
  PutSubscriptionFilterCommand,
  type SubscriptionFilter,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  type LogsClient,
  SubscribeError,
  subscribeLogGroup,
  type SubscribeOptions,
} from '../../../functions/log-subscriber/subscribe';

const DESTINATION = 'arn:aws:lambda:eu-west-1:111122223333:function:siem-log-transfer';
const options: SubscribeOptions = {
  destinationArn: DESTINATION,
  filterName: 'siem-log-transfer',
  excludedPrefixes: [],
  ownLogGroups: [],
  retry: { sleep: async () => undefined, maxAttempts: 4 },
};

function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name });
}

/**
 * A stand-in for the CloudWatch Logs client that serves DescribeSubscriptionFilters from a list of
 * filters and records puts; `failures` are thrown, in order, by the next calls of that kind.
 */
function fakeLogs(filters: SubscriptionFilter[], failures: { describe?: Error[]; put?: Error[] } = {}) {
  const puts: PutSubscriptionFilterCommand['input'][] = [];
  const send = async (command: unknown): Promise<unknown> => {
    if (command instanceof DescribeSubscriptionFiltersCommand) {
      const failure = failures.describe?.shift();
      if (failure) throw failure;
      return { subscriptionFilters: [...filters] };
    }
    if (command instanceof PutSubscriptionFilterCommand) {
      const failure = failures.put?.shift();
      if (failure) throw failure;
      puts.push(command.input);
      filters.push({ filterName: command.input.filterName, destinationArn: command.input.destinationArn });
      return {};
    }
    throw new Error('unexpected command');
  };
  return { client: { send } as unknown as LogsClient, puts };
}

describe('subscribeLogGroup', () => {
  it('puts an all-events filter on an unsubscribed group', async () => {
    // Prepare
    const { client, puts } = fakeLogs([]);

    // Act
    const result = await subscribeLogGroup(client, '/app/orders', options);

    // Assess
    expect(result).toEqual({ logGroupName: '/app/orders', outcome: 'subscribed', detail: undefined });
    expect(puts).toEqual([
      {
        logGroupName: '/app/orders',
        filterName: 'siem-log-transfer',
        filterPattern: '',
        destinationArn: DESTINATION,
      },
    ]);
  });

  it('does not call AWS for an excluded group', async () => {
    // Prepare
    const { client, puts } = fakeLogs([]);

    // Act
    const result = await subscribeLogGroup(client, '/aws/lambda/siem-log-transfer', options);

    // Assess
    expect(result.outcome).toBe('excluded');
    expect(puts).toHaveLength(0);
  });

  it('reports but does not put in a dry run', async () => {
    // Prepare
    const { client, puts } = fakeLogs([]);

    // Act
    const result = await subscribeLogGroup(client, '/app/orders', { ...options, dryRun: true });

    // Assess
    expect(result.outcome).toBe('would-subscribe');
    expect(puts).toHaveLength(0);
  });

  it.each(['ThrottlingException', 'OperationAbortedException', 'LimitExceededException'])(
    'retries %s and then subscribes',
    async (errorName) => {
      // Prepare
      const { client, puts } = fakeLogs([], { put: [awsError(errorName)] });

      // Act
      const result = await subscribeLogGroup(client, '/app/orders', options);

      // Assess
      expect(result.outcome).toBe('subscribed');
      expect(puts).toHaveLength(1);
    },
  );

  it('turns a lost race for the last slot into slots-full', async () => {
    // Prepare: between our describe and put, someone else filled the second slot.
    const filters: SubscriptionFilter[] = [{ filterName: 'team-a', destinationArn: 'arn:a' }];
    const { client, puts } = fakeLogs(filters);
    const racingClient = {
      send: async (command: unknown) => {
        if (command instanceof PutSubscriptionFilterCommand && filters.length === 1) {
          filters.push({ filterName: 'team-b', destinationArn: 'arn:b' });
          throw awsError('LimitExceededException', 'Resource limit exceeded.');
        }
        return client.send(command as never);
      },
    } as unknown as LogsClient;

    // Act
    const result = await subscribeLogGroup(racingClient, '/app/orders', options);

    // Assess
    expect(result).toMatchObject({ outcome: 'slots-full', existingFilters: ['team-a', 'team-b'] });
    expect(puts).toHaveLength(0);
  });

  it('gives not-found for a group deleted before the put', async () => {
    // Prepare
    const { client } = fakeLogs([], { put: [awsError('ResourceNotFoundException')] });

    // Act
    const result = await subscribeLogGroup(client, '/app/gone', options);

    // Assess
    expect(result.outcome).toBe('not-found');
  });

  it('explains a destination that CloudWatch Logs may not invoke', async () => {
    // Prepare
    const denied = awsError(
      'InvalidParameterException',
      'Could not execute the lambda function. Make sure you have given CloudWatch Logs permission to execute your function.',
    );
    const { client } = fakeLogs([], { put: [denied] });

    // Act
    const attempt = subscribeLogGroup(client, '/app/orders', options);

    // Assess
    const error = await attempt.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(SubscribeError);
    expect(error).toMatchObject({ logGroupName: '/app/orders', causeName: 'InvalidParameterException' });
    expect((error as Error).message).toMatch(
      /InvalidParameterException: .*allow logs\.amazonaws\.com to invoke it/,
    );
  });

  it('gives up after the configured attempts of throttling', async () => {
    // Prepare
    const throttled = Array.from({ length: 4 }, () => awsError('ThrottlingException', 'Rate exceeded'));
    const { client } = fakeLogs([], { describe: throttled });

    // Act
    const attempt = subscribeLogGroup(client, '/app/orders', options);

    // Assess
    await expect(attempt).rejects.toThrow(
      'cannot subscribe log group /app/orders: ThrottlingException: Rate exceeded',
    );
  });
});
