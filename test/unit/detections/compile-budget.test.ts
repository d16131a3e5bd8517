import { CompileBudget, isCompileLimitError } from '../../../detections/compile-budget';
import { MonitorRunError } from '../../../detections/run-monitor';

const LIMIT = new MonitorRunError(
  'siem: waf-block-spike',
  'input',
  'Failed to compile inline script [{"size":0,"query":{"match_all":{}}}] using lang [mustache]',
);
const BROKEN_TRIGGER = new MonitorRunError('siem: x', 'trigger t', 'compile error: cannot resolve symbol');

describe('isCompileLimitError', () => {
  it('recognises the plugin’s answer when the template compilation budget is spent', () => {
    expect(isCompileLimitError(LIMIT)).toBe(true);
    expect(
      isCompileLimitError(
        new MonitorRunError(
          'm',
          'input',
          '[script] Too many dynamic script compilations within, max: [75/5m]',
        ),
      ),
    ).toBe(true);
  });

  it('does not take other failures for it', () => {
    expect(isCompileLimitError(BROKEN_TRIGGER)).toBe(false);
    expect(isCompileLimitError(new Error(LIMIT.message))).toBe(false);
  });
});

describe('CompileBudget', () => {
  it('waits and tries again while the node refuses compilations, then returns the run', async () => {
    // Prepare
    const waits: number[] = [];
    const budget = new CompileBudget({
      retryDelayMs: 20_000,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    let calls = 0;

    // Act
    const result = await budget.run(async () => {
      calls += 1;
      if (calls < 3) throw LIMIT;
      return 'ran';
    });

    // Assess
    expect(result).toBe('ran');
    expect(waits).toEqual([20_000, 20_000]);
    expect(budget.totalWaitMs).toBe(40_000);
  });

  it('passes any other failure through at once', async () => {
    const budget = new CompileBudget({ sleep: async () => undefined });
    await expect(budget.run(() => Promise.reject(BROKEN_TRIGGER))).rejects.toBe(BROKEN_TRIGGER);
    expect(budget.totalWaitMs).toBe(0);
  });

  it('gives up with the plugin’s error once the sweep has waited its longest', async () => {
    const budget = new CompileBudget({
      retryDelayMs: 100,
      maxTotalWaitMs: 250,
      sleep: async () => undefined,
    });
    await expect(budget.run(() => Promise.reject(LIMIT))).rejects.toBe(LIMIT);
    expect(budget.totalWaitMs).toBe(200);
  });
});
