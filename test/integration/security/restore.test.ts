import { join } from 'node:path';
import { command as restoreCommand } from '../../../cli/commands/restore';
import { snapshotRepository } from '../../../opensearch/ism-policies';
import { ANALYST_ROLE } from '../../../opensearch/security-roles';
import { createHttpClient, HttpError } from '../../../opensearch/http-client';
import { applySecurityRoles } from '../../../operations/post-apply/steps/security';
import { secureOpenSearch } from '../../support/env';

/*
 * `siem restore` against the node with the security plugin, logging in with basic auth as an
 * operator does on a self-managed cluster (`--user`, password in OPENSEARCH_PASSWORD): a daily
 * index snapshotted to an fs repository comes back as `restored-<index>`, and an analyst (the
 * post-apply siem_analyst role) can search the copy.
 */

jest.setTimeout(180_000);

const node = secureOpenSearch();
const admin = createHttpClient({
  endpoint: node.url,
  auth: { kind: 'basic', user: node.user, password: node.password },
});
const API = '/_plugins/_security/api';
const run = `${process.pid}${Date.now().toString(36)}`;
const repository = `siem-it-restore-${run}`;
// A day of its own (the year is far off, so no other test's siem-* index shares the name).
const dd = String(1 + (process.pid % 28)).padStart(2, '0');
const INDEX = `siem-cloudtrail-2042.02.${dd}`;
const RESTORED = `restored-${INDEX}`;
const ANALYST_ARN = `arn:aws:iam::222222222222:role/siem-dashboards-restore-it-${run}`;
const analyst = `siem_it_analyst_${process.pid}`;
const PASSWORD = 'Analyst-It-Passw0rd!2026';

async function quietly(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (err) {
    if (!(err instanceof HttpError && err.status === 404)) throw err;
  }
}

beforeAll(async () => {
  await quietly(admin.request('DELETE', `/${INDEX},${RESTORED}`));
  const lines = Array.from({ length: 6 }, (_, i) => [
    JSON.stringify({ create: { _index: INDEX, _id: `event-${i}` } }),
    JSON.stringify({ '@timestamp': `2042-02-${dd}T12:00:00Z`, eventName: 'ConsoleLogin', n: i }),
  ]).flat();
  await admin.request('POST', '/_bulk', {
    body: `${lines.join('\n')}\n`,
    query: { refresh: true },
    headers: { 'content-type': 'application/x-ndjson' },
  });
  const { body } = snapshotRepository({ type: 'fs', location: join(node.pathRepo, repository) });
  await admin.request('PUT', `/_snapshot/${repository}`, { body });
  await admin.request('PUT', `/_snapshot/${repository}/nightly`, {
    query: { wait_for_completion: true },
    body: { indices: INDEX, include_global_state: false },
  });
  await admin.request('DELETE', `/${INDEX}`);
});

afterAll(async () => {
  await quietly(admin.request('DELETE', `/${INDEX},${RESTORED}`));
  await quietly(admin.request('DELETE', `/_snapshot/${repository}/nightly`));
  await quietly(admin.request('DELETE', `/_snapshot/${repository}`));
  await quietly(admin.request('DELETE', `${API}/internalusers/${analyst}`));
});

describe('siem restore on a cluster with the security plugin', () => {
  it('restores a snapshotted day with basic auth, and analysts can search the copy', async () => {
    // Prepare
    const lines: string[] = [];
    const logSpy = jest.spyOn(console, 'log').mockImplementation((l: string) => void lines.push(l));
    const errSpy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const password = process.env.OPENSEARCH_PASSWORD;
    process.env.OPENSEARCH_PASSWORD = node.password;

    // Act
    let exit: number;
    try {
      exit = await restoreCommand.run([
        ...['--source', 'cloudtrail', '--from', `2042-02-${dd}`, '--to', `2042-02-${dd}`],
        ...['--endpoint', node.url, '--user', node.user, '--repository', repository],
      ]);
    } finally {
      if (password === undefined) delete process.env.OPENSEARCH_PASSWORD;
      else process.env.OPENSEARCH_PASSWORD = password;
      logSpy.mockRestore();
      errSpy.mockRestore();
    }

    // Assess
    expect(exit).toBe(0);
    const { body: counted } = await admin.request<{ count: number }>('GET', `/${RESTORED}/_count`);
    expect(counted.count).toBe(6);
    // An analyst, mapped by post-apply through the Dashboards role ARN, reads the restored copy.
    await applySecurityRoles(admin, { dashboardsUserRoleArn: ANALYST_ARN }, { log: () => undefined });
    await admin.request('PUT', `${API}/internalusers/${analyst}`, {
      body: { password: PASSWORD, backend_roles: [ANALYST_ARN] },
    });
    const asAnalyst = createHttpClient({
      endpoint: node.url,
      auth: { kind: 'basic', user: analyst, password: PASSWORD },
    });
    const { body: found } = await asAnalyst.request<{ hits: { total: { value: number } } }>(
      'POST',
      `/${RESTORED}/_search`,
      { body: { query: { match: { eventName: 'ConsoleLogin' } } } },
    );
    expect(found.hits.total.value).toBe(6);
    const mapping = await admin.request<Record<string, { backend_roles: string[] }>>(
      'GET',
      `${API}/rolesmapping/${ANALYST_ROLE}`,
    );
    expect(mapping.body[ANALYST_ROLE].backend_roles).toContain(ANALYST_ARN);
  });
});
