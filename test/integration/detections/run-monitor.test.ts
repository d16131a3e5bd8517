import type { BucketLevelMonitorBody, QueryLevelMonitorBody } from '../../../detections/monitors';
import { MonitorRunError, runMonitorOnce } from '../../../detections/run-monitor';
import { createHttpClient } from '../../../opensearch/http-client';
import { openSearchUrl } from '../../support/env';

/*
 * `runMonitorOnce` against the real Alerting plugin: what fired, the period it searched, and
 * every kind of failed run (a body the plugin refuses, a failing search, a failing trigger
 * condition) as an exception naming the monitor, never as "did not fire".
 */

jest.setTimeout(120_000);

const index = `runmon-${Date.now().toString(36)}`;
const http = createHttpClient({ endpoint: openSearchUrl() });
const now = Date.now();

function queryMonitor(name: string, condition: string, indices = [index]): QueryLevelMonitorBody {
  return {
    type: 'monitor',
    monitor_type: 'query_level_monitor',
    name,
    enabled: true,
    schedule: { period: { interval: 10, unit: 'MINUTES' } },
    inputs: [
      {
        search: {
          indices,
          query: {
            size: 0,
            track_total_hits: true,
            query: {
              range: {
                '@timestamp': { gte: '{{period_end}}||-10m', lte: '{{period_end}}', format: 'epoch_millis' },
              },
            },
          },
        },
      },
    ],
    triggers: [
      {
        query_level_trigger: {
          name: `${name} trigger`,
          severity: '1',
          condition: { script: { source: condition, lang: 'painless' } },
          actions: [],
        },
      },
    ],
  };
}

function bucketMonitor(name: string, minCount: number): BucketLevelMonitorBody {
  return {
    type: 'monitor',
    monitor_type: 'bucket_level_monitor',
    name,
    enabled: true,
    schedule: { period: { interval: 10, unit: 'MINUTES' } },
    inputs: [
      {
        search: {
          indices: [index],
          query: {
            size: 0,
            query: {
              range: {
                '@timestamp': { gte: '{{period_end}}||-10m', lte: '{{period_end}}', format: 'epoch_millis' },
              },
            },
            aggregations: {
              composite_agg: { composite: { sources: [{ key: { terms: { field: 'ip' } } }] } },
            },
          },
        },
      },
    ],
    triggers: [
      {
        bucket_level_trigger: {
          name: `${name} trigger`,
          severity: '1',
          condition: {
            buckets_path: { _count: '_count' },
            parent_bucket_path: 'composite_agg',
            script: { source: `params._count >= ${minCount}`, lang: 'painless' },
          },
          actions: [],
        },
      },
    ],
  };
}

beforeAll(async () => {
  await http.request('PUT', `/${index}`, {
    body: { mappings: { properties: { '@timestamp': { type: 'date' }, ip: { type: 'keyword' } } } },
  });
  const docs = [
    { ip: '203.0.113.7', at: now - 60_000 },
    { ip: '203.0.113.7', at: now - 120_000 },
    { ip: '203.0.113.7', at: now - 180_000 },
    { ip: '198.51.100.1', at: now - 60_000 },
  ];
  const body = docs.flatMap((d) => [{ create: {} }, { '@timestamp': d.at, ip: d.ip }]);
  const ndjson = `${body.map((line) => JSON.stringify(line)).join('\n')}\n`;
  await http.request('POST', `/${index}/_bulk`, {
    query: { refresh: 'true' },
    body: ndjson,
    headers: { 'content-type': 'application/x-ndjson' },
  });
});

afterAll(async () => {
  await http.request('DELETE', `/${index}`).catch(() => undefined);
});

describe('runMonitorOnce on the Alerting plugin', () => {
  it('reports a query-level monitor that fired with the hits behind it', async () => {
    // Act
    const run = await runMonitorOnce(
      http,
      queryMonitor('runmon: four events', 'ctx.results[0].hits.total.value >= 4'),
    );

    // Assess
    expect(run).toMatchObject({
      monitor: 'runmon: four events',
      triggered: true,
      matchedEvents: 4,
      buckets: [],
    });
  });

  it('reports a query-level monitor whose condition does not hold as not fired', async () => {
    // Act
    const run = await runMonitorOnce(
      http,
      queryMonitor('runmon: five events', 'ctx.results[0].hits.total.value >= 5'),
    );

    // Assess
    expect(run).toMatchObject({ triggered: false, matchedEvents: 0 });
  });

  it('searches the period ending at period_end', async () => {
    // Prepare
    const twoHoursAgo = now - 2 * 60 * 60 * 1000;

    // Act
    const run = await runMonitorOnce(
      http,
      queryMonitor('runmon: any event', 'ctx.results[0].hits.total.value > 0'),
      { periodEnd: twoHoursAgo },
    );

    // Assess
    expect(run.triggered).toBe(false);
    expect(run.periodEnd).toBe(twoHoursAgo);
    expect(run.periodStart).toBe(twoHoursAgo - 10 * 60_000);
  });

  it('reports the buckets of a bucket-level monitor that held, with their documents', async () => {
    // Act
    const run = await runMonitorOnce(http, bucketMonitor('runmon: per address', 3));

    // Assess
    expect(run.triggered).toBe(true);
    expect(run.buckets).toEqual([{ key: { key: '203.0.113.7' }, docCount: 3 }]);
    expect(run.matchedEvents).toBe(3);
  });

  it('reports a bucket-level monitor with no bucket over its threshold as not fired', async () => {
    // Act
    const run = await runMonitorOnce(http, bucketMonitor('runmon: per address, strict', 4));

    // Assess
    expect(run).toMatchObject({ triggered: false, matchedEvents: 0, buckets: [] });
  });

  it.each([
    [
      'a body the plugin refuses',
      { ...queryMonitor('runmon: no schedule', 'true'), schedule: undefined },
      /monitor 'runmon: no schedule' failed \(monitor\): .*HTTP 400/,
    ],
    [
      'a failing search',
      queryMonitor('runmon: missing index', 'true', [`${index}-missing`]),
      /monitor 'runmon: missing index' failed \(input\): .*no such index/,
    ],
    [
      'a failing trigger condition',
      queryMonitor('runmon: bad condition', 'ctx.results[0].nothing.here > 1'),
      /monitor 'runmon: bad condition' failed \(trigger runmon: bad condition trigger\): /,
    ],
  ])('throws on %s, naming the monitor and the error', async (_case, monitor, message) => {
    // Act
    const run = runMonitorOnce(http, monitor as QueryLevelMonitorBody);

    // Assess
    await expect(run).rejects.toThrow(MonitorRunError);
    await expect(run).rejects.toThrow(message);
  });
});
