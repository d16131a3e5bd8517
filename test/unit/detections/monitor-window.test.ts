import { parseConfig } from '../../../config/load';
import { allDetections } from '../../../detections';
import {
  buildMonitor,
  buildMonitors,
  freshnessChecks,
  monitorSchedulePlan,
} from '../../../detections/monitors';
import {
  INGEST_DELAY_MINUTES,
  MAX_EVENT_AGE_MINUTES,
  detectionWindow,
  eventTimeWindow,
  firesOnOneEvent,
  ingestWindow,
  ingestWindowAt,
  periodEndCovering,
} from '../../../detections/monitor-window';
import type { Detection } from '../../../detections/types';
import { testOrganization } from '../../support/config';

const config = parseConfig({
  ...testOrganization(),
  memberAccounts: [{ id: '333333333333', name: 'workloads' }],
});
const detections = allDetections(config);
const MINUTE = 60_000;

function detection(id: string): Detection {
  const found = detections.find((d) => d.id === id);
  if (!found) throw new Error(`no detection ${id}`);
  return found;
}

/** OpenSearch date math as the window uses it: `<epoch ms>||-<n>m/m`, `gte` rounds down, `lt` excludes the minute. */
function evaluate(expression: string, periodEnd: number): number {
  const match = /^\{\{period_end\}\}\|\|-(\d+)m(\/m)?$/.exec(expression);
  if (!match) throw new Error(`not a window bound: ${expression}`);
  const value = periodEnd - Number(match[1]) * MINUTE;
  return match[2] ? Math.floor(value / MINUTE) * MINUTE : value;
}

/** The `[from, to)` the ingestion range of a built filter selects for a run ending at `periodEnd`. */
function selected(
  filters: ReturnType<typeof detectionWindow>,
  periodEnd: number,
): { from: number; to: number } {
  const range = (filters[0] as { range: Record<string, { gte: string; lt: string }> }).range[
    'event.ingested'
  ];
  if (!range) throw new Error('no event.ingested range');
  return { from: evaluate(range.gte, periodEnd), to: evaluate(range.lt, periodEnd) };
}

describe('the ingestion window of a run', () => {
  const stopLogging = detection('cloudtrail-stop-logging');

  it('is as wide as the run interval for a detection firing on one event, and ends the delay before the run', () => {
    // Act
    const window = ingestWindow(stopLogging, 5);

    // Assess
    expect(firesOnOneEvent(stopLogging.condition)).toBe(true);
    expect(window).toEqual({ startMinutes: 5 + INGEST_DELAY_MINUTES, endMinutes: INGEST_DELAY_MINUTES });
  });

  it('tiles: over a day of runs every 5 minutes, each instant is in exactly one window, whatever the second a run starts', () => {
    // Prepare: runs at second 0, 0.4 and 59.9 of their minute (cron, interval schedules, `_execute`).
    const filters = detectionWindow(stopLogging, 5);
    const start = Date.UTC(2026, 11, 6, 0, 0, 0);
    const jitters = [0, 400, 59_900];

    // Act
    const windows = Array.from({ length: 288 }, (_, i) =>
      selected(filters, start + i * 5 * MINUTE + (jitters[i % jitters.length] ?? 0)),
    );

    // Assess
    expect(new Set(windows.map((w) => w.to - w.from))).toEqual(new Set([5 * MINUTE]));
    expect(windows.slice(1).map((w) => w.from)).toEqual(windows.slice(0, -1).map((w) => w.to));
  });

  it('matches the window ingestWindowAt computes', () => {
    // Prepare
    const periodEnd = Date.UTC(2026, 11, 6, 10, 5, 17);

    // Act
    const fromQuery = selected(detectionWindow(stopLogging, 30), periodEnd);
    const computed = ingestWindowAt(periodEnd, ingestWindow(stopLogging, 30));

    // Assess
    expect(fromQuery).toEqual(computed);
    expect(computed).toEqual({
      from: Date.UTC(2026, 11, 6, 9, 33),
      to: Date.UTC(2026, 11, 6, 10, 3),
    });
  });

  it('is as long as the lookback for a detection that counts, when that is longer than the interval', () => {
    // Prepare
    const burst = detection('console-login-brute-force');

    // Act
    const hot = ingestWindow(burst, 5);
    const warm = ingestWindow(burst, 60);

    // Assess
    expect(firesOnOneEvent(burst.condition)).toBe(false);
    expect(hot.startMinutes - hot.endMinutes).toBe(burst.lookbackMinutes);
    expect(warm.startMinutes - warm.endMinutes).toBe(60);
  });

  it('counts distinct values and sums over the lookback too', () => {
    for (const id of ['secretsmanager-mass-secret-retrieval', 'ec2-instance-launch-burst']) {
      expect(firesOnOneEvent(detection(id).condition)).toBe(false);
    }
  });

  it('refuses a run interval below a minute and partial minutes', () => {
    expect(() => ingestWindow(stopLogging, 0)).toThrow('at least 1 minute');
    expect(() => ingestWindow(stopLogging, 5, { delayMinutes: 1.5 })).toThrow('whole minutes');
  });
});

