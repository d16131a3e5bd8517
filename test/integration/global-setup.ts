/**
 * Starts (or finds) the servers the integration tests run against and publishes where they are through
 * process.env, which the test workers inherit (read it with test/support/env.ts):
 * - OPENSEARCH_URL, OPENSEARCH_PATH_REPO, OPENSEARCH_PLUGINS: the plain node (every plugin, security off);
 * - OPENSEARCH_SECURE_URL, OPENSEARCH_SECURE_USER, OPENSEARCH_SECURE_PASSWORD, OPENSEARCH_SECURE_PATH_REPO:
 *   the node with the security plugin on;
 * - MOTO_ENDPOINT.
 * A server given from outside (the variable already set) is used as is; otherwise the run starts its own
 * and never touches a node it did not start (the demo's stays untouched). A node lacking one of the
 * plugins production runs fails the run here, in one line, instead of skipping tests.
 */
import { startMoto } from '../../scripts/local/moto';
import { basicAuthHeader } from '../../scripts/local/opensearch-node';
import { useTestOpenSearch } from '../../scripts/local/opensearch-leases';
import { REQUIRED_NODE_PLUGINS } from '../support/required-plugins';
import { rememberStarted, type StartedServers } from './started-servers';

async function installedPlugins(url: string, auth?: { user: string; password: string }): Promise<string[]> {
  const response = await fetch(`${url}/_cat/plugins?h=component&format=json`, {
    headers: basicAuthHeader(auth),
  });
  if (!response.ok) throw new Error(`GET ${url}/_cat/plugins: ${response.status} ${await response.text()}`);
  const plugins = (await response.json()) as { component: string }[];
  return [...new Set(plugins.map((p) => p.component))].sort();
}

function assertPlugins(url: string, plugins: readonly string[]): void {
  const missing = REQUIRED_NODE_PLUGINS.filter((p) => !plugins.includes(p));
  if (missing.length > 0) {
    throw new Error(
      `the OpenSearch node at ${url} lacks ${missing.join(', ')}; the tests need every plugin production runs ` +
        '(npm run setup installs them)',
    );
  }
}

export default async function globalSetup(): Promise<void> {
  const started: StartedServers = {};
  if (!process.env.OPENSEARCH_URL) {
    started.openSearch = await useTestOpenSearch('plain');
    process.env.OPENSEARCH_URL = started.openSearch.url;
    process.env.OPENSEARCH_PATH_REPO = started.openSearch.pathRepo;
  }
  const plugins = await installedPlugins(process.env.OPENSEARCH_URL);
  assertPlugins(process.env.OPENSEARCH_URL, plugins);
  process.env.OPENSEARCH_PLUGINS = plugins.join(',');

  if (!process.env.OPENSEARCH_SECURE_URL) {
    started.secureOpenSearch = await useTestOpenSearch('secured');
    const auth = started.secureOpenSearch.auth;
    if (!auth) throw new Error('the secured test node was started without credentials');
    process.env.OPENSEARCH_SECURE_URL = started.secureOpenSearch.url;
    process.env.OPENSEARCH_SECURE_USER = auth.user;
    process.env.OPENSEARCH_SECURE_PASSWORD = auth.password;
    process.env.OPENSEARCH_SECURE_PATH_REPO = started.secureOpenSearch.pathRepo;
  }
  const secureAuth = {
    user: process.env.OPENSEARCH_SECURE_USER ?? '',
    password: process.env.OPENSEARCH_SECURE_PASSWORD ?? '',
  };
  assertPlugins(
    process.env.OPENSEARCH_SECURE_URL,
    await installedPlugins(process.env.OPENSEARCH_SECURE_URL, secureAuth),
  );

  if (!process.env.MOTO_ENDPOINT) {
    started.moto = await startMoto();
    process.env.MOTO_ENDPOINT = started.moto.endpoint;
  }
  rememberStarted(started);
}
