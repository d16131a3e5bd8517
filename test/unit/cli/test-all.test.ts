import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SCRIPT = resolve(__dirname, '../../../scripts/test-all.sh');

/** Runs `require_synth_output <dir>` from scripts/test-all.sh (sourced: its steps do not run). */
function requireSynthOutput(stacksDir: string): { status: number | null; stderr: string } {
  const run = spawnSync('bash', ['-c', 'source "$0" && require_synth_output "$1"', SCRIPT, stacksDir], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  return { status: run.status, stderr: run.stderr };
}

describe('scripts/test-all.sh synth check', () => {
  it.each([
    ['is missing', (dir: string) => join(dir, 'no-such-folder')],
    ['holds no stack', (dir: string) => dir],
    [
      'holds only a state file',
      (dir: string) => {
        mkdirSync(join(dir, 'log-archive'));
        writeFileSync(join(dir, 'log-archive', 'terraform.log-archive.tfstate'), '{}');
        return dir;
      },
    ],
  ])('fails when the stacks folder %s', (_case, prepare) => {
    // Prepare
    const stacksDir = prepare(mkdtempSync(join(tmpdir(), 'siem-test-all-')));

    // Act
    const run = requireSynthOutput(stacksDir);

    // Assess
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('synth wrote no stack');
  });

  it('passes when synth wrote a stack', () => {
    // Prepare
    const stacksDir = mkdtempSync(join(tmpdir(), 'siem-test-all-'));
    mkdirSync(join(stacksDir, 'log-archive'));
    writeFileSync(join(stacksDir, 'log-archive', 'cdk.tf.json'), '{}');

    // Act
    const run = requireSynthOutput(stacksDir);

    // Assess
    expect(run).toEqual({ status: 0, stderr: '' });
  });
});
