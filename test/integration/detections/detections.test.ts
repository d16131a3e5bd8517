import { Client } from '@opensearch-project/opensearch';
import { parseConfig } from '../../../config/load';
import { allDetections } from '../../../detections';
import {
  buildFreshnessMonitor,
  buildMonitor,
  cloudTrailFreshness,
  type FreshnessCheck,
  type MonitorBody,
} from '../../../detections/monitors';
import type { Detection } from '../../../detections/types';
import { parseLogObject } from '../../../functions/ingest';
import { ingestWindow, periodEndCovering } from '../../../detections/monitor-window';
import { indexTemplates } from '../../../opensearch/index-templates';
import { ingestPipeline, ingestPipelinePath } from '../../../opensearch/ingest-pipeline';
import { openSearchUrl } from '../../support/env';
import { runMonitor } from './monitor-runner';
import { sampleObject } from './sample-objects';
import { testOrganization } from '../../support/config';

/*
 * Every detection against a real OpenSearch: its samples go through the ingestion parser and
 * the production index templates, then its monitor runs once through the real Alerting plugin
 * (`runMonitor`: `_execute?dryrun=true`; a monitor the plugin rejects or fails to run throws).
 * Positives must fire; negatives alone must not.
 *
 * All samples of a log type share one index (an index per detection means ~200 index creations,
 * minutes on a small machine); each run is scoped to its detection's documents by an `ids`
 * filter added next to the monitor's own query, window and condition, which stay as built.
 */

jest.setTimeout(240_000);

const baseInput = {
  ...testOrganization(),
  memberAccounts: [{ id: '333333333333', name: 'workloads' }],
};
const config = parseConfig(baseInput);
const detections = allDetections(config);
const prefix = `dtest-${Date.now().toString(36)}-`;
const client = new Client({ node: openSearchUrl(), requestTimeout: 120_000 });

const samplesIndex = (d: Pick<Detection, 'logType'>) => `${prefix}${d.logType}-samples`;
/** When the node stamped the samples (`event.ingested`, epoch ms), filled by `beforeAll`. */
let ingested = { from: 0, to: 0 };
/**
 * The run right after the samples were indexed: its ingestion window (as wide as the
 * detection's own schedule, without a plan) holds every sample's stamp.
 */
const periodEndFor = (d: Detection) => periodEndCovering(ingested, ingestWindow(d, d.scheduleMinutes));

/** Document ids of each detection's positive and negative samples, filled by `beforeAll`. */
const sampleIds = new Map<string, { positives: string[]; negatives: string[] }>();

function idsOf(detection: Detection): { positives: string[]; negatives: string[] } {
  const ids = sampleIds.get(detection.id);
  if (!ids) throw new Error(`no documents indexed for ${detection.id}`);
  return ids;
}

/** The monitor as built, its search also limited to the given documents. */
function scopedTo<T extends MonitorBody>(monitor: T, ids: readonly string[]): T {
  const copy = structuredClone(monitor) as T & {
    inputs: [{ search: { query: { query: { bool: { filter: unknown[] } } } } }];
  };
  copy.inputs[0].search.query.query.bool.filter.push({ ids: { values: [...ids] } });
  return copy;
}

async function bulkIndex(documents: Array<{ index: string; id: string; document: Record<string, unknown> }>) {
  const body = documents.flatMap((d) => [{ create: { _index: d.index, _id: d.id } }, d.document]);
  const response = await client.bulk({ body, refresh: true });
  const failures = (response.body.items as Array<Record<string, { error?: unknown; _index: string }>>)
    .map((item) => Object.values(item)[0])
    .filter((r) => r?.error !== undefined);
  if (failures.length > 0) throw new Error(`bulk failures: ${JSON.stringify(failures.slice(0, 3))}`);
}

beforeAll(async () => {
  // The templates' default pipeline stamps `event.ingested`, which detection windows select on.
  await client.transport.request({ method: 'PUT', path: ingestPipelinePath(), body: ingestPipeline().body });
  for (const template of indexTemplates({ prefix, priority: 900 })) {
    await client.indices.putIndexTemplate({ name: template.name, body: template.body });
  }
  const now = Date.now();
  const documents = [];
  for (const detection of detections) {
    const ids = { positives: [] as string[], negatives: [] as string[] };
    for (const kind of ['positives', 'negatives'] as const) {
      const samples = kind === 'positives' ? detection.positiveSamples : detection.negativeSamples;
      const object = sampleObject(detection.logType, samples, now);
      const parsed = await parseLogObject(
        object.body,
        { bucket: 'archive', key: object.key },
        { source: detection.logType },
      );
      for (const doc of parsed) {
        // Two detections may share a sample (same event id): keep each detection's copy apart.
        const id = `${detection.id}.${kind}.${doc.id}`;
        ids[kind].push(id);
        documents.push({ index: samplesIndex(detection), id, document: doc.document });
      }
    }
    sampleIds.set(detection.id, ids);
  }
  await bulkIndex(documents);
  const { body } = await client.transport.request({
    method: 'POST',
    path: `/${prefix}*/_search`,
    body: {
      size: 0,
      track_total_hits: true,
      aggregations: {
        unstamped: { missing: { field: 'event.ingested' } },
        from: { min: { field: 'event.ingested' } },
        to: { max: { field: 'event.ingested' } },
      },
    },
  });
  const stamps = (body as { aggregations: Record<string, { value?: number; doc_count?: number }> })
    .aggregations;
  // Every sample was stamped by the templates' default pipeline.
  if (stamps.unstamped?.doc_count !== 0)
    throw new Error(`samples without event.ingested: ${JSON.stringify(stamps)}`);
  ingested = { from: stamps.from?.value ?? 0, to: stamps.to?.value ?? 0 };
});

