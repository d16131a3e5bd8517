/**
 * The nodes a test run uses. They are the test runs' own: apart from the node the demo or `opensearch:start`
 * leaves running (`.cache/opensearch/node.json`), so `npm test` never touches a node it did not start
 * unless OPENSEARCH_URL names one. Concurrent test runs in one checkout share them: each run holds a lease,
 * a file named by its pid under `.cache/opensearch/leases/<kind>/`, and the run that ends last stops the node.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startOpenSearch, stopOpenSearch, withStartLock, type StartedOpenSearch } from './opensearch-node';
import { openSearchCacheDir } from './paths';
import { isAlive } from './process-control';

/** `plain`: every plugin, security disabled; `secured`: the security plugin on, basic auth. */
export type TestNodeKind = 'plain' | 'secured';

/**
 * Settings of the test nodes. ISM and SM check their jobs every minute instead of every five, so retention
 * and snapshot tests finish in minutes. The template (mustache) compile limit is raised because the
 * detection tests `_execute` a few hundred distinct monitors back to back; production schedules under the
 * default limit are proven by `npm run soak:monitors` on a node with default script settings.
 */
export const TEST_NODE_SETTINGS: Readonly<Record<string, string | number | boolean>> = {
  'plugins.index_state_management.job_interval': 1,
  'script.context.template.max_compilations_rate': '10000/1m',
};

const leasesDir = (kind: TestNodeKind): string => path.join(openSearchCacheDir, 'leases', kind);
const leaseFile = (kind: TestNodeKind): string => path.join(leasesDir(kind), String(process.pid));
export const testNodeStateFile = (kind: TestNodeKind): string =>
  path.join(openSearchCacheDir, `test-node-${kind}.json`);

/** Live leases other than this process's; leases of dead processes are removed. */
function otherLiveLeases(kind: TestNodeKind): number {
  const dir = leasesDir(kind);
  if (!fs.existsSync(dir)) return 0;
  let count = 0;
  for (const entry of fs.readdirSync(dir)) {
    if (Number(entry) === process.pid) continue;
    if (isAlive(Number(entry))) count++;
    else fs.rmSync(path.join(dir, entry), { force: true });
  }
  return count;
}

/** Takes a lease (before looking for a node, so a run ending meanwhile sees it), then starts or reuses the node. */
export async function useTestOpenSearch(kind: TestNodeKind): Promise<StartedOpenSearch> {
  fs.mkdirSync(leasesDir(kind), { recursive: true });
  fs.writeFileSync(leaseFile(kind), '');
  return startOpenSearch({
    startedBy: 'tests',
    stateFile: testNodeStateFile(kind),
    security: kind === 'secured',
    settings: TEST_NODE_SETTINGS,
  });
}

/** Drops the lease; stops the node if no other run holds a lease, unless `keepRunning`. */
export async function releaseTestOpenSearch(
  kind: TestNodeKind,
  node: StartedOpenSearch,
  keepRunning: boolean,
): Promise<void> {
  const stateFile = testNodeStateFile(kind);
  await withStartLock(async () => {
    fs.rmSync(leaseFile(kind), { force: true });
    if (keepRunning || otherLiveLeases(kind) > 0) return;
    await stopOpenSearch(node, { stateFile });
  }, `${stateFile}.lock`);
}
