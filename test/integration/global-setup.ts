/**
 * Starts (or finds) the servers the integration tests run against and publishes where they are through
 * process.env, which the test workers inherit (read it with test/support/env.ts):
 * OPENSEARCH_URL, OPENSEARCH_PATH_REPO, OPENSEARCH_PLUGINS, MOTO_ENDPOINT.
 * A server given from outside (OPENSEARCH_URL / MOTO_ENDPOINT already set) is used as is.
 */
import { startMoto } from '../../scripts/local/moto';
import { useSharedOpenSearch } from '../../scripts/local/opensearch-leases';
import { rememberStarted, type StartedServers } from './started-servers';

async function installedPlugins(url: string): Promise<string> {
  const response = await fetch(`${url}/_cat/plugins?h=component&format=json`);
  if (!response.ok) throw new Error(`GET ${url}/_cat/plugins: ${response.status} ${await response.text()}`);
  const plugins = (await response.json()) as { component: string }[];
  // '-' stands for "none": an empty variable would read as "setup did not run".
  return [...new Set(plugins.map((p) => p.component))].join(',') || '-';
}

export default async function globalSetup(): Promise<void> {
  const started: StartedServers = {};
  if (!process.env.OPENSEARCH_URL) {
    started.openSearch = await useSharedOpenSearch();
    process.env.OPENSEARCH_URL = started.openSearch.url;
    process.env.OPENSEARCH_PATH_REPO = started.openSearch.pathRepo;
  }
  process.env.OPENSEARCH_PLUGINS = await installedPlugins(process.env.OPENSEARCH_URL);
  if (!process.env.MOTO_ENDPOINT) {
    started.moto = await startMoto();
    process.env.MOTO_ENDPOINT = started.moto.endpoint;
  }
  rememberStarted(started);
}
