import { parseConfig } from '../../../config/load';
import { allDetections } from '../../../detections';
import { channelRoutes } from '../../../detections/channels';
import { buildMonitors, freshnessChecks, monitorSchedulePlan } from '../../../detections/monitors';
import { firesOnOneEvent, ingestWindow } from '../../../detections/monitor-window';
import {
  DEFAULT_SCRIPT_LIMITS,
  cronExpression,
  hourDivisorAtLeast,
  intervalMinutesOf,
  intervalSchedules,
  modelCompiles,
  planSchedules,
  worstCaseCompiles,
  type SchedulableMonitor,
} from '../../../detections/schedule-plan';
import type { Severity } from '../../../detections/types';
import { testOrganization } from '../../support/config';

const config = parseConfig({
  ...testOrganization(),
  memberAccounts: [{ id: '333333333333', name: 'workloads' }],
  alerting: {
    emails: ['desk@example.com'],
    emailMaxSeverity: 3,
    channels: [
      { name: 'soc-slack', type: 'slack', url: { ssmParameterName: '/siem/slack' }, maxSeverity: 2 },
    ],
  },
});
const detections = allDetections(config);
const checks = freshnessChecks(config);
const today: SchedulableMonitor[] = [...detections, ...checks];

/** 200 monitors every 5 minutes, 40% of them severity 1 or 2 (today's share is 43%). */
const SEVERITIES: readonly Severity[] = [1, 2, 2, 3, 3, 4, 3, 2, 5, 3];
const synthetic200: SchedulableMonitor[] = Array.from({ length: 200 }, (_, i) => ({
  id: `synthetic-${i}`,
  severity: SEVERITIES[i % SEVERITIES.length] ?? 3,
  scheduleMinutes: 5,
}));

const FIVE_MINUTE_BUDGET = DEFAULT_SCRIPT_LIMITS.maxCompilations;
/** The warm tier's sustained misses, at most 8 a minute (the refill is 15). */
const STEADY_BUDGET_PER_5_MINUTES = 8 * 5;

describe('cron expressions of the plan', () => {
  it.each([
    [5, 0, '0-59/5 * * * *'],
    [5, 3, '3-59/5 * * * *'],
    [30, 17, '17-59/30 * * * *'],
    [60, 42, '42 * * * *'],
  ])(
    'every %i minutes from minute %i is %s, and reads back as its interval',
    (interval, offset, expected) => {
      // Act
      const expression = cronExpression(interval, offset);

      // Assess
      expect(expression).toBe(expected);
      expect(intervalMinutesOf({ cron: { expression, timezone: 'UTC' } })).toBe(interval);
    },
  );

  it('refuses an interval that does not divide the hour, and an offset past the interval', () => {
    expect(() => cronExpression(7, 0)).toThrow('does not divide an hour');
    expect(() => cronExpression(5, 5)).toThrow('outside 0..4');
  });

  it('rounds schedules up to a divisor of the hour', () => {
    expect([1, 5, 7, 13, 25, 45].map(hourDivisorAtLeast)).toEqual([1, 5, 10, 15, 30, 60]);
  });
});

