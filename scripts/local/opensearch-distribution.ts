/**
 * Assembles a runnable OpenSearch from Maven Central into `.cache/opensearch/opensearch-<version>/`:
 * the integ-test distribution, the lang-painless, lang-mustache and ingest-common modules (absent from that distribution)
 * and the plugins production runs (see opensearch-plugin-sources.ts for where their zips come from). Runs once; later calls return the recorded result.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openSearchJavaHome } from './java-home';
import { copyArtifact, copyWithRuntimeDependencies } from './maven';
import { resolvePlugin, type PluginArtifact, type PluginOrigin } from './opensearch-plugin-sources';
import { downloadsDir, openSearchCacheDir } from './paths';
import { isAlive } from './process-control';
import { isRoot } from './run-as';

/** 2.19.x is the newest line that runs on Java 17; plugin versions are `<core>.0`. */
export const OPENSEARCH_VERSION = '2.19.6';
export const openSearchHome = path.join(openSearchCacheDir, `opensearch-${OPENSEARCH_VERSION}`);
const installRecordFile = path.join(openSearchHome, 'siem-install.json');

/**
 * In install order: a plugin comes after the ones it extends. Every one is required: a node without them
 * would test an imitation of the product, so setup fails (in one line) when one cannot be had.
 */
export const OPENSEARCH_PLUGINS: readonly PluginArtifact[] = [
  {
    artifactId: 'opensearch-job-scheduler',
    fallbackZip: `opensearch-job-scheduler-${OPENSEARCH_VERSION}.0.zip`,
    requires: [],
    why: 'runs Alerting monitors, ISM and SM jobs',
  },
  {
    artifactId: 'opensearch-notifications-core',
    fallbackZip: `opensearch-notifications-core-${OPENSEARCH_VERSION}.0.zip`,
    requires: [],
    why: 'channel transports',
  },
  {
    artifactId: 'notifications',
    fallbackZip: `opensearch-notifications-${OPENSEARCH_VERSION}.0.zip`,
    requires: ['opensearch-notifications-core'],
    why: 'channels API',
  },
  {
    artifactId: 'opensearch-index-management',
    fallbackZip: `opensearch-index-management-${OPENSEARCH_VERSION}.0.zip`,
    requires: ['opensearch-job-scheduler'],
    why: 'ISM, Snapshot Management',
  },
  {
    artifactId: 'alerting',
    fallbackZip: `opensearch-alerting-${OPENSEARCH_VERSION}.0.zip`,
    requires: ['opensearch-job-scheduler', 'notifications'],
    why: 'monitors, triggers, alerts',
  },
  {
    artifactId: 'opensearch-security',
    fallbackZip: `opensearch-security-${OPENSEARCH_VERSION}.0.zip`,
    requires: [],
    why: 'fine-grained access control, audit log',
  },
  {
    artifactId: 'opensearch-custom-codecs',
    fallbackZip: `opensearch-custom-codecs-${OPENSEARCH_VERSION}.0.zip`,
    requires: [],
    why: 'zstd index codecs, as Amazon OpenSearch Service offers them',
  },
];

/** Bumped whenever what goes into the home changes, so an older assembly is rebuilt. */
const ASSEMBLY_RECIPE = 2;

export interface InstallRecord {
  version: string;
  recipe: number;
  /** artifactId, where it came from (registry or the checked fallback zip) and the zip's SHA-256. */
  plugins: { artifactId: string; origin: PluginOrigin; sha256: string }[];
  langPainlessJars: string[];
  langMustacheJars: string[];
  /** Modules added to an assembly after it was built (see {@link addMissingModules}). */
  ingestCommonJars?: string[];
}

function log(message: string): void {
  console.log(`[opensearch] ${message}`);
}

export function readInstallRecord(): InstallRecord | undefined {
  if (!fs.existsSync(installRecordFile)) return undefined;
  return JSON.parse(fs.readFileSync(installRecordFile, 'utf8')) as InstallRecord;
}

