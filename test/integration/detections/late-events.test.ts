import { parseConfig } from '../../../config/load';
import { allDetections } from '../../../detections';
import {
  INGESTED_FIELD,
  ingestWindow,
  ingestWindowAt,
  periodEndCovering,
  type MonitorWindowOptions,
} from '../../../detections/monitor-window';
import {
  buildMonitor,
  freshnessChecks,
  monitorSchedulePlan,
  type MonitorBody,
} from '../../../detections/monitors';
import type { Detection } from '../../../detections/types';
import { BulkWriter } from '../../../functions/ingest/bulk-writer';
import { ingestObject } from '../../../functions/ingest/ingest-object';
import { OpenSearchClient } from '../../../opensearch/http-client';
import { createHttpClient } from '../../../opensearch/http-client';
import { indexTemplates } from '../../../opensearch/index-templates';
import { ingestPipeline, ingestPipelinePath } from '../../../opensearch/ingest-pipeline';
import { testOrganization } from '../../support/config';
import { openSearchUrl } from '../../support/env';
import { runMonitor } from './monitor-runner';
import { sampleObject } from './sample-objects';

/*
 * Late CloudTrail records through the real Alerting plugin: documents written by the ingestion
 * function's own parser and bulk writer, stamped by the templates' default ingest pipeline, then
 * the deployed monitor (its planned schedule, its window) run at consecutive `period_end`s.
 * `_execute` runs against the index as it is now, so a run "before" the record arrived still
 * sees it in the index: what keeps it out is its ingestion stamp, which is the point.
 */

jest.setTimeout(240_000);

const MINUTE = 60_000;
const prefix = `late-${Date.now().toString(36)}-`;
const config = parseConfig({
  ...testOrganization(),
  memberAccounts: [{ id: '333333333333', name: 'workloads' }],
});
const detections = allDetections(config);
const stopLogging = detections.find((d) => d.id === 'cloudtrail-stop-logging') as Detection;
const planned = monitorSchedulePlan(detections, freshnessChecks(config)).entries.find(
  (e) => e.id === stopLogging.id,
);
const http = createHttpClient({ endpoint: openSearchUrl(), timeoutMs: 120_000 });

/** The deployed monitor of `cloudtrail-stop-logging`, limited to the records of one case (by `eventID`). */
function monitorFor(eventIds: readonly string[], window?: MonitorWindowOptions): MonitorBody {
  const monitor = structuredClone(
    buildMonitor(stopLogging, {
      indexPattern: `${prefix}cloudtrail-*`,
      channels: [],
      schedule: planned,
      window,
    }),
  ) as MonitorBody & { inputs: [{ search: { query: { query: { bool: { filter: unknown[] } } } } }] };
  monitor.inputs[0].search.query.query.bool.filter.push({ terms: { eventID: [...eventIds] } });
  return monitor;
}

/** The same monitor with the window it had before: event time, 30 minutes up to the run. */
function eventTimeMonitor(eventIds: readonly string[]): MonitorBody {
  const monitor = monitorFor(eventIds) as MonitorBody & {
    inputs: [{ search: { query: { query: { bool: { filter: Array<Record<string, unknown>> } } } } }];
  };
  const filter = monitor.inputs[0].search.query.query.bool.filter;
  const at = filter.findIndex((f) => JSON.stringify(f).includes(`"${INGESTED_FIELD}"`));
  filter.splice(at, 2, {
    range: { '@timestamp': { gte: '{{period_end}}||-30m', lte: '{{period_end}}', format: 'epoch_millis' } },
  });
  return monitor;
}

/**
 * One StopLogging record per event time, written the way the ingestion function writes them;
 * returns each record's `event.ingested` as the node stamped it.
 */
async function ingest(eventIds: readonly string[], eventTime: number): Promise<number[]> {
  const samples = eventIds.map((eventID) => ({ ...(stopLogging.positiveSamples[0] as object), eventID }));
  const object = sampleObject('cloudtrail', samples, eventTime + 1000);
  const client = new OpenSearchClient(openSearchUrl(), { kind: 'none' });
  try {
    const writer = new BulkWriter({ client, indexPrefix: prefix });
    await ingestObject(object.body, { bucket: 'archive', key: object.key }, writer);
    const counts = await writer.flush();
    expect(counts).toMatchObject({ records: eventIds.length, indexed: eventIds.length, deadLettered: 0 });
  } finally {
    client.close();
  }
  await http.request('POST', `/${prefix}cloudtrail-*/_refresh`);
  const { body } = await http.request<{
    hits: { hits: Array<{ _source: { '@timestamp': string; event: { ingested: string } } }> };
  }>('POST', `/${prefix}cloudtrail-*/_search`, {
    body: { size: eventIds.length, query: { terms: { eventID: [...eventIds] } } },
  });
  expect(body.hits.hits).toHaveLength(eventIds.length);
  return body.hits.hits.map((h) => Date.parse(h._source.event.ingested));
}

