import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectDrift, driftExitCode } from '../../../operations/deploy/drift';
import { fakeRunner } from './fake-runner';

const SHOW_DRIFTED = `# aws_s3_bucket.archive will be updated in-place\n...\nPlan: 0 to add, 1 to change, 0 to destroy.\n`;
const SHOW_CLEAN = 'No changes. Your infrastructure matches the configuration.\n';

function outdir(): string {
  return mkdtempSync(join(tmpdir(), 'siem-drift-'));
}

describe('detectDrift', () => {
  it('runs init, plan with -detailed-exitcode and show for every stack, in order', async () => {
    // Prepare
    const out = outdir();
    const runner = fakeRunner((line) => (line.includes(' show ') ? { stdout: SHOW_CLEAN } : {}));

    // Act
    await detectDrift({ stacks: ['org-management', 'member-dev'], outdir: out, run: runner.run });

    // Assess
    const dir = (stack: string) => `-chdir=${out}/stacks/${stack}`;
    expect(runner.lines()).toEqual([
      `terraform ${dir('org-management')} init -input=false`,
      `terraform ${dir('org-management')} plan -detailed-exitcode -input=false -lock-timeout=5m -out=drift.tfplan`,
      `terraform ${dir('org-management')} show -no-color drift.tfplan`,
      `terraform ${dir('member-dev')} init -input=false`,
      `terraform ${dir('member-dev')} plan -detailed-exitcode -input=false -lock-timeout=5m -out=drift.tfplan`,
      `terraform ${dir('member-dev')} show -no-color drift.tfplan`,
    ]);
    expect(runner.calls.filter((c) => c.captureStdout).map((c) => c.line)).toEqual([
      expect.stringContaining(' show '),
      expect.stringContaining(' show '),
    ]);
  });

  it('reports the drifted stack with its plan summary and saves the readable plan for the artifact', async () => {
    // Prepare
    const out = outdir();
    const runner = fakeRunner((line) => {
      const drifted = line.includes('log-archive');
      if (line.includes(' plan ')) return { exitCode: drifted ? 2 : 0 };
      if (line.includes(' show ')) return { stdout: drifted ? SHOW_DRIFTED : SHOW_CLEAN };
      return {};
    });

    // Act
    const results = await detectDrift({
      stacks: ['org-management', 'log-archive'],
      outdir: out,
      run: runner.run,
    });

    // Assess
    expect(results.map((r) => [r.stack, r.status, r.detail])).toEqual([
      ['org-management', 'in-sync', 'no changes'],
      ['log-archive', 'drifted', 'Plan: 0 to add, 1 to change, 0 to destroy.'],
    ]);
    expect(readFileSync(join(out, 'drift', 'log-archive.txt'), 'utf8')).toBe(SHOW_DRIFTED);
    expect(driftExitCode(results)).toBe(2);
  });

  it.each([
    ['init', ' init ', 'terraform init exited 1'],
    ['plan', ' plan ', 'terraform plan exited 1'],
  ])('reports a failing %s as an error and still plans the other stacks', async (_step, failing, detail) => {
    // Prepare
    const runner = fakeRunner((line) =>
      line.includes('stacks/a ') && line.includes(failing) ? { exitCode: 1 } : {},
    );

    // Act
    const results = await detectDrift({ stacks: ['a', 'b'], outdir: outdir(), run: runner.run });

    // Assess
    expect(results).toEqual([
      { stack: 'a', status: 'error', detail },
      expect.objectContaining({ stack: 'b', status: 'in-sync' }),
    ]);
    expect(driftExitCode(results)).toBe(1);
  });
});

describe('driftExitCode', () => {
  it.each([
    [['in-sync', 'in-sync'], 0],
    [['in-sync', 'drifted'], 2],
    [['drifted', 'error'], 1],
  ] as const)('maps %j to exit code %i', (statuses, code) => {
    // Act
    const exit = driftExitCode(statuses.map((status) => ({ stack: status, status, detail: '' })));

    // Assess
    expect(exit).toBe(code);
  });
});

describe('detectDrift when terraform show fails', () => {
  it('keeps the plan verdict and says the readable plan is missing', async () => {
    // Prepare
    const runner = fakeRunner((line) => {
      if (line.includes(' plan ')) return { exitCode: 2 };
      if (line.includes(' show ')) return { exitCode: 1 };
      return {};
    });

    // Act
    const results = await detectDrift({ stacks: ['a'], outdir: outdir(), run: runner.run });

    // Assess
    expect(results).toEqual([
      { stack: 'a', status: 'drifted', detail: 'terraform show exited 1: no readable plan' },
    ]);
    expect(driftExitCode(results)).toBe(2);
  });
});