/** A module the integ-test zip lacks, assembled from its Maven Central jars. */
interface ModuleSpec {
  readonly name: string;
  /** artifactId under org.opensearch.plugin; its runtime dependencies come along. */
  readonly artifactId: string;
  /** Jar name prefixes the module must hold, checked after the copy. */
  readonly expectedJars: readonly string[];
  readonly description: string;
  readonly classname: string;
  /** Modules it extends (`extended.plugins`). */
  readonly extendedPlugins?: readonly string[];
  /** The Java permissions the module's build would grant it. */
  readonly permissions: readonly string[];
}

const MODULES: readonly ModuleSpec[] = [
  {
    name: 'lang-painless',
    artifactId: 'lang-painless',
    expectedJars: ['lang-painless-', 'opensearch-scripting-painless-spi-', 'antlr4-runtime-', 'asm-'],
    description: 'An easy, safe and fast scripting language for OpenSearch',
    classname: 'org.opensearch.painless.PainlessPlugin',
    // Painless compiles scripts into classes of its own loader.
    permissions: [
      'java.lang.RuntimePermission "createClassLoader"',
      'java.lang.RuntimePermission "getClassLoader"',
    ],
  },
  {
    // Alerting renders every monitor input and action through it.
    name: 'lang-mustache',
    artifactId: 'lang-mustache-client',
    expectedJars: ['lang-mustache-client-', 'compiler-'],
    description: 'Mustache scripting integration for OpenSearch',
    classname: 'org.opensearch.script.mustache.MustachePlugin',
    // mustache.java resolves template values by reflection on the objects it renders.
    permissions: ['java.lang.RuntimePermission "accessDeclaredMembers"'],
  },
  {
    // Ingest processors: every log index's default pipeline stamps `event.ingested` with `set`.
    name: 'ingest-common',
    artifactId: 'ingest-common',
    expectedJars: ['ingest-common-', 'opensearch-grok-', 'opensearch-dissect-'],
    description: 'Module for ingest processors that do not require additional security permissions',
    classname: 'org.opensearch.ingest.common.IngestCommonPlugin',
    extendedPlugins: ['lang-painless'],
    permissions: [],
  },
];

