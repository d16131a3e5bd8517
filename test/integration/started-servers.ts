/** What the global setup started or found, handed to the global teardown (both run in jest's main process). */
import type { MotoServer } from '../../scripts/local/moto';
import type { StartedOpenSearch } from '../../scripts/local/opensearch';

export interface StartedServers {
  /** The local node in use; absent when OPENSEARCH_URL named another one. */
  openSearch?: StartedOpenSearch;
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
