import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseConfig } from '../../../config/load';
import { allDetections } from '../../../detections';
import { channelRoutes, notificationChannels, SERVICE_DESK_CHANNEL_ID } from '../../../detections/channels';
import { buildMonitor } from '../../../detections/monitors';
import { ingestWindow, periodEndCovering } from '../../../detections/monitor-window';
import { ingestPipeline, ingestPipelinePath } from '../../../opensearch/ingest-pipeline';
import { indexTemplates } from '../../../opensearch/index-templates';
import { createHttpClient, type HttpClient } from '../../../opensearch/http-client';
import { reconcile } from '../../../operations/post-apply/reconcile';
import { channelResources } from '../../../operations/post-apply/steps/channels';
import { testOrganization } from '../../support/config';
import { openSearchUrl } from '../../support/env';

/*
 * The channels post-apply writes, on the real Notifications and Alerting plugins of the shared
 * node: a webhook channel (pointing at an HTTP server of this test) receives the alert of a
 * detection's monitor run for real, and the SNS channel body is accepted as built. Notifications
 * 2.19 sends to 127.0.0.1 with its default settings (empty host deny list).
 */

jest.setTimeout(120_000);

const run = `itchan${Date.now().toString(36)}`;
const index = `${run}-siem-cloudtrail-2019.03.01`;
const DETECTION = 'cloudtrail-stop-logging';
const received: Array<{ path: string; body: string }> = [];
let server: Server;
let client: HttpClient;
const monitorIds: string[] = [];
const configIds: string[] = [];

const config = parseConfig({
  ...testOrganization(),
  memberAccounts: [{ id: '333333333333', name: 'workloads' }],
  alerting: {
    emails: ['desk@example.com'],
    emailMaxSeverity: 4,
    channels: [
      { name: `${run}-oncall`, type: 'webhook', url: { ssmParameterName: '/siem/oncall' }, maxSeverity: 2 },
    ],
  },
});

beforeAll(async () => {
  client = createHttpClient({ endpoint: openSearchUrl() });
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  for (const id of monitorIds)
    await client.request('DELETE', `/_plugins/_alerting/monitors/${id}`).catch(() => undefined);
  for (const id of configIds)
    await client.request('DELETE', `/_plugins/_notifications/configs/${id}`).catch(() => undefined);
  await client.request('DELETE', `/${run}-*`).catch(() => undefined);
  await new Promise((resolve) => server.close(resolve));
});

async function channelBodies() {
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return notificationChannels(config, {
    snsTopicArn: 'arn:aws:sns:eu-west-1:222222222222:siem-alarms',
    snsRoleArn: 'arn:aws:iam::222222222222:role/siem-alerting-sns',
    resolveUrl: async () => url,
  });
}

describe('notification channels on the real Notifications plugin', () => {
  it('accepts the SNS channel as built, and shows it back', async () => {
    // Prepare: an id of this run's own, the config as post-apply builds it.
    const sns = (await channelBodies()).find((c) => c.config_id === SERVICE_DESK_CHANNEL_ID)!;
    const configId = `${run}-sns`;

    // Act
    const created = await client.request('POST', '/_plugins/_notifications/configs', {
      body: { ...sns, config_id: configId },
    });
    configIds.push(configId);
    const stored = await client.getIfExists<{ config_list: Array<{ config: unknown }> }>(
      `/_plugins/_notifications/configs/${configId}`,
    );

    // Assess
    expect(created.status).toBe(200);
    expect(stored?.config_list[0]?.config).toMatchObject({
      config_type: 'sns',
      is_enabled: true,
      sns: {
        topic_arn: 'arn:aws:sns:eu-west-1:222222222222:siem-alarms',
        role_arn: 'arn:aws:iam::222222222222:role/siem-alerting-sns',
      },
    });
  });

  it('delivers the alert of a detection monitor run to the webhook channel', async () => {
    // Prepare: the webhook channel through the post-apply step, a CloudTrail index of this run's
    // own with the real template, one StopLogging event now, the detection's monitor on that index.
    const webhook = (await channelBodies()).filter((c) => c.config.config_type === 'webhook');
    const report = await reconcile('notification channels', channelResources(client, webhook), {
      log: () => undefined,
    });
    configIds.push(webhook[0]!.config_id);
    // The template's default pipeline stamps event.ingested, which the monitor's window selects on.
    await client.request('PUT', ingestPipelinePath(), { body: ingestPipeline().body });
    const template = indexTemplates().find((t) => t.name === 'siem-cloudtrail')!;
    const { settings, mappings } = template.body.template as { settings?: unknown; mappings?: unknown };
    await client.request('PUT', `/${index}`, { body: { settings, mappings } });
    const detection = allDetections(config).find((d) => d.id === DETECTION)!;
    const sample = detection.positiveSamples[0] as Record<string, unknown>;
    const ingestedFrom = Date.now();
    const now = new Date().toISOString();
    await client.request('POST', `/${index}/_doc`, {
      body: { ...sample, eventTime: now, '@timestamp': now },
      query: { refresh: true },
    });
    const routes = channelRoutes(config).filter((r) => r.type === 'webhook');
    const monitor = buildMonitor(detection, { channels: routes, indexPattern: index, enabled: false });
    const { body: created } = await client.request<{ _id: string }>('POST', '/_plugins/_alerting/monitors', {
      body: monitor,
    });
    monitorIds.push(created._id);

    // Act: a real run (not a dry run), so the trigger's actions send; its ingestion window holds the event.
    const periodEnd = periodEndCovering(
      { from: ingestedFrom, to: Date.now() },
      ingestWindow(detection, detection.scheduleMinutes),
    );
    const { body: result } = await client.request<{
      trigger_results: Record<string, { triggered?: boolean; agg_result_buckets?: Record<string, unknown> }>;
    }>('POST', `/_plugins/_alerting/monitors/${created._id}/_execute`, {
      query: { period_end: `${periodEnd}ms` },
    });

    // Assess
    expect(report.created).toHaveLength(1);
    // Query-level results say `triggered`; bucket-level ones list the buckets that fired.
    const fired = Object.values(result.trigger_results).some(
      (t) => t.triggered === true || Object.keys(t.agg_result_buckets ?? {}).length > 0,
    );
    expect(fired).toBe(true);
    expect(received).toHaveLength(1);
    expect(received[0]!.path).toBe('/hook');
    expect(received[0]!.body).toContain(detection.title);
  });
});
