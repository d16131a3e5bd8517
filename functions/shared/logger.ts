/**
 * Structured logger for the Lambda functions: one JSON object per line, so CloudWatch Logs Insights
 * (and our own archive) can query fields instead of parsing prose.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line it writes (e.g. the request id). */
  child(fields: LogFields): Logger;
}

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  /** Lowest level written; defaults to `info`. Handlers pass `LOG_LEVEL` through {@link parseLogLevel}. */
  readonly level?: LogLevel;
  /** Where lines go; defaults to stdout, which Lambda forwards to the function's log group. */
  readonly write?: (line: string) => void;
  readonly now?: () => Date;
}

/** Turns an unknown thrown value into loggable fields without losing the AWS error name. */
export function errorFields(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { errorName: err.name, errorMessage: err.message };
  return { errorName: 'NonError', errorMessage: String(err) };
}

function isLogLevel(value: string | undefined): value is LogLevel {
  return value !== undefined && Object.hasOwn(LEVEL_ORDER, value);
}

/** Reads a level from configuration text (e.g. `LOG_LEVEL`), falling back to `info` for anything unknown. */
export function parseLogLevel(value: string | undefined): LogLevel {
  const lower = value?.trim().toLowerCase();
  return isLogLevel(lower) ? lower : 'info';
}

export function createLogger(base: LogFields = {}, options: LoggerOptions = {}): Logger {
  const minimum = options.level ?? 'info';
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());

  const emit = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (LEVEL_ORDER[level] < LEVEL_ORDER[minimum]) return;
    write(JSON.stringify({ time: now().toISOString(), level, message, ...base, ...fields }));
  };

  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    child: (fields) => createLogger({ ...base, ...fields }, { level: minimum, write, now }),
  };
}
