import { gzipSync } from 'node:zlib';
import { archiveBucketName } from '../../../config/archive-names';
import { allDetections } from '../../../detections';
import { createHttpClient } from '../../../opensearch/http-client';
import { indexTemplates } from '../../../opensearch/index-templates';
import { backtest } from '../../../operations/backtest/run';
import { benignConfig } from '../../../scripts/bench/benign-day';
import { ingestObjects } from '../../../scripts/demo/ingest-objects';
import { runNoiseBudget, type NoiseRun } from '../../../scripts/bench/noise-budget';
import { openSearchUrl } from '../../support/env';

/*
 * The noise budget on a slice of the benign day (5 accounts, 2 office hours): generated, ingested
 * through the ingestion function's parser and bulk writer, and every detection run over it through
 * the real Alerting plugin with sliding windows. No alert may be at severity 1 or 2. The last test
 * proves the same run would have seen one: a StopLogging slipped into the slice raises its alert.
 */

jest.setTimeout(900_000);

const prefix = `noise-${Date.now().toString(36)}-`;
const start = Date.UTC(2026, 10, 16, 9);
const HOURS = 2;
const http = createHttpClient({ endpoint: openSearchUrl(), timeoutMs: 120_000 });
let run: NoiseRun;

beforeAll(async () => {
  run = await runNoiseBudget({
    endpoint: openSearchUrl(),
    indexPrefix: prefix,
    accounts: 5,
    hours: HOURS,
    start,
    log: () => undefined,
  });
});

afterAll(async () => {
  await http.request('DELETE', `/${prefix}*`).catch(() => undefined);
  for (const template of indexTemplates({ prefix }))
    await http.request('DELETE', `/_index_template/${template.name}`).catch(() => undefined);
});

describe('the noise budget on 2 hours of 5 accounts', () => {
  it('ingests every generated record of every source', () => {
    // Assess
    expect(run.ingest.deadLettered).toBe(0);
    expect(run.counts).toEqual(run.documents);
    const busiest = ['cloudtrail', 'vpcflow', 'dns', 'elb', 'waf', 'cloudfront'] as const;
    expect(busiest.filter((logType) => run.documents[logType] < 100)).toEqual([]);
  });

  it('runs every detection over the slice and raises no alert at severity 1 or 2', () => {
    // Assess
    expect(run.result.detections).toHaveLength(allDetections(run.config).length);
    expect(run.result.runs).toBeGreaterThan(0);
    expect(run.result.alerts.filter((a) => a.severity <= 2)).toEqual([]);
  });

  it('would have raised a severity-1 alert for one attacker event slipped into the same slice', async () => {
    // Prepare: the first severity-1 CloudTrail detection that fires on a single event
    const config = benignConfig(5);
    const at = start + 45 * 60_000;
    const account = config.memberAccounts[0]!.id;
    const detection = allDetections(config).find(
      (d) =>
        d.severity === 1 &&
        d.logType === 'cloudtrail' &&
        d.condition.kind === 'threshold' &&
        d.condition.minCount === 1,
    )!;
    const record = {
      ...(detection.positiveSamples[0] as Record<string, unknown>),
      eventTime: new Date(at).toISOString(),
      recipientAccountId: account,
    };
    await ingestObjects(
      openSearchUrl(),
      [
        {
          bucket: archiveBucketName(config, 'cloudtrail'),
          key: `AWSLogs/${config.organization.id}/${account}/CloudTrail/eu-west-1/2026/11/16/${account}_CloudTrail_eu-west-1_20261116T0945Z_attack.json.gz`,
          body: gzipSync(JSON.stringify({ Records: [record] })),
          documents: { cloudtrail: 1 },
        },
      ],
      prefix,
    );
    await http.request('POST', `/${prefix}cloudtrail-*/_refresh`);

    // Act
    const result = await backtest({
      client: http,
      detections: [detection],
      from: start,
      to: start + HOURS * 3_600_000,
      indexPrefix: prefix,
    });

    // Assess
    expect(result.alerts.map((a) => [a.detection, a.severity])).toEqual([[detection.id, 1]]);
  });
});
