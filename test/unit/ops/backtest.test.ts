import { parseConfig } from '../../../config/load';
import { allDetections } from '../../../detections';
import { buildMonitor } from '../../../detections/monitors';
import { parseRangeBound } from '../../../cli/commands/detections-backtest';
import { alertsOf, type SlotResult } from '../../../operations/backtest/alerts';
import { onEventTime } from '../../../operations/backtest/event-time-window';
import { perSeverity } from '../../../operations/backtest/report';
import { MINUTE_MS, slotsOf } from '../../../operations/backtest/windows';
import { testOrganization } from '../../support/config';

const config = parseConfig({
  ...testOrganization(),
  memberAccounts: [{ id: '333333333333', name: 'workloads' }],
});
const detections = allDetections(config);
const T0 = Date.UTC(2026, 10, 16);

describe('the backtest window on event time', () => {
  it.each(detections.map((d) => [d.id, d] as const))('%s: selects on @timestamp only', (_id, detection) => {
    // Prepare
    const live = buildMonitor(detection, { channels: [] });

    // Act
    const body = JSON.stringify(onEventTime(live, { from: T0, to: T0 + 86_400_000 }));

    // Assess
    expect(body).not.toContain('event.ingested');
    expect(body).toContain('"@timestamp":{"gte":"{{period_end}}||-');
    expect(body).toContain(`"gte":${T0},"lte":${T0 + 86_400_000}`);
  });

  it('turns an ingestion window with a delay into an event-time window of the same width ending at the run', () => {
    // Prepare
    const detection = detections.find((d) => d.id === 'cloudtrail-stop-logging')!;
    const live = buildMonitor(detection, { channels: [] });

    // Act
    const body = JSON.stringify(onEventTime(live, { from: T0, to: T0 + 1 }));

    // Assess
    expect(body).toContain(
      `"@timestamp":{"gte":"{{period_end}}||-${detection.scheduleMinutes}m/m","lt":"{{period_end}}||/m"`,
    );
  });
});

describe('the runs a backtest sends to the plugin', () => {
  it('skips runs whose window holds fewer matching events than the condition needs', () => {
    // Prepare: 3 events at minute 12, 5 at minute 47; windows of 30 minutes every 5
    const matches = new Map([
      [T0 + 12 * MINUTE_MS, 3],
      [T0 + 47 * MINUTE_MS, 5],
    ]);

    // Act
    const slots = slotsOf({
      from: T0,
      to: T0 + 60 * MINUTE_MS,
      scheduleMinutes: 5,
      lookbackMinutes: 30,
      matchesPerMinute: matches,
      minimum: 5,
    });

    // Assess: only windows holding minute 47 reach 5 (those also holding minute 12 reach 8)
    expect(slots.ends).toHaveLength(12);
    expect(slots.toRun.map((e) => (e - T0) / MINUTE_MS)).toEqual([50, 55, 60]);
  });

  it('runs every window that holds one event for a single-event condition', () => {
    // Act
    const slots = slotsOf({
      from: T0,
      to: T0 + 30 * MINUTE_MS,
      scheduleMinutes: 5,
      lookbackMinutes: 5,
      matchesPerMinute: new Map([[T0 + 7 * MINUTE_MS, 1]]),
      minimum: 1,
    });

    // Assess: minute 7 overlaps the windows ending at 10 and (its edge minute counts whole) none other
    expect(slots.toRun.map((e) => (e - T0) / MINUTE_MS)).toEqual([10]);
  });
});

describe('alerts as the deployed monitors notify', () => {
  const slot = (minute: number, triggered: boolean, keys: string[] = []): SlotResult => ({
    end: T0 + minute * MINUTE_MS,
    triggered,
    buckets: keys.map((key) => ({ key, docCount: 2 })),
    matchedEvents: triggered ? 3 : 0,
  });

  it('counts a bucket key once while it stays active, again when it comes back', () => {
    // Act
    const alerts = alertsOf({ id: 'd', severity: 3, lookbackMinutes: 30 }, true, [
      slot(5, true, ['a']),
      slot(10, true, ['a', 'b']),
      slot(15, false),
      slot(20, true, ['a']),
    ]);

    // Assess
    expect(alerts.map((a) => `${(a.at - T0) / MINUTE_MS}:${a.entity}`)).toEqual(['5:a', '10:b', '20:a']);
  });

  it('throttles a query-level monitor to one alert per lookback while it keeps firing', () => {
    // Act
    const alerts = alertsOf(
      { id: 'd', severity: 4, lookbackMinutes: 15 },
      false,
      [5, 10, 15, 20, 25].map((m) => slot(m, true)),
    );

    // Assess
    expect(alerts.map((a) => (a.at - T0) / MINUTE_MS)).toEqual([5, 20]);
    expect(perSeverity(alerts)).toEqual({ 1: 0, 2: 0, 3: 0, 4: 2, 5: 0 });
  });
});

describe('siem detections backtest --from/--to', () => {
  it('reads a bare date as a whole UTC day and an ISO time as it is', () => {
    expect(parseRangeBound('from', '2026-11-01')).toBe(Date.UTC(2026, 10, 1));
    expect(parseRangeBound('to', '2026-11-01')).toBe(Date.UTC(2026, 10, 2) - 1);
    expect(parseRangeBound('to', '2026-11-01T06:30:00Z')).toBe(Date.UTC(2026, 10, 1, 6, 30));
  });

  it('refuses what is not a date', () => {
    expect(() => parseRangeBound('from', 'yesterday')).toThrow('--from: not a date or ISO time: yesterday');
    expect(() => parseRangeBound('to', undefined)).toThrow('--to is required');
  });
});
