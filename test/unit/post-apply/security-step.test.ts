import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { summarize } from '../../../scripts/post-apply/reconcile';
import { createHttpClient, type HttpClient } from '../../../scripts/opensearch-client';
import { applySecurityRoles } from '../../../scripts/post-apply/steps/security';

const ADMIN_ARN = 'arn:aws:iam::222222222222:role/siem-opensearch-admin';
const INGEST_ARN = 'arn:aws:iam::222222222222:role/siem-ingest-eu-west-1';
const DASHBOARDS_ARN = 'arn:aws:iam::222222222222:role/siem-dashboards-authenticated';
const principals = { ingestRoleArn: INGEST_ARN, dashboardsUserRoleArn: DASHBOARDS_ARN };

type Json = Record<string, unknown>;

/**
 * A stand-in for the security plugin's roles and rolesmapping REST API: `{name: {...}}` on GET,
 * 404 when absent, PUT replaces, and what it stores comes back with the fields the plugin adds.
 * `mode` switches it to a node without the plugin or a caller that is not the master user.
 */
function fakeSecurityPlugin() {
  const roles = new Map<string, Json>();
  const mappings = new Map<string, Json>();
  const writes: string[] = [];
  const state = { mode: 'plugin' as 'plugin' | 'absent' | 'forbidden', reserved: new Set<string>() };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url!, 'http://x').pathname;
      res.setHeader('content-type', 'application/json');
      if (state.mode === 'absent') {
        res
          .writeHead(400)
          .end(JSON.stringify({ error: `no handler found for uri [${path}] and method [${req.method}]` }));
        return;
      }
      if (state.mode === 'forbidden') {
        res.writeHead(403).end(JSON.stringify({ status: 'FORBIDDEN', message: 'no permissions' }));
        return;
      }
      const match = /^\/_plugins\/_security\/api\/(roles|rolesmapping)(?:\/([^/]+))?$/.exec(path);
      if (!match) return void res.writeHead(404).end('{}');
      const store = match[1] === 'roles' ? roles : mappings;
      const name = match[2] && decodeURIComponent(match[2]);
      if (req.method === 'GET' && !name) return void res.end(JSON.stringify(Object.fromEntries(store)));
      if (req.method === 'GET') {
        const found = store.get(name!);
        if (!found) return void res.writeHead(404).end(JSON.stringify({ status: 'NOT_FOUND' }));
        return void res.end(JSON.stringify({ [name!]: found }));
      }
      if (req.method === 'PUT' && name) {
        if (state.reserved.has(name))
          return void res.writeHead(403).end(JSON.stringify({ message: `Resource '${name}' is reserved.` }));
        const body = JSON.parse(Buffer.concat(chunks).toString()) as Json;
        writes.push(`PUT ${match[1]}/${name}`);
        const existed = store.has(name);
        store.set(
          name,
          match[1] === 'roles'
            ? {
                reserved: false,
                hidden: false,
                static: false,
                ...body,
                index_permissions: (body.index_permissions as Json[]).map((p) => ({
                  fls: [],
                  masked_fields: [],
                  ...p,
                })),
              }
            : { reserved: false, hidden: false, hosts: [], users: [], and_backend_roles: [], ...body },
        );
        return void res
          .writeHead(existed ? 200 : 201)
          .end(JSON.stringify({ status: existed ? 'OK' : 'CREATED' }));
      }
      res.writeHead(405).end('{}');
    });
  });
  return { server, roles, mappings, writes, state };
}

