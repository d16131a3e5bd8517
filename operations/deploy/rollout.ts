import type { MemberAccountConfig, SiemConfig } from '../../config/schema';
import { memberStackName } from '../../config/archive-names';
import { formatCommand, type PlannedCommand, type RunCommand } from './command-runner';
import { terraformApply, terraformInit } from './terraform-commands';

export type RolloutWave = 'canary' | 'all';

export interface RolloutTarget {
  readonly wave: MemberAccountConfig['wave'];
  readonly stack: string;
  readonly accountId: string;
  readonly regions: readonly string[];
}

export type RolloutResult = 'applied' | 'failed' | 'not run' | 'planned';

export interface RolloutOutcome extends RolloutTarget {
  readonly result: RolloutResult;
}

/** Member stacks in the order they are applied: canaries first, then (for `all`) the main wave. */
export function rolloutTargets(config: SiemConfig, wave: RolloutWave): RolloutTarget[] {
  const waves: Array<MemberAccountConfig['wave']> = wave === 'canary' ? ['canary'] : ['canary', 'main'];
  return waves.flatMap((w) =>
    config.memberAccounts
      .filter((a) => a.wave === w)
      .map((a) => ({ wave: w, stack: memberStackName(a), accountId: a.id, regions: a.regions })),
  );
}

export function rolloutCommands(outdir: string, stack: string): PlannedCommand[] {
  return [terraformInit(outdir, stack), terraformApply(outdir, stack)];
}

export interface RolloutOptions {
  readonly targets: readonly RolloutTarget[];
  /** @default 'cdktf.out' */
  readonly outdir: string;
  readonly run: RunCommand;
  /** Print the commands, run nothing. @default false */
  readonly dryRun?: boolean;
  readonly log?: (line: string) => void;
}

/**
 * Applies the targets in order and stops at the first failure: a change that breaks a canary
 * must not reach the main wave, and a failure mid-wave leaves the rest untouched to inspect.
 */
export async function rollout(opts: RolloutOptions): Promise<RolloutOutcome[]> {
  const log = opts.log ?? (() => undefined);
  const outcomes: RolloutOutcome[] = [];
  let failed = false;
  for (const target of opts.targets) {
    if (failed) {
      outcomes.push({ ...target, result: 'not run' });
      continue;
    }
    let ok = true;
    for (const c of rolloutCommands(opts.outdir, target.stack)) {
      log(`${opts.dryRun ? 'would run' : '$'} ${formatCommand(c)}`);
      if (opts.dryRun) continue;
      const { exitCode } = await opts.run(c.cmd, c.args);
      if (exitCode !== 0) {
        log(`${target.stack}: ${c.args[1]} exited ${exitCode}; stopping the rollout`);
        ok = false;
        break;
      }
    }
    failed = !ok;
    outcomes.push({ ...target, result: opts.dryRun ? 'planned' : ok ? 'applied' : 'failed' });
  }
  return outcomes;
}

/** What was applied where: one line per stack. */
export function formatRolloutTable(outcomes: readonly RolloutOutcome[]): string {
  const rows = [
    ['WAVE', 'STACK', 'ACCOUNT', 'REGIONS', 'RESULT'],
    ...outcomes.map((o) => [o.wave, o.stack, o.accountId, o.regions.join(','), o.result]),
  ];
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  return rows
    .map((r) =>
      r
        .map((cell, col) => cell.padEnd(widths[col]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
