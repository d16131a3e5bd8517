import { BulkWriter } from '../../../functions/ingest/bulk-writer';
import { OpenSearchClient } from '../../../opensearch/http-client';
import type { ParsedRecord } from '../../../functions/ingest/types';
import { indexTemplates } from '../../../opensearch/index-templates';
import type { LogType } from '../../../opensearch/log-types';
import {
  ANALYST_ROLE,
  DASHBOARDS_USER_ROLE,
  INGEST_ROLE,
  securityRoles,
} from '../../../opensearch/security-roles';
import { createHttpClient, HttpError, type HttpClient } from '../../../opensearch/http-client';
import { reconcile } from '../../../operations/post-apply/reconcile';
import { applySecurityRoles } from '../../../operations/post-apply/steps/security';
import { indexTemplateResources } from '../../../operations/post-apply/steps/index-templates';
import { secureOpenSearch } from '../../support/env';

/*
 * Post-apply's security step against the node with the real security plugin, then what its
 * ingest role lets through: an internal user carrying the ingestion function's IAM role ARN as a
 * backend role (as Amazon OpenSearch Service hands it over) writes through the project's bulk
 * writer, and the plugin's answers decide what counts as written, duplicate or refused.
 */

jest.setTimeout(120_000);

const node = secureOpenSearch();
const admin = createHttpClient({
  endpoint: node.url,
  auth: { kind: 'basic', user: node.user, password: node.password },
});
const API = '/_plugins/_security/api';
const run = `${process.pid}-${Date.now().toString(36)}`;
const INGEST_ARN = `arn:aws:iam::222222222222:role/siem-ingest-it-${run}`;
const DASHBOARDS_ARN = `arn:aws:iam::222222222222:role/siem-dashboards-it-${run}`;
/** The plugin's default password rules want length and a mix of character classes. */
const PASSWORD = 'Ingest-It-Passw0rd!2026';
const ingestUser = `siem_it_ingest_${process.pid}`;
const partialUser = `siem_it_partial_${process.pid}`;
const PARTIAL_ROLE = `siem_it_partial_${process.pid}`;
const log = () => undefined;

/** A day of its own per run (far in the future, so no other test's indices share it). */
const dayMs = Date.UTC(2041, 0, 1) + (process.pid % 360) * 86_400_000 + 3_600_000;
const day = new Date(dayMs).toISOString().slice(0, 10).replace(/-/g, '.');
const indexOf = (logType: LogType | 'deadletter') => `siem-${logType}-${day}`;

function asUser(user: string): HttpClient {
  return createHttpClient({ endpoint: node.url, auth: { kind: 'basic', user, password: PASSWORD } });
}

async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (err) {
    if (err instanceof HttpError) return err.status;
    throw err;
  }
}

async function deleteIfThere(path: string): Promise<void> {
  const status = await statusOf(admin.request('DELETE', path));
  if (status !== 200 && status !== 404) throw new Error(`DELETE ${path}: HTTP ${status}`);
}

function records(logType: LogType, n: number, marker: string): ParsedRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    logType,
    timestamp: dayMs,
    id: `${logType}-${run}-${i}`,
    ordinal: i + 1,
    json: JSON.stringify({
      '@timestamp': new Date(dayMs).toISOString(),
      event: { dataset: logType },
      // A field no template maps: its first document needs a mapping update.
      siem_it: { marker, n: i },
    }),
  }));
}

/** Runs the project's bulk writer as `user`; resolves with the counts or rejects as the Lambda would. */
async function ingestAs(user: string, input: ParsedRecord[]) {
  const client = new OpenSearchClient(node.url, { kind: 'basic', user, password: PASSWORD });
  const writer = new BulkWriter({ client, retryBaseDelayMs: 10, retryMaxDelayMs: 50, flushBytes: 4096 });
  try {
    for (const r of input) {
      const wait = writer.add(r, { bucket: 'archive', key: `AWSLogs/${day.replace(/\./g, '/')}/object.gz` });
      if (wait) await wait;
    }
    return { counts: await writer.flush(), error: undefined };
  } catch (err) {
    return { counts: await writer.settle(), error: err as Error };
  } finally {
    client.close();
  }
}

