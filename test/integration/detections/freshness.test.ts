import { Client } from '@opensearch-project/opensearch';
import { parseConfig } from '../../../config/load';
import type { ChannelRoute } from '../../../detections/channels';
import {
  buildFreshnessMonitor,
  cloudTrailFreshness,
  vpcFlowFreshness,
  type FreshnessCheck,
  type MonitorBody,
} from '../../../detections/monitors';
import { indexTemplates } from '../../../opensearch/index-templates';
import { ingestPipeline, ingestPipelinePath } from '../../../opensearch/ingest-pipeline';
import type { LogType } from '../../../opensearch/log-types';
import { containsDesired } from '../../../operations/post-apply/compare';
import { openSearchUrl } from '../../support/env';
import { testOrganization } from '../../support/config';
import { runMonitor } from './monitor-runner';

/*
 * The per-account freshness monitors on the real Alerting plugin (`_execute?dryrun=true`): one
 * `filters` bucket per expected account, firing when any is empty, the message naming the silent
 * ones. Documents go into indices created from the production index templates.
 */

jest.setTimeout(240_000);

const [A, B, C] = ['333333333333', '444444444444', '555555555555'] as const;
const baseInput = {
  ...testOrganization(),
  memberAccounts: [
    { id: A, name: 'alpha' },
    { id: B, name: 'bravo' },
    { id: C, name: 'charlie' },
  ],
};
const config = parseConfig(baseInput);
const prefix = `ftest-${Date.now().toString(36)}-`;
const client = new Client({ node: openSearchUrl(), requestTimeout: 120_000 });
/** An action is needed for the plugin to render the message; `dryrun` never sends it. */
const channels: ChannelRoute[] = [{ configId: 'freshness-test-channel', type: 'slack', maxSeverity: 5 }];

const index = (logType: LogType, name: string) => `${prefix}${logType}-${name}`;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

async function indexDocuments(target: string, logType: LogType, accounts: ReadonlyArray<[string, number]>) {
  const body = accounts.flatMap(([account, age]) => [
    { create: { _index: target } },
    { '@timestamp': minutesAgo(age), cloud: { account: { id: account } }, event: { dataset: logType } },
  ]);
  const response = await client.bulk({ body, refresh: true });
  if (response.body.errors) throw new Error(`bulk failures: ${JSON.stringify(response.body.items)}`);
}

interface ExecuteResponse {
  trigger_results: Record<
    string,
    { triggered: boolean; action_results: Record<string, { output?: { message?: string }; error?: unknown }> }
  >;
}

/** The message the plugin rendered for the monitor's (only) action, or undefined when it did not fire. */
async function renderedMessage(monitor: MonitorBody): Promise<string | undefined> {
  const response = await client.transport.request({
    method: 'POST',
    path: '/_plugins/_alerting/monitors/_execute',
    querystring: { dryrun: 'true' },
    body: monitor,
  });
  const [trigger] = Object.values((response.body as ExecuteResponse).trigger_results);
  if (!trigger?.triggered) return undefined;
  const [action] = Object.values(trigger.action_results);
  if (action?.error) throw new Error(`action failed: ${JSON.stringify(action.error)}`);
  return action?.output?.message;
}

const monitorOf = (check: FreshnessCheck, target: string) =>
  buildFreshnessMonitor(check, { indexPattern: target, channels });

beforeAll(async () => {
  // The templates' default pipeline (it stamps `event.ingested`) must exist before any document.
  await client.transport.request({ method: 'PUT', path: ingestPipelinePath(), body: ingestPipeline().body });
  for (const template of indexTemplates({ prefix, priority: 900 })) {
    await client.indices.putIndexTemplate({ name: template.name, body: template.body });
  }
  // Two of three members recent; the third only two hours ago (outside the 60-minute window).
  await indexDocuments(index('vpcflow', 'two'), 'vpcflow', [
    [A, 5],
    [A, 20],
    [B, 30],
    [C, 120],
  ]);
  await indexDocuments(index('vpcflow', 'three'), 'vpcflow', [
    [A, 5],
    [B, 30],
    [C, 50],
  ]);
  // Every account of the organization, two hours ago.
  const everyAccount = ['111111111111', '222222222222', A, B, C];
  await indexDocuments(
    index('cloudtrail', 'stale'),
    'cloudtrail',
    everyAccount.map((account) => [account, 120] as [string, number]),
  );
});

