import { join } from 'node:path';
import { loadConfig } from '../../../config/load';
import { indexTemplates } from '../../../opensearch/index-templates';
import { LOG_TYPES } from '../../../opensearch/log-types';
import { expectedDocuments, generateDemoObjects } from '../../../scripts/demo/generate';
import { allDetections } from '../../../detections';
import { runDemo, type DemoResult } from '../../../scripts/demo/run-demo';
import { alertLines } from '../../../scripts/demo/summary';
import { createHttpClient } from '../../../opensearch/http-client';
import { openSearchUrl } from '../../support/env';

/*
 * The demo's main function against the test node, twice. It runs under a prefix of its own:
 * other test files share the node, and the real `siem-*` names belong to `npm run demo`.
 */

jest.setTimeout(300_000);

const config = loadConfig(join(__dirname, '../../../siem.config.json'));
const prefix = `demotest-${Date.now().toString(36)}-`;
const http = createHttpClient({ endpoint: openSearchUrl() });

/** The attack story's steps and the detection each must raise. */
const ATTACK_STORY = [
  ['root console sign-in without MFA', 'cis-root-account-usage'],
  ['StopLogging on the organization trail', 'cloudtrail-stop-logging'],
  ['crypto-mining p3.16xlarge launch', 'ec2-unapproved-instance-type'],
  ['S3 probing (AccessDenied burst)', 's3-access-denied-burst'],
  ['SSH accepted from the internet', 'vpcflow-ssh-accepted-from-internet'],
  ['mining pool resolved by the new instance', 'dns-mining-pool-query'],
  [
    'miner security group opened to the internet for SSH (AWS Config)',
    'config-security-group-open-to-internet',
  ],
  ['GuardDuty Bitcoin DNS finding exported to S3', 'guardduty-crypto-mining-instance'],
  ['credential stuffing against the orders API', 'apigateway-auth-failure-burst'],
  ['password guessing against the orders database', 'rds-failed-login-burst'],
  ['privileged node-shell pod in the orders cluster', 'eks-privileged-pod-created'],
  ['StopLogging seen through Security Lake (OCSF)', 'ocsf-cloudtrail-logging-stopped'],
  ['leaked key probing Bedrock models', 'bedrock-access-denied-burst'],
  ['SSH password guessing against the miner instance', 'linux-ssh-brute-force'],
  ['backdoor account added to wheel on the miner instance', 'linux-user-added-to-admin-group'],
  ['logon-failure burst against the Windows server', 'windows-logon-failure-burst'],
  ['Security log cleared on the Windows server', 'windows-security-log-cleared'],
  ['password spraying against the Client VPN endpoint', 'clientvpn-password-spraying'],
] as const;

let first: DemoResult;
let second: DemoResult;
let now: number;

beforeAll(async () => {
  now = Date.now();
  const run = () => runDemo({ config, endpoint: openSearchUrl(), indexPrefix: prefix, now, log: () => {} });
  first = await run();
  second = await run();
});

afterAll(async () => {
  await http.request('DELETE', `/${prefix}*`).catch(() => undefined);
  for (const t of indexTemplates({ prefix }))
    await http.request('DELETE', `/_index_template/${t.name}`).catch(() => undefined);
});

describe('the local demo', () => {
  it.each(ATTACK_STORY)('raises an alert for the %s (%s)', (_step, detectionId) => {
    // Assess
    const alert = first.monitors.alerts.find((a) => a.id === detectionId);
    expect(alert).toBeDefined();
    expect(alert?.count).toBeGreaterThan(0);
  });

  it('runs every monitor through the Alerting plugin and says so in the summary', () => {
    // Prepare
    const monitors = allDetections(config).length + 1; // + the CloudTrail freshness monitor

    // Act
    const [title] = alertLines(first);

    // Assess
    expect(first.monitors.monitors).toBe(monitors);
    expect(title).toBe(
      `Alerts: ${first.monitors.alerts.length} of ${monitors} monitors fired (OpenSearch Alerting _execute)`,
    );
  });

  it('counts exactly the generated records per source, none dead-lettered', () => {
    // Prepare
    const generated = expectedDocuments(generateDemoObjects(config, now));

    // Assess
    expect(first.counts).toEqual(generated);
    expect(LOG_TYPES.filter((t) => generated[t] === 0)).toEqual([]);
    expect(first.ingest.deadLettered).toBe(0);
    expect(first.ingest.indexed).toBe(LOG_TYPES.reduce((n, t) => n + generated[t], 0));
  });

  it('counts the S3 probing burst as the 24 denied calls the story makes', () => {
    // Assess
    expect(first.monitors.alerts.find((a) => a.id === 's3-access-denied-burst')?.count).toBe(24);
  });

  it('ends a second run with the same counts and alerts', () => {
    // Assess
    expect(second.counts).toEqual(first.counts);
    expect(second.monitors.alerts).toEqual(first.monitors.alerts);
  });

  it('applies only prefix-scoped objects under a test prefix', async () => {
    // Act
    const template = await http.getIfExists(`/_index_template/${prefix}cloudtrail`);

    // Assess
    expect(template).toBeDefined();
    expect(first.setup.map((s) => s.step)).toEqual(['index templates', 'node-wide objects']);
  });
});