async function count(index: string): Promise<number> {
  await admin.request('POST', `/${index}/_refresh`);
  const { body } = await admin.request<{ count: number }>('GET', `/${index}/_count`);
  return body.count;
}

async function securityReport() {
  return applySecurityRoles(
    admin,
    { ingestRoleArn: INGEST_ARN, dashboardsUserRoleArn: DASHBOARDS_ARN },
    { log },
  );
}

beforeAll(async () => {
  // As on a domain post-apply never touched: none of our roles or mappings, audit log off.
  for (const role of [INGEST_ROLE, ANALYST_ROLE]) await deleteIfThere(`${API}/roles/${role}`);
  for (const role of [INGEST_ROLE, ANALYST_ROLE, DASHBOARDS_USER_ROLE])
    await deleteIfThere(`${API}/rolesmapping/${role}`);
  const { body } = await admin.request<{ config: Record<string, unknown> }>('GET', `${API}/audit`);
  await admin.request('PUT', `${API}/audit/config`, { body: { ...body.config, enabled: false } });
  await reconcile('index templates', indexTemplateResources(admin, indexTemplates()), { log });
});

afterAll(async () => {
  for (const user of [ingestUser, partialUser]) await deleteIfThere(`${API}/internalusers/${user}`);
  await deleteIfThere(`${API}/rolesmapping/${PARTIAL_ROLE}`);
  await deleteIfThere(`${API}/roles/${PARTIAL_ROLE}`);
  for (const logType of ['vpcflow', 'cloudtrail', 'deadletter'] as const)
    await deleteIfThere(`/${indexOf(logType)}`);
  await deleteIfThere(`/notsiem-it-${process.pid}`);
});

describe('post-apply security step on the real plugin', () => {
  it('creates the roles, mappings and audit configuration, then changes nothing', async () => {
    // Act
    const first = await securityReport();
    const second = await securityReport();

    // Assess
    expect(first.created).toEqual([
      ...securityRoles().map((r) => `security role ${r.name}`),
      `role mapping ${INGEST_ROLE} ← ${INGEST_ARN}`,
      `role mapping ${ANALYST_ROLE} ← ${DASHBOARDS_ARN}`,
      `role mapping ${DASHBOARDS_USER_ROLE} ← ${DASHBOARDS_ARN}`,
    ]);
    expect(first.updated).toEqual(['audit log configuration']);
    expect(second.created).toEqual([]);
    expect(second.updated).toEqual([]);
    expect(second.unchanged).toHaveLength(first.created.length + first.updated.length);
    const { body } = await admin.request<Record<string, { backend_roles: string[] }>>(
      'GET',
      `${API}/rolesmapping/${INGEST_ROLE}`,
    );
    expect(body[INGEST_ROLE].backend_roles).toEqual([INGEST_ARN]);
  });
});

