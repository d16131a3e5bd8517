import { join } from 'node:path';
import { command } from '../../../cli/commands/detections';

const configFile = join(__dirname, '..', '..', '..', 'siem.config.json');

function captureStdout(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  return {
    lines,
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
