import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/load';
import { formatCommand, spawnCommand, type RunCommand } from '../../operations/deploy/command-runner';
import {
  detectDrift,
  driftCommands,
  driftExitCode,
  driftReportDirectory,
} from '../../operations/deploy/drift';
import { selectStacks } from '../../operations/deploy/stack-names';
import { synthesizeStacks, withProviderRole, type Synthesize } from '../../operations/deploy/synthesize';
import type { CliCommand } from '../siem';

export interface DriftDependencies {
  readonly run: RunCommand;
  readonly synthesize: Synthesize;
  readonly log: (line: string) => void;
}

export function driftCommand(deps: DriftDependencies): CliCommand {
  return {
    summary:
      'Plans every stack against the real accounts: exit 0 when nothing drifted, 2 when something did, 1 on errors.',
    usage: `siem drift [--config siem.config.json] [--stacks a,b] [--outdir cdktf.out]
                [--role-name ROLE] [--print-commands]

  --role-name       role the providers assume in each account instead of organization.deploymentRoleName
                    (CI passes its read-only plan role)
  --print-commands  print the commands, run nothing`,
    async run(argv) {
      const { values } = parseArgs({
        args: [...argv],
        options: {
          config: { type: 'string', default: process.env.SIEM_CONFIG || 'siem.config.json' },
          stacks: { type: 'string' },
          outdir: { type: 'string', default: 'cdktf.out' },
          'role-name': { type: 'string' },
          'print-commands': { type: 'boolean', default: false },
        },
        strict: true,
      });
      const config = withProviderRole(loadConfig(values.config), values['role-name']);
      const stacks = selectStacks(config, values.stacks);
      const { outdir } = values;

      if (values['print-commands']) {
        deps.log(`# synthesize ${values.config} into ${outdir} (main.ts synthesize)`);
        for (const stack of stacks) for (const c of driftCommands(outdir, stack)) deps.log(formatCommand(c));
        return 0;
      }
      deps.log(`synthesizing ${stacks.length} stack(s) into ${outdir}`);
      await deps.synthesize(config, outdir);
      const results = await detectDrift({ stacks, outdir, run: deps.run, log: deps.log });

      deps.log('\ndrift summary:');
      for (const r of results) deps.log(`  ${r.stack.padEnd(32)} ${r.status.padEnd(8)} ${r.detail}`);
      deps.log(`readable plans: ${driftReportDirectory(outdir)}/<stack>.txt`);
      return driftExitCode(results);
    },
  };
}

export const command = driftCommand({
  run: spawnCommand,
  synthesize: synthesizeStacks,
  log: (l) => console.log(l),
});
