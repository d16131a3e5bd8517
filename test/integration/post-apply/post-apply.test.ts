import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command } from '../../../cli/commands/post-apply';
import { loadConfig } from '../../../config/load';
import { allDetections } from '../../../detections';
import { MONITOR_NAME_PREFIX } from '../../../detections/monitors';
import { indexTemplates } from '../../../opensearch/index-templates';
import { ismPolicies, SNAPSHOT_POLICY_ID, SNAPSHOT_REPOSITORY_NAME } from '../../../opensearch/ism-policies';
import { createHttpClient, type HttpClient } from '../../../scripts/opensearch-client';
import { findMonitorsByName } from '../../../scripts/post-apply/steps/monitors';
import { openSearchPathRepo, openSearchPlugins, openSearchUrl } from '../../support/env';

/*
 * `siem post-apply` against the local node, twice: the first run creates everything, the second
 * finds every object as wanted and writes nothing.
 */

const repoRoot = join(__dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'siem-post-apply-'));
/** The example config without chat channels: their webhook URLs live in Secrets Manager. */
const configFile = join(work, 'siem.config.json');
const outputsFile = join(work, 'outputs.json');
const example = JSON.parse(readFileSync(join(repoRoot, 'siem.config.json'), 'utf8')) as {
  alerting: { channels: unknown[] };
};
writeFileSync(configFile, JSON.stringify({ ...example, alerting: { ...example.alerting, channels: [] } }));
const config = loadConfig(configFile);

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
      openSearchPathRepo(),
      ...extra,
    ]);
    return { code, stdout };
  } finally {
    logSpy.mockRestore();
    errSpy.mockRestore();
  }
}

const totalLine = (stdout: string[]) => stdout.find((l) => l.startsWith('total: ')) ?? '(no total line)';

const plugins = openSearchPlugins();
const hasIsm = plugins.includes('opensearch-index-management');
const hasChannels = plugins.includes('opensearch-notifications');
const hasAlerting = plugins.includes('opensearch-alerting');
const monitorCount = allDetections(config).length + 1; // + the CloudTrail freshness monitor
const skipped = (step: string, plugin: string) =>
  `${step}: skipped (plugin ${plugin} not installed on the cluster)`;