describe('the ingest role, held by a user with the ingestion ARN as backend role', () => {
  beforeAll(async () => {
    await securityReport();
    await admin.request('PUT', `${API}/internalusers/${ingestUser}`, {
      body: { password: PASSWORD, backend_roles: [INGEST_ARN] },
    });
  });

  it('lets the bulk writer create the day indices through the templates, mapping updates included', async () => {
    // Act
    const { counts, error } = await ingestAs(ingestUser, [
      ...records('vpcflow', 30, 'first'),
      ...records('cloudtrail', 20, 'first'),
    ]);

    // Assess
    expect(error).toBeUndefined();
    expect(counts).toMatchObject({ records: 50, indexed: 50, deadLettered: 0, duplicates: 0 });
    expect(await count(indexOf('vpcflow'))).toBe(30);
    expect(await count(indexOf('cloudtrail'))).toBe(20);
    // Created from the template: the live alias is there.
    const aliases = await admin.request<Record<string, { aliases: object }>>(
      'GET',
      `/${indexOf('vpcflow')}/_alias`,
    );
    expect(Object.keys(aliases.body[indexOf('vpcflow')].aliases)).toContain('siem-vpcflow');
  });

  it('counts a second delivery of the same records as done (409), leaving every document as it was', async () => {
    // Prepare: the same ids with other content, as a redelivery after a partial failure could send.
    const again = records('vpcflow', 30, 'second');

    // Act
    const { counts, error } = await ingestAs(ingestUser, again);

    // Assess
    expect(error).toBeUndefined();
    expect(counts).toMatchObject({ records: 30, indexed: 30, duplicates: 30, deadLettered: 0 });
    await admin.request('POST', `/${indexOf('vpcflow')}/_refresh`);
    const { body } = await admin.request<{
      hits: { hits: Array<{ _version: number; _source: { siem_it: { marker: string } } }> };
    }>('POST', `/${indexOf('vpcflow')}/_search`, { body: { size: 100, version: true } });
    expect(body.hits.hits).toHaveLength(30);
    expect(new Set(body.hits.hits.map((h) => h._source.siem_it.marker))).toEqual(new Set(['first']));
    expect(new Set(body.hits.hits.map((h) => h._version))).toEqual(new Set([1]));
  });

  it.each([
    [
      'a document in a non-siem index',
      (c: HttpClient) => c.request('PUT', `/notsiem-it-${process.pid}/_doc/1`, { body: { a: 1 } }),
    ],
    [
      'a cluster settings change',
      (c: HttpClient) =>
        c.request('PUT', '/_cluster/settings', {
          body: { persistent: { 'cluster.routing.allocation.enable': 'all' } },
        }),
    ],
    [
      'an update of an ingested document',
      (c: HttpClient) =>
        c.request('POST', `/${indexOf('vpcflow')}/_update/vpcflow-${run}-0`, { body: { doc: { x: 1 } } }),
    ],
    [
      'a delete of an ingested document',
      (c: HttpClient) => c.request('DELETE', `/${indexOf('vpcflow')}/_doc/vpcflow-${run}-0`),
    ],
    ['a search', (c: HttpClient) => c.request('POST', `/${indexOf('vpcflow')}/_search`, { body: {} })],
    ['deleting an index', (c: HttpClient) => c.request('DELETE', `/${indexOf('cloudtrail')}`)],
  ])('refuses %s with 403', async (_what, call) => {
    expect(await statusOf(call(asUser(ingestUser)))).toBe(403);
  });

  it('refuses a bulk create into a non-siem index item by item (HTTP 200, item 403)', async () => {
    // Act
    const { status, body } = await asUser(ingestUser).request<{
      errors: boolean;
      items: Array<{ create: { status: number; error?: { type: string } } }>;
    }>('POST', '/_bulk', {
      body: `{"create":{"_index":"notsiem-it-${process.pid}","_id":"1"}}\n{"a":1}\n`,
      headers: { 'content-type': 'application/x-ndjson' },
    });

    // Assess
    expect(status).toBe(200);
    expect(body.errors).toBe(true);
    expect(body.items[0].create).toMatchObject({ status: 403, error: { type: 'security_exception' } });
  });
});

