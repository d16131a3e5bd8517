import { createLogger, errorFields, parseLogLevel } from '../../../functions/shared/logger';
import { backoffDelayMs, retryOnErrorNames, withRetry } from '../../../functions/shared/retry';

describe('backoffDelayMs', () => {
  it.each([
    [1, 0.5, 50],
    [2, 0.5, 100],
    [3, 0.999, 399],
    [10, 0.5, 500], // capped at maxDelayMs
  ])('attempt %i with random %f waits %i ms', (attempt, random, expected) => {
    // Act
    const delay = backoffDelayMs(attempt, 100, 1_000, () => random);

    // Assess
    expect(delay).toBe(expected);
  });
});

describe('withRetry', () => {
  const throttle = Object.assign(new Error('slow down'), { name: 'ThrottlingException' });

  it('retries retryable errors with growing delays until the operation succeeds', async () => {
    // Prepare
    const delays: number[] = [];
    let calls = 0;
    const operation = async () => {
      calls++;
      if (calls < 3) throw throttle;
      return 'done';
    };

    // Act
    const result = await withRetry(operation, {
      isRetryable: retryOnErrorNames(['ThrottlingException']),
      baseDelayMs: 100,
      random: () => 0.5,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });

    // Assess
    expect(result).toBe('done');
    expect(delays).toEqual([50, 100]);
  });

  it('throws other errors at once', async () => {
    // Prepare
    let calls = 0;
    const operation = async () => {
      calls++;
      throw new Error('broken');
    };

    // Act
    const attempt = withRetry(operation, { isRetryable: retryOnErrorNames(['ThrottlingException']) });

    // Assess
    await expect(attempt).rejects.toThrow('broken');
    expect(calls).toBe(1);
  });

  it('stops after maxAttempts', async () => {
    // Prepare
    let calls = 0;
    const operation = async () => {
      calls++;
      throw throttle;
    };

    // Act
    const attempt = withRetry(operation, {
      isRetryable: () => true,
      maxAttempts: 3,
      sleep: async () => undefined,
    });

    // Assess
    await expect(attempt).rejects.toBe(throttle);
    expect(calls).toBe(3);
  });
});

describe('createLogger', () => {
  it('writes one JSON object per line with base and child fields, above the minimum level', () => {
    // Prepare
    const lines: string[] = [];
    const logger = createLogger(
      { function: 'f' },
      { level: 'info', write: (line) => lines.push(line), now: () => new Date('2026-01-02T03:04:05Z') },
    ).child({ requestId: 'r1' });

    // Act
    logger.debug('hidden');
    logger.warn('slots full', { logGroupName: '/a' });

    // Assess
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      {
        time: '2026-01-02T03:04:05.000Z',
        level: 'warn',
        message: 'slots full',
        function: 'f',
        requestId: 'r1',
        logGroupName: '/a',
      },
    ]);
  });

  it.each([
    ['DEBUG', 'debug'],
    [' warn ', 'warn'],
    ['verbose', 'info'],
    [undefined, 'info'],
    ['toString', 'info'],
  ])('parses LOG_LEVEL %p as %s', (value, expected) => {
    // Act
    const level = parseLogLevel(value);

    // Assess
    expect(level).toBe(expected);
  });

  it('keeps the AWS error name in error fields', () => {
    // Prepare
    const err = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

    // Act
    const fields = errorFields(err);

    // Assess
    expect(fields).toEqual({ errorName: 'ThrottlingException', errorMessage: 'Rate exceeded' });
  });
});
