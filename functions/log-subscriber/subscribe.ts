/**
 * Puts the archive's subscription filter on one log group, idempotently. The decision (skip or put)
 * is a pure function of the group's current filters so it can be tested without AWS; the I/O around
 * it re-reads the filters on every retry, so a race with another writer resolves to a fresh decision.
 */
import {
  type CloudWatchLogsClient,
  DescribeSubscriptionFiltersCommand,
  PutSubscriptionFilterCommand,
  type SubscriptionFilter,
} from '@aws-sdk/client-cloudwatch-logs';
import { awsErrorName, type RetryOptions, retryOnErrorNames, withRetry } from '../shared/retry';

/** CloudWatch Logs allows at most this many subscription filters per log group. */
export const MAX_SUBSCRIPTION_FILTERS = 2;

export const DEFAULT_FILTER_NAME = 'siem-log-transfer';

/**
 * Errors worth another attempt. LimitExceededException means either a request-rate limit or "this
 * group already has two filters"; retrying is right for both because every attempt re-describes the
 * group, and a full group then comes out as `slots-full` instead of an error.
 * OperationAbortedException is what CloudWatch Logs returns while another filter change on the same
 * group is in flight.
 */
export const TRANSIENT_LOGS_ERRORS = [
  'ThrottlingException',
  'LimitExceededException',
  'OperationAbortedException',
  'ServiceUnavailableException',
] as const;

export type SubscriptionOutcome =
  /** We put our filter on the group (or replaced our own filter whose destination had changed). */
  | 'subscribed'
  /** Dry run: we would have put our filter. */
  | 'would-subscribe'
  /** A filter already sends the group to our destination; nothing done. */
  | 'already-subscribed'
  /** The group is one of ours or matches an exclusion prefix; never subscribed. */
  | 'excluded'
  /** Both filter slots hold someone else's filters; reported, left untouched. */
  | 'slots-full'
  /** The group was deleted between being seen and being subscribed. */
  | 'not-found';

export interface SubscriptionTarget {
  /** ARN of the log-transferring function. */
  readonly destinationArn: string;
  readonly filterName: string;
  /** Groups whose name starts with one of these are never subscribed. */
  readonly excludedPrefixes: readonly string[];
  /** Exact names never subscribed, e.g. both log movers' own log groups. */
  readonly ownLogGroups: readonly string[];
}

export interface SubscriptionResult {
  readonly logGroupName: string;
  readonly outcome: SubscriptionOutcome;
  /** Why the group was excluded, or which filters fill its slots. */
  readonly detail?: string;
  /** Names of the filters found on the group (for `already-subscribed` and `slots-full`). */
  readonly existingFilters?: readonly string[];
}

export type SubscriptionDecision =
  | { readonly action: 'put'; readonly replacesOwnFilter: boolean }
  | {
      readonly action: 'skip';
      readonly outcome: 'already-subscribed' | 'slots-full';
      readonly existingFilters: readonly string[];
    };

/** `/aws/lambda/<name>` for a Lambda function ARN (qualified or not); undefined for other ARNs. */
export function lambdaLogGroupOf(functionArn: string): string | undefined {
  const match = /^arn:[^:]+:lambda:[^:]+:\d{12}:function:([^:]+)(?::[^:]+)?$/.exec(functionArn);
  return match ? `/aws/lambda/${match[1]}` : undefined;
}

/**
 * Why a group must never get our filter, or undefined if it may. The destination function's own
 * log group is always excluded, whatever the configuration says: subscribing it would make every
 * invocation log a line that invokes the function again.
 */
export function exclusionReason(logGroupName: string, target: SubscriptionTarget): string | undefined {
  if (logGroupName === lambdaLogGroupOf(target.destinationArn)) return 'destination function log group';
  if (target.ownLogGroups.includes(logGroupName)) return 'own log group';
  const prefix = target.excludedPrefixes.find((p) => p !== '' && logGroupName.startsWith(p));
  return prefix === undefined ? undefined : `excluded prefix ${prefix}`;
}

