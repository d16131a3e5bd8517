/**
 * Stops what the global setup started: its moto server, and each test node when no other test run in this
 * checkout still uses it. OPENSEARCH_KEEP_RUNNING=1 leaves the nodes up for quick re-runs: the next setup
 * finds them.
 */
import { releaseTestOpenSearch } from '../../scripts/local/opensearch-leases';
import { startedServers } from './started-servers';

export default async function globalTeardown(): Promise<void> {
  const { openSearch, secureOpenSearch, moto } = startedServers();
  await moto?.stop();
  const keep = process.env.OPENSEARCH_KEEP_RUNNING === '1';
  if (openSearch) await releaseTestOpenSearch('plain', openSearch, keep);
  if (secureOpenSearch) await releaseTestOpenSearch('secured', secureOpenSearch, keep);
}
