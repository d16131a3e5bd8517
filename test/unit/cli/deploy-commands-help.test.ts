import { main } from '../../../cli/siem';

/** The deployment guide's commands: every option and exit code is in `siem help <command>`. */

async function help(argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  try {
    return { code: await main(argv), out: out.join('\n') };
  } finally {
    log.mockRestore();
  }
}

it.each([
  ['post-apply', ['--role-arn', '--external-id'], [0, 1]],
  ['dashboards-user', ['add', '--outputs', '--user-pool-id', '--email', '--name'], [0, 1]],
  [
    'rollout',
    ['--wave', '--only', '--parallel', '--resume', '--state-dir', '--dry-run', 'TF_PLUGIN_CACHE_DIR'],
    [0, 1],
  ],
] as const)('siem help %s documents %j and exit codes %j', async (command, options, codes) => {
  // Act
  const byHelp = await help(['help', command]);
  const byFlag = await help([command, '--help']);

  // Assess
  expect(byHelp.code).toBe(0);
  expect(byFlag).toEqual(byHelp);
  const [, usage = '', exitCodes = ''] = byHelp.out.split(/\nusage: |\nexit codes:\n/);
  for (const option of options) expect(usage).toContain(option);
  expect(exitCodes.split('\n').map((l) => Number(/^ {2}(\d+) {2}\S/.exec(l)?.[1]))).toEqual(codes);
});

it('lists dashboards-user among the commands', async () => {
  const { out } = await help(['--help']);
  expect(out).toMatch(/^ {2}dashboards-user +add a Dashboards user/m);
});
