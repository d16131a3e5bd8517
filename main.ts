import { App, TerraformStack } from 'cdktf';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config/load';
import type { SiemConfig } from './config/schema';
import type { FunctionBundler } from './modules/function-bundle';
import { writeCheckovBaselines } from './stacks/checkov-baseline';
import { LogArchiveStack } from './stacks/log-archive-stack';
import { MemberAccountStack } from './stacks/member-account-stack';
import { OrgManagementStack } from './stacks/org-management-stack';

export interface BuildAppOptions {
  /** Replaces esbuild bundling of the Lambda handlers (tests only). */
  readonly functionBundler?: FunctionBundler;
}

/** Builds every stack of a deployment from a validated config; pure apart from esbuild's output. */
export function buildApp(config: SiemConfig, outdir = 'cdktf.out', options: BuildAppOptions = {}): App {
  const app = new App({ outdir, skipValidation: false });
  const { functionBundler } = options;
  new OrgManagementStack(app, { config, functionBundler });
  new LogArchiveStack(app, { config, functionBundler });
  for (const account of config.memberAccounts) {
    new MemberAccountStack(app, { config, account, functionBundler });
  }
  return app;
}

/** What `synthesize` wrote. */
export interface SynthResult {
  readonly stacks: readonly string[];
  /** `<outdir>/stacks`, one folder per stack. */
  readonly stacksDirectory: string;
}

/** Writes `<outdir>/stacks/<name>/cdk.tf.json` for every stack, plus their checkov baselines. */
export function synthesize(
  config: SiemConfig,
  outdir = 'cdktf.out',
  options: BuildAppOptions = {},
): SynthResult {
  const app = buildApp(config, outdir, options);
  app.synth();
  writeCheckovBaselines(outdir);
  const stacks = app.node.children
    .filter((child): child is TerraformStack => child instanceof TerraformStack)
    .map((stack) => stack.node.id);
  return { stacks, stacksDirectory: join(outdir, 'stacks') };
}

/** `synth: 5 stacks (org-management, log-archive, 3 members) → cdktf.out/stacks in 4.2 s` */
export function synthSummary(result: SynthResult, milliseconds: number): string {
  const members = result.stacks.filter((name) => name.startsWith('member-')).length;
  const named = result.stacks.filter((name) => !name.startsWith('member-'));
  const parts = [...named, ...(members > 0 ? [`${members} member${members === 1 ? '' : 's'}`] : [])];
  const count = `${result.stacks.length} stack${result.stacks.length === 1 ? '' : 's'}`;
  return `synth: ${count} (${parts.join(', ')}) → ${result.stacksDirectory} in ${(milliseconds / 1000).toFixed(1)} s`;
}

/**
 * State files the local backend wrote inside the generated folder before it moved to
 * `stateBackend.path`: `rm -rf cdktf.out` would lose them, and the new path starts empty.
 */
export function statesLeftInOutdir(outdir: string, stacks: readonly string[]): string[] {
  return stacks
    .map((name) => join(outdir, 'stacks', name, `terraform.${name}.tfstate`))
    .filter((file) => existsSync(file));
}

export const SYNTH_USAGE = `usage: npm run synth -- [--config FILE]

Validates the SIEM config and writes one Terraform stack per account to cdktf.out/stacks.

options:
  --config FILE  the config to deploy (default: $SIEM_CONFIG, else siem.config.json)
  -h, --help     show this help

exit codes: 0 written, 1 invalid config, 2 bad command line`;

export type SynthArgs = { readonly help: true } | { readonly help: false; readonly config: string };

/** Parses synth's command line; throws on an unknown or misspelled flag (`--cofnig`). */
export function parseSynthArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): SynthArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: { config: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return { help: true };
  return { help: false, config: values.config ?? (env.SIEM_CONFIG || 'siem.config.json') };
}

function runSynth(argv: readonly string[]): number {
  let args: SynthArgs;
  try {
    args = parseSynthArgs(argv);
  } catch (err) {
    console.error(`synth: ${err instanceof Error ? err.message : String(err)}\n\n${SYNTH_USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(SYNTH_USAGE);
    return 0;
  }
  const started = Date.now();
  let config: SiemConfig;
  try {
    config = loadConfig(args.config);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    return 1;
  }
  const result = synthesize(config);
  console.log(synthSummary(result, Date.now() - started));
  if (config.stateBackend.type === 'local') {
    for (const file of statesLeftInOutdir('cdktf.out', result.stacks)) {
      const stack = relative(join('cdktf.out', 'stacks'), join(file, '..'));
      console.warn(
        `synth: warning: ${file} is state the local backend kept inside cdktf.out; state now lives in ` +
          `${config.stateBackend.path}/. Move it before deleting cdktf.out: ` +
          `terraform -chdir=cdktf.out/stacks/${stack} init -migrate-state`,
      );
    }
  }
  return 0;
}

if (require.main === module) {
  // cdktf records a stack trace for every token it creates; under tsx those traces are source-mapped,
  // which was half of the synth time at 100 accounts (7.8 → 3.8 CPU-seconds without). Config errors
  // are reported by field path, so nothing a user reads depends on mapped traces.
  process.setSourceMapsEnabled(false);
  process.exitCode = runSynth(process.argv.slice(2));
}