describe('the bulk writer under a role that forbids one of its indices', () => {
  beforeAll(async () => {
    await securityReport();
    // siem_ingest's permissions, minus cloudtrail.
    const ingest = securityRoles().find((r) => r.name === INGEST_ROLE)!.body;
    await admin.request('PUT', `${API}/roles/${PARTIAL_ROLE}`, {
      body: {
        cluster_permissions: ingest.cluster_permissions,
        index_permissions: [
          {
            index_patterns: ['siem-vpcflow-*', 'siem-deadletter-*'],
            allowed_actions: ingest.index_permissions[0].allowed_actions,
          },
        ],
      },
    });
    await admin.request('PUT', `${API}/internalusers/${partialUser}`, {
      body: { password: PASSWORD, backend_roles: [`${INGEST_ARN}-partial`] },
    });
    await admin.request('PUT', `${API}/rolesmapping/${PARTIAL_ROLE}`, {
      body: { backend_roles: [`${INGEST_ARN}-partial`] },
    });
  });

  it('fails the object without dead-lettering, then a redelivery with the full role writes the rest', async () => {
    // Prepare
    const input = [...records('vpcflow', 10, 'partial'), ...records('cloudtrail', 10, 'partial')].map(
      (r) => ({
        ...r,
        id: `p-${r.id}`,
      }),
    );
    await deleteIfThere(`/${indexOf('deadletter')}`);

    // Act: the partial role, as a misconfigured mapping would leave the function.
    const refused = await ingestAs(partialUser, input);

    // Assess: the object fails (so SQS retries it), nothing went to the dead-letter index.
    expect(refused.error?.message).toMatch(/HTTP 403 security_exception/);
    expect(refused.counts.deadLettered).toBe(0);
    expect(await statusOf(admin.request('HEAD', `/${indexOf('deadletter')}`))).toBe(404);

    // Act: the role is fixed and SQS delivers the object again.
    await admin.request('PUT', `${API}/rolesmapping/${PARTIAL_ROLE}`, { body: { backend_roles: [] } });
    await admin.request('PUT', `${API}/internalusers/${partialUser}`, {
      body: { password: PASSWORD, backend_roles: [INGEST_ARN] },
    });
    const redelivered = await ingestAs(partialUser, input);

    // Assess: every record is there once; what the first attempt wrote answered 409.
    expect(redelivered.error).toBeUndefined();
    expect(redelivered.counts).toMatchObject({ records: 20, indexed: 20, deadLettered: 0 });
    expect(redelivered.counts.duplicates).toBe(refused.counts.indexed);
    await admin.request('POST', '/siem-*/_refresh');
    const { body } = await admin.request<{ count: number }>(
      'POST',
      `/${indexOf('vpcflow')},${indexOf('cloudtrail')}/_count`,
      {
        body: { query: { term: { 'siem_it.marker': 'partial' } } },
      },
    );
    expect(body.count).toBe(20);
  });
});

describe('audit log after post-apply', () => {
  it('records a refused request of the ingest user in security-auditlog-*', async () => {
    // Prepare
    await securityReport();
    await admin.request('PUT', `${API}/internalusers/${ingestUser}`, {
      body: { password: PASSWORD, backend_roles: [INGEST_ARN] },
    });
    const since = new Date(Date.now() - 1000).toISOString();

    // Act
    const status = await statusOf(
      asUser(ingestUser).request('PUT', '/_cluster/settings', {
        body: { persistent: { 'cluster.routing.allocation.enable': 'all' } },
      }),
    );

    // Assess
    expect(status).toBe(403);
    const query = {
      query: {
        bool: {
          filter: [
            { match_phrase: { audit_category: 'MISSING_PRIVILEGES' } },
            { match_phrase: { audit_request_effective_user: ingestUser } },
            { match_phrase: { audit_request_privilege: 'cluster:admin/settings/update' } },
            { range: { '@timestamp': { gte: since } } },
          ],
        },
      },
    };
    let hits = 0;
    for (let i = 0; i < 40 && hits === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const found = await admin.request<{ hits: { total: { value: number } } }>(
        'POST',
        '/security-auditlog-*/_search',
        { body: query, query: { ignore_unavailable: true, allow_no_indices: true } },
      );
      hits = found.body.hits.total.value;
      if (hits === 0) await statusOf(admin.request('POST', '/security-auditlog-*/_refresh'));
    }
    expect(hits).toBeGreaterThan(0);
  });
});
