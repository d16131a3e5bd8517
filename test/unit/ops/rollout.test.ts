import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rolloutCommand } from '../../../cli/commands/rollout';
import { parseConfig } from '../../../config/load';
import type { RunCommand, RunOptions } from '../../../operations/deploy/command-runner';
import { DEFAULT_PLUGIN_CACHE_DIR, pluginCacheEnv } from '../../../operations/deploy/plugin-cache';
import {
  formatRolloutTable,
  rollout,
  rolloutTargets,
  selectTargets,
  type RolloutTarget,
} from '../../../operations/deploy/rollout';
import { openRolloutState } from '../../../operations/deploy/rollout-state';
import { fakeRunner } from './fake-runner';
import { testOrganization } from '../../support/config';

const config = parseConfig({
  ...testOrganization(),
  memberAccounts: [
    { id: '333333333333', name: 'prod', regions: ['eu-west-1', 'eu-central-1'], wave: 'main' },
    { id: '444444444444', name: 'dev', wave: 'canary' },
    { id: '555555555555', name: 'network', regions: ['us-east-1'] },
  ],
});

describe('rolloutTargets', () => {
  it.each([
    ['canary', ['member-dev']],
    ['all', ['member-dev', 'member-prod', 'member-network']],
  ] as const)('wave %s applies %j in that order', (wave, stacks) => {
    // Act
    const targets = rolloutTargets(config, wave);

    // Assess
    expect(targets.map((t) => t.stack)).toEqual(stacks);
  });
});

describe('rollout', () => {
  it('initializes then applies each stack without prompting', async () => {
    // Prepare
    const runner = fakeRunner();

    // Act
    const outcomes = await rollout({
      targets: rolloutTargets(config, 'canary'),
      outdir: 'cdktf.out',
      run: runner.run,
    });

    // Assess
    expect(runner.lines()).toEqual([
      'terraform -chdir=cdktf.out/stacks/member-dev init -input=false',
      'terraform -chdir=cdktf.out/stacks/member-dev apply -auto-approve -input=false -lock-timeout=5m',
    ]);
    expect(outcomes).toEqual([
      {
        wave: 'canary',
        stack: 'member-dev',
        accountId: '444444444444',
        regions: ['eu-west-1'],
        result: 'applied',
      },
    ]);
  });

  it('stops at the first failure: nothing after it runs', async () => {
    // Prepare
    const runner = fakeRunner((line) => (line.includes('member-prod apply') ? { exitCode: 1 } : {}));

    // Act
    const outcomes = await rollout({
      targets: rolloutTargets(config, 'all'),
      outdir: 'out',
      run: runner.run,
    });

    // Assess
    expect(outcomes.map((o) => [o.stack, o.result])).toEqual([
      ['member-dev', 'applied'],
      ['member-prod', 'failed'],
      ['member-network', 'not run'],
    ]);
    expect(runner.lines().some((l) => l.includes('member-network'))).toBe(false);
  });

  it('runs nothing on a dry run but logs every command it would run', async () => {
    // Prepare
    const runner = fakeRunner();
    const logged: string[] = [];

    // Act
    const outcomes = await rollout({
      targets: rolloutTargets(config, 'all'),
      outdir: 'cdktf.out',
      run: runner.run,
      dryRun: true,
      log: (l) => logged.push(l),
    });

    // Assess
    expect(runner.calls).toEqual([]);
    expect(logged).toHaveLength(6);
    expect(logged[1]).toBe(
      'would run terraform -chdir=cdktf.out/stacks/member-dev apply -auto-approve -input=false -lock-timeout=5m',
    );
    expect(outcomes.every((o) => o.result === 'planned')).toBe(true);
  });

  it('prints stack, account, regions and result per line', () => {
    // Prepare
    const outcomes = rolloutTargets(config, 'all').map((t) => ({ ...t, result: 'applied' as const }));

    // Act
    const table = formatRolloutTable(outcomes).split('\n');

    // Assess
    expect(table[0].split(/\s+/)).toEqual(['WAVE', 'STACK', 'ACCOUNT', 'REGIONS', 'RESULT']);
    expect(table[2].split(/\s+/)).toEqual([
      'main',
      'member-prod',
      '333333333333',
      'eu-west-1,eu-central-1',
      'applied',
    ]);
  });
});