/** The summary line of each step on a first run against an empty node, given its plugins. */
const firstRunLines = [
  // The integ-test distribution has no security plugin: nothing to map the role ARNs to.
  expect.stringMatching(/^security roles: skipped \(no security plugin on the cluster: /),
  `index templates: ${indexTemplates().length} created, 0 updated, 0 unchanged`,
  hasIsm
    ? `ISM policies: ${ismPolicies(config).length} created, 0 updated, 0 unchanged`
    : skipped('ISM policies', 'opensearch-index-management'),
  hasIsm
    ? `ISM managed indices: 0 created, 0 updated, ${ismPolicies(config).length} unchanged`
    : skipped('ISM managed indices', 'opensearch-index-management'),
  'snapshot repository: 1 created, 0 updated, 0 unchanged',
  hasIsm
    ? 'snapshot policy: 1 created, 0 updated, 0 unchanged'
    : skipped('snapshot policy', 'opensearch-index-management'),
  hasChannels
    ? 'notification channels: 1 created, 0 updated, 0 unchanged'
    : skipped('notification channels', 'opensearch-notifications'),
  hasAlerting
    ? `monitors: ${monitorCount} created, 0 updated, 0 unchanged`
    : skipped('monitors', 'opensearch-alerting'),
  expect.stringMatching(/^saved objects: skipped \(no Dashboards endpoint/),
];
const appliedObjects =
  indexTemplates().length +
  1 +
  // Policies, the existing indices of each policy (none on a fresh node), the snapshot policy.
  (hasIsm ? 2 * ismPolicies(config).length + 1 : 0) +
  (hasChannels ? 1 : 0) +
  (hasAlerting ? monitorCount : 0);

beforeAll(() => {
  client = createHttpClient({ endpoint: openSearchUrl() });
  writeFileSync(
    outputsFile,
    JSON.stringify({
      domainEndpoint: { value: openSearchUrl(), type: 'string', sensitive: false },
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
});

afterAll(async () => {
  // Leave the shared node as we found it.
  if (hasAlerting) {
    const monitors = await findMonitorsByName(client, MONITOR_NAME_PREFIX);
    for (const list of monitors.values())
      for (const m of list)
        await client.request('DELETE', `/_plugins/_alerting/monitors/${m.id}`).catch(() => undefined);
  }
  for (const t of indexTemplates())
    await client.request('DELETE', `/_index_template/${t.name}`).catch(() => undefined);
  for (const p of ismPolicies(config))
    await client.request('DELETE', `/_plugins/_ism/policies/${p.id}`).catch(() => undefined);
  await client.request('DELETE', `/_plugins/_sm/policies/${SNAPSHOT_POLICY_ID}`).catch(() => undefined);
  await client.request('DELETE', `/_snapshot/${SNAPSHOT_REPOSITORY_NAME}`).catch(() => undefined);
  await client
    .request('DELETE', '/_plugins/_notifications/configs/siem-sns-service-desk')
    .catch(() => undefined);
}, 120_000);

/** A bare node (no Alerting, ISM, Notifications) gets only what it supports, and only when told. */
const ALLOW_MISSING = hasIsm && hasChannels && hasAlerting ? [] : ['--allow-missing-plugins'];

describe('siem post-apply on the local node', () => {
  it('reports what a dry run would create without writing anything', async () => {
    // Act
    const { code, stdout } = await postApply('--dry-run', ...ALLOW_MISSING);

    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain(
      `index templates: ${indexTemplates().length} to create, 0 to update, 0 unchanged`,
    );
    expect(await client.getIfExists('/_index_template/siem-cloudtrail')).toBeUndefined();
  }, 120_000);

  it('creates everything the node supports on the first run, and says what it skipped', async () => {
    // Act
    const { code, stdout } = await postApply(...ALLOW_MISSING);

    // Assess
    expect(code).toBe(0);
    expect(stdout).toEqual(expect.arrayContaining(firstRunLines));
  }, 300_000);

  it('changes nothing on the second run, and says so', async () => {
    // Act
    const { code, stdout } = await postApply(...ALLOW_MISSING);

    // Assess
    expect(code).toBe(0);
    expect(totalLine(stdout)).toBe(`total: 0 created, 0 updated, ${appliedObjects} unchanged`);
  }, 300_000);

  it('left the index templates and the snapshot repository really there', async () => {
    // Act
    const template = await client.getIfExists<{
      index_templates: Array<{ index_template: { index_patterns: string[] } }>;
    }>('/_index_template/siem-cloudtrail');
    const repository = await client.getIfExists<Record<string, { type: string }>>(
      `/_snapshot/${SNAPSHOT_REPOSITORY_NAME}`,
    );

    // Assess
    expect(template?.index_templates[0]?.index_template.index_patterns).toEqual(['siem-cloudtrail-*']);
    expect(repository?.[SNAPSHOT_REPOSITORY_NAME]?.type).toBe('fs');
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
    const { stdout } = await postApply(...ALLOW_MISSING);

    // Assess
    expect(stdout).toContain(
      `index templates: 0 created, 1 updated, ${indexTemplates().length - 1} unchanged`,
    );
  }, 300_000);
});

describe('siem post-apply with a routing that leaves detections without a channel', () => {
  it('names them in a warning, whether or not monitors can be applied', async () => {
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
      await command.run(['--outputs', outputsFile, '--config', narrow, '--dry-run', ...ALLOW_MISSING]);
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
  }, 120_000);
});

const describeWithoutAllPlugins = ALLOW_MISSING.length > 0 ? describe : describe.skip;

describeWithoutAllPlugins(
  'siem post-apply on a node without the Alerting, ISM or Notifications plugins',
  () => {
    it('refuses to run unless told to skip what the node cannot hold', async () => {
      // Act
      const act = postApply();

      // Assess
      await expect(act).rejects.toThrow(/the cluster lacks plugin\(s\) .*opensearch-/);
    });
  },
);

const describeWithAlerting = hasAlerting && hasIsm ? describe : describe.skip;

describeWithAlerting('siem post-apply monitors and policies', () => {
  it('left the policies and one monitor per detection really there', async () => {
    // Act
    const monitors = await findMonitorsByName(client, MONITOR_NAME_PREFIX);
    const policy = await client.getIfExists(`/_plugins/_ism/policies/${ismPolicies(config)[0]!.id}`);

    // Assess
    expect(monitors.size).toBe(monitorCount);
    expect([...monitors.values()].every((list) => list.length === 1)).toBe(true);
    expect(policy).toBeDefined();
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
  }, 300_000);
});
