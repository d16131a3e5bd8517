import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseConfig } from '../../../config/load';
import { allDetections } from '../../../detections';
import { channelRoutes, notificationChannels } from '../../../detections/channels';
import { cloudTrailRecord } from '../../../detections/cloudtrail/records';
import { ingestWindow, periodEndCovering } from '../../../detections/monitor-window';
import { buildMonitor } from '../../../detections/monitors';
import type { Detection } from '../../../detections/types';
import { parseLogObject } from '../../../functions/ingest';
import { createHttpClient, type HttpClient } from '../../../opensearch/http-client';
import { INGESTED_FIELD } from '../../../opensearch/ingest-pipeline';
import { indexTemplates } from '../../../opensearch/index-templates';
import { indexPatternId } from '../../../saved-objects/index-patterns';
import { testOrganization } from '../../support/config';
import { discoverSearch, parseDiscoverLink } from '../../support/discover-link-search';
import { openSearchUrl } from '../../support/env';
import { sampleObject } from './sample-objects';

/*
 * The context of a notification, end to end on the real plugins: a detection's monitor (as
 * post-apply builds it) runs for real (`_execute`, not a dry run) on CloudTrail events that went
 * through the ingestion parser and the production index template; the
 * Notifications plugin delivers the message to a webhook channel pointing at this test's HTTP
 * server. The message must name the entity, and its Discover link, read back as Dashboards reads
 * it, must select exactly the events behind the alert on the node.
 */

jest.setTimeout(180_000);

const run = `italctx${Date.now().toString(36)}`;
const index = `${run}-siem-cloudtrail-2026.01.15`;
const DASHBOARDS = 'https://siem.example.com/_dashboards';
const ACCOUNT_A = '111111111111';
const ACCOUNT_B = '222222222222';
const received: Array<{ path: string; body: string }> = [];
let server: Server;
let client: HttpClient;
const monitorIds: string[] = [];
const configIds: string[] = [];

const config = parseConfig({
  ...testOrganization(),
  memberAccounts: [{ id: '333333333333', name: 'workloads' }],
  alerting: {
    channels: [
      { name: `${run}-soc`, type: 'webhook', url: { ssmParameterName: '/siem/soc' }, maxSeverity: 4 },
    ],
  },
});
const detection = allDetections(config).find((d) => d.id === 'cloudtrail-stop-logging') as Detection;

