/**
 * Stops what the global setup started: its moto server, and the local node when a test run started it and
 * no other test run in this checkout still uses it (a node started by `opensearch:start` is left running).
 * OPENSEARCH_KEEP_RUNNING=1 leaves the node up for quick re-runs: the next setup finds it.
 */
import { releaseSharedOpenSearch } from '../../scripts/local/opensearch-leases';
import { startedServers } from './started-servers';

export default async function globalTeardown(): Promise<void> {
  const { openSearch, moto } = startedServers();
  await moto?.stop();
  if (openSearch) await releaseSharedOpenSearch(openSearch, process.env.OPENSEARCH_KEEP_RUNNING === '1');
}
