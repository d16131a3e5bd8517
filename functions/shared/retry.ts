/**
 * Retry with capped exponential backoff and full jitter. The AWS SDK already retries throttling a
 * few times; this outer layer exists for errors the SDK does not treat as transient (CloudWatch
 * Logs' OperationAbortedException on concurrent filter changes) and for bursts that outlast the
 * SDK's short budget, e.g. a backfill over thousands of log groups.
 */
export interface RetryOptions {
  /** Total attempts including the first; at least 1. */
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Decides whether an error is transient; anything else is thrown at once. */
  readonly isRetryable: (err: unknown) => boolean;
  readonly onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  /** Injected in tests so they do not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injected in tests for deterministic jitter; returns [0, 1). */
  readonly random?: () => number;
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Full jitter: a uniform delay in [0, min(cap, base * 2^(attempt-1))), so parallel callers spread out. */
export function backoffDelayMs(
  attempt: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number,
) {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 6);
  const baseDelayMs = options.baseDelayMs ?? 200;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;

  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (err) {
      if (attempt >= maxAttempts || !options.isRetryable(err)) throw err;
      const delayMs = backoffDelayMs(attempt, baseDelayMs, maxDelayMs, random);
      options.onRetry?.({ attempt, delayMs, error: err });
      await sleep(delayMs);
    }
  }
}

/** The `name` of an AWS SDK v3 service error (e.g. `ThrottlingException`), or undefined. */
export function awsErrorName(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'name' in err && typeof err.name === 'string')
    return err.name;
  return undefined;
}

/** Builds an `isRetryable` predicate from a list of AWS error names. */
export function retryOnErrorNames(names: readonly string[]): (err: unknown) => boolean {
  const set = new Set(names);
  return (err) => {
    const name = awsErrorName(err);
    return name !== undefined && set.has(name);
  };
}
