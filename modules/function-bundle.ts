import { buildSync } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { zipArchive } from './zip-archive';

const PROJECT_ROOT = resolve(__dirname, '..');

/**
 * Node.js major version of every Lambda function. One number for the runtime and the bundle
 * target, so the bundle never assumes a newer Node than the runtime it runs on. Node 20 reached
 * end of life in April 2026, and Lambda blocks function updates on deprecated runtimes.
 */
export const LAMBDA_NODE_MAJOR = 22;
/** The Lambda runtime identifier of `LAMBDA_NODE_MAJOR`. */
export const LAMBDA_RUNTIME = `nodejs${LAMBDA_NODE_MAJOR}.x`;
/** The esbuild target of `LAMBDA_NODE_MAJOR`. */
export const BUNDLE_TARGET = `node${LAMBDA_NODE_MAJOR}`;

/** A function's deployment package. */
export interface FunctionBundle {
  readonly zipPath: string;
  /** Base64 SHA-256 of the zip: what Lambda reports as CodeSha256, so Terraform sees real changes only. */
  readonly sha256Base64: string;
}

/** Turns a function folder name into its deployment package. */
export type FunctionBundler = (source: string) => FunctionBundle;

/** Each function is bundled once per process, however many stacks (accounts × regions) use it. */
const bundled = new Map<string, FunctionBundle>();

/** Writes `entries` as `<dir>/<name>.zip` and returns the package. */
export function writeFunctionZip(
  dir: string,
  name: string,
  entries: ReadonlyArray<{ name: string; data: Buffer }>,
): FunctionBundle {
  const zip = zipArchive(entries);
  mkdirSync(dir, { recursive: true });
  const zipPath = join(dir, `${name}.zip`);
  writeFileSync(zipPath, zip);
  return { zipPath, sha256Base64: createHash('sha256').update(zip).digest('base64') };
}

/**
 * Bundles `functions/<source>/handler.ts` with esbuild into `build/functions/<source>/index.js`
 * (+ `index.js.map`) and packs both into `build/functions/<source>.zip`. The AWS SDK v3 is bundled, not taken from the runtime: the
 * runtime's copy changes version without notice, and the tests run against the versions
 * pinned in package-lock.json.
 */
export function bundleFunction(source: string): FunctionBundle {
  const cached = bundled.get(source);
  if (cached) return cached;
  const entry = join(PROJECT_ROOT, 'functions', source, 'handler.ts');
  if (!existsSync(entry)) {
    throw new Error(
      `Lambda entry functions/${source}/handler.ts does not exist: the '${source}' function must export \`handler\` from it before the stacks can be synthesized.`,
    );
  }
  const outdir = join(PROJECT_ROOT, 'build', 'functions', source);
  const result = buildSync({
    entryPoints: [entry],
    outfile: join(outdir, 'index.js'),
    write: false,
    bundle: true,
    platform: 'node',
    target: BUNDLE_TARGET,
    format: 'cjs',
    minify: true,
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'error',
  });
  mkdirSync(outdir, { recursive: true });
  const entries = result.outputFiles
    .map((file) => {
      // The readable bundle stays next to the zip for inspection and local invocation.
      writeFileSync(file.path, file.contents);
      return { name: basename(file.path), data: Buffer.from(file.contents) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const bundle = writeFunctionZip(join(PROJECT_ROOT, 'build', 'functions'), source, entries);
  bundled.set(source, bundle);
  return bundle;
}