export function decideSubscription(
  existing: readonly Pick<SubscriptionFilter, 'filterName' | 'destinationArn'>[],
  target: Pick<SubscriptionTarget, 'destinationArn' | 'filterName'>,
): SubscriptionDecision {
  const existingFilters = existing.map((f) => f.filterName ?? '(unnamed)');
  if (existing.some((f) => f.destinationArn === target.destinationArn)) {
    return { action: 'skip', outcome: 'already-subscribed', existingFilters };
  }
  // Our filter name with another destination (e.g. the function was re-created): updating a filter
  // in place does not take a new slot, so this is allowed even when both slots are in use.
  if (existing.some((f) => f.filterName === target.filterName))
    return { action: 'put', replacesOwnFilter: true };
  if (existing.length >= MAX_SUBSCRIPTION_FILTERS) {
    return { action: 'skip', outcome: 'slots-full', existingFilters };
  }
  return { action: 'put', replacesOwnFilter: false };
}

/** Raised when a group could not be subscribed for a reason other than the outcomes above. */
export class SubscribeError extends Error {
  override readonly name = 'SubscribeError';
  constructor(
    readonly logGroupName: string,
    readonly causeName: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function describeFailure(logGroupName: string, err: unknown): SubscribeError {
  const causeName = awsErrorName(err) ?? 'Error';
  const causeMessage = err instanceof Error ? err.message : String(err);
  // The usual misconfiguration: the destination function lacks the resource policy that lets
  // logs.amazonaws.com invoke it, which CloudWatch Logs reports as an InvalidParameterException.
  const hint =
    causeName === 'InvalidParameterException' && /lambda|execute/i.test(causeMessage)
      ? ' (does the destination function allow logs.amazonaws.com to invoke it?)'
      : '';
  return new SubscribeError(
    logGroupName,
    causeName,
    `cannot subscribe log group ${logGroupName}: ${causeName}: ${causeMessage}${hint}`,
    { cause: err },
  );
}

export type LogsClient = Pick<CloudWatchLogsClient, 'send'>;

export interface SubscribeOptions extends SubscriptionTarget {
  /** Decide and report, but do not put filters. */
  readonly dryRun?: boolean;
  /** Overrides for the backoff (tests shorten the delays). */
  readonly retry?: Partial<Omit<RetryOptions, 'isRetryable'>>;
}

export async function subscribeLogGroup(
  client: LogsClient,
  logGroupName: string,
  options: SubscribeOptions,
): Promise<SubscriptionResult> {
  const reason = exclusionReason(logGroupName, options);
  if (reason !== undefined) return { logGroupName, outcome: 'excluded', detail: reason };

  try {
    return await withRetry(() => describeDecideAndPut(client, logGroupName, options), {
      ...options.retry,
      isRetryable: retryOnErrorNames(TRANSIENT_LOGS_ERRORS),
    });
  } catch (err) {
    if (awsErrorName(err) === 'ResourceNotFoundException') return { logGroupName, outcome: 'not-found' };
    throw describeFailure(logGroupName, err);
  }
}

async function describeDecideAndPut(
  client: LogsClient,
  logGroupName: string,
  options: SubscribeOptions,
): Promise<SubscriptionResult> {
  // A group has at most two filters, so the first page is the whole answer.
  const described = await client.send(new DescribeSubscriptionFiltersCommand({ logGroupName }));
  const decision = decideSubscription(described.subscriptionFilters ?? [], options);
  if (decision.action === 'skip') {
    const detail =
      decision.outcome === 'slots-full'
        ? `filter slots taken by ${decision.existingFilters.join(', ')}`
        : undefined;
    return { logGroupName, outcome: decision.outcome, detail, existingFilters: decision.existingFilters };
  }
  if (options.dryRun) return { logGroupName, outcome: 'would-subscribe' };
  await client.send(
    new PutSubscriptionFilterCommand({
      logGroupName,
      filterName: options.filterName,
      // Empty pattern: every event goes to the archive; filtering happens at search time.
      filterPattern: '',
      destinationArn: options.destinationArn,
    }),
  );
  return {
    logGroupName,
    outcome: 'subscribed',
    detail: decision.replacesOwnFilter ? 'replaced own filter with a new destination' : undefined,
  };
}