afterAll(async () => {
  await client.indices.delete({ index: `${prefix}*` }).catch(() => undefined);
  for (const template of indexTemplates({ prefix })) {
    await client.indices.deleteIndexTemplate({ name: template.name }).catch(() => undefined);
  }
  await client.close();
});

describe('per-account freshness monitor (VPC flow, 3 members)', () => {
  const check = vpcFlowFreshness(config) as FreshnessCheck;

  it('fires when one member is silent, and the message names it with every account count', async () => {
    // Prepare
    const monitor = monitorOf(check, index('vpcflow', 'two'));

    // Act
    const run = await runMonitor(monitor);
    const message = await renderedMessage(monitor);

    // Assess
    expect(run.triggered).toBe(true);
    // Only the silent member between the heading and the remedy.
    expect(message).toContain(`from:\n- ${C} (charlie)\nNetwork detections are blind`);
    expect(message).toContain(
      `Documents per expected account in the window:\n- ${A} (alpha): 2\n- ${B} (bravo): 1\n- ${C} (charlie): 0\n`,
    );
  });

  it('stays quiet when every member sent something in the window', async () => {
    // Act
    const run = await runMonitor(monitorOf(check, index('vpcflow', 'three')));

    // Assess
    expect(run.triggered).toBe(false);
  });

  it('fires, saying so, when no index matches at all', async () => {
    // Prepare
    const monitor = monitorOf(check, index('vpcflow', 'never-*'));

    // Act
    const run = await runMonitor(monitor);
    const message = await renderedMessage(monitor);

    // Assess
    expect(run.triggered).toBe(true);
    expect(message).toContain(
      `from:\n- any of the 3 expected accounts (no ${index('vpcflow', 'never-*')} index`,
    );
  });
});

describe('per-account CloudTrail freshness', () => {
  it('fires for every account when the newest events are older than the configured window', async () => {
    // Prepare
    const monitor = monitorOf(cloudTrailFreshness(config), index('cloudtrail', 'stale'));

    // Act
    const run = await runMonitor(monitor);
    const message = await renderedMessage(monitor);

    // Assess
    expect(run.triggered).toBe(true);
    for (const name of ['111111111111 (management)', '222222222222 (log-archive/security)', `${C} (charlie)`])
      expect(message).toContain(`- ${name}: 0\n`);
  });

  it('follows the configured silence window: two hours of silence is fine with a three-hour one', async () => {
    // Prepare
    const relaxed = parseConfig({
      ...baseInput,
      detections: { cloudTrailFreshness: { silentMinutes: 180, scheduleMinutes: 30 } },
    });

    // Act
    const run = await runMonitor(monitorOf(cloudTrailFreshness(relaxed), index('cloudtrail', 'stale')));

    // Assess
    expect(run.triggered).toBe(false);
  });
});

describe('freshness monitors stored by the plugin', () => {
  it('read back as unchanged, so post-apply does not update them on every run', async () => {
    // Prepare
    const monitor = {
      ...monitorOf(vpcFlowFreshness(config) as FreshnessCheck, index('vpcflow', 'two')),
      enabled: false,
    };

    // Act
    const created = await client.transport.request({
      method: 'POST',
      path: '/_plugins/_alerting/monitors',
      body: { ...monitor, name: `${prefix}stored` },
    });
    const id = (created.body as { _id: string })._id;
    const stored = await client.transport.request({
      method: 'GET',
      path: `/_plugins/_alerting/monitors/${id}`,
    });
    await client.transport.request({ method: 'DELETE', path: `/_plugins/_alerting/monitors/${id}` });
    const current = (stored.body as { monitor: Record<string, unknown> }).monitor;

    // Assess
    expect(containsDesired(current, { ...monitor, name: `${prefix}stored` })).toBe(true);
  });
});
