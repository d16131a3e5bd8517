import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/load';
import { spawnCommand, type RunCommand } from '../../operations/deploy/command-runner';
import { pluginCacheEnv } from '../../operations/deploy/plugin-cache';
import {
  formatRolloutTable,
  rollout,
  rolloutTargets,
  selectTargets,
  type RolloutWave,
} from '../../operations/deploy/rollout';
import { openRolloutState } from '../../operations/deploy/rollout-state';
import { synthesizeStacks, type Synthesize } from '../../operations/deploy/synthesize';
import type { CliCommand } from '../siem';

export interface RolloutDependencies {
  readonly run: RunCommand;
  readonly synthesize: Synthesize;
  readonly log: (line: string) => void;
  /** Where TF_PLUGIN_CACHE_DIR (and its lock-file companion) may already be set. @default {} */
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

const WAVES: readonly RolloutWave[] = ['canary', 'all'];
const DEFAULT_STATE_DIR = '.cache/rollout';

function parallelOption(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1)
    throw new Error(`--parallel ${JSON.stringify(value)}: give a whole number ≥ 1`);
  return n;
}

export function rolloutCommand(deps: RolloutDependencies): CliCommand {
  return {
    summary:
      'Applies the member-account stacks wave by wave (canary first), a bounded number at a time; the first failure stops starting new stacks.',
    usage: `siem rollout --wave canary|all [--only NAME,...] [--parallel N] [--resume]
             [--config siem.config.json] [--outdir cdktf.out] [--state-dir ${DEFAULT_STATE_DIR}] [--dry-run]

  canary       the member accounts with "wave": "canary"
  all          the canaries, then every other member account
  --only       only these members: account names or stack names (prod or member-prod), in the wave
  --parallel   stacks applied at the same time within a wave (default 1); terraform's stdout then
               goes to <state-dir>/logs/<stack>.log, its errors to the terminal
  --resume     skip the stacks an earlier run of the same config file and wave applied
               (recorded in <state-dir>, outside cdktf.out)
  --state-dir  where runs are recorded (default ${DEFAULT_STATE_DIR})
  --dry-run    print the commands per stack; synthesize and run nothing
  Providers are downloaded once into TF_PLUGIN_CACHE_DIR (default .cache/terraform-plugins,
  created; a value already in the environment wins).
  The org-management and log-archive stacks are not part of a rollout: apply them first.`,
    exitCodes: [
      [0, 'every selected stack applied (or skipped by --resume), or a dry run'],
      [1, 'a stack failed (no stack started after it; the table shows each result), or a bad option'],
    ],
    async run(argv) {
      const { values } = parseArgs({
        args: [...argv],
        options: {
          wave: { type: 'string' },
          config: { type: 'string', default: process.env.SIEM_CONFIG || 'siem.config.json' },
          outdir: { type: 'string', default: 'cdktf.out' },
          only: { type: 'string' },
          parallel: { type: 'string', default: '1' },
          resume: { type: 'boolean', default: false },
          'state-dir': { type: 'string', default: DEFAULT_STATE_DIR },
          'dry-run': { type: 'boolean', default: false },
        },
        strict: true,
      });
      const wave = WAVES.find((w) => w === values.wave);
      if (!wave) throw new Error(`--wave must be one of ${WAVES.join(', ')}`);
      const parallel = parallelOption(values.parallel);
      const config = loadConfig(values.config);
      const waveTargets = rolloutTargets(config, wave);
      if (!waveTargets.some((t) => t.wave === 'canary')) {
        deps.log(
          'no member account has "wave": "canary" in the config; mark one so changes are tried there first',
        );
        if (wave === 'canary' || waveTargets.length === 0) return 1;
      }
      const targets =
        values.only === undefined ? waveTargets : selectTargets(config, waveTargets, values.only);
      const dryRun = values['dry-run'];
      const stateDir = values['state-dir'];
      const state = openRolloutState({
        stateDir,
        configText: readFileSync(values.config, 'utf8'),
        wave,
        resume: values.resume,
        // A dry run must not forget what a real run recorded.
        readOnly: dryRun,
      });
      const env = dryRun ? undefined : pluginCacheEnv(deps.environment ?? {});
      if (!dryRun) {
        deps.log(`synthesizing into ${values.outdir}`);
        await deps.synthesize(config, values.outdir);
        deps.log(`provider cache ${env!.TF_PLUGIN_CACHE_DIR}; applied stacks recorded in ${state.file}`);
      }
      const outcomes = await rollout({
        targets,
        outdir: values.outdir,
        run: deps.run,
        dryRun,
        log: deps.log,
        parallel,
        env,
        state,
        logDir: parallel > 1 ? join(stateDir, 'logs') : undefined,
      });
      deps.log(`\n${formatRolloutTable(outcomes)}`);
      return outcomes.some((o) => o.result === 'failed') ? 1 : 0;
    },
  };
}

export const command = rolloutCommand({
  run: spawnCommand,
  synthesize: synthesizeStacks,
  log: (l) => console.log(l),
  environment: process.env,
});