describe('the filters of a detection window', () => {
  it('bound the event time to the oldest evaluated age, with no upper bound', () => {
    // Act
    const [, age] = detectionWindow(detection('cloudtrail-stop-logging'), 5);

    // Assess
    expect(age).toEqual({
      range: { '@timestamp': { gte: `{{period_end}}||-${MAX_EVENT_AGE_MINUTES}m`, format: 'epoch_millis' } },
    });
    expect(MAX_EVENT_AGE_MINUTES).toBe(7 * 24 * 60);
  });

  it('take a configured delay and event age', () => {
    // Act
    const filters = detectionWindow(detection('cloudtrail-stop-logging'), 5, {
      delayMinutes: 1,
      maxEventAgeMinutes: 24 * 60,
    });

    // Assess
    expect(filters).toEqual([
      {
        range: {
          'event.ingested': {
            gte: '{{period_end}}||-6m/m',
            lt: '{{period_end}}||-1m/m',
            format: 'epoch_millis',
          },
        },
      },
      { range: { '@timestamp': { gte: '{{period_end}}||-1440m', format: 'epoch_millis' } } },
    ]);
  });

  it('keep findings created within the lookback before the window, not old ones updated again', () => {
    // Prepare
    const finding = detection('guardduty-high-severity-finding');

    // Act
    const filters = detectionWindow(finding, 5);

    // Assess
    expect(finding.createdField).toBe('CreatedAt');
    expect(filters[2]).toEqual({
      range: {
        CreatedAt: {
          gte: `{{period_end}}||-${5 + INGEST_DELAY_MINUTES + finding.lookbackMinutes}m/m`,
          format: 'epoch_millis',
        },
      },
    });
  });

  it('of a freshness check stay on event time, up to the run', () => {
    expect(eventTimeWindow(60)).toEqual([
      {
        range: {
          '@timestamp': { gte: '{{period_end}}||-60m', lte: '{{period_end}}', format: 'epoch_millis' },
        },
      },
    ]);
  });
});

describe('monitors built on the schedule plan', () => {
  const checks = freshnessChecks(config);
  const plan = monitorSchedulePlan(detections, checks);
  const monitors = buildMonitors(detections, checks, { channels: [] });
  const filtersOf = (i: number) =>
    (monitors[i]?.inputs[0].search.query.query as { bool: { filter: unknown[] } }).bool.filter;

  it('window every detection on ingestion time, as wide as its planned interval or its counting lookback', () => {
    for (const [i, d] of detections.entries()) {
      // Prepare
      const entry = plan.entries[i];
      if (!entry) throw new Error(`no plan entry for ${d.id}`);

      // Act
      const filters = filtersOf(i);

      // Assess
      expect(filters.slice(0, -1)).toEqual(detectionWindow(d, entry.intervalMinutes));
      expect(filters[filters.length - 1]).toEqual(d.query);
    }
  });

  it('keep the freshness checks on event time over their silence window', () => {
    for (const [j, check] of checks.entries()) {
      expect(filtersOf(detections.length + j)[0]).toEqual(eventTimeWindow(check.silentMinutes)[0]);
    }
  });

  it('leave no gap for a warm monitor: consecutive runs tile however much later than asked they run', () => {
    // Prepare: a warm detection that asked for 5 minutes and runs every 30.
    const i = detections.findIndex(
      (d, k) => plan.entries[k]?.tier === 'warm' && firesOnOneEvent(d.condition),
    );
    const entry = plan.entries[i];
    const d = detections[i];
    if (!entry || !d) throw new Error('no warm single-event detection in the plan');
    const filters = detectionWindow(d, entry.intervalMinutes);
    const first = Date.UTC(2026, 11, 6, 10, entry.offsetMinute);

    // Act
    const a = selected(filters, first);
    const b = selected(filters, first + entry.intervalMinutes * MINUTE);

    // Assess
    expect(d.scheduleMinutes).toBeLessThan(entry.intervalMinutes);
    expect(b.from).toBe(a.to);
  });
});

describe('the period_end covering a just-ingested batch', () => {
  const window = ingestWindow(detection('cloudtrail-stop-logging'), 5);

  it('is the first run whose window holds the whole batch', () => {
    // Prepare
    const batch = { from: Date.UTC(2026, 11, 6, 10, 0, 10), to: Date.UTC(2026, 11, 6, 10, 0, 40) };

    // Act
    const periodEnd = periodEndCovering(batch, window);
    const covered = ingestWindowAt(periodEnd, window);

    // Assess
    expect(covered.from).toBeLessThanOrEqual(batch.from);
    expect(covered.to).toBeGreaterThan(batch.to);
    expect(ingestWindowAt(periodEnd - MINUTE, window).to).toBeLessThanOrEqual(batch.to);
  });

  it('refuses a batch longer than the window', () => {
    expect(() =>
      periodEndCovering({ from: Date.UTC(2026, 11, 6, 10, 0), to: Date.UTC(2026, 11, 6, 10, 6) }, window),
    ).toThrow('do not fit');
  });
});

describe('buildMonitor without a plan', () => {
  it('windows on the detection’s own schedule', () => {
    // Prepare
    const d = detection('cloudtrail-stop-logging');

    // Act
    const monitor = buildMonitor(d, { channels: [] });
    const filter = (monitor.inputs[0].search.query.query as { bool: { filter: unknown[] } }).bool.filter;

    // Assess
    expect(filter[0]).toEqual(detectionWindow(d, d.scheduleMinutes)[0]);
  });
});
