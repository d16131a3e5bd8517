import { join } from 'node:path';
import type { PlannedCommand } from './command-runner';

/** Plan file written inside each stack directory by `siem drift`. */
export const DRIFT_PLAN_FILE = 'drift.tfplan';

/** Waits this long for another run's state lock instead of failing at once (nightly drift vs. a rollout). */
export const LOCK_TIMEOUT = '5m';

export function stackDirectory(outdir: string, stack: string): string {
  return join(outdir, 'stacks', stack);
}

const terraform = (outdir: string, stack: string, ...args: string[]): PlannedCommand => ({
  cmd: 'terraform',
  args: [`-chdir=${stackDirectory(outdir, stack)}`, ...args],
});

export const terraformInit = (outdir: string, stack: string) =>
  terraform(outdir, stack, 'init', '-input=false');

/** Exit code 0: no changes, 2: changes (drift), anything else: error. */
export const terraformPlan = (outdir: string, stack: string) =>
  terraform(
    outdir,
    stack,
    'plan',
    '-detailed-exitcode',
    '-input=false',
    `-lock-timeout=${LOCK_TIMEOUT}`,
    `-out=${DRIFT_PLAN_FILE}`,
  );

export const terraformShow = (outdir: string, stack: string) =>
  terraform(outdir, stack, 'show', '-no-color', DRIFT_PLAN_FILE);

export const terraformApply = (outdir: string, stack: string) =>
  terraform(outdir, stack, 'apply', '-auto-approve', '-input=false', `-lock-timeout=${LOCK_TIMEOUT}`);