/*
 * Parallel rollouts, selection, resume and the plugin cache. Terraform is not installed here: the
 * runner below stands in for it, recording when each command starts and ends, and how many run at
 * once; each answer comes after a short real delay so that runs overlap as they would.
 */

const wide = parseConfig({
  ...testOrganization(),
  memberAccounts: [
    { id: '300000000001', name: 'canary-a', wave: 'canary' },
    { id: '300000000002', name: 'canary-b', wave: 'canary' },
    ...[1, 2, 3, 4, 5, 6].map((i) => ({ id: `40000000000${i}`, name: `m${i}`, wave: 'main' as const })),
  ],
});

interface Event {
  readonly at: 'start' | 'end';
  readonly line: string;
}

/** `answer(line)`: exit code and delay (ms) of a command; default exit 0 after 5 ms. */
function timedRunner(
  answer: (line: string) => { exitCode?: number; delayMs?: number; stdout?: string } = () => ({}),
) {
  const events: Event[] = [];
  const options: RunOptions[] = [];
  let running = 0;
  let maxRunning = 0;
  const run: RunCommand = async (cmd, args, opts = {}) => {
    const line = [cmd, ...args].join(' ');
    const { exitCode = 0, delayMs = 5, stdout = '' } = answer(line);
    events.push({ at: 'start', line });
    options.push(opts);
    maxRunning = Math.max(maxRunning, ++running);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    running--;
    events.push({ at: 'end', line });
    return { exitCode, stdout: opts.captureStdout ? stdout : '' };
  };
  return {
    run,
    events,
    options,
    maxRunning: () => maxRunning,
    started: () => events.filter((e) => e.at === 'start').map((e) => e.line),
    index: (at: Event['at'], fragment: string) =>
      events.findIndex((e) => e.at === at && e.line.includes(fragment)),
  };
}

const resultsOf = (outcomes: ReadonlyArray<{ stack: string; result: string }>) =>
  Object.fromEntries(outcomes.map((o) => [o.stack, o.result]));

