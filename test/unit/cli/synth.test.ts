import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseSynthArgs, statesLeftInOutdir, synthesize, synthSummary } from '../../../main';
import { exampleSiemConfig, fakeBundler } from '../stacks/synth-helpers';

const ROOT = resolve(__dirname, '../../..');

describe('synth command line', () => {
  it.each<[string, string[], Record<string, string>, string]>([
    ['the default file', [], {}, 'siem.config.json'],
    ['$SIEM_CONFIG', [], { SIEM_CONFIG: 'env.json' }, 'env.json'],
    ['--config FILE', ['--config', 'a.json'], { SIEM_CONFIG: 'env.json' }, 'a.json'],
    ['--config=FILE', ['--config=b.json'], {}, 'b.json'],
  ])('reads %s', (_case, argv, env, expected) => {
    // Act
    const args = parseSynthArgs(argv, env);

    // Assess
    expect(args).toEqual({ help: false, config: expected });
  });

  it.each([[['--cofnig', 'x.json']], [['x.json']], [['--config']]])('rejects %j', (argv) => {
    // Act
    const act = () => parseSynthArgs(argv, {});

    // Assess
    expect(act).toThrow();
  });

  it('fails with exit code 2 and the usage on a misspelled flag, writing nothing', () => {
    // Prepare
    const cwd = mkdtempSync(join(tmpdir(), 'siem-synth-'));

    // Act
    const run = spawnSync(
      join(ROOT, 'node_modules/.bin/tsx'),
      [join(ROOT, 'main.ts'), '--cofnig', join(ROOT, 'siem.config.json')],
      { cwd, encoding: 'utf8', timeout: 60_000 },
    );

    // Assess
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("synth: Unknown option '--cofnig'");
    expect(run.stderr).toContain('usage: npm run synth -- [--config FILE]');
    expect(existsSync(join(cwd, 'cdktf.out'))).toBe(false);
  });
});

describe('synth summary', () => {
  it('names the stacks it wrote, members counted, and where', () => {
    // Prepare
    const outdir = mkdtempSync(join(tmpdir(), 'siem-synth-'));

    // Act
    const result = synthesize(exampleSiemConfig(), outdir, { functionBundler: fakeBundler });

    // Assess
    expect(result.stacks).toHaveLength(5);
    for (const stack of result.stacks)
      expect(existsSync(join(outdir, 'stacks', stack, 'cdk.tf.json'))).toBe(true);
    expect(synthSummary(result, 4210)).toBe(
      `synth: 5 stacks (org-management, log-archive, 3 members) → ${join(outdir, 'stacks')} in 4.2 s`,
    );
  });

  it('says "member" for one member', () => {
    // Act
    const line = synthSummary(
      { stacks: ['org-management', 'log-archive', 'member-a'], stacksDirectory: 'cdktf.out/stacks' },
      950,
    );

    // Assess
    expect(line).toBe('synth: 3 stacks (org-management, log-archive, 1 member) → cdktf.out/stacks in 0.9 s');
  });
});

describe('state left inside cdktf.out by the old local backend path', () => {
  it('is found, so synth can say how to move it', () => {
    // Prepare
    const outdir = mkdtempSync(join(tmpdir(), 'siem-synth-'));
    mkdirSync(join(outdir, 'stacks', 'log-archive'), { recursive: true });
    mkdirSync(join(outdir, 'stacks', 'org-management'), { recursive: true });
    writeFileSync(join(outdir, 'stacks', 'log-archive', 'terraform.log-archive.tfstate'), '{}');

    // Act
    const left = statesLeftInOutdir(outdir, ['org-management', 'log-archive']);

    // Assess
    expect(left).toEqual([join(outdir, 'stacks', 'log-archive', 'terraform.log-archive.tfstate')]);
  });
});
