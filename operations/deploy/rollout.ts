import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MemberAccountConfig, SiemConfig } from '../../config/schema';
import { memberStackName } from '../../config/archive-names';
import { formatCommand, type PlannedCommand, type RunCommand } from './command-runner';
import type { RolloutState } from './rollout-state';
import { terraformApply, terraformInit } from './terraform-commands';

export type RolloutWave = 'canary' | 'all';

export interface RolloutTarget {
  readonly wave: MemberAccountConfig['wave'];
  readonly stack: string;
  readonly accountId: string;
  readonly regions: readonly string[];
}

/** `skipped`: recorded as applied by an earlier run of the same config and wave (`--resume`). */
export type RolloutResult = 'applied' | 'failed' | 'not run' | 'planned' | 'skipped';

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

/**
 * The `--only a,b` selection: each name is a member stack (`member-prod`) or a member account's
 * name (`prod`). A name the config lacks, or one outside the wave, fails instead of applying less
 * than asked.
 */
export function selectTargets(
  config: SiemConfig,
  targets: readonly RolloutTarget[],
  only: string,
): RolloutTarget[] {
  const wanted = only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (wanted.length === 0) throw new Error('--only lists no stack or account');
  const stackOf = (name: string): string | undefined => {
    const account = config.memberAccounts.find((a) => a.name === name || memberStackName(a) === name);
    return account ? memberStackName(account) : undefined;
  };
  const unknown = wanted.filter((name) => stackOf(name) === undefined);
  if (unknown.length > 0) {
    const known = config.memberAccounts.map((a) => `${a.name} (${memberStackName(a)})`).join(', ');
    throw new Error(`--only: no member account or stack ${unknown.join(', ')}; this config has ${known}`);
  }
  const stacks = new Set(wanted.map((name) => stackOf(name)!));
  const outside = [...stacks].filter((stack) => !targets.some((t) => t.stack === stack));
  if (outside.length > 0) {
    throw new Error(`--only: ${outside.join(', ')} not in this wave (a main-wave member needs --wave all)`);
  }
  return targets.filter((t) => stacks.has(t.stack));
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
  /** Stacks applied at the same time, within a wave. @default 1 */
  readonly parallel?: number;
  /** Set for every terraform command (the shared plugin cache). */
  readonly env?: Readonly<Record<string, string>>;
  /** Skips the stacks it has, records each stack applied. */
  readonly state?: RolloutState;
  /**
   * Terraform's stdout goes to `<logDir>/<stack>.log` instead of the terminal (parallel stacks'
   * output would interleave); stderr still reaches the terminal as it comes.
   */
  readonly logDir?: string;
}

/** Runs `work` over `items`, at most `size` at a time, in order of start. */
async function boundedPool<T>(
  items: readonly T[],
  size: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, items.length)) }, worker));
}

/**
 * Applies the targets wave by wave (a change that breaks a canary must not reach the main wave),
 * up to `parallel` stacks at a time within a wave. The first failure stops starting new stacks;
 * the ones already running finish, so none is left half-applied by us. The first `init` runs
 * alone: it fills the shared plugin cache, which concurrent installs could corrupt.
 */
export async function rollout(opts: RolloutOptions): Promise<RolloutOutcome[]> {
  const log = opts.log ?? (() => undefined);
  const parallel = opts.parallel ?? 1;
  if (!Number.isInteger(parallel) || parallel < 1)
    throw new Error(`parallel must be a whole number ≥ 1, not ${parallel}`);
  const results = new Map<string, RolloutResult>();
  let stopped = false;
  let firstInit: Promise<void> | undefined;
  if (opts.logDir && !opts.dryRun) mkdirSync(opts.logDir, { recursive: true });

  async function exec(target: RolloutTarget, c: PlannedCommand): Promise<boolean> {
    log(`$ ${formatCommand(c)}`);
    const logFile = opts.logDir ? join(opts.logDir, `${target.stack}.log`) : undefined;
    let exitCode: number;
    let stdout: string;
    try {
      ({ exitCode, stdout } = await opts.run(c.cmd, c.args, {
        ...(opts.env ? { env: opts.env } : {}),
        ...(logFile ? { captureStdout: true } : {}),
      }));
    } catch (err) {
      // e.g. ENOENT: no terraform on the PATH. A failure of this stack like any other.
      log(
        `${target.stack}: cannot run ${c.cmd}: ${err instanceof Error ? err.message : String(err)}; starting no other stack`,
      );
      return false;
    }
    if (logFile) appendFileSync(logFile, stdout);
    if (exitCode !== 0) {
      log(
        `${target.stack}: ${c.args[1]} exited ${exitCode}${logFile ? ` (output in ${logFile})` : ''}; starting no other stack`,
      );
    }
    return exitCode === 0;
  }

  async function applyStack(target: RolloutTarget): Promise<void> {
    if (stopped) return void results.set(target.stack, 'not run');
    const [init, apply] = rolloutCommands(opts.outdir, target.stack);
    if (opts.logDir) writeFileSync(join(opts.logDir, `${target.stack}.log`), '');
    let initOk: boolean;
    if (firstInit === undefined) {
      let done!: () => void;
      firstInit = new Promise((resolve) => (done = resolve));
      initOk = await exec(target, init!);
      // Before the others waiting on it go on: they must see a failed first init.
      if (!initOk) stopped = true;
      done();
    } else {
      await firstInit;
      if (stopped) return void results.set(target.stack, 'not run');
      initOk = await exec(target, init!);
    }
    const ok = initOk && (await exec(target, apply!));
    if (ok) opts.state?.record(target.stack);
    else stopped = true;
    results.set(target.stack, ok ? 'applied' : 'failed');
  }

  for (const wave of [...new Set(opts.targets.map((t) => t.wave))]) {
    const todo: RolloutTarget[] = [];
    for (const target of opts.targets.filter((t) => t.wave === wave)) {
      if (opts.state?.has(target.stack)) {
        log(
          `${target.stack}: applied by an earlier run of this config and wave (${opts.state.file}); skipped`,
        );
        results.set(target.stack, 'skipped');
      } else if (opts.dryRun) {
        for (const c of rolloutCommands(opts.outdir, target.stack)) log(`would run ${formatCommand(c)}`);
        results.set(target.stack, 'planned');
      } else todo.push(target);
    }
    await boundedPool(todo, parallel, applyStack);
  }
  return opts.targets.map((t) => ({ ...t, result: results.get(t.stack) ?? 'not run' }));
}

/** What was applied where: one line per stack. */
export function formatRolloutTable(outcomes: readonly RolloutOutcome[]): string {
  const rows = [
    ['WAVE', 'STACK', 'ACCOUNT', 'REGIONS', 'RESULT'],
    ...outcomes.map((o) => [o.wave, o.stack, o.accountId, o.regions.join(','), o.result]),
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, col) => cell.padEnd(widths[col]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
