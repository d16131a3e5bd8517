/**
 * Log-subscribing function: keeps every CloudWatch log group of the member account flowing to the
 * log-transferring function. Invoked by EventBridge for each CreateLogGroup API call (subscribes the
 * new group) and on a schedule (backfill: subscribes every existing group); `{"action":"backfill"}`
 * runs the backfill on demand.
 *
 * Environment:
 * - `DESTINATION_ARN` (required): ARN of the log-transferring function, the filters' destination.
 * - `FILTER_NAME` (default `siem-log-transfer`): name of the subscription filter we own.
 * - `EXCLUDED_PREFIXES` (optional): comma-separated log group name prefixes never subscribed.
 * - `OWN_LOG_GROUPS` (optional): comma-separated log group names never subscribed, e.g. both log
 *   movers' own groups. The destination function's group is always excluded regardless.
 * - `LOG_LEVEL` (optional, default `info`): `debug`, `info`, `warn` or `error`.
 * - `AWS_REGION`: set by Lambda; the SDK client uses it.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { Context } from 'aws-lambda';
import { createLogger, errorFields, type Logger, parseLogLevel } from '../shared/logger';
import { backfillSubscriptions, type BackfillSummary } from './backfill';
import { parseSubscriberConfig } from './config';
import { classifySubscriberEvent } from './events';
import {
  type LogsClient,
  subscribeLogGroup,
  type SubscriptionResult,
  type SubscriptionTarget,
} from './subscribe';

/** Stop starting new pages when less than this is left, so the summary is still logged. */
const BACKFILL_SAFETY_MARGIN_MS = 30_000;

export interface SubscriberDependencies {
  readonly logs: LogsClient;
  readonly config: SubscriptionTarget;
  readonly logger: Logger;
}

export type SubscriberResponse =
  SubscriptionResult | Omit<BackfillSummary, 'slotsFull'> | { readonly ignored: string };

export function createSubscriberHandler(
  dependencies: () => SubscriberDependencies,
): (
  event: unknown,
  context?: Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>,
) => Promise<SubscriberResponse> {
  let resolved: SubscriberDependencies | undefined;
  return async (event, context) => {
    resolved ??= dependencies();
    const { logs, config } = resolved;
    const logger = resolved.logger.child({ requestId: context?.awsRequestId });
    const invocation = classifySubscriberEvent(event);

    if (invocation.kind === 'ignore') {
      logger.warn('event ignored', { reason: invocation.reason });
      return { ignored: invocation.reason };
    }

    if (invocation.kind === 'subscribe-group') {
      try {
        const result = await subscribeLogGroup(logs, invocation.logGroupName, config);
        const level = result.outcome === 'slots-full' ? 'warn' : 'info';
        logger[level]('log group processed', { ...result });
        return result;
      } catch (err) {
        // Rethrown so the asynchronous invocation is retried and the Errors metric shows it.
        logger.error('log group not subscribed', {
          logGroupName: invocation.logGroupName,
          ...errorFields(err),
        });
        throw err;
      }
    }

    const summary = await backfillSubscriptions(logs, {
      ...config,
      shouldStop: context ? () => context.getRemainingTimeInMillis() < BACKFILL_SAFETY_MARGIN_MS : undefined,
      onResult: (result) => {
        if (result.outcome === 'slots-full') logger.warn('log group processed', { ...result });
        else if (result.outcome === 'subscribed') logger.info('log group processed', { ...result });
      },
    });
    for (const failure of summary.failures) logger.error('log group not subscribed', { ...failure });
    const { slotsFull: _slotsFull, ...totals } = summary;
    // Failures are logged, not thrown: a rerun of the whole backfill would not fix a group that
    // fails for a lasting reason, and the next schedule retries them anyway.
    const level = summary.failures.length > 0 ? 'error' : summary.complete ? 'info' : 'warn';
    logger[level]('backfill finished', {
      ...totals,
      failures: summary.failures.length,
    });
    return totals;
  };
}

// Created once per container; constructing a client makes no network call.
const logs = new CloudWatchLogsClient({});

export const handler = createSubscriberHandler(() => ({
  logs,
  config: parseSubscriberConfig(process.env),
  logger: createLogger({ function: 'log-subscriber' }, { level: parseLogLevel(process.env.LOG_LEVEL) }),
}));
