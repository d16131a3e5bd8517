/**
 * Starts, finds and stops the single local OpenSearch node the tests and the demo use.
 * The node runs detached; its pid, url and path.repo are kept in `.cache/opensearch/node.json`
 * so that `opensearch:stop` and later test runs find it.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertPortFree, freePort } from './free-port';
import { openSearchJavaHome } from './java-home';
import { OPENSEARCH_VERSION, installOpenSearch, openSearchHome } from './opensearch-distribution';
import { withFileLock } from './file-lock';
import { openSearchCacheDir, openSearchStateFile } from './paths';
import { isAlive, sleep, tail, terminate } from './process-control';
import { chownRecursive, commandAs, unprivilegedUser } from './run-as';
import { LOCAL_ADMIN, securitySettings, writeSecurityConfig } from './opensearch-security-config';

const CLUSTER_NAME = 'siem-local';
const startLockFile = path.join(openSearchCacheDir, 'start.lock');

/**
 * Settings of the hand-started node (`npm run demo`, `npm run opensearch:start`). The demo runs every
 * monitor at once, which a deployed cluster never does (schedule-plan.ts spreads them over the hour):
 * on default settings the node would compile only 75 monitor templates per 5 minutes and the demo
 * would wait minutes for the rest (`siem run-monitors` does wait, on a real cluster).
 */
export const LOCAL_NODE_SETTINGS: Readonly<Record<string, string>> = {
  'script.context.template.max_compilations_rate': '10000/1m',
};

export interface OpenSearchNode {
  url: string;
  pid: number;
  /** Allowed root for `fs` snapshot repositories. */
  pathRepo: string;
  /** Temporary folder holding data, logs and config of this node; removed on stop. */
  runDir: string;
  version: string;
  startedAt: string;
  /** `tests`: the last test run using it stops it (see opensearch-leases.ts); `hand`: only `opensearch:stop` does. */
  startedBy: 'hand' | 'tests';
  /** Basic-auth credentials when the node runs the security plugin; absent on a plain node. */
  auth?: { user: string; password: string };
  /** The modules and plugins it was started with (see {@link assemblyOf}); absent on nodes of older checkouts. */
  assembly?: string;
}

export interface StartOpenSearchOptions {
  /** Default: OPENSEARCH_PORT, else a free port. */
  port?: number;
  /** JVM heap, e.g. `1g`. Default: OPENSEARCH_HEAP, else 1g. */
  heap?: string;
  /** How long to wait for health yellow. Default: OPENSEARCH_START_TIMEOUT_MS, else 180 s. */
  timeoutMs?: number;
  /** Default `hand`. */
  startedBy?: OpenSearchNode['startedBy'];
  /**
   * Folder for config, data, logs and path.repo. Starting again on the same folder (and port) finds the
   * indices the node had: that is how a test restarts a node of its own.
   * @default a new temporary folder `/tmp/siem-opensearch-*`
   */
  runDir?: string;
  /**
   * Where the node is recorded, and found for reuse. Another file gives a node of its own, apart from the
   * shared one, with its own start lock (`<stateFile>.lock`).
   * @default `.cache/opensearch/node.json`, the shared node
   */
  stateFile?: string;
  /**
   * Extra `opensearch.yml` settings for a node of a test's own, e.g. a tiny write queue so the cluster
   * really answers 429. They override the defaults below.
   */
  settings?: Readonly<Record<string, string | number | boolean>>;
  /**
   * Run the security plugin (transport TLS, basic auth as {@link LOCAL_ADMIN}, audit log). Otherwise the
   * plugin stays installed but disabled, and the node answers without credentials.
   * @default false
   */
  security?: boolean;
}

export interface StopOpenSearchOptions {
  /** State file to clear when it names the stopped node. @default `.cache/opensearch/node.json` */
  stateFile?: string;
  /** Keep the run folder, so that a start on it finds the data again. @default false */
  keepRunDir?: boolean;
  /** `SIGKILL` stops the node at once, as a crash would. @default `SIGTERM`, then SIGKILL after 30 s */
  signal?: 'SIGTERM' | 'SIGKILL';
}

export interface StartedOpenSearch extends OpenSearchNode {
  /** True when a healthy node from an earlier start was found and is used as is. */
  reused: boolean;
}

function log(message: string): void {
  console.log(`[opensearch] ${message}`);
}

export function logFiles(runDir: string): string[] {
  return [path.join(runDir, 'logs', `${CLUSTER_NAME}.log`), path.join(runDir, 'logs', 'console.log')];
}

export function basicAuthHeader(auth: OpenSearchNode['auth']): Record<string, string> {
  if (!auth) return {};
  return { authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}` };
}

async function isHealthy(url: string, auth?: OpenSearchNode['auth']): Promise<boolean> {
  try {
    const response = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=2s`, {
      signal: AbortSignal.timeout(5_000),
      headers: basicAuthHeader(auth),
    });
    return response.ok;
  } catch {
    return false;
  }
}

