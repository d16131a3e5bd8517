import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

describe('main.ts', () => {
  it('prints the config problems and exits 1 before synthesizing anything', () => {
    // Prepare
    const cwd = mkdtempSync(join(tmpdir(), 'siem-main-'));
    const config = join(cwd, 'bad.json');
    writeFileSync(
      config,
      JSON.stringify({ homeRegion: 'eu-west-1', memberAccounts: [{ id: '12345678901' }] }),
    );

    // Act
    const run = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'main.ts'), '--config', config], {
      cwd,
      encoding: 'utf8',
      timeout: 60_000,
    });

    // Assess
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${config} is not a valid SIEM config:`);
    expect(run.stderr).toContain('memberAccounts[0].id: must be a 12-digit AWS account id');
    expect(run.stderr).toContain('organization: is required');
    expect(existsSync(join(cwd, 'cdktf.out'))).toBe(false);
  });
});