describe('rollout with --parallel', () => {
  it('applies every stack with at most N at a time', async () => {
    // Prepare
    const runner = timedRunner();

    // Act
    const outcomes = await rollout({
      targets: rolloutTargets(wide, 'all'),
      outdir: 'out',
      run: runner.run,
      parallel: 3,
    });

    // Assess
    expect(outcomes.map((o) => o.result)).toEqual(Array(8).fill('applied'));
    expect(runner.started()).toHaveLength(16);
    expect(runner.maxRunning()).toBe(3);
  });

  it('runs one at a time by default', async () => {
    const runner = timedRunner();
    await rollout({ targets: rolloutTargets(wide, 'all'), outdir: 'out', run: runner.run });
    expect(runner.maxRunning()).toBe(1);
  });

  it('starts no main-wave command before every canary is applied', async () => {
    // Prepare: the second canary is slow.
    const runner = timedRunner((line) => (line.includes('member-canary-b apply') ? { delayMs: 40 } : {}));

    // Act
    await rollout({ targets: rolloutTargets(wide, 'all'), outdir: 'out', run: runner.run, parallel: 4 });

    // Assess
    const firstMain = runner.index('start', 'member-m1 ');
    expect(firstMain).toBeGreaterThan(runner.index('end', 'member-canary-b apply'));
  });

  it('runs the first init alone, so concurrent installs never fill the plugin cache', async () => {
    // Prepare
    const runner = timedRunner((line) => (line.includes('member-m1 init') ? { delayMs: 30 } : {}));

    // Act
    await rollout({
      targets: rolloutTargets(wide, 'all').filter((t) => t.wave === 'main'),
      outdir: 'out',
      run: runner.run,
      parallel: 4,
    });

    // Assess
    expect(runner.events[0]).toEqual({
      at: 'start',
      line: 'terraform -chdir=out/stacks/member-m1 init -input=false',
    });
    expect(runner.events[1]).toEqual({
      at: 'end',
      line: 'terraform -chdir=out/stacks/member-m1 init -input=false',
    });
    expect(runner.maxRunning()).toBe(4);
  });

  it('stops starting stacks at the first failure, lets the running ones finish, and reports each', async () => {
    // Prepare: m1's apply is still running when m2's fails.
    const runner = timedRunner((line) =>
      line.includes('member-m1 apply')
        ? { delayMs: 50 }
        : line.includes('member-m2 apply')
          ? { exitCode: 1, delayMs: 1 }
          : {},
    );
    const logged: string[] = [];

    // Act
    const outcomes = await rollout({
      targets: rolloutTargets(wide, 'all').filter((t) => t.wave === 'main'),
      outdir: 'out',
      run: runner.run,
      parallel: 2,
      log: (l) => logged.push(l),
    });

    // Assess
    expect(resultsOf(outcomes)).toEqual({
      'member-m1': 'applied',
      'member-m2': 'failed',
      'member-m3': 'not run',
      'member-m4': 'not run',
      'member-m5': 'not run',
      'member-m6': 'not run',
    });
    expect(runner.index('end', 'member-m1 apply')).toBeGreaterThan(runner.index('end', 'member-m2 apply'));
    expect(runner.started().filter((l) => /member-m[3-6]/.test(l))).toEqual([]);
    expect(logged).toContain('member-m2: apply exited 1; starting no other stack');
  });

  it('a failed first init leaves every other stack not run', async () => {
    const runner = timedRunner((line) => (line.includes('member-canary-a init') ? { exitCode: 1 } : {}));
    const outcomes = await rollout({
      targets: rolloutTargets(wide, 'all'),
      outdir: 'out',
      run: runner.run,
      parallel: 4,
    });
    expect(outcomes.map((o) => o.result)).toEqual(['failed', ...Array(7).fill('not run')]);
    expect(runner.started()).toEqual(['terraform -chdir=out/stacks/member-canary-a init -input=false']);
  });

  it('counts a command that cannot start (no terraform on the PATH) as that stack failing', async () => {
    // Prepare
    const logged: string[] = [];
    const run: RunCommand = async () => {
      throw Object.assign(new Error('spawn terraform ENOENT'), { code: 'ENOENT' });
    };

    // Act
    const outcomes = await rollout({
      targets: rolloutTargets(config, 'all'),
      outdir: 'out',
      run,
      log: (l) => logged.push(l),
    });

    // Assess
    expect(outcomes.map((o) => o.result)).toEqual(['failed', 'not run', 'not run']);
    expect(logged).toContain(
      'member-dev: cannot run terraform: spawn terraform ENOENT; starting no other stack',
    );
  });

  it('passes the environment to every command and writes the stdout of each stack to its log file', async () => {
    // Prepare
    const logDir = join(mkdtempSync(join(tmpdir(), 'siem-rollout-logs-')), 'logs');
    const runner = timedRunner((line) => ({
      stdout: `${line.includes(' init ') ? 'init' : 'apply'} output\n`,
    }));

    // Act
    await rollout({
      targets: rolloutTargets(config, 'all'),
      outdir: 'out',
      run: runner.run,
      parallel: 2,
      env: { TF_PLUGIN_CACHE_DIR: '/cache' },
      logDir,
    });

    // Assess
    expect(runner.options).toHaveLength(6);
    expect(runner.options.every((o) => o.env?.TF_PLUGIN_CACHE_DIR === '/cache' && o.captureStdout)).toBe(
      true,
    );
    expect(readFileSync(join(logDir, 'member-prod.log'), 'utf8')).toBe('init output\napply output\n');
  });
});

describe('selectTargets (--only)', () => {
  const all = rolloutTargets(wide, 'all');

  it.each([
    ['m2,canary-b', ['member-canary-b', 'member-m2']],
    ['member-m5', ['member-m5']],
    [' m1 , member-m1 ', ['member-m1']],
  ])('%j selects %j, in rollout order', (only, stacks) => {
    expect(selectTargets(wide, all, only).map((t: RolloutTarget) => t.stack)).toEqual(stacks);
  });

  it('names what the config lacks and what it has', () => {
    expect(() => selectTargets(wide, all, 'm1,prod')).toThrow(
      /^--only: no member account or stack prod; this config has canary-a \(member-canary-a\), canary-b/,
    );
    expect(() => selectTargets(wide, all, ' , ')).toThrow('--only lists no stack or account');
  });

  it('refuses a main-wave member in the canary wave instead of applying nothing', () => {
    expect(() => selectTargets(wide, rolloutTargets(wide, 'canary'), 'm3')).toThrow(
      '--only: member-m3 not in this wave (a main-wave member needs --wave all)',
    );
  });
});