beforeAll(async () => {
  await http.request('PUT', ingestPipelinePath(), { body: ingestPipeline().body });
  for (const template of indexTemplates({ prefix, priority: 900 }))
    await http.request('PUT', `/_index_template/${template.name}`, { body: template.body });
});

afterAll(async () => {
  await http.request('DELETE', `/${prefix}*`).catch(() => undefined);
  for (const template of indexTemplates({ prefix }))
    await http.request('DELETE', `/_index_template/${template.name}`).catch(() => undefined);
});

describe('a CloudTrail record that arrives 40 minutes late', () => {
  const ids = ['late-stoplogging-1'];
  const window = ingestWindow(stopLogging, planned?.intervalMinutes ?? 0);
  const step = (planned?.intervalMinutes ?? 0) * MINUTE;
  let stamp = 0;
  let periodEnd = 0;
  let eventTime = 0;

  beforeAll(async () => {
    // The run that will hold what is stamped now, and an event 40 minutes before that run.
    eventTime = periodEndCovering({ from: Date.now(), to: Date.now() }, window) - 40 * MINUTE;
    [stamp = 0] = await ingest(ids, eventTime);
    periodEnd = periodEndCovering({ from: stamp, to: stamp }, window);
  });

  it('is stamped when it is indexed, 40 minutes after its event time', () => {
    expect(planned).toMatchObject({ tier: 'hot', intervalMinutes: 5 });
    expect(periodEnd - eventTime).toBeGreaterThanOrEqual(40 * MINUTE);
    expect(stamp - eventTime).toBeGreaterThan(35 * MINUTE);
    const covered = ingestWindowAt(periodEnd, window);
    expect(stamp).toBeGreaterThanOrEqual(covered.from);
    expect(stamp).toBeLessThan(covered.to);
  });

  it('fires exactly once over consecutive runs: in the run whose window holds its stamp', async () => {
    // Act
    const runs = [];
    for (const end of [
      periodEnd - 2 * step,
      periodEnd - step,
      periodEnd,
      periodEnd + step,
      periodEnd + 2 * step,
    ])
      runs.push(await runMonitor(monitorFor(ids), end));

    // Assess
    expect(runs.map((r) => r.triggered)).toEqual([false, false, true, false, false]);
    expect(runs[2]?.matchedEvents).toBe(1);
    expect(runs[2]?.periodEnd).toBe(periodEnd);
  });

  it('was never seen by the event-time window it had before, in any run after it arrived', async () => {
    // Act: from the run that holds its stamp, up to 40 minutes later.
    const runs = [];
    for (let end = periodEnd; end <= periodEnd + 40 * MINUTE; end += step)
      runs.push(await runMonitor(eventTimeMonitor(ids), end));

    // Assess
    expect(runs.some((r) => r.triggered)).toBe(false);
  });
});

describe('a record ingested in an earlier window', () => {
  it('does not fire again in any run of the hour after the one that saw it', async () => {
    // Prepare: two records ingested one after the other, now.
    const window = ingestWindow(stopLogging, planned?.intervalMinutes ?? 0);
    const step = (planned?.intervalMinutes ?? 0) * MINUTE;
    const stamps = await ingest(['earlier-stoplogging-1', 'earlier-stoplogging-2'], Date.now() - 2 * MINUTE);
    const periodEnd = periodEndCovering({ from: Math.min(...stamps), to: Math.max(...stamps) }, window);

    // Act: every run of the next hour after the one that saw them.
    const later = [];
    for (let end = periodEnd + step; end <= periodEnd + 60 * MINUTE; end += step)
      later.push(await runMonitor(monitorFor(['earlier-stoplogging-1', 'earlier-stoplogging-2']), end));
    const first = await runMonitor(monitorFor(['earlier-stoplogging-1', 'earlier-stoplogging-2']), periodEnd);

    // Assess
    expect(first.matchedEvents).toBe(2);
    expect(later.some((r) => r.triggered)).toBe(false);
  });
});

describe('a record whose event time is older than the bound (a re-ingested archive)', () => {
  const ids = ['archive-stoplogging-1'];
  const window = ingestWindow(stopLogging, planned?.intervalMinutes ?? 0);
  let periodEnd = 0;

  beforeAll(async () => {
    const [stamp = 0] = await ingest(ids, Date.now() - 8 * 24 * 60 * MINUTE);
    periodEnd = periodEndCovering({ from: stamp, to: stamp }, window);
  });

  it('does not fire in the run that holds its stamp, with the default 7-day bound', async () => {
    // Act
    const run = await runMonitor(monitorFor(ids), periodEnd);

    // Assess
    expect(run.triggered).toBe(false);
  });

  it('fires in that run when the bound is configured to 10 days: the bound is what kept it out', async () => {
    // Act
    const run = await runMonitor(monitorFor(ids, { maxEventAgeMinutes: 10 * 24 * 60 }), periodEnd);

    // Assess
    expect(run.triggered).toBe(true);
    expect(run.matchedEvents).toBe(1);
  });
});
