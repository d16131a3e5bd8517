import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { driftCommand } from '../../../cli/commands/drift';
import { rolloutCommand } from '../../../cli/commands/rollout';
import type { SiemConfig } from '../../../config/schema';
import { fakeRunner } from './fake-runner';
import { testOrganization } from '../../support/config';

function workspace(memberWaves: Array<'canary' | 'main'> = ['canary', 'main']) {
  const dir = mkdtempSync(join(tmpdir(), 'siem-ops-'));
  const configFile = join(dir, 'siem.config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      ...testOrganization(),
      memberAccounts: memberWaves.map((wave, i) => ({ id: `33333333333${i}`, name: `acct-${i}`, wave })),
    }),
  );
  return { configFile, outdir: join(dir, 'cdktf.out') };
}

function deps(respond?: Parameters<typeof fakeRunner>[0]) {
  const runner = fakeRunner(respond);
  const synthesized: Array<{ config: SiemConfig; outdir: string }> = [];
  const logged: string[] = [];
  return {
    runner,
    synthesized,
    logged,
    deps: {
      run: runner.run,
      synthesize: async (config: SiemConfig, outdir: string) => void synthesized.push({ config, outdir }),
      log: (line: string) => void logged.push(line),
    },
  };
}

describe('siem drift', () => {
  it('prints every command for the selected stacks and runs nothing with --print-commands', async () => {
    // Prepare
    const { configFile } = workspace();
    const d = deps();

    // Act
    const exit = await driftCommand(d.deps).run([
      '--config',
      configFile,
      '--stacks',
      'log-archive',
      '--print-commands',
    ]);

    // Assess
    expect(exit).toBe(0);
    expect(d.runner.calls).toEqual([]);
    expect(d.synthesized).toEqual([]);
    expect(d.logged.slice(1)).toEqual([
      'terraform -chdir=cdktf.out/stacks/log-archive init -input=false',
      'terraform -chdir=cdktf.out/stacks/log-archive plan -detailed-exitcode -input=false -lock-timeout=5m -out=drift.tfplan',
      'terraform -chdir=cdktf.out/stacks/log-archive show -no-color drift.tfplan',
    ]);
  });

  it('synthesizes with the read-only role, plans all four stacks and exits 2 on drift', async () => {
    // Prepare
    const { configFile, outdir } = workspace();
    const d = deps((line) =>
      line.includes('member-acct-1') && line.includes(' plan ')
        ? { exitCode: 2 }
        : { stdout: 'Plan: 1 to add, 0 to change, 0 to destroy.' },
    );

    // Act
    const exit = await driftCommand(d.deps).run([
      '--config',
      configFile,
      '--outdir',
      outdir,
      '--role-name',
      'SiemDriftReadOnly',
    ]);

    // Assess
    expect(exit).toBe(2);
    expect(d.synthesized.map((s) => s.config.organization.deploymentRoleName)).toEqual(['SiemDriftReadOnly']);
    expect(
      d.runner
        .lines()
        .filter((l) => l.includes(' plan '))
        .map((l) => l.split('/stacks/')[1].split(' ')[0]),
    ).toEqual(['org-management', 'log-archive', 'member-acct-0', 'member-acct-1']);
    expect(d.logged.filter((l) => l.includes('member-acct-1')).at(-1)).toMatch(/drifted\s+Plan: 1 to add/);
  });

  it.each([
    [['--stacks', 'member-typo'], /unknown stack\(s\) member-typo/],
    [['--role-name', 'not a role'], /not an IAM role name/],
  ])('refuses %j before running anything', async (args, message) => {
    // Prepare
    const { configFile } = workspace();
    const d = deps();

    // Act
    const act = driftCommand(d.deps).run(['--config', configFile, ...args]);

    // Assess
    await expect(act).rejects.toThrow(message);
    expect(d.runner.calls).toEqual([]);
  });
});

describe('siem rollout', () => {
  it('applies the canary wave only and prints where it applied', async () => {
    // Prepare
    const { configFile, outdir } = workspace(['main', 'canary']);
    const d = deps();

    // Act
    const exit = await rolloutCommand(d.deps).run([
      '--wave',
      'canary',
      '--config',
      configFile,
      '--outdir',
      outdir,
    ]);

    // Assess
    expect(exit).toBe(0);
    expect(d.synthesized).toHaveLength(1);
    expect(d.runner.lines()).toEqual([
      `terraform -chdir=${outdir}/stacks/member-acct-1 init -input=false`,
      `terraform -chdir=${outdir}/stacks/member-acct-1 apply -auto-approve -input=false -lock-timeout=5m`,
    ]);
    expect(d.logged.at(-1)).toMatch(/canary\s+member-acct-1\s+333333333331\s+eu-west-1\s+applied/);
  });

  it('exits 1 when a stack fails and leaves the main wave untouched', async () => {
    // Prepare
    const { configFile } = workspace(['canary', 'main']);
    const d = deps((line) => (line.includes('apply') ? { exitCode: 1 } : {}));

    // Act
    const exit = await rolloutCommand(d.deps).run(['--wave', 'all', '--config', configFile]);

    // Assess
    expect(exit).toBe(1);
    expect(d.runner.lines().some((l) => l.includes('member-acct-1'))).toBe(false);
    expect(d.logged.at(-1)).toMatch(/main\s+member-acct-1\s+333333333331\s+eu-west-1\s+not run/);
  });

  it('neither synthesizes nor runs anything on a dry run', async () => {
    // Prepare
    const { configFile } = workspace();
    const d = deps();

    // Act
    const exit = await rolloutCommand(d.deps).run(['--wave', 'all', '--config', configFile, '--dry-run']);

    // Assess
    expect(exit).toBe(0);
    expect(d.synthesized).toEqual([]);
    expect(d.runner.calls).toEqual([]);
    expect(d.logged.filter((l) => l.startsWith('would run'))).toHaveLength(4);
  });

  it.each([
    [
      ['--wave', 'everything'],
      ['canary', 'main'],
    ],
    [
      ['--wave', 'canary'],
      ['main', 'main'],
    ],
  ] as const)('refuses %j when the config has waves %j', async (args, waves) => {
    // Prepare
    const { configFile } = workspace([...waves]);
    const d = deps();

    // Act
    const result = rolloutCommand(d.deps)
      .run([...args, '--config', configFile])
      .catch(() => 1);

    // Assess
    await expect(result).resolves.toBe(1);
    expect(d.runner.calls).toEqual([]);
  });
});
