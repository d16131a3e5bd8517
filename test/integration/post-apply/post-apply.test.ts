import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command } from '../../../cli/commands/post-apply';
import { loadConfig } from '../../../config/load';
import { allDetections } from '../../../detections';
import { freshnessChecks, MONITOR_NAME_PREFIX } from '../../../detections/monitors';
import { indexTemplates } from '../../../opensearch/index-templates';
import {
  INGEST_PIPELINE_NAME,
  ingestPipeline,
  ingestPipelinePath,
} from '../../../opensearch/ingest-pipeline';
import {
  ismPolicies,
  retentionPolicyId,
  SNAPSHOT_POLICY_ID,
  SNAPSHOT_REPOSITORY_NAME,
} from '../../../opensearch/ism-policies';
import { startOpenSearch, stopOpenSearch, type OpenSearchNode } from '../../../scripts/local/opensearch';
import { TEST_NODE_SETTINGS } from '../../../scripts/local/opensearch-leases';
import { createHttpClient, type HttpClient } from '../../../opensearch/http-client';
import { findMonitorsByName } from '../../../operations/post-apply/steps/monitors';
import { REQUIRED_NODE_PLUGINS } from '../../support/required-plugins';

/*
 * `siem post-apply` against a brand-new node of this file's own, with every plugin production runs
 * (Alerting, ISM/SM, Notifications...) and no `siem-*` index yet: the first run creates everything,
 * the second finds every object as wanted and writes nothing, step by step. The node is this
 * file's own so that "brand new" holds whatever other test files put on the shared node.
 */

jest.setTimeout(300_000);

const repoRoot = join(__dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'siem-post-apply-'));
/** Apart from `work`: the node runs as another user, who must be able to enter it. */
const runDir = mkdtempSync(join(tmpdir(), 'siem-opensearch-post-apply-'));
const stateFile = join(runDir, 'node.json');
/** The example config without chat channels: their webhook URLs live in Secrets Manager. */
const configFile = join(work, 'siem.config.json');
const outputsFile = join(work, 'outputs.json');
const example = JSON.parse(readFileSync(join(repoRoot, 'siem.config.json'), 'utf8')) as {
  alerting: { channels: unknown[] };
};
writeFileSync(configFile, JSON.stringify({ ...example, alerting: { ...example.alerting, channels: [] } }));
const config = loadConfig(configFile);

let node: OpenSearchNode;
let client: HttpClient;

async function postApply(...extra: string[]): Promise<{ code: number; stdout: string[] }> {
  const stdout: string[] = [];
  const logSpy = jest.spyOn(console, 'log').mockImplementation((line: string) => void stdout.push(line));
  const errSpy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await command.run([
      '--outputs',
      outputsFile,
      '--config',
      configFile,
      '--snapshot-fs-location',
      node.pathRepo,
      ...extra,
    ]);
    return { code, stdout };
  } finally {
    logSpy.mockRestore();
    errSpy.mockRestore();
  }
}

const totalLine = (stdout: string[]) => stdout.find((l) => l.startsWith('total: ')) ?? '(no total line)';
/** The step summary lines (`<step>: ...`), without notes and the total. */
const stepLines = (stdout: string[]) => stdout.filter((l) => !l.startsWith(' ') && !l.startsWith('total: '));

/** The policy ISM's explain says manages `index`, or null. */
async function policyOf(index: string): Promise<string | null> {
  const { body } = await client.request<
    Record<string, { 'index.plugins.index_state_management.policy_id'?: string | null }>
  >('GET', `/_plugins/_ism/explain/${index}`);
  return body[index]?.['index.plugins.index_state_management.policy_id'] ?? null;
}

