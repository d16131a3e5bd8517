/**
 * Sharing the local node between test runs in one checkout (several engineers run tests at once).
 * Each run holds a lease, a file named by its pid under `.cache/opensearch/leases/`; the run that ends last
 * stops a node that a test run started. A node started by hand (`opensearch:start`) is left running.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startOpenSearch, stopOpenSearch, withStartLock, type StartedOpenSearch } from './opensearch-node';
import { openSearchCacheDir } from './paths';
import { isAlive } from './process-control';

const leasesDir = path.join(openSearchCacheDir, 'leases');
const leaseFile = (): string => path.join(leasesDir, String(process.pid));

/** Live leases other than this process's; leases of dead processes are removed. */
function otherLiveLeases(): number {
  if (!fs.existsSync(leasesDir)) return 0;
  let count = 0;
  for (const entry of fs.readdirSync(leasesDir)) {
    if (Number(entry) === process.pid) continue;
    if (isAlive(Number(entry))) count++;
    else fs.rmSync(path.join(leasesDir, entry), { force: true });
  }
  return count;
}

/** Takes a lease (before looking for a node, so a run ending meanwhile sees it), then starts or reuses the node. */
export async function useSharedOpenSearch(): Promise<StartedOpenSearch> {
  fs.mkdirSync(leasesDir, { recursive: true });
  fs.writeFileSync(leaseFile(), '');
  return startOpenSearch({ startedBy: 'tests' });
}

/** Drops the lease; stops the node if a test run started it and no other run holds a lease, unless `keepRunning`. */
export async function releaseSharedOpenSearch(node: StartedOpenSearch, keepRunning: boolean): Promise<void> {
  await withStartLock(async () => {
    fs.rmSync(leaseFile(), { force: true });
    if (keepRunning || node.startedBy !== 'tests' || otherLiveLeases() > 0) return;
    await stopOpenSearch(node);
  });
}