afterAll(async () => {
  await client.indices.delete({ index: `${prefix}*` }).catch(() => undefined);
  for (const template of indexTemplates({ prefix })) {
    await client.indices.deleteIndexTemplate({ name: template.name }).catch(() => undefined);
  }
  await client.close();
});

describe.each(detections.map((d) => [d.id, d] as const))('detection %s', (_id, detection) => {
  it('fires on its positive samples', async () => {
    // Prepare
    // Positives alone: negatives sit just below thresholds, so adding them would prove nothing.
    const monitor = scopedTo(
      buildMonitor(detection, { indexPattern: samplesIndex(detection), channels: [] }),
      idsOf(detection).positives,
    );

    // Act
    const run = await runMonitor(monitor, periodEndFor(detection));

    // Assess
    expect(run.triggered).toBe(true);
  });

  it('stays quiet on its negative samples alone', async () => {
    // Prepare
    const monitor = scopedTo(
      buildMonitor(detection, { indexPattern: samplesIndex(detection), channels: [] }),
      idsOf(detection).negatives,
    );

    // Act
    const run = await runMonitor(monitor, periodEndFor(detection));

    // Assess
    expect(run.triggered).toBe(false);
  });
});

describe('the monitor run itself', () => {
  // Guards the harness: with a threshold one above what the positives reach, nothing may fire.
  it.each(['s3-access-denied-burst', 'waf-ip-blocked-repeatedly', 'cloudtrail-stop-logging'])(
    '%s does not fire once its threshold exceeds its positive samples',
    async (id) => {
      // Prepare
      const detection = detections.find((d) => d.id === id) as Detection;
      const positives = idsOf(detection).positives;
      const stricter: Detection = {
        ...detection,
        condition: { ...detection.condition, minCount: positives.length + 1 },
      };

      // Act
      const run = await runMonitor(
        scopedTo(buildMonitor(stricter, { indexPattern: samplesIndex(detection), channels: [] }), positives),
        periodEndFor(stricter),
      );

      // Assess
      expect(run.triggered).toBe(false);
    },
  );
});

describe('CloudTrail freshness monitor', () => {
  const staleIndex = `${prefix}cloudtrail-stale`;
  const stopLogging = () => detections.find((d) => d.id === 'cloudtrail-stop-logging') as Detection;
  /** The per-account check expecting only the member the parsed samples come from. */
  const memberOnly = (check: FreshnessCheck): FreshnessCheck => ({
    ...check,
    accounts: check.accounts?.filter((a) => a.id === '333333333333'),
  });

  beforeAll(async () => {
    const twoHoursAgo = Date.now() - 2 * 60 * 60 * 1000;
    const object = sampleObject('cloudtrail', stopLogging().positiveSamples, twoHoursAgo);
    const stale = await parseLogObject(
      object.body,
      { bucket: 'archive', key: object.key },
      { source: 'cloudtrail' },
    );
    await bulkIndex(stale.map((d) => ({ ...d, index: staleIndex })));
  });

  it('fires when the newest CloudTrail event is older than the silence window, not when one is recent', async () => {
    // Prepare
    const check = memberOnly(cloudTrailFreshness(config));

    // Act
    const silent = await runMonitor(buildFreshnessMonitor(check, { indexPattern: staleIndex, channels: [] }));
    const live = await runMonitor(
      buildFreshnessMonitor(check, { indexPattern: samplesIndex(stopLogging()), channels: [] }),
    );

    // Assess
    expect(check.silentMinutes).toBe(60);
    expect(check.accounts).toEqual([{ id: '333333333333', name: 'workloads' }]);
    expect(silent.triggered).toBe(true);
    expect(live.triggered).toBe(false);
  });

  it('follows the configured silence window: two hours of silence is fine with a three-hour one', async () => {
    // Prepare
    const relaxed = parseConfig({
      ...baseInput,
      detections: { cloudTrailFreshness: { silentMinutes: 180, scheduleMinutes: 30 } },
    });

    // Act
    const run = await runMonitor(
      buildFreshnessMonitor(memberOnly(cloudTrailFreshness(relaxed)), {
        indexPattern: staleIndex,
        channels: [],
      }),
    );

    // Assess
    expect(run.triggered).toBe(false);
  });
});