/** Retries `check` until it passes (ISM applies attach and remove asynchronously). */
async function eventually(check: () => Promise<void>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

// + the freshness monitors: one per source whose silence is abnormal (CloudTrail, and VPC flow/DNS per the members).
const monitorCount = allDetections(config).length + freshnessChecks(config).length;
const policyCount = ismPolicies(config).length;
/**
 * The index templates step puts the ingest pipeline they name first (it stamps `event.ingested`),
 * and checks last that no existing index lacks it (nothing to do on a brand-new node).
 */
// The pipeline, the templates, and the two checks of existing indices (former refresh, pipeline).
const templateStepObjects = indexTemplates().length + 3;

/** The summary line of each step on a first run against a brand-new node. */
const firstRunLines = [
  // Security is off on this node: the security step (tested on the secured node) has nothing to do.
  expect.stringMatching(/^security roles: skipped \(/),
  `index templates: ${templateStepObjects - 2} created, 0 updated, 2 unchanged`,
  `ISM policies: ${policyCount} created, 0 updated, 0 unchanged`,
  // No siem-* index yet: nothing to add a policy to (ISM's explain answers 400 on such a pattern).
  `ISM managed indices: 0 created, 0 updated, ${policyCount} unchanged`,
  'snapshot repository: 1 created, 0 updated, 0 unchanged',
  'snapshot policy: 1 created, 0 updated, 0 unchanged',
  'notification channels: 1 created, 0 updated, 0 unchanged',
  `monitors: ${monitorCount} created, 0 updated, 0 unchanged`,
  expect.stringMatching(/^saved objects: skipped \(no Dashboards endpoint/),
];
/** Every step that ran wrote nothing; the two that cannot run here stay skipped. */
const noOpLines = [
  expect.stringMatching(/^security roles: skipped \(/),
  `index templates: 0 created, 0 updated, ${templateStepObjects} unchanged`,
  `ISM policies: 0 created, 0 updated, ${policyCount} unchanged`,
  `ISM managed indices: 0 created, 0 updated, ${policyCount} unchanged`,
  'snapshot repository: 0 created, 0 updated, 1 unchanged',
  'snapshot policy: 0 created, 0 updated, 1 unchanged',
  'notification channels: 0 created, 0 updated, 1 unchanged',
  `monitors: 0 created, 0 updated, ${monitorCount} unchanged`,
  expect.stringMatching(/^saved objects: skipped \(no Dashboards endpoint/),
];
const appliedObjects = templateStepObjects + 2 * policyCount + 1 + 1 + 1 + monitorCount;

beforeAll(async () => {
  node = await startOpenSearch({
    runDir,
    stateFile,
    heap: '512m',
    startedBy: 'tests',
    settings: TEST_NODE_SETTINGS,
  });
  client = createHttpClient({ endpoint: node.url });
  writeFileSync(
    outputsFile,
    JSON.stringify({
      domainEndpoint: { value: node.url, type: 'string', sensitive: false },
      alarmTopicArn: {
        value: 'arn:aws:sns:eu-west-1:222222222222:siem-alarms',
        type: 'string',
        sensitive: false,
      },
      ingestRoleArn: {
        value: 'arn:aws:iam::222222222222:role/siem-ingest-eu-west-1',
        type: 'string',
        sensitive: false,
      },
      dashboardsUserRoleArn: {
        value: 'arn:aws:iam::222222222222:role/siem-dashboards-authenticated',
        type: 'string',
        sensitive: false,
      },
    }),
  );
}, 240_000);

afterAll(async () => {
  await stopOpenSearch(undefined, { stateFile });
  rmSync(work, { recursive: true, force: true });
  rmSync(runDir, { recursive: true, force: true });
}, 60_000);

describe('siem post-apply on a brand-new node with every plugin', () => {
  it('runs on a node with every production plugin and no siem-* index', async () => {
    // Act
    const plugins = await client.request<Array<{ component: string }>>('GET', '/_cat/plugins', {
      query: { format: 'json', h: 'component' },
    });
    const indices = await client.request<unknown[]>('GET', '/_cat/indices/siem-*', {
      query: { format: 'json' },
    });

    // Assess
    expect(plugins.body.map((p) => p.component)).toEqual(expect.arrayContaining([...REQUIRED_NODE_PLUGINS]));
    expect(indices.body).toEqual([]);
  });

  it('reports what a dry run would create without writing anything', async () => {
    // Act
    const { code, stdout } = await postApply('--dry-run');

    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain(
      `index templates: ${templateStepObjects - 2} to create, 0 to update, 2 unchanged`,
    );
    expect(await client.getIfExists('/_index_template/siem-cloudtrail')).toBeUndefined();
    expect(await client.getIfExists(ingestPipelinePath())).toBeUndefined();
  });

  it('creates everything on the first run', async () => {
    // Act
    const { code, stdout } = await postApply();

    // Assess
    expect(code).toBe(0);
    expect(stepLines(stdout)).toEqual(firstRunLines);
  });

  it('changes nothing on the second run, in any step, and says so', async () => {
    // Act
    const { code, stdout } = await postApply();

    // Assess
    expect(code).toBe(0);
    expect(stepLines(stdout)).toEqual(noOpLines);
    expect(totalLine(stdout)).toBe(`total: 0 created, 0 updated, ${appliedObjects} unchanged`);
  });

  it('left the templates, repository, policies, channel and one monitor per detection really there', async () => {
    // Act
    const template = await client.getIfExists<{
      index_templates: Array<{ index_template: { index_patterns: string[] } }>;
    }>('/_index_template/siem-cloudtrail');
    const repository = await client.getIfExists<Record<string, { type: string }>>(
      `/_snapshot/${SNAPSHOT_REPOSITORY_NAME}`,
    );
    const smPolicy = await client.getIfExists(`/_plugins/_sm/policies/${SNAPSHOT_POLICY_ID}`);
    const ismPolicy = await client.getIfExists(`/_plugins/_ism/policies/${ismPolicies(config)[0]!.id}`);
    const channel = await client.getIfExists<{ config_list: Array<{ config: { config_type: string } }> }>(
      '/_plugins/_notifications/configs/siem-sns-service-desk',
    );
    const monitors = await findMonitorsByName(client, MONITOR_NAME_PREFIX);
    const pipeline =
      await client.getIfExists<Record<string, { processors: unknown[] }>>(ingestPipelinePath());

    // Assess
    expect(template?.index_templates[0]?.index_template.index_patterns).toEqual(['siem-cloudtrail-*']);
    expect(pipeline?.[INGEST_PIPELINE_NAME]?.processors).toEqual(ingestPipeline().body.processors);
    expect(repository?.[SNAPSHOT_REPOSITORY_NAME]?.type).toBe('fs');
    expect(smPolicy).toBeDefined();
    expect(ismPolicy).toBeDefined();
    expect(channel?.config_list[0]?.config.config_type).toBe('sns');
    expect(monitors.size).toBe(monitorCount);
    expect([...monitors.values()].every((list) => list.length === 1)).toBe(true);
  });

  it('updates an index template someone edited by hand, and only that one', async () => {
    // Prepare
    const name = indexTemplates()[0]!.name;
    const stored = await client.getIfExists<{
      index_templates: Array<{ index_template: Record<string, unknown> }>;
    }>(`/_index_template/${name}`);
    await client.request('PUT', `/_index_template/${name}`, {
      body: { ...stored!.index_templates[0]!.index_template, priority: 1 },
    });

    // Act
    const { stdout } = await postApply();

    // Assess
    expect(stdout).toContain(`index templates: 0 created, 1 updated, ${templateStepObjects - 1} unchanged`);
  });

  it('gives an index created before its template named the pipeline the pipeline and the field', async () => {
    // Prepare: an index made by the templates as they were (no pipeline, no event.ingested).
    const old = 'siem-cloudtrail-2018.01.01';
    const cloudtrail = indexTemplates().find((t) => t.name === 'siem-cloudtrail')!.body as {
      template: { settings: Record<string, unknown>; mappings: { properties: Record<string, unknown> } };
    };
    const { 'index.default_pipeline': _pipeline, ...settings } = cloudtrail.template.settings;
    const properties = {
      ...cloudtrail.template.mappings.properties,
      event: { properties: { dataset: { type: 'keyword' } } },
    };
    await client.request('PUT', '/_index_template/siem-before-pipeline', {
      body: {
        index_patterns: ['siem-cloudtrail-2018*'],
        priority: 999,
        template: { settings, mappings: { ...cloudtrail.template.mappings, properties } },
      },
    });
    await client.request('PUT', `/${old}`);
    await client.request('DELETE', '/_index_template/siem-before-pipeline');

    // Act
    const { stdout } = await postApply();
    const again = await postApply();
    const { body: settingsAfter } = await client.request<
      Record<string, { settings: { index: { default_pipeline?: string } } }>
    >('GET', `/${old}/_settings`);
    await client.request('PUT', `/${old}/_doc/1`, {
      body: { '@timestamp': '2018-01-01T00:00:00Z' },
      query: { refresh: 'true' },
    });
    const { body: doc } = await client.request<{ _source: { event?: { ingested?: string } } }>(
      'GET',
      `/${old}/_doc/1`,
    );
    const { body: mapping } = await client.request<Record<string, { mappings: Record<string, unknown> }>>(
      'GET',
      `/${old}/_mapping/field/event.ingested`,
    );
    await client.request('DELETE', `/${old}`);

    // Assess
    expect(stdout).toContain(`index templates: 0 created, 1 updated, ${templateStepObjects - 1} unchanged`);
    expect(again.stdout).toContain(`index templates: 0 created, 0 updated, ${templateStepObjects} unchanged`);
    expect(settingsAfter[old]?.settings.index.default_pipeline).toBe(INGEST_PIPELINE_NAME);
    expect(Date.parse(doc._source.event?.ingested ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(JSON.stringify(mapping[old]?.mappings)).toContain('"type":"date"');
  });

  it('takes the former 5 s refresh interval off its stored template and existing indices', async () => {
    // Prepare: siem-waf's template and an index of it as the templates made them before.
    const waf = indexTemplates().find((t) => t.name === 'siem-waf')!.body as {
      index_patterns: string[];
      template: { settings: Record<string, unknown> };
    };
    const former = 'siem-waf-2018.01.01';
    await client.request('PUT', '/_index_template/siem-waf', {
      body: {
        ...waf,
        template: { ...waf.template, settings: { ...waf.template.settings, 'index.refresh_interval': '5s' } },
      },
    });
    await client.request('PUT', `/${former}`);
    const refreshOf = async () => {
      const { body } = await client.request<
        Record<string, { settings: { index: { refresh_interval?: string } } }>
      >('GET', `/${former}/_settings`);
      return body[former]?.settings.index.refresh_interval;
    };
    const before = await refreshOf();

    // Act
    const { stdout } = await postApply();
    const after = await refreshOf();
    const stored = await client.getIfExists<{
      index_templates: Array<{
        index_template: { template: { settings: { index: Record<string, unknown> } } };
      }>;
    }>('/_index_template/siem-waf');
    await client.request('DELETE', `/${former}`);

    // Assess: the template and the index updated (2), the rest unchanged.
    expect(before).toBe('5s');
    expect(stdout).toContain(`index templates: 0 created, 2 updated, ${templateStepObjects - 2} unchanged`);
    expect(after).toBeUndefined();
    expect(stored?.index_templates[0]?.index_template.template.settings.index).not.toHaveProperty(
      'refresh_interval',
    );
  });

  it('updates a monitor someone edited by hand, and only that one', async () => {
    // Prepare
    const [name, [stored]] = [...(await findMonitorsByName(client, MONITOR_NAME_PREFIX))][0]! as [
      string,
      Array<{ id: string; monitor: Record<string, unknown> }>,
    ];
    await client.request('PUT', `/_plugins/_alerting/monitors/${stored!.id}`, {
      body: { ...stored!.monitor, enabled: false },
      query: { refresh: 'wait_for' },
    });

    // Act
    const { stdout } = await postApply();

    // Assess
    expect(stdout).toContain(`monitors: 0 created, 1 updated, ${monitorCount - 1} unchanged`);
    const after = (await findMonitorsByName(client, MONITOR_NAME_PREFIX)).get(name)![0]!;
    expect(after.monitor.enabled).toBe(true);
  });

  it('puts a daily index no policy manages back under its retention policy, then leaves it be', async () => {
    // Prepare: the ism_template attaches the policy on creation (asynchronously); removing it
    // afterwards is what a hand, or an index created while ISM was off, leaves.
    const index = 'siem-cloudtrail-2019.03.01';
    const dailyRetention = retentionPolicyId('day');
    await client.request('PUT', `/${index}`);
    await eventually(async () => expect(await policyOf(index)).toBe(dailyRetention));
    await client.request('POST', `/_plugins/_ism/remove/${index}`);
    await eventually(async () => expect(await policyOf(index)).toBeNull());

    // Act
    const adding = await postApply();
    // ISM's add is asynchronous: explain names the policy once the add has been recorded.
    await eventually(async () => expect(await policyOf(index)).toBe(dailyRetention));
    const again = await postApply();

    // Assess
    expect(adding.stdout).toContain(
      `ISM managed indices: 0 created, 1 updated, ${policyCount - 1} unchanged`,
    );
    expect(adding.stdout).toContain(`  note: add ${dailyRetention} to unmanaged ${index}`);
    expect(stepLines(again.stdout)).toEqual(noOpLines);
  });
});

describe('siem post-apply with a routing that leaves detections without a channel', () => {
  it('names them in a warning', async () => {
    // Prepare
    const narrow = join(work, 'narrow.config.json');
    writeFileSync(
      narrow,
      JSON.stringify({ ...example, alerting: { ...example.alerting, channels: [], emailMaxSeverity: 3 } }),
    );
    const stdout: string[] = [];
    const stderr: string[] = [];
    const logSpy = jest.spyOn(console, 'log').mockImplementation((line: string) => void stdout.push(line));
    const errSpy = jest
      .spyOn(process.stderr, 'write')
      .mockImplementation((chunk: string | Uint8Array) => stderr.push(String(chunk)) > 0);

    // Act
    try {
      await command.run(['--outputs', outputsFile, '--config', narrow, '--dry-run']);
    } finally {
      logSpy.mockRestore();
      errSpy.mockRestore();
    }

    // Assess
    const notes = stdout.filter((l) => l.startsWith('  note: warning: '));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/monitor\(s\) of severity 4 notify nobody/);
    expect(notes[0]).toContain('cis-security-group-changes');
    expect(
      stderr.some((l) => l.startsWith('warning: ') && l.includes('cis-console-authentication-failures')),
    ).toBe(true);
  });
});