describe.each([
  ['the deployment today', today],
  ['a synthetic set of 200 monitors', synthetic200],
])('the schedule plan of %s', (_name, monitors) => {
  const plan = planSchedules(monitors);
  const worst = worstCaseCompiles(plan);

  it('is the same plan for the same list', () => {
    expect(planSchedules(monitors)).toEqual(plan);
  });

  it('keeps every severity 1 detection that asks for 5 minutes or less in the hot tier, every 5 minutes', () => {
    // A source that delivers in batches (Security Lake every 15 minutes) asks for its own, longer schedule.
    const urgent = monitors.filter((m) => m.severity === 1 && m.scheduleMinutes <= 5).map((m) => m.id);
    expect(urgent.length).toBeGreaterThan(0);
    const hot = plan.entries.filter((e) => e.tier === 'hot');
    expect(hot.map((e) => e.id)).toEqual(expect.arrayContaining(urgent));
    expect(new Set(hot.map((e) => e.intervalMinutes))).toEqual(new Set([5]));
  });

  it('runs the warm tier at most every 30 minutes, longer only for a detection that asks for it', () => {
    // Config history arrives every 6 hours: its detections ask to run hourly, which is their own choice.
    const warm = plan.entries.filter((e) => e.tier === 'warm');
    const asked = new Map(monitors.map((m) => [m.id, m.scheduleMinutes]));
    expect(warm.length).toBeGreaterThan(0);
    expect(plan.warmIntervalMinutes).toBeLessThanOrEqual(30);
    for (const entry of warm) {
      expect(entry.intervalMinutes).toBe(
        hourDivisorAtLeast(Math.max(asked.get(entry.id)!, plan.warmIntervalMinutes)),
      );
    }
  });

  it('never has the template compilation limit refuse a compilation, whatever minute the node starts', () => {
    expect(worst.limitTriggered).toBe(0);
  });

  it('compiles at most 75 templates in the first 5 minutes after a start (the full token bucket)', () => {
    expect(worst.startupBurst).toBeLessThanOrEqual(FIVE_MINUTE_BUDGET);
    expect(worst.maxMissesPer5Minutes).toBeLessThanOrEqual(FIVE_MINUTE_BUDGET);
  });

  it('compiles at most 40 templates per 5 minutes once running (8 a minute, the refill is 15)', () => {
    expect(worst.steadyMissesPer5Minutes).toBeLessThanOrEqual(STEADY_BUDGET_PER_5_MINUTES);
  });

  it('starts at most 12 monitors in any minute', () => {
    expect(worst.maxStartsPerMinute).toBeLessThanOrEqual(12);
  });
});

describe('interval schedules as before the plan (all every 5 minutes, created together)', () => {
  it.each([
    ['the deployment today', today],
    ['a synthetic set of 200 monitors', synthetic200],
  ])('make the compilation limit refuse compilations for %s', (_name, monitors) => {
    // Act
    const worst = worstCaseCompiles(intervalSchedules(monitors));

    // Assess
    expect(worst.startupBurst).toBeGreaterThan(FIVE_MINUTE_BUDGET);
    expect(worst.limitTriggered).toBeGreaterThan(0);
  });
});

describe('the compile model', () => {
  it('hits the cache on every run once 99 monitors every 5 minutes are compiled, with nothing else compiled', () => {
    // Prepare
    const plan = intervalSchedules(synthetic200.slice(0, 99));

    // Act
    const model = modelCompiles(plan, { startMinute: 0, minutes: 30, extraMissesPerMinute: 0 });

    // Assess: 75 compile at start, 24 are refused and compile on the next run (the bucket refilled).
    expect(model.missesPerMinute.slice(0, 6)).toEqual([99, 0, 0, 0, 0, 24]);
    expect(model.missesPerMinute.slice(10)).toEqual(new Array(20).fill(0));
  });

  it('misses on every run once more templates cycle than the cache holds', () => {
    // Prepare: 101 monitors every 5 minutes, all at once, with a bucket large enough to never refuse.
    const monitors = synthetic200.slice(0, 101);
    const limits = { ...DEFAULT_SCRIPT_LIMITS, maxCompilations: 1000, refillPerMinute: 1000 };

    // Act
    const model = modelCompiles(intervalSchedules(monitors), {
      startMinute: 0,
      minutes: 20,
      extraMissesPerMinute: 0,
      limits,
    });

    // Assess
    expect(model.missesPerMinute.filter((m) => m > 0)).toEqual([101, 101, 101, 101]);
  });
});