describe('rollout state (--resume)', () => {
  const stateDir = () => mkdtempSync(join(tmpdir(), 'siem-rollout-state-'));

  it('skips the stacks an earlier run of the same config and wave applied', async () => {
    // Prepare: the first run fails at m2, after the canaries and m1.
    const dir = stateDir();
    const open = (resume: boolean, configText = 'config v1') =>
      openRolloutState({ stateDir: dir, configText, wave: 'all', resume });
    const failing = timedRunner((line) => (line.includes('member-m2 apply') ? { exitCode: 1 } : {}));
    const first = await rollout({
      targets: rolloutTargets(wide, 'all'),
      outdir: 'out',
      run: failing.run,
      state: open(false),
    });
    expect(first.filter((o) => o.result === 'applied').map((o) => o.stack)).toEqual([
      'member-canary-a',
      'member-canary-b',
      'member-m1',
    ]);

    // Act
    const runner = timedRunner();
    const resumed = await rollout({
      targets: rolloutTargets(wide, 'all'),
      outdir: 'out',
      run: runner.run,
      state: open(true),
    });

    // Assess
    expect(resultsOf(resumed)).toEqual({
      'member-canary-a': 'skipped',
      'member-canary-b': 'skipped',
      'member-m1': 'skipped',
      'member-m2': 'applied',
      'member-m3': 'applied',
      'member-m4': 'applied',
      'member-m5': 'applied',
      'member-m6': 'applied',
    });
    expect(runner.started().some((l) => /member-(canary|m1 )/.test(l))).toBe(false);
    // A changed config, or a run without --resume, starts over.
    expect(open(true, 'config v2').has('member-m1')).toBe(false);
    expect(open(false).has('member-m1')).toBe(false);
    expect(open(true).has('member-m1')).toBe(false);
  });

  it('refuses a state file of another config instead of skipping by it', () => {
    const dir = stateDir();
    const state = openRolloutState({ stateDir: dir, configText: 'a', wave: 'all', resume: false });
    const tampered = JSON.parse(readFileSync(state.file, 'utf8')) as Record<string, unknown>;
    writeFileSync(state.file, JSON.stringify({ ...tampered, wave: 'canary' }));
    expect(() => openRolloutState({ stateDir: dir, configText: 'a', wave: 'all', resume: true })).toThrow(
      `${state.file} belongs to another config or wave`,
    );
  });
});

describe('pluginCacheEnv', () => {
  it('creates the default cache and lets terraform use it without a lock file', () => {
    const cwd = process.cwd();
    const dir = mkdtempSync(join(tmpdir(), 'siem-plugin-cache-'));
    process.chdir(dir);
    try {
      const env = pluginCacheEnv({});
      expect(env).toEqual({
        TF_PLUGIN_CACHE_DIR: join(dir, DEFAULT_PLUGIN_CACHE_DIR),
        TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: 'true',
      });
      expect(existsSync(env.TF_PLUGIN_CACHE_DIR!)).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });

  it('keeps values already in the environment', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'siem-plugin-cache-')), 'mine');
    expect(
      pluginCacheEnv({ TF_PLUGIN_CACHE_DIR: dir, TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: 'false' }),
    ).toEqual({
      TF_PLUGIN_CACHE_DIR: dir,
      TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: 'false',
    });
    expect(existsSync(dir)).toBe(true);
  });
});

