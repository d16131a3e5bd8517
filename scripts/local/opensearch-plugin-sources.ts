/**
 * Where the local node's plugin zips come from. The registry is asked first, with the coordinates public
 * Maven Central publishes, because that is what a real user's machine has. When the registry refuses a
 * plugin, the zip is taken from the workplace's plugin folder (`shared/opensearch-plugins/`, built from the
 * plugins' official source tags) after its SHA-256 matches that folder's `SHA256SUMS`. Nothing else is ever
 * taken from that folder.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ArtifactNotServedError, copyArtifact } from './maven';
import { repoRoot } from './paths';

export interface PluginArtifact {
  /** artifactId under org.opensearch.plugin on Maven Central. */
  readonly artifactId: string;
  /** Name of the same plugin's zip in the fallback folder. */
  readonly fallbackZip: string;
  /** Plugins that must be installed first (the ones it extends). */
  readonly requires: readonly string[];
  readonly why: string;
}

export type PluginOrigin = 'registry' | 'fallback';

export interface ResolvedPlugin {
  readonly artifactId: string;
  readonly zip: string;
  readonly origin: PluginOrigin;
  readonly sha256: string;
}

export class PluginUnavailableError extends Error {}

/** Environment variable naming the fallback folder explicitly. */
export const PLUGIN_FALLBACK_DIR_VARIABLE = 'SIEM_OPENSEARCH_PLUGINS_DIR';

/**
 * Candidate fallback folders: the variable, then `shared/opensearch-plugins` next to any ancestor of the
 * checkout (`../shared` for the main checkout), then the workplace's fixed location for fresh clones
 * made elsewhere (CI clones into a temporary folder).
 */
export function fallbackPluginDirs(): string[] {
  const dirs: string[] = [];
  const fromEnv = process.env[PLUGIN_FALLBACK_DIR_VARIABLE];
  if (fromEnv) dirs.push(path.resolve(fromEnv));
  for (let dir = path.dirname(repoRoot); ; dir = path.dirname(dir)) {
    dirs.push(path.join(dir, 'shared', 'opensearch-plugins'));
    if (path.dirname(dir) === dir) break;
  }
  dirs.push('/work/shared/opensearch-plugins');
  return [...new Set(dirs)];
}

export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** `<sha256>  <file>` lines, as `sha256sum` writes them. */
export function parseSha256Sums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]{64})\s+\*?(\S+)\s*$/.exec(line.trim());
    if (match) sums.set(match[2], match[1]);
  }
  return sums;
}

/** The fallback zip, checked against SHA256SUMS; undefined when no candidate folder has it. */
export function fallbackZip(fileName: string, dirs = fallbackPluginDirs()): ResolvedPlugin | undefined {
  for (const dir of dirs) {
    const zip = path.join(dir, fileName);
    if (!fs.existsSync(zip)) continue;
    const sumsFile = path.join(dir, 'SHA256SUMS');
    if (!fs.existsSync(sumsFile))
      throw new PluginUnavailableError(`${dir} has ${fileName} but no SHA256SUMS`);
    const expected = parseSha256Sums(fs.readFileSync(sumsFile, 'utf8')).get(fileName);
    if (!expected) throw new PluginUnavailableError(`${sumsFile} lists no checksum for ${fileName}`);
    const actual = sha256File(zip);
    if (actual !== expected) {
      throw new PluginUnavailableError(
        `${zip}: SHA-256 ${actual} does not match ${expected} in ${sumsFile}; refusing to install it`,
      );
    }
    return { artifactId: fileName, zip, origin: 'fallback', sha256: actual };
  }
  return undefined;
}

/** Registry first, then the checked fallback zip; throws one clear line when neither has the plugin. */
export function resolvePlugin(
  plugin: PluginArtifact,
  version: string,
  downloadsDir: string,
  log: (message: string) => void,
): ResolvedPlugin {
  const coordinates = `org.opensearch.plugin:${plugin.artifactId}:${version}:zip`;
  try {
    const zip = copyArtifact(coordinates, downloadsDir);
    return { artifactId: plugin.artifactId, zip, origin: 'registry', sha256: sha256File(zip) };
  } catch (error) {
    if (!(error instanceof ArtifactNotServedError)) throw error;
  }
  const fallback = fallbackZip(plugin.fallbackZip);
  if (!fallback) {
    throw new PluginUnavailableError(
      `plugin ${plugin.artifactId} ${version} (${plugin.why}) cannot be had: the registry refused ` +
        `${coordinates} and no ${plugin.fallbackZip} is in ${fallbackPluginDirs().join(', ')} ` +
        `(set ${PLUGIN_FALLBACK_DIR_VARIABLE} to a folder holding it and its SHA256SUMS)`,
    );
  }
  log(`registry refused ${coordinates}; using ${fallback.zip} (SHA-256 matches SHA256SUMS)`);
  return { ...fallback, artifactId: plugin.artifactId };
}
