import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rolloutCommand } from '../../../cli/commands/rollout';
import { spawnCommand } from '../../../operations/deploy/command-runner';
import { testOrganization } from '../../support/config';

/*
 * `siem rollout` with the real terraform binary (the one on the PATH) and real local state.
 * The synthesized member stacks need the AWS provider from the registry, which this machine cannot
 * reach, so each stack here is a stand-in holding only terraform's built-in `terraform_data`:
 * what is real is every init and apply, their exit codes, the plugin cache variable, the parallel
 * runs, the resume record and the local state outside cdktf.out.
 */

jest.setTimeout(240_000);

const work = mkdtempSync(join(tmpdir(), 'siem-rollout-terraform-'));
const outdir = join(work, 'cdktf.out');
const stateDir = join(work, 'rollout-state');
const tfstateDir = join(work, 'terraform-state');
const pluginCache = join(work, 'plugins');
const configFile = join(work, 'siem.config.json');
const savedCheckpoint = process.env.CHECKPOINT_DISABLE;

writeFileSync(
  configFile,
  JSON.stringify({
    ...testOrganization(),
    memberAccounts: [
      { id: '300000000001', name: 'dev', wave: 'canary' },
      { id: '400000000001', name: 'prod', wave: 'main' },
      { id: '400000000002', name: 'shared', wave: 'main' },
      { id: '400000000003', name: 'network', wave: 'main' },
    ],
  }),
);

/** Stacks whose apply fails: a precondition that does not hold. */
let failing = new Set<string>(['member-shared']);

/** Writes one stand-in stack per member, with local state under terraform-state/. */
async function writeStacks(): Promise<void> {
  for (const name of ['dev', 'prod', 'shared', 'network']) {
    const stack = `member-${name}`;
    mkdirSync(join(outdir, 'stacks', stack), { recursive: true });
    const precondition = failing.has(stack)
      ? { precondition: [{ condition: false, error_message: `${stack} is not ready` }] }
      : {};
    writeFileSync(
      join(outdir, 'stacks', stack, 'cdk.tf.json'),
      JSON.stringify({
        terraform: { backend: { local: { path: join(tfstateDir, `${stack}.tfstate`) } } },
        resource: {
          terraform_data: {
            marker: {
              input: stack,
              lifecycle: precondition,
              // prod is slow, so shared has failed before prod ends and network is never started.
              ...(stack === 'member-prod' ? { provisioner: [{ 'local-exec': { command: 'sleep 2' } }] } : {}),
            },
          },
        },
      }),
    );
  }
}

function command(logged: string[]) {
  return rolloutCommand({
    run: spawnCommand,
    synthesize: writeStacks,
    log: (l) => void logged.push(l),
    environment: { TF_PLUGIN_CACHE_DIR: pluginCache },
  });
}

const args = (...more: string[]) => [
  '--config',
  configFile,
  '--outdir',
  outdir,
  '--state-dir',
  stateDir,
  ...more,
];
const serialOf = (stack: string) =>
  (JSON.parse(readFileSync(join(tfstateDir, `${stack}.tfstate`), 'utf8')) as { serial: number }).serial;

beforeAll(() => {
  // Fails here, naming the missing tool, rather than in every stack.
  execFileSync('terraform', ['version'], { stdio: 'ignore' });
  process.env.CHECKPOINT_DISABLE = '1'; // no version check over the network
});

afterAll(() => {
  if (savedCheckpoint === undefined) delete process.env.CHECKPOINT_DISABLE;
  else process.env.CHECKPOINT_DISABLE = savedCheckpoint;
  rmSync(work, { recursive: true, force: true });
});

it('applies in parallel until a stack fails, then resumes with only what is left', async () => {
  // Act 1: shared fails while prod, beside it, still runs: network is not started.
  const first: string[] = [];
  const firstCode = await command(first).run(args('--wave', 'all', '--parallel', '2'));

  // Assess 1
  const table1 = first.at(-1)!;
  expect(firstCode).toBe(1);
  expect(table1).toMatch(/canary\s+member-dev\s+300000000001\s+eu-west-1\s+applied/);
  expect(table1).toMatch(/main\s+member-prod\s+400000000001\s+eu-west-1\s+applied/);
  expect(table1).toMatch(/main\s+member-shared\s+400000000002\s+eu-west-1\s+failed/);
  expect(table1).toMatch(/main\s+member-network\s+400000000003\s+eu-west-1\s+not run/);
  expect(readFileSync(join(stateDir, 'logs', 'member-prod.log'), 'utf8')).toContain('Apply complete!');
  expect(existsSync(pluginCache)).toBe(true);
  expect(readdirSync(tfstateDir).sort()).toEqual(['member-dev.tfstate', 'member-prod.tfstate']);
  const serials = { dev: serialOf('member-dev'), prod: serialOf('member-prod') };

  // Act 2: the cause is fixed and the rollout resumed.
  failing = new Set();
  const second: string[] = [];
  const secondCode = await command(second).run(args('--wave', 'all', '--parallel', '2', '--resume'));

  // Assess 2: dev and prod untouched (same state serial), shared and network applied.
  const table2 = second.at(-1)!;
  expect(secondCode).toBe(0);
  expect(table2).toMatch(/member-dev\s+300000000001\s+eu-west-1\s+skipped/);
  expect(table2).toMatch(/member-prod\s+400000000001\s+eu-west-1\s+skipped/);
  expect(table2).toMatch(/member-shared\s+400000000002\s+eu-west-1\s+applied/);
  expect(table2).toMatch(/member-network\s+400000000003\s+eu-west-1\s+applied/);
  expect(second.filter((l) => l.startsWith('$ ')).every((l) => /member-(shared|network)/.test(l))).toBe(true);
  expect({ dev: serialOf('member-dev'), prod: serialOf('member-prod') }).toEqual(serials);
  expect(serialOf('member-network')).toBeGreaterThan(0);
});
