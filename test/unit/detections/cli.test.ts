import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command } from '../../../cli/commands/detections';

const configFile = join(__dirname, '..', '..', '..', 'siem.config.json');

function captureStdout(): { lines: string[]; errors: string[]; restore: () => void } {
  const lines: string[] = [];
  const errors: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  const error = jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
  return {
    lines,
    errors,
    restore: () => {
      log.mockRestore();
      error.mockRestore();
    },
  };
}

describe('siem detections', () => {
  it('prints the monitor of one detection as JSON', async () => {
    // Prepare
    const out = captureStdout();

    // Act
    const code = await command.run(['--config', configFile, '--monitors', '--id', 'cloudtrail-stop-logging']);
    out.restore();

    // Assess
    expect(code).toBe(0);
    const monitors = JSON.parse(out.lines.join('\n')) as Array<{ name: string }>;
    expect(monitors.map((m) => m.name)).toEqual(['siem: cloudtrail-stop-logging']);
  });

  it('includes the freshness monitor when printing all monitors', async () => {
    // Prepare
    const out = captureStdout();

    // Act
    await command.run(['--config', configFile, '--monitors']);
    out.restore();

    // Assess
    const names = (JSON.parse(out.lines.join('\n')) as Array<{ name: string }>).map((m) => m.name);
    expect(names).toContain('siem: freshness-cloudtrail');
    expect(names.length).toBeGreaterThan(60);
  });

  it('warns about nothing with the shipped config, where every severity 1-4 is emailed', async () => {
    // Prepare
    const out = captureStdout();

    // Act
    await command.run(['--config', configFile]);
    out.restore();

    // Assess
    expect(out.errors.filter((l) => l.startsWith('warning:'))).toEqual([]);
  });

  it('names the detections left without any action when email stops at severity 3', async () => {
    // Prepare
    const example = JSON.parse(readFileSync(configFile, 'utf8')) as { alerting: Record<string, unknown> };
    const file = join(mkdtempSync(join(tmpdir(), 'siem-detections-')), 'siem.config.json');
    writeFileSync(
      file,
      JSON.stringify({ ...example, alerting: { ...example.alerting, emailMaxSeverity: 3 } }),
    );
    const out = captureStdout();

    // Act
    const code = await command.run(['--config', file, '--monitors']);
    out.restore();

    // Assess
    expect(code).toBe(0);
    const warnings = out.errors.filter((l) => l.startsWith('warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning: \d+ monitor\(s\) of severity 4 notify nobody/);
    expect(warnings[0]).toContain('cis-console-authentication-failures');
    expect(warnings[0]).toContain('cis-security-group-changes');
    // The JSON on stdout is untouched by the warning.
    expect(() => JSON.parse(out.lines.join('\n')) as unknown).not.toThrow();
  });

  it('fails on an unknown id', async () => {
    // Prepare
    const out = captureStdout();

    // Act
    const code = await command.run(['--config', configFile, '--id', 'no-such-detection']);
    out.restore();

    // Assess
    expect(code).toBe(1);
  });
});
