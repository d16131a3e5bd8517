import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { main, registeredCommands } from '../../../cli/siem';

async function runSiem(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = jest
    .spyOn(console, 'error')
    .mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    const code = await main(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('siem --help', () => {
  it('lists every command with a one-line description', async () => {
    // Act
    const { code, out } = await runSiem(['--help']);

    // Assess
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(registeredCommands().length).toBeGreaterThanOrEqual(11);
    for (const name of registeredCommands()) {
      const line = lines.find((l) => l.startsWith(`  ${name} `));
      expect(line).toMatch(new RegExp(`^ {2}${name} +\\S.{9,}$`));
      expect(line!.length).toBeLessThanOrEqual(100);
    }
    expect(out).toContain('siem help <command>');
  });

  it('prints the overview to stderr and fails without a command', async () => {
    // Act
    const { code, out, err } = await runSiem([]);

    // Assess
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('usage: siem <command> [options]');
  });

  it('prints the package version for --version', async () => {
    // Prepare
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
      version: string;
    };

    // Act
    const { code, out } = await runSiem(['--version']);

    // Assess
    expect(code).toBe(0);
    expect(out).toBe(pkg.version);
  });
});

describe('siem help <command>', () => {
  it.each([
    ['ingest', ['  3  every file read, but some records were dead-lettered']],
    ['parse', ['  0  every record parsed', '  1  the file could not be read']],
    ['drift', ['  2  something drifted']],
    ['detections', ['  0  success', '  1  failure or bad option']],
  ])('shows the usage and exit codes of %s', async (name, codes) => {
    // Act
    const { code, out } = await runSiem(['help', name]);

    // Assess
    expect(code).toBe(0);
    expect(out).toContain(`usage: siem ${name}`);
    expect(out).toContain('exit codes:');
    for (const line of codes) expect(out).toContain(line);
  });

  it('is the same as <command> --help', async () => {
    // Act
    const viaHelp = await runSiem(['help', 'parse']);
    const viaFlag = await runSiem(['parse', '--help']);

    // Assess
    expect(viaFlag).toEqual(viaHelp);
  });

  it('names an unknown command', async () => {
    // Act
    const { code, err } = await runSiem(['help', 'ingets']);

    // Assess
    expect(code).toBe(1);
    expect(err).toContain("siem: unknown command 'ingets'");
  });
});

describe('siem errors name what is at fault', () => {
  it('names the file parse could not gunzip', async () => {
    // Prepare: a gzip stream cut short ("unexpected end of file").
    const file = join(mkdtempSync(join(tmpdir(), 'siem-cli-')), 'cut.log.gz');
    writeFileSync(file, gzipSync(Buffer.from('{"Records":[]}\n'.repeat(200))).subarray(0, 40));

    // Act
    const { code, err } = await runSiem(['parse', file]);

    // Assess
    expect(code).toBe(1);
    expect(err).toBe(`siem parse: ${file}: unexpected end of file`);
  });

  it('names the --endpoint value that is not a URL', async () => {
    // Act
    const { code, err } = await runSiem(['ingest', 'some.log', '--endpoint', 'localhost:9200']);

    // Assess
    expect(code).toBe(1);
    expect(err).toContain('"localhost:9200"');
  });

  it('names the --endpoint value that is no URL at all', async () => {
    // Act
    const { code, err } = await runSiem(['ingest', 'some.log', '--endpoint', 'not a url']);

    // Assess
    expect(code).toBe(1);
    expect(err).toBe('siem ingest: --endpoint "not a url" is not a URL: expected http(s)://host[:port]');
  });
});
