/**
 * Subscribes every log group that already exists: pages through DescribeLogGroups (50 groups a
 * page, the API maximum) and subscribes each page's groups a few at a time, so thousands of groups
 * finish within a Lambda timeout without tripping the PutSubscriptionFilter rate limit.
 */
import { DescribeLogGroupsCommand, type LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import { retryOnErrorNames, withRetry } from '../shared/retry';
import {
  type LogsClient,
  SubscribeError,
  type SubscribeOptions,
  subscribeLogGroup,
  type SubscriptionOutcome,
  type SubscriptionResult,
  TRANSIENT_LOGS_ERRORS,
} from './subscribe';

export const DESCRIBE_LOG_GROUPS_PAGE_SIZE = 50;

export interface BackfillFailure {
  readonly logGroupName: string;
  readonly error: string;
}

export interface BackfillSummary {
  /** False when `shouldStop` ended the run before the last page. */
  readonly complete: boolean;
  readonly scanned: number;
  readonly counts: Readonly<Record<SubscriptionOutcome | 'failed', number>>;
  /** Groups we could not subscribe because two foreign filters fill their slots. */
  readonly slotsFull: readonly SubscriptionResult[];
  readonly failures: readonly BackfillFailure[];
}

export interface BackfillOptions extends SubscribeOptions {
  /** Only groups whose name starts with this (DescribeLogGroups' own prefix filter). */
  readonly logGroupNamePrefix?: string;
  /** Groups subscribed at the same time; PutSubscriptionFilter allows about 5 requests a second. */
  readonly concurrency?: number;
  /**
   * When set, a listed group whose ARN names another account aborts the run: it guards the CLI
   * against credentials for the wrong account.
   */
  readonly expectedAccountId?: string;
  /**
   * Checked before each page; returning true ends the run early (e.g. when the Lambda is close to its
   * timeout). The next run starts over, which is safe because subscribing is idempotent.
   */
  readonly shouldStop?: () => boolean;
  /** Called after every page with the running totals (for a progress line). */
  readonly onProgress?: (summary: BackfillSummary) => void;
  /** Called for every group, e.g. to log it. */
  readonly onResult?: (result: SubscriptionResult) => void;
}

export function emptyCounts(): Record<SubscriptionOutcome | 'failed', number> {
  return {
    subscribed: 0,
    'would-subscribe': 0,
    'already-subscribed': 0,
    excluded: 0,
    'slots-full': 0,
    'not-found': 0,
    failed: 0,
  };
}

/** The account id in a log group ARN (`arn:aws:logs:<region>:<account>:log-group:<name>:*`). */
export function accountOfLogGroupArn(arn: string): string | undefined {
  return /^arn:[^:]+:logs:[^:]*:(\d{12}):log-group:/.exec(arn)?.[1];
}

/** Yields DescribeLogGroups pages until the API stops returning a token. */
export async function* listLogGroupPages(
  client: LogsClient,
  options: Pick<BackfillOptions, 'logGroupNamePrefix' | 'retry'> = {},
): AsyncGenerator<LogGroup[]> {
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await withRetry(
      () =>
        client.send(
          new DescribeLogGroupsCommand({
            logGroupNamePrefix: options.logGroupNamePrefix,
            limit: DESCRIBE_LOG_GROUPS_PAGE_SIZE,
            nextToken: token,
          }),
        ),
      { ...options.retry, isRetryable: retryOnErrorNames(TRANSIENT_LOGS_ERRORS) },
    );
    yield page.logGroups ?? [];
    nextToken = page.nextToken;
  } while (nextToken);
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the input order in the output. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

export async function backfillSubscriptions(
  client: LogsClient,
  options: BackfillOptions,
): Promise<BackfillSummary> {
  const counts = emptyCounts();
  const slotsFull: SubscriptionResult[] = [];
  const failures: BackfillFailure[] = [];
  let scanned = 0;
  let complete = true;
  const snapshot = (): BackfillSummary => ({ complete, scanned, counts: { ...counts }, slotsFull, failures });

  for await (const page of listLogGroupPages(client, options)) {
    if (options.shouldStop?.()) {
      complete = false;
      break;
    }
    const names: string[] = [];
    for (const group of page) {
      if (!group.logGroupName) continue;
      const account = group.arn ? accountOfLogGroupArn(group.arn) : undefined;
      if (options.expectedAccountId && account && account !== options.expectedAccountId) {
        throw new Error(
          `log group ${group.logGroupName} belongs to account ${account}, not ${options.expectedAccountId}: ` +
            'are the credentials for the right account?',
        );
      }
      names.push(group.logGroupName);
    }

    await mapWithConcurrency(names, options.concurrency ?? 4, async (logGroupName) => {
      let result: SubscriptionResult;
      try {
        result = await subscribeLogGroup(client, logGroupName, options);
      } catch (err) {
        if (!(err instanceof SubscribeError)) throw err;
        // One bad group must not stop the other thousands; the failure is counted and reported.
        counts.failed++;
        failures.push({ logGroupName, error: err.message });
        return;
      }
      counts[result.outcome]++;
      if (result.outcome === 'slots-full') slotsFull.push(result);
      options.onResult?.(result);
    });
    scanned += names.length;
    options.onProgress?.(snapshot());
  }
  return snapshot();
}