/** A module: its jars from Maven Central plus the descriptor and policy its build would generate. */
function assembleModule(home: string, module: ModuleSpec): string[] {
  const moduleDir = path.join(home, 'modules', module.name);
  copyWithRuntimeDependencies(
    {
      groupId: 'org.opensearch.plugin',
      artifactId: module.artifactId,
      version: OPENSEARCH_VERSION,
      // The server jar and its own dependencies are already in the distribution's lib/.
      exclusions: [{ groupId: 'org.opensearch', artifactId: 'opensearch' }],
    },
    path.join(openSearchCacheDir, `${module.name}-pom`),
    moduleDir,
  );
  const jars = fs.readdirSync(moduleDir).filter((f) => f.endsWith('.jar'));
  for (const expected of module.expectedJars) {
    if (!jars.some((j) => j.startsWith(expected)))
      throw new Error(`${module.name} module lacks ${expected}*.jar`);
  }
  fs.writeFileSync(
    path.join(moduleDir, 'plugin-descriptor.properties'),
    [
      `description=${module.description}`,
      `version=${OPENSEARCH_VERSION}`,
      `name=${module.name}`,
      `classname=${module.classname}`,
      'java.version=11',
      `opensearch.version=${OPENSEARCH_VERSION}`,
      'custom.foldername=',
      `extended.plugins=${(module.extendedPlugins ?? []).join(',')}`,
      'has.native.controller=false',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(moduleDir, 'plugin-security.policy'),
    `grant {\n${module.permissions.map((p) => `  permission ${p};\n`).join('')}};\n`,
  );
  return jars.sort();
}

function installPlugins(home: string): InstallRecord['plugins'] {
  const installed: InstallRecord['plugins'] = [];
  for (const plugin of OPENSEARCH_PLUGINS) {
    const missing = plugin.requires.filter((r) => !installed.some((p) => p.artifactId === r));
    if (missing.length > 0) throw new Error(`${plugin.artifactId} must come after ${missing.join(', ')}`);
    const resolved = resolvePlugin(plugin, `${OPENSEARCH_VERSION}.0`, downloadsDir, log);
    // The installer lists the permissions each plugin asks for on stderr: shown only when it fails.
    const result = spawnSync(
      path.join(home, 'bin', 'opensearch-plugin'),
      ['install', '--batch', `file://${resolved.zip}`],
      { env: { ...process.env, OPENSEARCH_JAVA_HOME: openSearchJavaHome() }, encoding: 'utf8' },
    );
    if (result.status !== 0)
      throw new Error(`installing ${resolved.zip} failed:\n${result.stdout}\n${result.stderr}`);
    log(`installed ${plugin.artifactId} ${OPENSEARCH_VERSION}.0 (from the ${resolved.origin})`);
    installed.push({ artifactId: plugin.artifactId, origin: resolved.origin, sha256: resolved.sha256 });
  }
  return installed;
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

/**
 * An assembly made before ingest-common was in {@link MODULES} gets it in place: a new folder under
 * `modules/`, which running nodes ignore and nodes started afterwards load (no rebuild of a home
 * that other test runs' nodes may be running from).
 */
function addMissingModules(record: InstallRecord): InstallRecord {
  if (record.ingestCommonJars !== undefined) return record;
  const ingestCommon = MODULES.find((m) => m.name === 'ingest-common')!;
  const staging = path.join(openSearchCacheDir, `staging-${process.pid}`);
  fs.rmSync(staging, { recursive: true, force: true });
  const ingestCommonJars = assembleModule(staging, ingestCommon);
  if (isRoot()) execFileSync('chmod', ['-R', 'a+rX', staging]);
  fs.renameSync(
    path.join(staging, 'modules', ingestCommon.name),
    path.join(openSearchHome, 'modules', ingestCommon.name),
  );
  fs.rmSync(staging, { recursive: true, force: true });
  const updated = { ...record, ingestCommonJars };
  fs.writeFileSync(installRecordFile, `${JSON.stringify(updated, null, 2)}\n`);
  log(`added the ingest-common module: ${ingestCommonJars.join(', ')}`);
  return updated;
}

/** Downloads and assembles the distribution unless it is already there. Idempotent; safe to interrupt. */
export function installOpenSearch(): InstallRecord {
  const existing = readInstallRecord();
  if (existing?.version === OPENSEARCH_VERSION && existing.recipe === ASSEMBLY_RECIPE) {
    log(`already assembled: ${openSearchHome}`);
    return addMissingModules(existing);
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

  const [langPainless, langMustache, ingestCommon] = MODULES;
  const langPainlessJars = assembleModule(home, langPainless!);
  log(`lang-painless module: ${langPainlessJars.join(', ')}`);
  const langMustacheJars = assembleModule(home, langMustache!);
  log(`lang-mustache module: ${langMustacheJars.join(', ')}`);
  const ingestCommonJars = assembleModule(home, ingestCommon!);
  log(`ingest-common module: ${ingestCommonJars.join(', ')}`);
  const plugins = installPlugins(home);
  // The node may run as an unprivileged user (see run-as.ts), who must be able to read everything.
  if (isRoot()) execFileSync('chmod', ['-R', 'a+rX', home]);

  const record: InstallRecord = {
    version: OPENSEARCH_VERSION,
    recipe: ASSEMBLY_RECIPE,
    plugins,
    langPainlessJars,
    langMustacheJars,
    ingestCommonJars,
  };
  fs.writeFileSync(path.join(home, 'siem-install.json'), `${JSON.stringify(record, null, 2)}\n`);
  fs.rmSync(openSearchHome, { recursive: true, force: true });
  fs.renameSync(home, openSearchHome);
  fs.rmSync(staging, { recursive: true, force: true });
  // The zips stay in ~/.m2; this copy is not needed once assembled.
  fs.rmSync(downloadsDir, { recursive: true, force: true });
  log(`assembled ${openSearchHome} in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  return record;
}
