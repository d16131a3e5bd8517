import type { SiemConfig } from '../../config/schema';

/** Writes `<outdir>/stacks/<stack>/cdk.tf.json` for every stack of the config. */
export type Synthesize = (config: SiemConfig, outdir: string) => Promise<void>;

/**
 * main.ts's synthesis, loaded only when a command needs it: it pulls in CDKTF and every stack.
 * A lazy `require`, not `import()`, which tsx's CommonJS hook (bin/siem.js) does not resolve.
 */
export const synthesizeStacks: Synthesize = async (config, outdir) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { synthesize } = require('../../main') as typeof import('../../main');
  synthesize(config, outdir);
};

/**
 * The config with another role for the providers to assume. Drift detection plans with a
 * read-only role in every account instead of the deployment role: the role is provider
 * configuration, not state, so the plan is otherwise identical.
 */
export function withProviderRole(config: SiemConfig, roleName: string | undefined): SiemConfig {
  if (!roleName) return config;
  if (!/^[\w+=,.@-]{1,64}$/.test(roleName))
    throw new Error(`--role-name ${JSON.stringify(roleName)} is not an IAM role name`);
  return { ...config, organization: { ...config.organization, deploymentRoleName: roleName } };
}