function readState(stateFile = openSearchStateFile): OpenSearchNode | undefined {
  if (!fs.existsSync(stateFile)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(stateFile, 'utf8')) as OpenSearchNode;
  } catch {
    return undefined;
  }
}

/** The node recorded in the state file, if its process is alive and it answers healthy. */
export async function runningOpenSearch(
  stateFile = openSearchStateFile,
): Promise<OpenSearchNode | undefined> {
  const state = readState(stateFile);
  if (!state || !isAlive(state.pid)) return undefined;
  return (await isHealthy(state.url, state.auth)) ? state : undefined;
}

/** Config folder of one run: the distribution's log4j config, plus settings and JVM options for a small test node. */
function writeRunConfig(
  runDir: string,
  port: number,
  heap: string,
  extraSettings: StartOpenSearchOptions['settings'] = {},
  security = false,
): void {
  const configDir = path.join(runDir, 'config');
  fs.mkdirSync(path.join(configDir, 'jvm.options.d'), { recursive: true });
  fs.copyFileSync(
    path.join(openSearchHome, 'config', 'log4j2.properties'),
    path.join(configDir, 'log4j2.properties'),
  );
  // Plugins read their own config folders (notifications' defaults) from the node's config folder.
  for (const entry of fs.readdirSync(path.join(openSearchHome, 'config'), { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name.startsWith('opensearch-') && entry.name !== 'opensearch-security')
      fs.cpSync(path.join(openSearchHome, 'config', entry.name), path.join(configDir, entry.name), {
        recursive: true,
      });
  }
  if (security) writeSecurityConfig(openSearchHome, configDir);
  const settings = {
    'cluster.name': CLUSTER_NAME,
    'node.name': 'local',
    'discovery.type': 'single-node',
    'network.host': '127.0.0.1',
    'http.port': port,
    'path.data': path.join(runDir, 'data'),
    'path.logs': path.join(runDir, 'logs'),
    'path.repo': path.join(runDir, 'repo'),
    // A nearly full disk must not turn test indices read-only.
    'cluster.routing.allocation.disk.threshold_enabled': false,
    ...(security ? securitySettings() : { 'plugins.security.disabled': true }),
    ...extraSettings,
  };
  fs.writeFileSync(
    path.join(configDir, 'opensearch.yml'),
    Object.entries(settings)
      .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
      .join('\n') + '\n',
  );
  // The distribution's jvm.options writes GC logs and heap dumps relative to its home, which the node's user
  // may not write to; these keep everything in the run folder and drop the 1 GB heap dump.
  fs.writeFileSync(
    path.join(configDir, 'jvm.options'),
    [
      `-Xms${heap}`,
      `-Xmx${heap}`,
      '-XX:+UseG1GC',
      '-Djava.io.tmpdir=${OPENSEARCH_TMPDIR}',
      `-XX:ErrorFile=${path.join(runDir, 'logs', 'hs_err_pid%p.log')}`,
      '18-:-Djava.security.manager=allow',
      '20-:--add-modules=jdk.incubator.vector',
      '-Djava.util.concurrent.ForkJoinPool.common.threadFactory=org.opensearch.secure_sm.SecuredForkJoinWorkerThreadFactory',
      '',
    ].join('\n'),
  );
}

async function waitUntilHealthy(node: OpenSearchNode, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(node.pid)) throw new Error('the OpenSearch process exited during startup');
    if (await isHealthy(node.url, node.auth)) return;
    await sleep(500);
  }
  throw new Error(`OpenSearch was not healthy within ${timeoutMs / 1000}s`);
}

/** Runs `action` while no other process in this checkout starts or stops the shared node. */
export function withStartLock<T>(action: () => Promise<T>, lockFile = startLockFile): Promise<T> {
  return withFileLock(lockFile, 15 * 60_000, action);
}

/**
 * What a node loads at start: the module and plugin folders of the assembled distribution. A node
 * started before the assembly changed (a module added, a plugin upgraded) lacks what the code now
 * needs, and its failures would look like product bugs, so it is not reused.
 */
function assemblyOf(home = openSearchHome): string {
  const folders = (dir: string) =>
    fs.existsSync(path.join(home, dir)) ? fs.readdirSync(path.join(home, dir)).sort().join(',') : '';
  return `modules=${folders('modules')};plugins=${folders('plugins')}`;
}

