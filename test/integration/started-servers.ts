/** What the global setup started or found, handed to the global teardown (both run in jest's main process). */
import type { MotoServer } from '../../scripts/local/moto';
import type { StartedOpenSearch } from '../../scripts/local/opensearch';

export interface StartedServers {
  /** The plain test node; absent when OPENSEARCH_URL named another one. */
  openSearch?: StartedOpenSearch;
  /** The secured test node; absent when OPENSEARCH_SECURE_URL named another one. */
  secureOpenSearch?: StartedOpenSearch;
  moto?: MotoServer;
}

const key = Symbol.for('cdktf-aws-siem.integration.started-servers');
type Holder = { [key]?: StartedServers };

export function rememberStarted(started: StartedServers): void {
  (globalThis as Holder)[key] = started;
}

export function startedServers(): StartedServers {
  return (globalThis as Holder)[key] ?? {};
}
