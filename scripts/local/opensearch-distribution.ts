/**
 * Assembles a runnable OpenSearch from Maven Central into `.cache/opensearch/opensearch-<version>/`:
 * the integ-test distribution, the lang-painless module (absent from that distribution) and the plugins
 * the SIEM uses. Runs once; later calls return the recorded result.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openSearchJavaHome } from './java-home';
import { ArtifactNotServedError, copyArtifact, copyWithRuntimeDependencies } from './maven';
import { downloadsDir, openSearchCacheDir } from './paths';
import { isAlive } from './process-control';
import { isRoot } from './run-as';

/** 2.19.x is the newest line that runs on Java 17; plugin versions are `<core>.0`. */
export const OPENSEARCH_VERSION = '2.19.6';
export const openSearchHome = path.join(openSearchCacheDir, `opensearch-${OPENSEARCH_VERSION}`);
const installRecordFile = path.join(openSearchHome, 'siem-install.json');

interface PluginArtifact {
  /** artifactId under org.opensearch.plugin */
  artifactId: string;
  /** Plugin artifacts that must be installed first (its extended plugins). */
  requires: string[];
  why: string;
}

/** In install order: a plugin comes after the ones it extends. */
export const OPENSEARCH_PLUGINS: PluginArtifact[] = [
  { artifactId: 'opensearch-job-scheduler', requires: [], why: 'runs Alerting monitors and ISM jobs' },
  { artifactId: 'opensearch-notifications-core', requires: [], why: 'channel transports' },
  { artifactId: 'notifications', requires: ['opensearch-notifications-core'], why: 'channels API' },
  {
    artifactId: 'opensearch-index-management',
    requires: ['opensearch-job-scheduler'],
    why: 'ISM, Snapshot Management',
  },
  { artifactId: 'alerting', requires: ['opensearch-job-scheduler'], why: 'monitors, triggers' },
];

export interface InstallRecord {
  version: string;
  installedPlugins: string[];
  /** Plugin artifacts the registry does not serve for this version: the node runs without them. */
  notServedPlugins: string[];
  langPainlessJars: string[];
}

function log(message: string): void {
  console.log(`[opensearch] ${message}`);
}

export function readInstallRecord(): InstallRecord | undefined {
  if (!fs.existsSync(installRecordFile)) return undefined;
  return JSON.parse(fs.readFileSync(installRecordFile, 'utf8')) as InstallRecord;
}

/** The painless scripting module: jars from Maven Central plus the descriptor and policy its build would generate. */
function assembleLangPainless(home: string): string[] {
  const moduleDir = path.join(home, 'modules', 'lang-painless');
  copyWithRuntimeDependencies(
    {
      groupId: 'org.opensearch.plugin',
      artifactId: 'lang-painless',
      version: OPENSEARCH_VERSION,
      // The server jar and its own dependencies are already in the distribution's lib/.
      exclusions: [{ groupId: 'org.opensearch', artifactId: 'opensearch' }],
    },
    path.join(openSearchCacheDir, 'lang-painless-pom'),
    moduleDir,
  );
  const jars = fs.readdirSync(moduleDir).filter((f) => f.endsWith('.jar'));
  for (const expected of [
    'lang-painless-',
    'opensearch-scripting-painless-spi-',
    'antlr4-runtime-',
    'asm-',
  ]) {
    if (!jars.some((j) => j.startsWith(expected)))
      throw new Error(`lang-painless module lacks ${expected}*.jar`);
  }
  fs.writeFileSync(
    path.join(moduleDir, 'plugin-descriptor.properties'),
    [
      'description=An easy, safe and fast scripting language for OpenSearch',
      `version=${OPENSEARCH_VERSION}`,
      'name=lang-painless',
      'classname=org.opensearch.painless.PainlessPlugin',
      'java.version=11',
      `opensearch.version=${OPENSEARCH_VERSION}`,
      'custom.foldername=',
      'extended.plugins=',
      'has.native.controller=false',
      '',
    ].join('\n'),
  );
  // Painless compiles scripts into classes of its own loader.
  fs.writeFileSync(
    path.join(moduleDir, 'plugin-security.policy'),
    'grant {\n  permission java.lang.RuntimePermission "createClassLoader";\n  permission java.lang.RuntimePermission "getClassLoader";\n};\n',
  );
  return jars.sort();
}