/** A CloudTrail call by `user` of `account`, `minutesAgo` before now, from `ip`. */
function call(eventName: string, account: string, user: string, ip: string, minutesAgo: number) {
  return cloudTrailRecord('cloudtrail.amazonaws.com', eventName, {
    eventTime: new Date(Date.now() - minutesAgo * 60_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    recipientAccountId: account,
    sourceIPAddress: ip,
    userIdentity: {
      type: 'IAMUser',
      principalId: `AIDA${user.toUpperCase()}`,
      arn: `arn:aws:iam::${account}:user/${user}`,
      accountId: account,
      userName: user,
    },
    requestParameters: { name: `arn:aws:cloudtrail:eu-west-1:${account}:trail/org` },
  });
}

/**
 * Parses records as the ingestion function does and indexes them, stamped with the ingestion time
 * as the index's pipeline does (`pipeline=_none`: the test is about what an alert says, and the
 * stamping has its own tests); returns their ids.
 */
async function ingest(records: ReadonlyArray<Record<string, unknown>>): Promise<string[]> {
  const body = Buffer.from(JSON.stringify({ Records: records }));
  const docs = await parseLogObject(
    body,
    { bucket: 'archive', key: `AWSLogs/o-a1b2c3d4e5/${ACCOUNT_A}/CloudTrail/eu-west-1/2026/01/15/f.json` },
    { source: 'cloudtrail' },
  );
  for (const doc of docs) {
    await client.request('PUT', `/${index}/_doc/${encodeURIComponent(doc.id)}`, {
      body: { ...doc.document, [INGESTED_FIELD]: new Date().toISOString() },
      query: { pipeline: '_none' },
    });
  }
  await client.request('POST', `/${index}/_refresh`);
  return docs.map((d) => d.id);
}

async function execute(monitorId: string, periodEnd: number) {
  const { body } = await client.request<{
    error?: string | null;
    trigger_results: Record<string, { error?: string | null }>;
  }>('POST', `/_plugins/_alerting/monitors/${monitorId}/_execute`, {
    query: { period_end: `${periodEnd}ms` },
  });
  return body;
}

/** The Discover link of a notification, and the ids of the documents it selects on the node. */
async function selectedBy(message: string): Promise<{ link: string; ids: string[]; patternId: string }> {
  const link = /^Discover: (\S+)$/m.exec(message)?.[1];
  if (!link) throw new Error(`no Discover link in:\n${message}`);
  const state = parseDiscoverLink(link);
  const { body } = await client.request<{ hits: { hits: Array<{ _id: string }> } }>(
    'POST',
    `/${index}/_search`,
    {
      body: { size: 100, query: discoverSearch(state), _source: false },
    },
  );
  return { link, ids: body.hits.hits.map((h) => h._id).sort(), patternId: state.indexPatternId };
}

beforeAll(async () => {
  client = createHttpClient({ endpoint: openSearchUrl(), timeoutMs: 120_000 });
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const template = indexTemplates().find((t) => t.name === 'siem-cloudtrail')!;
  const { settings, mappings } = template.body.template as { settings?: unknown; mappings?: unknown };
  await client.request('PUT', `/${index}`, { body: { settings, mappings } });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const [channel] = await notificationChannels(config, { snsTopicArn: '', resolveUrl: async () => url });
  await client.request('POST', '/_plugins/_notifications/configs', { body: channel });
  configIds.push(channel!.config_id);
});

/** An index of this run for `logType`, created with the production template (no pipeline: stamped below). */
async function logIndex(logType: Detection['logType']): Promise<string> {
  const name = `${run}-siem-${logType}-2026.02.01`;
  const template = indexTemplates().find((t) => t.name === `siem-${logType}`)!;
  const { settings, mappings } = template.body.template as { settings?: unknown; mappings?: unknown };
  await client.request('PUT', `/${name}`, { body: { settings, mappings } });
  return name;
}

/** A detection's samples, parsed as the ingestion function does and indexed (stamped now); their ids. */
async function ingestSamples(into: string, detection: Detection, samples: Detection['positiveSamples']) {
  const object = sampleObject(detection.logType, samples, Date.now());
  const docs = await parseLogObject(
    object.body,
    { bucket: 'archive', key: object.key },
    { source: detection.logType },
  );
  const ids: string[] = [];
  for (const [i, doc] of docs.entries()) {
    const id = `${detection.id}.${samples === detection.positiveSamples ? 'p' : 'n'}.${i}`;
    await client.request('PUT', `/${into}/_doc/${encodeURIComponent(id)}`, {
      body: { ...doc.document, [INGESTED_FIELD]: new Date().toISOString() },
      query: { pipeline: '_none' },
    });
    ids.push(id);
  }
  await client.request('POST', `/${into}/_refresh`);
  return ids.sort();
}

/** The detection's monitor on `into`, stored and run for real; the notifications it sent. */
async function notificationsOf(detection: Detection, into: string): Promise<string[]> {
  const before = received.length;
  const monitor = buildMonitor(detection, {
    channels: channelRoutes(config),
    indexPattern: into,
    enabled: false,
    dashboardsUrl: DASHBOARDS,
  });
  const { body: created } = await client.request<{ _id: string }>('POST', '/_plugins/_alerting/monitors', {
    body: monitor,
  });
  monitorIds.push(created._id);
  const result = await execute(created._id, Date.now() + 3 * 60_000);
  expect(result.error ?? null).toBeNull();
  return received.slice(before).map((r) => r.body);
}

/** Searches `into` as Dashboards would for the notification's link; the ids it selects. */
async function linkSelects(message: string, into: string): Promise<string[]> {
  const link = /^(?:\{\{\/sample_documents\}\})?Discover: (\S+)$/m.exec(message)?.[1];
  if (!link) throw new Error(`no Discover link in:\n${message}`);
  const { body } = await client.request<{ hits: { hits: Array<{ _id: string }> } }>(
    'POST',
    `/${into}/_search`,
    {
      body: { size: 100, query: discoverSearch(parseDiscoverLink(link)), _source: false },
    },
  );
  return body.hits.hits.map((h) => h._id).sort();
}

afterAll(async () => {
  for (const id of monitorIds)
    await client.request('DELETE', `/_plugins/_alerting/monitors/${id}`).catch(() => undefined);
  for (const id of configIds)
    await client.request('DELETE', `/_plugins/_notifications/configs/${id}`).catch(() => undefined);
  await client.request('DELETE', `/${run}-*`).catch(() => undefined);
  await new Promise((resolve) => server.close(resolve));
});

describe('a notification of a one-event detection, per entity, through a webhook channel', () => {
  it('alerts account B while account A is still active, each message naming its entity with a Discover link selecting exactly its events', async () => {
    // Prepare: the monitor as post-apply builds it, on this run's index; two StopLogging calls
    // by alice in account A and a read by her that the detection ignores.
    const monitor = buildMonitor(detection, {
      channels: channelRoutes(config),
      indexPattern: index,
      enabled: false,
      dashboardsUrl: DASHBOARDS,
    });
    const { body: created } = await client.request<{ _id: string }>('POST', '/_plugins/_alerting/monitors', {
      body: monitor,
    });
    monitorIds.push(created._id);
    const ingestedFrom = Date.now();
    const firstA = call('StopLogging', ACCOUNT_A, 'alice', '198.51.100.7', 4);
    const lastA = call('StopLogging', ACCOUNT_A, 'alice', '198.51.100.7', 1);
    const idsA = await ingest([firstA, lastA, call('GetTrailStatus', ACCOUNT_A, 'alice', '198.51.100.7', 2)]);
    // One period for both runs, its ingestion window holding A's stamps and B's, which come a
    // moment later (a minute allowed): a window ending at the current minute would lose B whenever
    // the minute turned between the two ingestions.
    const periodEnd = periodEndCovering(
      { from: ingestedFrom, to: Date.now() + 60_000 },
      ingestWindow(detection, detection.scheduleMinutes),
    );

    // Act: a run alerts on A; B stops logging before the next run, which sees A still active.
    const first = await execute(created._id, periodEnd);
    const afterFirst = received.length;
    const idsB = await ingest([call('StopLogging', ACCOUNT_B, 'bob', '203.0.113.9', 1)]);
    const second = await execute(created._id, periodEnd);

    // Assess: no run error, one notification per entity.
    expect(first.error ?? null).toBeNull();
    expect(second.error ?? null).toBeNull();
    expect(afterFirst).toBe(1);
    expect(received).toHaveLength(2);
    const [toA, toB] = received.map((r) => r.body);
    // Alice's notification names her, her account, address and call, the count and times.
    expect(toA).toMatch(
      new RegExp(`^Entity: (${ACCOUNT_A},alice|alice,${ACCOUNT_A}) \\(Account, Principal`, 'm'),
    );
    expect(toA).toMatch(/^Events: 2 \(10 at most.*newest first:$/m);
    const sampleLine = (r: Record<string, unknown>) =>
      `- ${String(r.eventTime).replace('Z', '.000Z')} StopLogging principal alice account ${ACCOUNT_A} from 198.51.100.7`;
    expect(toA).toContain(`${sampleLine(lastA)}\n${sampleLine(firstA)}\nDiscover: `);
    expect(toB).toMatch(new RegExp(`^Entity: (${ACCOUNT_B},bob|bob,${ACCOUNT_B}) `, 'm'));
    expect(toB).not.toContain(ACCOUNT_A);
    // Each link, searched as Dashboards would, selects exactly its alert's events.
    const linkA = await selectedBy(toA!);
    const linkB = await selectedBy(toB!);
    expect(linkA.link.startsWith(`${DASHBOARDS}/app/data-explorer/discover#?`)).toBe(true);
    expect(linkA.patternId).toBe(indexPatternId('cloudtrail'));
    expect(linkA.ids).toEqual(idsA.slice(0, 2).sort());
    expect(linkB.ids).toEqual([...idsB].sort());
    console.log(`notification as received by the webhook:\n${toA}`);
  });
});

describe('a notification of a detection counting over everything (query-level)', () => {
  it('names the principals, accounts, addresses and events with counts, the first and last event, and links to exactly them', async () => {
    // Prepare: the burst's positive samples, and denied-free reads of the same service it ignores.
    const detection = allDetections(config).find((d) => d.id === 's3-access-denied-burst') as Detection;
    const into = await logIndex('cloudtrail');
    const positives = await ingestSamples(into, detection, detection.positiveSamples);
    const noise = cloudTrailRecord('s3.amazonaws.com', 'GetObject');
    await ingestSamples(into, { ...detection, id: 'noise' }, [noise]);
    const { body: times } = await client.request<{
      aggregations: { first: { value_as_string: string }; last: { value_as_string: string } };
    }>('POST', `/${into}/_search`, {
      body: {
        size: 0,
        query: { ids: { values: positives } },
        aggregations: { first: { min: { field: '@timestamp' } }, last: { max: { field: '@timestamp' } } },
      },
    });

    // Act
    const messages = await notificationsOf(detection, into);

    // Assess
    expect(messages).toHaveLength(1);
    const [message] = messages as [string];
    expect(message).toContain(
      `Events: ${positives.length}, first ${times.aggregations.first.value_as_string}, last ${times.aggregations.last.value_as_string}`,
    );
    expect(message).toMatch(/^Principal: alice \(20\) {2}$/m);
    expect(message).toMatch(
      /^Event: (GetBucketAcl \(10\) {2}GetBucketPolicy|GetBucketPolicy \(10\) {2}GetBucketAcl) \(10\) {2}$/m,
    );
    expect(await linkSelects(message, into)).toEqual(positives);
  });
});

describe('a notification of a one-event detection on a source without principals', () => {
  it('alerts on the bucket missing the principal, its link selecting those events only', async () => {
    // Prepare: a VPC flow detection (flow logs name no principal) with its negatives beside.
    const detection = allDetections(config).find(
      (d) => d.logType === 'vpcflow' && d.condition.kind === 'threshold' && d.condition.minCount === 1,
    ) as Detection;
    const into = await logIndex('vpcflow');
    const positives = await ingestSamples(into, detection, detection.positiveSamples);
    await ingestSamples(into, detection, detection.negativeSamples);

    // Act
    const messages = await notificationsOf(detection, into);

    // Assess
    expect(messages).toHaveLength(1);
    const [message] = messages as [string];
    expect(message).toMatch(/^Entity: (333333333333,-|-,333333333333) /m);
    expect(message).toContain(`Events: ${positives.length} `);
    expect(await linkSelects(message, into)).toEqual(positives);
  });
});