describe('planning', () => {
  it('spreads cron minutes so that every minute of the hour starts about as many runs', () => {
    // Act
    const plan = planSchedules(synthetic200);
    const starts = Array.from(
      { length: 60 },
      (_, minute) => plan.entries.filter((e) => (minute - e.offsetMinute) % e.intervalMinutes === 0).length,
    );

    // Assess
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThanOrEqual(1);
  });

  it('moves the least urgent hot candidates to the warm tier when they do not all fit', () => {
    // Act
    const plan = planSchedules(synthetic200);
    const hot = plan.entries.filter((e) => e.tier === 'hot');

    // Assess: the 20 severity-1 monitors first, then severity 2 in list order.
    expect(hot.length).toBeGreaterThanOrEqual(20);
    expect(hot.length).toBeLessThan(synthetic200.filter((m) => m.severity <= 2).length);
    const bySeverity = new Map(synthetic200.map((m) => [m.id, m.severity]));
    expect(hot.filter((e) => bySeverity.get(e.id) === 1)).toHaveLength(20);
  });

  it('runs the warm tier hourly only when no hot tier fits at 30 minutes', () => {
    // Prepare: 300 monitors, 40% of them severity 1 or 2.
    const many = Array.from({ length: 300 }, (_, i) => ({ ...synthetic200[i % 200], id: `many-${i}` }));

    // Act
    const plan = planSchedules(many as SchedulableMonitor[]);
    const worst = worstCaseCompiles(plan);

    // Assess
    expect(plan.warmIntervalMinutes).toBe(60);
    expect(worst.limitTriggered).toBe(0);
    expect(worst.maxMissesPer5Minutes).toBeLessThanOrEqual(FIVE_MINUTE_BUDGET);
  });

  it('refuses a list that no plan fits, saying so', () => {
    const tooMany = Array.from({ length: 1000 }, (_, i) => ({
      id: `m${i}`,
      severity: 3 as const,
      scheduleMinutes: 5,
    }));
    expect(() => planSchedules(tooMany)).toThrow('cannot be scheduled within the script compilation limits');
  });

  it('refuses an id listed twice', () => {
    expect(() => planSchedules([...today.slice(0, 2), today[0] as SchedulableMonitor])).toThrow(
      'listed twice',
    );
  });
});

describe('monitors built on the plan', () => {
  const plan = monitorSchedulePlan(detections, checks);
  const monitors = buildMonitors(detections, checks, { channels: channelRoutes(config) });
  const lookbackOf = (query: unknown): number => {
    const match = /\{\{period_end\}\}\|\|-(\d+)m/.exec(JSON.stringify(query));
    if (!match) throw new Error('no lookback in the query');
    return Number(match[1]);
  };

  it('carry the planned cron schedule in UTC', () => {
    const byName = new Map(monitors.map((m) => [m.name, m]));
    for (const entry of plan.entries) {
      expect(byName.get(`siem: ${entry.id}`)?.schedule).toEqual({
        cron: { expression: cronExpression(entry.intervalMinutes, entry.offsetMinute), timezone: 'UTC' },
      });
    }
  });

  it('window on ingestion time without a stretched lookback: a later run only widens a single-event window to its interval', () => {
    for (const [i, detection] of detections.entries()) {
      // Prepare
      const monitor = monitors[i];
      const entry = plan.entries[i];
      if (!monitor || !entry) throw new Error(`no monitor for ${detection.id}`);

      // Act
      const window = ingestWindow(detection, intervalMinutesOf(monitor.schedule));

      // Assess
      expect(JSON.stringify(monitor.inputs[0].search.query)).toContain(
        `"event.ingested":{"gte":"{{period_end}}||-${window.startMinutes}m/m","lt":"{{period_end}}||-${window.endMinutes}m/m"`,
      );
      expect(window.startMinutes - window.endMinutes).toBe(
        firesOnOneEvent(detection.condition)
          ? entry.intervalMinutes
          : Math.max(entry.intervalMinutes, detection.lookbackMinutes),
      );
    }
  });

  it('keep the freshness check window as configured', () => {
    const freshness = monitors[monitors.length - 1];
    expect(lookbackOf(freshness?.inputs[0].search.query)).toBe(checks[0]?.silentMinutes);
  });

  it('use few distinct trigger conditions, so the painless contexts stay cached (cache of 100)', () => {
    const conditions = new Set(
      monitors.map((m) =>
        m.monitor_type === 'query_level_monitor'
          ? `trigger:${m.triggers[0]?.query_level_trigger.condition.script.source}`
          : `aggregation_selector:${m.triggers[0]?.bucket_level_trigger.condition.script.source}`,
      ),
    );
    expect(conditions.size).toBeLessThanOrEqual(20);
  });
});