describe('applySecurityRoles', () => {
  const fake = fakeSecurityPlugin();
  const log = () => undefined;
  let client: HttpClient;
  const masterMapping = {
    reserved: false,
    hidden: false,
    backend_roles: [ADMIN_ARN],
    users: [],
    hosts: [],
    and_backend_roles: [],
  };

  beforeAll(async () => {
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    client = createHttpClient({
      endpoint: `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`,
    });
  });
  afterAll(() => new Promise<void>((resolve) => fake.server.close(() => resolve())));
  beforeEach(() => {
    fake.roles.clear();
    fake.mappings.clear();
    fake.writes.length = 0;
    fake.state.mode = 'plugin';
    fake.state.reserved.clear();
    // What a new managed domain holds: the master user's mappings, and a Dashboards mapping
    // someone already added another team to by hand.
    fake.mappings.set('all_access', structuredClone(masterMapping));
    fake.mappings.set('security_manager', structuredClone(masterMapping));
    fake.mappings.set('opensearch_dashboards_user', {
      ...structuredClone(masterMapping),
      backend_roles: ['arn:aws:iam::222222222222:role/other-team'],
      users: ['alice'],
    });
  });

  it('creates the roles and mappings, adds to the existing Dashboards mapping, then changes nothing', async () => {
    // Act
    const first = await applySecurityRoles(client, principals, { log });
    const writesAfterFirst = fake.writes.length;
    const second = await applySecurityRoles(client, principals, { log });

    // Assess
    expect(first.created).toEqual([
      'security role siem_ingest',
      'security role siem_analyst',
      `role mapping siem_ingest ← ${INGEST_ARN}`,
      `role mapping siem_analyst ← ${DASHBOARDS_ARN}`,
    ]);
    expect(first.updated).toEqual([`role mapping opensearch_dashboards_user ← ${DASHBOARDS_ARN}`]);
    expect(fake.mappings.get('siem_ingest')!.backend_roles).toEqual([INGEST_ARN]);
    expect(fake.mappings.get('opensearch_dashboards_user')).toMatchObject({
      backend_roles: ['arn:aws:iam::222222222222:role/other-team', DASHBOARDS_ARN],
      users: ['alice'],
    });
    expect(summarize(second)).toBe('security roles: 0 created, 0 updated, 5 unchanged');
    expect(fake.writes).toHaveLength(writesAfterFirst);
  });

  it('never writes the master user mappings', async () => {
    // Act
    await applySecurityRoles(client, principals, { log });

    // Assess
    expect(fake.writes.filter((w) => /all_access|security_manager/.test(w))).toEqual([]);
    expect(fake.mappings.get('all_access')).toEqual(masterMapping);
    expect(fake.mappings.get('security_manager')).toEqual(masterMapping);
  });

  it('keeps backend roles added to our own mapping by hand', async () => {
    // Prepare
    await applySecurityRoles(client, principals, { log });
    const extra = 'arn:aws:iam::222222222222:role/replay-job';
    fake.mappings.set('siem_ingest', { ...fake.mappings.get('siem_ingest')!, backend_roles: [extra] });

    // Act
    const report = await applySecurityRoles(client, principals, { log });

    // Assess
    expect(report.updated).toEqual([`role mapping siem_ingest ← ${INGEST_ARN}`]);
    expect(fake.mappings.get('siem_ingest')!.backend_roles).toEqual([extra, INGEST_ARN]);
  });

  it('puts back a role edited by hand', async () => {
    // Prepare
    await applySecurityRoles(client, principals, { log });
    const analyst = fake.roles.get('siem_analyst')!;
    fake.roles.set('siem_analyst', { ...analyst, cluster_permissions: ['cluster_all'] });

    // Act
    const report = await applySecurityRoles(client, principals, { log });

    // Assess
    expect(report.updated).toEqual(['security role siem_analyst']);
    expect(fake.roles.get('siem_analyst')!.cluster_permissions).toEqual(['cluster_composite_ops_ro']);
  });

  it('writes nothing in a dry run', async () => {
    // Act
    const report = await applySecurityRoles(client, principals, { log, dryRun: true });

    // Assess
    expect(summarize(report, true)).toBe('security roles: 4 to create, 1 to update, 0 unchanged');
    expect(fake.writes).toEqual([]);
  });

  it('skips, without failing, a cluster that has no security plugin', async () => {
    // Prepare
    fake.state.mode = 'absent';

    // Act
    const report = await applySecurityRoles(client, principals, { log });

    // Assess
    expect(summarize(report)).toMatch(
      /^security roles: skipped \(no security plugin on the cluster: .*HTTP 400\)$/,
    );
  });

  it('skips when no principal ARN is known, and notes a missing one', async () => {
    // Act
    const none = await applySecurityRoles(client, {}, { log });
    const ingestOnly = await applySecurityRoles(client, { ingestRoleArn: INGEST_ARN }, { log });

    // Assess
    expect(none.skipped).toMatch(/ingestRoleArn .*dashboardsUserRoleArn/);
    expect(ingestOnly.created).toContain(`role mapping siem_ingest ← ${INGEST_ARN}`);
    expect(ingestOnly.notes).toEqual(['dashboardsUserRoleArn unknown: Dashboards users are not mapped']);
    expect(fake.mappings.get('opensearch_dashboards_user')!.backend_roles).not.toContain(DASHBOARDS_ARN);
  });

  it('fails when the caller may not use the security API (not the master user)', async () => {
    // Prepare
    fake.state.mode = 'forbidden';

    // Act
    const act = applySecurityRoles(client, principals, { log });

    // Assess
    await expect(act).rejects.toThrow('GET /_plugins/_security/api/roles failed with HTTP 403');
  });

  it('names the mapping the plugin refused', async () => {
    // Prepare
    fake.state.reserved.add('opensearch_dashboards_user');

    // Act
    const act = applySecurityRoles(client, principals, { log });

    // Assess
    await expect(act).rejects.toThrow(
      `role mapping opensearch_dashboards_user ← ${DASHBOARDS_ARN}: PUT /_plugins/_security/api/rolesmapping/opensearch_dashboards_user failed with HTTP 403`,
    );
  });
});