/** Starts a node (assembling the distribution first if needed), or reuses a healthy one from the state file. */
export async function startOpenSearch(options: StartOpenSearchOptions = {}): Promise<StartedOpenSearch> {
  // Held across find-or-start, so two test runs starting together share one node.
  const stateFile = options.stateFile ?? openSearchStateFile;
  const lockFile = stateFile === openSearchStateFile ? startLockFile : `${stateFile}.lock`;
  return withStartLock(async () => {
    const running = await runningOpenSearch(stateFile);
    installOpenSearch();
    const assembly = assemblyOf();
    if (running && running.assembly === assembly) {
      log(`reusing the node at ${running.url} (pid ${running.pid})`);
      return { ...running, reused: true };
    }
    if (running) {
      log(
        `the node at ${running.url} (pid ${running.pid}) was started from an older assembly: restarting it`,
      );
      // A hand-started node keeps its folder, so the demo's data survives the restart.
      const keepRunDir = running.startedBy === 'hand';
      await stopOpenSearch(running, { stateFile, keepRunDir });
      if (keepRunDir && options.runDir === undefined) options = { ...options, runDir: running.runDir };
    }
    return { ...(await startNode(options, stateFile, assembly)), reused: false };
  }, lockFile);
}

async function startNode(
  options: StartOpenSearchOptions,
  stateFile: string,
  assembly: string,
): Promise<OpenSearchNode> {
  const configuredPort =
    options.port ?? (process.env.OPENSEARCH_PORT ? Number(process.env.OPENSEARCH_PORT) : undefined);
  if (configuredPort !== undefined) await assertPortFree(configuredPort, 'OPENSEARCH_PORT');
  const port = configuredPort ?? (await freePort());
  const heap = options.heap ?? process.env.OPENSEARCH_HEAP ?? '1g';
  const timeoutMs = options.timeoutMs ?? Number(process.env.OPENSEARCH_START_TIMEOUT_MS ?? 180_000);

  const runDir = options.runDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'siem-opensearch-'));
  for (const dir of ['data', 'logs', 'repo', 'tmp'])
    fs.mkdirSync(path.join(runDir, dir), { recursive: true });
  const restarting = fs.existsSync(path.join(runDir, 'config', 'opensearch.yml'));
  writeRunConfig(runDir, port, heap, options.settings, options.security);
  const user = unprivilegedUser();
  if (user) chownRecursive(runDir, user);
  fs.chmodSync(runDir, 0o755);

  const consoleLog = fs.openSync(path.join(runDir, 'logs', 'console.log'), 'a');
  const [command, args] = commandAs(user, path.join(openSearchHome, 'bin', 'opensearch'), []);
  const started = Date.now();
  const child = spawn(command, args, {
    cwd: runDir,
    detached: true,
    stdio: ['ignore', consoleLog, consoleLog],
    env: {
      ...process.env,
      OPENSEARCH_JAVA_HOME: openSearchJavaHome(),
      OPENSEARCH_PATH_CONF: path.join(runDir, 'config'),
      OPENSEARCH_TMPDIR: path.join(runDir, 'tmp'),
      // Heap comes from jvm.options; a stray value here would override it.
      OPENSEARCH_JAVA_OPTS: '',
    },
  });
  fs.closeSync(consoleLog);
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${command}`);

  const node: OpenSearchNode = {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    pathRepo: path.join(runDir, 'repo'),
    runDir,
    version: OPENSEARCH_VERSION,
    startedAt: new Date().toISOString(),
    startedBy: options.startedBy ?? 'hand',
    ...(options.security ? { auth: { ...LOCAL_ADMIN } } : {}),
    assembly,
  };
  log(
    `starting ${OPENSEARCH_VERSION}${options.security ? ' with the security plugin' : ''} on ${node.url} ` +
      `(pid ${node.pid}, heap ${heap}, logs in ${runDir}/logs${restarting ? ', restart on existing data' : ''})`,
  );
  try {
    await waitUntilHealthy(node, timeoutMs);
  } catch (error) {
    await terminate(node.pid, 5_000);
    const tails = logFiles(runDir)
      .map((file) => `--- tail of ${file} ---\n${tail(file)}`)
      .join('\n');
    throw new Error(`${(error as Error).message}. Logs are kept in ${runDir}/logs.\n${tails}`);
  }
  fs.mkdirSync(path.dirname(stateFile), { recursive: true });
  fs.writeFileSync(stateFile, `${JSON.stringify(node, null, 2)}\n`);
  log(`healthy after ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return node;
}

/**
 * Stops `node`, or else the node in the state file (SIGTERM, then SIGKILL after 30 s), and removes its
 * temporary folder unless told to keep it; the state file goes too when it names that node.
 */
export async function stopOpenSearch(
  node?: OpenSearchNode,
  options: StopOpenSearchOptions = {},
): Promise<void> {
  const stateFile = options.stateFile ?? openSearchStateFile;
  const target = node ?? readState(stateFile);
  if (!target) {
    log('no node recorded; nothing to stop');
    return;
  }
  const outcome = await terminate(target.pid, 30_000, options.signal);
  log(`node pid ${target.pid}: ${outcome}`);
  if (!options.keepRunDir) fs.rmSync(target.runDir, { recursive: true, force: true });
  if (readState(stateFile)?.pid === target.pid) fs.rmSync(stateFile, { force: true });
}
