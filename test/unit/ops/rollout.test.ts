import { parseConfig } from '../../../config/load';
import { formatRolloutTable, rollout, rolloutTargets } from '../../../operations/deploy/rollout';
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
