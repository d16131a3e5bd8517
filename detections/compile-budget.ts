import { MonitorRunError } from './run-monitor';

/*
 * Running many monitors at once (a sweep such as `siem run-monitors`) compiles each one's search as a
 * mustache template. A node compiles at most 75 templates per 5 minutes by default (a token bucket
 * refilled at 15 a minute), and Amazon OpenSearch Service does not let that be raised; past it the
 * plugin answers "Failed to compile inline script … using lang [mustache]" (a CircuitBreakingException
 * underneath). Scheduled monitors stay within it (see schedule-plan.ts); a sweep waits for the bucket to
 * refill instead of reporting every later monitor as broken.
 */

const COMPILE_LIMIT =
  /Too many dynamic script compilations|Failed to compile inline script \[[\s\S]*\] using lang \[mustache\]/;

/** Whether a monitor run failed because the node's template compilation budget was spent. */
export function isCompileLimitError(error: unknown): boolean {
  return error instanceof MonitorRunError && COMPILE_LIMIT.test(error.detail);
}

export interface CompileBudgetOptions {
  /** Wait between tries: a few tokens' worth (15 refill a minute). @default 20000 */
  readonly retryDelayMs?: number;
  /**
   * Longest total wait of one sweep, past which the error is reported as it is. A full bucket takes
   * 5 minutes to refill. @default 420000
   */
  readonly maxTotalWaitMs?: number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Told before each wait, for a progress line. */
  readonly onWait?: (waitMs: number, monitor: string) => void;
}

/** Runs monitor runs one after another, waiting out the node's template compilation limit. */
export class CompileBudget {
  private waitedMs = 0;
  private readonly retryDelayMs: number;
  private readonly maxTotalWaitMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: CompileBudgetOptions = {}) {
    this.retryDelayMs = options.retryDelayMs ?? 20_000;
    this.maxTotalWaitMs = options.maxTotalWaitMs ?? 420_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Total time this sweep has waited for the budget. */
  get totalWaitMs(): number {
    return this.waitedMs;
  }

  async run<T>(run: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await run();
      } catch (error) {
        if (!isCompileLimitError(error) || this.waitedMs + this.retryDelayMs > this.maxTotalWaitMs)
          throw error;
        this.options.onWait?.(this.retryDelayMs, (error as MonitorRunError).monitor);
        await this.sleep(this.retryDelayMs);
        this.waitedMs += this.retryDelayMs;
      }
    }
  }
}
