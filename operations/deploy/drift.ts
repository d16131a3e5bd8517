import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatCommand, type PlannedCommand, type RunCommand } from './command-runner';
import { terraformInit, terraformPlan, terraformShow } from './terraform-commands';

export type StackDriftStatus = 'in-sync' | 'drifted' | 'error';

export interface StackDrift {
  readonly stack: string;
  readonly status: StackDriftStatus;
  /** `Plan: 1 to add, 2 to change, 0 to destroy.` for drifted stacks, the failing step for errors. */
  readonly detail: string;
  /** Where the readable plan was saved (the CI artifact), when there was a plan. */
  readonly planText?: string;
}

export interface DriftOptions {
  readonly stacks: readonly string[];
  /** The synthesized output directory. @default 'cdktf.out' */
  readonly outdir: string;
  readonly run: RunCommand;
  readonly log?: (line: string) => void;
}

/** Where the readable plans go: uploaded as the CI artifact. */
export function driftReportDirectory(outdir: string): string {
  return join(outdir, 'drift');
}

/** The commands `siem drift` runs for one stack, in order. */
export function driftCommands(outdir: string, stack: string): PlannedCommand[] {
  return [terraformInit(outdir, stack), terraformPlan(outdir, stack), terraformShow(outdir, stack)];
}

const PLAN_SUMMARY = /^(Plan: .*|No changes\..*)$/m;

async function checkStack(stack: string, opts: DriftOptions): Promise<StackDrift> {
  const [init, plan, show] = driftCommands(opts.outdir, stack);
  const log = opts.log ?? (() => undefined);
  const run = (c: PlannedCommand, captureStdout = false) => {
    log(`$ ${formatCommand(c)}`);
    return opts.run(c.cmd, c.args, { captureStdout });
  };
  const initResult = await run(init);
  if (initResult.exitCode !== 0)
    return { stack, status: 'error', detail: `terraform init exited ${initResult.exitCode}` };
  const planResult = await run(plan);
  if (planResult.exitCode !== 0 && planResult.exitCode !== 2) {
    return { stack, status: 'error', detail: `terraform plan exited ${planResult.exitCode}` };
  }
  const showResult = await run(show, true);
  if (showResult.exitCode !== 0) {
    // The plan's verdict stands; only the readable copy for the artifact is missing.
    const verdict = planResult.exitCode === 0 ? 'in-sync' : 'drifted';
    return {
      stack,
      status: verdict,
      detail: `terraform show exited ${showResult.exitCode}: no readable plan`,
    };
  }
  const planText = join(driftReportDirectory(opts.outdir), `${stack}.txt`);
  await writeFile(planText, showResult.stdout);
  if (planResult.exitCode === 0) return { stack, status: 'in-sync', detail: 'no changes', planText };
  const summary = PLAN_SUMMARY.exec(showResult.stdout)?.[1] ?? 'changes (see the saved plan)';
  return { stack, status: 'drifted', detail: summary, planText };
}

/** Plans every stack (never stopping at the first problem, so one report covers them all). */
export async function detectDrift(opts: DriftOptions): Promise<StackDrift[]> {
  await mkdir(driftReportDirectory(opts.outdir), { recursive: true });
  const results: StackDrift[] = [];
  for (const stack of opts.stacks) results.push(await checkStack(stack, opts));
  return results;
}

/** 1 when any stack could not be planned, else 2 when any drifted, else 0: `plan -detailed-exitcode` semantics. */
export function driftExitCode(results: readonly StackDrift[]): 0 | 1 | 2 {
  if (results.some((r) => r.status === 'error')) return 1;
  return results.some((r) => r.status === 'drifted') ? 2 : 0;
}
