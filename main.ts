import { App } from 'cdktf';
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

/** Writes `<outdir>/stacks/<name>/cdk.tf.json` for every stack, plus their checkov baselines. */
export function synthesize(config: SiemConfig, outdir = 'cdktf.out', options: BuildAppOptions = {}): void {
  buildApp(config, outdir, options).synth();
  writeCheckovBaselines(outdir);
}

function configPath(argv: readonly string[]): string {
  const flag = argv.indexOf('--config');
  if (flag >= 0 && argv[flag + 1]) return argv[flag + 1]!;
  const inline = argv.find((arg) => arg.startsWith('--config='));
  if (inline) return inline.slice('--config='.length);
  return process.env.SIEM_CONFIG || 'siem.config.json';
}

if (require.main === module) {
  try {
    synthesize(loadConfig(configPath(process.argv.slice(2))));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}
