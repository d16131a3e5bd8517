/**
 * The schedule plan's cron schedules on the real Alerting plugin: accepted as built, and run by
 * its job scheduler at the planned minutes.
 */
import { parseConfig } from '../../../config/load';
import { allDetections } from '../../../detections';
import { buildMonitor, buildMonitors, freshnessChecks, type MonitorBody } from '../../../detections/monitors';
import { runMonitorOnce } from '../../../detections/run-monitor';
import { cronExpression, type PlannedSchedule } from '../../../detections/schedule-plan';
import { createHttpClient } from '../../../opensearch/http-client';
import { testOrganization } from '../../support/config';
import { openSearchUrl } from '../../support/env';

const suffix = `${Date.now()}-${process.pid}`;
const config = parseConfig({
  ...testOrganization(),
  memberAccounts: [{ id: '333333333333', name: 'workloads' }],
});
/** Alerting's job lock index: a monitor's document gets a new `lock_time` at each run. */
const LOCK_INDEX = '.opensearch-alerting-config-lock';
const created: string[] = [];

async function request<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${openSearchUrl()}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 1000)}`);
  return JSON.parse(text) as T;
}

async function create(monitor: MonitorBody): Promise<string> {
  const { _id: id } = await request<{ _id: string }>('POST', '/_plugins/_alerting/monitors', monitor);
  created.push(id);
  return id;
}

afterAll(async () => {
  await Promise.all(
    created.map((id) => request('DELETE', `/_plugins/_alerting/monitors/${id}`).catch(() => undefined)),
  );
}, 120_000);

describe('monitors on the schedule plan', () => {
  it('are accepted by the Alerting plugin with their cron schedule, every one of the deployment', async () => {
    // Prepare: disabled, so the shared node does not run a hundred monitors.
    const monitors = buildMonitors(allDetections(config), freshnessChecks(config), {
      channels: [],
      enabled: false,
      indexPattern: `schedule-plan-${suffix}-*`,
    }).map((m) => ({ ...m, name: `${m.name} ${suffix}` }));

    // Act
    const stored: unknown[] = [];
    for (const monitor of monitors) {
      const id = await create(monitor);
      const { monitor: got } = await request<{ monitor: { schedule: unknown } }>(
        'GET',
        `/_plugins/_alerting/monitors/${id}`,
      );
      stored.push(got.schedule);
    }

    // Assess
    expect(stored).toEqual(monitors.map((m) => m.schedule));
    expect(new Set(monitors.map((m) => Object.keys(m.schedule)[0]))).toEqual(new Set(['cron']));
  }, 300_000);

  it('run at the minutes of their cron expression (a step from an offset)', async () => {
    // Prepare: every minute from minute 0, the same `<offset>-59/<interval>` form the plan writes.
    const detection = allDetections(config)[0];
    if (!detection) throw new Error('no detection');
    const everyMinute: PlannedSchedule = {
      id: detection.id,
      tier: 'hot',
      intervalMinutes: 1,
      offsetMinute: 0,
      delayMinutes: 0,
      schedule: { cron: { expression: cronExpression(1, 0), timezone: 'UTC' } },
    };
    const monitor = buildMonitor(detection, {
      channels: [],
      indexPattern: `schedule-plan-${suffix}-*`,
      schedule: everyMinute,
    });

    // Act
    const id = await create({ ...monitor, name: `${monitor.name} cron ${suffix}` });
    const deadline = Date.now() + 150_000;
    const runs = new Set<number>();
    while (runs.size < 2 && Date.now() < deadline) {
      const lock = await fetch(`${openSearchUrl()}/${LOCK_INDEX}/_doc/${id}-lock`);
      if (lock.ok) runs.add(((await lock.json()) as { _source: { lock_time: number } })._source.lock_time);
      await new Promise((r) => setTimeout(r, 5_000));
    }

    // Assess: two runs about a minute apart, each at the start of its minute.
    const [first = 0, second = 0] = [...runs].sort((a, b) => a - b);
    expect(runs.size).toBe(2);
    expect(Math.abs(second - first - 60)).toBeLessThanOrEqual(5);
    expect(first % 60).toBeLessThanOrEqual(5);
  }, 200_000);
});

describe('a query-level sum monitor', () => {
  it('runs without error before any index matches its pattern (a new deployment)', async () => {
    // Prepare: the response of a search on a pattern matching no index has no aggregations.
    const detection = allDetections(config)[0];
    if (!detection) throw new Error('no detection');
    const monitor = buildMonitor(
      { ...detection, condition: { kind: 'sum', field: 'siem.ec2.launchedInstances', minCount: 10 } },
      { channels: [], indexPattern: `schedule-plan-${suffix}-none-*` },
    );

    // Act
    const run = await runMonitorOnce(createHttpClient({ endpoint: openSearchUrl() }), monitor);

    // Assess
    expect(run.triggered).toBe(false);
  });
});