function installPlugins(home: string): Pick<InstallRecord, 'installedPlugins' | 'notServedPlugins'> {
  const installedPlugins: string[] = [];
  const notServedPlugins: string[] = [];
  for (const plugin of OPENSEARCH_PLUGINS) {
    const missing = plugin.requires.filter((r) => !installedPlugins.includes(r));
    if (missing.length > 0) {
      log(`skip ${plugin.artifactId}: needs ${missing.join(', ')}`);
      notServedPlugins.push(plugin.artifactId);
      continue;
    }
    const coordinates = `org.opensearch.plugin:${plugin.artifactId}:${OPENSEARCH_VERSION}.0:zip`;
    let zip: string;
    try {
      zip = copyArtifact(coordinates, downloadsDir);
    } catch (error) {
      if (!(error instanceof ArtifactNotServedError)) throw error;
      log(`not served by the registry: ${coordinates} (${plugin.why}) — the node runs without it`);
      notServedPlugins.push(plugin.artifactId);
      continue;
    }
    execFileSync(path.join(home, 'bin', 'opensearch-plugin'), ['install', '--batch', `file://${zip}`], {
      env: { ...process.env, OPENSEARCH_JAVA_HOME: openSearchJavaHome() },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    log(`installed ${plugin.artifactId} ${OPENSEARCH_VERSION}.0`);
    installedPlugins.push(plugin.artifactId);
  }
  return { installedPlugins, notServedPlugins };
}

/** Staging folders of interrupted installs, recognised by the pid in their name no longer running. */
function removeAbandonedStagingFolders(): void {
  if (!fs.existsSync(openSearchCacheDir)) return;
  for (const entry of fs.readdirSync(openSearchCacheDir)) {
    const pid = Number(/^staging-(\d+)$/.exec(entry)?.[1]);
    if (pid && !isAlive(pid))
      fs.rmSync(path.join(openSearchCacheDir, entry), { recursive: true, force: true });
  }
}

/** Downloads and assembles the distribution unless it is already there. Idempotent; safe to interrupt. */
export function installOpenSearch(): InstallRecord {
  const existing = readInstallRecord();
  if (existing?.version === OPENSEARCH_VERSION) {
    log(`already assembled: ${openSearchHome}`);
    return existing;
  }
  const started = Date.now();
  const zip = copyArtifact(
    `org.opensearch.distribution.integ-test-zip:opensearch:${OPENSEARCH_VERSION}:zip`,
    downloadsDir,
  );
  log(`distribution: ${zip}`);

  // Assemble in a staging folder and rename at the end, so an interrupted run never leaves a half-built home.
  removeAbandonedStagingFolders();
  const staging = path.join(openSearchCacheDir, `staging-${process.pid}`);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  execFileSync('unzip', ['-q', zip, '-d', staging]);
  const home = path.join(staging, `opensearch-${OPENSEARCH_VERSION}`);

  const langPainlessJars = assembleLangPainless(home);
  log(`lang-painless module: ${langPainlessJars.join(', ')}`);
  const plugins = installPlugins(home);
  // The node may run as an unprivileged user (see run-as.ts), who must be able to read everything.
  if (isRoot()) execFileSync('chmod', ['-R', 'a+rX', home]);

  const record: InstallRecord = { version: OPENSEARCH_VERSION, ...plugins, langPainlessJars };
  fs.writeFileSync(path.join(home, 'siem-install.json'), `${JSON.stringify(record, null, 2)}\n`);
  fs.rmSync(openSearchHome, { recursive: true, force: true });
  fs.renameSync(home, openSearchHome);
  fs.rmSync(staging, { recursive: true, force: true });
  // The zips stay in ~/.m2; this copy is not needed once assembled.
  fs.rmSync(downloadsDir, { recursive: true, force: true });
  log(`assembled ${openSearchHome} in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  return record;
}