describe('siem rollout options', () => {
  function workspace() {
    const dir = mkdtempSync(join(tmpdir(), 'siem-rollout-cli-'));
    const configFile = join(dir, 'siem.config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        ...testOrganization(),
        memberAccounts: [
          { id: '300000000001', name: 'dev', wave: 'canary' },
          { id: '400000000001', name: 'prod', wave: 'main' },
          { id: '400000000002', name: 'shared', wave: 'main' },
        ],
      }),
    );
    const logged: string[] = [];
    const runner = timedRunner((line) => (line.includes('member-shared apply') ? { exitCode: 1 } : {}));
    const deps = {
      run: runner.run,
      synthesize: async () => undefined,
      log: (l: string) => void logged.push(l),
      environment: { TF_PLUGIN_CACHE_DIR: join(dir, 'plugins') },
    };
    const args = (...more: string[]) => [
      '--config',
      configFile,
      '--outdir',
      join(dir, 'cdktf.out'),
      '--state-dir',
      join(dir, 'state'),
      ...more,
    ];
    return { dir, logged, runner, command: rolloutCommand(deps), args };
  }

  it('resumes after a failure, applying only what is left, with the shared plugin cache', async () => {
    // Prepare: shared fails; dev (canary) and prod were applied.
    const w = workspace();
    expect(await w.command.run(w.args('--wave', 'all', '--parallel', '2'))).toBe(1);
    expect(w.logged.at(-1)).toMatch(/main\s+member-shared\s+400000000002\s+eu-west-1\s+failed/);
    expect(existsSync(join(w.dir, 'state', 'logs', 'member-prod.log'))).toBe(true);

    // Act: the cause is fixed (this runner answers 0) and the rollout resumed.
    const runner = timedRunner();
    const logged: string[] = [];
    const resumed = rolloutCommand({
      run: runner.run,
      synthesize: async () => undefined,
      log: (l) => void logged.push(l),
      environment: { TF_PLUGIN_CACHE_DIR: join(w.dir, 'plugins') },
    });
    const code = await resumed.run(w.args('--wave', 'all', '--resume'));

    // Assess
    expect(code).toBe(0);
    const outdir = join(w.dir, 'cdktf.out');
    expect(runner.started()).toEqual([
      `terraform -chdir=${outdir}/stacks/member-shared init -input=false`,
      `terraform -chdir=${outdir}/stacks/member-shared apply -auto-approve -input=false -lock-timeout=5m`,
    ]);
    expect(logged.at(-1)).toMatch(/member-dev\s+300000000001\s+eu-west-1\s+skipped/);
    expect(logged.at(-1)).toMatch(/member-prod\s+400000000001\s+eu-west-1\s+skipped/);
    expect(logged.at(-1)).toMatch(/member-shared\s+400000000002\s+eu-west-1\s+applied/);
    expect(runner.options.map((o) => o.env?.TF_PLUGIN_CACHE_DIR)).toEqual([
      join(w.dir, 'plugins'),
      join(w.dir, 'plugins'),
    ]);
    expect(existsSync(join(w.dir, 'plugins'))).toBe(true);
  });

  it.each([
    [['--parallel', '0'], '--parallel "0": give a whole number ≥ 1'],
    [['--parallel', 'two'], '--parallel "two": give a whole number ≥ 1'],
    [['--only', 'staging'], '--only: no member account or stack staging'],
  ])('refuses %j, naming the value', async (extra, message) => {
    const w = workspace();
    await expect(w.command.run(w.args('--wave', 'all', ...extra))).rejects.toThrow(message);
    expect(w.runner.started()).toEqual([]);
  });

  it('a dry run with --resume shows what would be skipped and records nothing', async () => {
    // Prepare
    const w = workspace();
    await w.command.run(w.args('--wave', 'all'));
    const stateFiles = () =>
      readFileSync(
        openRolloutState({
          stateDir: join(w.dir, 'state'),
          configText: readFileSync(w.args()[1]!, 'utf8'),
          wave: 'all',
          resume: true,
          readOnly: true,
        }).file,
        'utf8',
      );
    const recorded = stateFiles();
    w.logged.length = 0;

    // Act
    const code = await w.command.run(w.args('--wave', 'all', '--resume', '--dry-run'));

    // Assess
    expect(code).toBe(0);
    expect(w.logged.at(-1)).toMatch(/canary\s+member-dev\s+300000000001\s+eu-west-1\s+skipped/);
    expect(w.logged.at(-1)).toMatch(/main\s+member-shared\s+400000000002\s+eu-west-1\s+planned/);
    expect(stateFiles()).toBe(recorded);
  });
});
