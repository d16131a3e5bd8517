import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildApp } from '../../../main';
import { FunctionBundle, writeFunctionZip } from '../../../modules/function-bundle';
import { exampleSiemConfig } from './synth-helpers';

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const sha256Base64 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('base64');

/** A distinct small package per function, so a copy of one cannot pass for another. */
function distinctBundler(): (source: string) => FunctionBundle {
  const dir = mkdtempSync(join(tmpdir(), 'siem-distinct-fn-'));
  const bundles = new Map<string, FunctionBundle>();
  return (source) => {
    let bundle = bundles.get(source);
    if (!bundle) {
      bundle = writeFunctionZip(dir, source, [
        { name: 'index.js', data: Buffer.from(`exports.handler = async () => '${source}';\n`) },
      ]);
      bundles.set(source, bundle);
    }
    return bundle;
  };
}

interface LambdaFunctionJson {
  readonly filename?: string;
  readonly s3_bucket?: string;
  readonly source_code_hash: string;
}

describe('function packages in cdktf.out', () => {
  // Several members, some in several regions: before, each member region held its own copy of each zip.
  const config = exampleSiemConfig((raw) => {
    raw.memberAccounts = Array.from({ length: 6 }, (_, i) => ({
      id: String(900000000000 + i),
      name: `account-${i}`,
      regions: i % 2 ? ['eu-west-1', 'eu-central-1', 'us-east-1'] : ['eu-west-1'],
    }));
  });
  const outdir = mkdtempSync(join(tmpdir(), 'siem-shared-assets-'));
  const bundler = distinctBundler();
  buildApp(config, outdir, { functionBundler: bundler }).synth();
  const stackDirs = readdirSync(join(outdir, 'stacks')).map((name) => join(outdir, 'stacks', name));
  const functions = stackDirs.flatMap((dir) => {
    const json = JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')) as {
      resource?: { aws_lambda_function?: Record<string, LambdaFunctionJson> };
    };
    return Object.values(json.resource?.aws_lambda_function ?? {}).map((fn) => ({ dir, fn }));
  });

  it('stores each distinct bundle once, whatever the number of stacks and regions', () => {
    // Prepare
    const distinct = ['ingest', 'log-subscriber', 'log-transfer'].map((source) => bundler(source));

    // Act
    const zips = filesUnder(outdir).filter((file) => file.endsWith('.zip'));

    // Assess
    expect(functions.length).toBeGreaterThan(20);
    expect(zips).toHaveLength(distinct.length);
    expect(new Set(zips.map(sha256Base64))).toEqual(new Set(distinct.map((b) => b.sha256Base64)));
    const bytes = zips.reduce((sum, file) => sum + statSync(file).size, 0);
    expect(bytes).toBe(distinct.reduce((sum, b) => sum + statSync(b.zipPath).size, 0));
  });

  it('points every function, from its stack’s working directory, at the shared zip its hash describes', () => {
    // Act
    const referenced = functions.map(({ dir, fn }) => {
      const file = resolve(dir, fn.filename ?? '');
      return { file, hash: sha256Base64(file), declared: fn.source_code_hash };
    });

    // Assess
    for (const { hash, declared } of referenced) expect(hash).toBe(declared);
    const zips = filesUnder(outdir).filter((file) => file.endsWith('.zip'));
    expect(new Set(referenced.map((r) => r.file))).toEqual(new Set(zips));
  });

  it('gives every function of one bundle the same path and hash in every stack', () => {
    // Act
    const byHash = new Map<string, Set<string>>();
    for (const { fn } of functions) {
      byHash.set(fn.source_code_hash, (byHash.get(fn.source_code_hash) ?? new Set()).add(fn.filename ?? ''));
    }

    // Assess
    expect(byHash.size).toBe(3);
    for (const paths of byHash.values()) expect(paths.size).toBe(1);
  });
});

describe('SharedFunctionAsset', () => {
  it('refuses two different packages under one file name rather than let one overwrite the other', () => {
    // Prepare: every function gets a package named fn.zip, but log-transfer's differs.
    const common = writeFunctionZip(mkdtempSync(join(tmpdir(), 'siem-fn-a-')), 'fn', [
      { name: 'index.js', data: Buffer.from('exports.handler = async () => 1;\n') },
    ]);
    const other = writeFunctionZip(mkdtempSync(join(tmpdir(), 'siem-fn-b-')), 'fn', [
      { name: 'index.js', data: Buffer.from('exports.handler = async () => 2;\n') },
    ]);
    const app = buildApp(exampleSiemConfig(), mkdtempSync(join(tmpdir(), 'siem-clash-')), {
      functionBundler: (source) => (source === 'log-transfer' ? other : common),
    });

    // Act
    const act = () => app.synth();

    // Assess
    expect(act).toThrow('two different function packages are named fn.zip');
  });
});
