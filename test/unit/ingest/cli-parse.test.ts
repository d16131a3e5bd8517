import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command } from '../../../cli/commands/parse';
import { FIXTURES } from './fixtures';

async function runParse(args: string[]): Promise<{ code: number; lines: string[] }> {
  const out: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  try {
    const code = await command.run(args);
    return { code, lines: out.join('').split('\n').filter(Boolean) };
  } finally {
    spy.mockRestore();
  }
}

describe('siem parse', () => {
  it('prints one JSON document per line and nothing else', async () => {
    // Act
    const { code, lines } = await runParse([join(FIXTURES, 'waf/firehose-concatenated.log')]);

    // Assess
    expect(code).toBe(0);
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => (JSON.parse(l) as { action: string }).action)).toEqual([
      'BLOCK',
      'ALLOW',
      'CAPTCHA',
    ]);
  });

  it('honours --source when content alone would not tell', async () => {
    // Prepare: a flow log without its header line.
    const dir = mkdtempSync(join(tmpdir(), 'siem-parse-'));
    const file = join(dir, 'flows.log');
    writeFileSync(file, '2 123456789010 - - - - - - - - 1418530010 1418530070 - NODATA\n');

    // Act
    const { code, lines } = await runParse([file, '--source', 'vpcflow']);

    // Assess
    await expect(command.run([file])).rejects.toThrow(/unknown log format/);
    expect(code).toBe(0);
    expect(JSON.parse(lines[0])).toMatchObject({ account_id: '123456789010', log_status: 'NODATA' });
  });

  it.each([
    [['/nonexistent/file.log'], /ENOENT/],
    [[join(FIXTURES, 'vpcflow/default-v2.log'), '--source', 'nope'], /unknown source 'nope'/],
  ])('rejects %j with an error', async (args, error) => {
    // Act & Assess
    await expect(command.run(args)).rejects.toThrow(error);
  });
});
