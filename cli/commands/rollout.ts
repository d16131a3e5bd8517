import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/load';
import { spawnCommand, type RunCommand } from '../../operations/deploy/command-runner';
import { formatRolloutTable, rollout, rolloutTargets, type RolloutWave } from '../../operations/deploy/rollout';
import { synthesizeStacks, type Synthesize } from '../../operations/deploy/synthesize';
import type { CliCommand } from '../siem';

export interface RolloutDependencies {
  readonly run: RunCommand;
  readonly synthesize: Synthesize;
  readonly log: (line: string) => void;
}

const WAVES: readonly RolloutWave[] = ['canary', 'all'];

export function rolloutCommand(deps: RolloutDependencies): CliCommand {
  return {
    summary: 'Applies the member-account stacks wave by wave (canary first), stopping at the first failure.',
    usage: `siem rollout --wave canary|all [--config siem.config.json] [--outdir cdktf.out] [--dry-run]

  canary  the member accounts with "wave": "canary"
  all     the canaries, then every other member account
  The org-management and log-archive stacks are not part of a rollout: apply them first.`,
    async run(argv) {
      const { values } = parseArgs({
        args: [...argv],
        options: {
          wave: { type: 'string' },
          config: { type: 'string', default: process.env.SIEM_CONFIG || 'siem.config.json' },
          outdir: { type: 'string', default: 'cdktf.out' },
          'dry-run': { type: 'boolean', default: false },
        },
        strict: true,
      });
      const wave = WAVES.find((w) => w === values.wave);
      if (!wave) throw new Error(`--wave must be one of ${WAVES.join(', ')}`);
      const config = loadConfig(values.config);
      const targets = rolloutTargets(config, wave);
      if (!targets.some((t) => t.wave === 'canary')) {
        deps.log(
          'no member account has "wave": "canary" in the config; mark one so changes are tried there first',
        );
        if (wave === 'canary' || targets.length === 0) return 1;
      }
      const dryRun = values['dry-run'];
      if (!dryRun) {
        deps.log(`synthesizing into ${values.outdir}`);
        await deps.synthesize(config, values.outdir);
      }
      const outcomes = await rollout({
        targets,
        outdir: values.outdir,
        run: deps.run,
        dryRun,
        log: deps.log,
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
});
