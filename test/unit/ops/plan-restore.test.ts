import { daysInRange } from '../../../operations/deploy/date-range';
import { indicesHoldingDays, planRestore, type SnapshotInfo } from '../../../operations/restore/plan-restore';

const snapshot = (
  name: string,
  startMillis: number,
  indices: string[],
  extra: Partial<SnapshotInfo> = {},
) => ({
  snapshot: name,
  state: 'SUCCESS',
  indices,
  start_time_in_millis: startMillis,
  ...extra,
});

const NOV_01 = 'siem-cloudtrail-2025.11.01';
const NOV_02 = 'siem-cloudtrail-2025.11.02';
const NOV_03 = 'siem-cloudtrail-2025.11.03';

describe('planRestore', () => {
  it('takes each index from the newest snapshot holding it and groups indices by snapshot', () => {
    // Prepare
    const snapshots = [
      snapshot('daily-11-02', 2_000, [NOV_01, 'siem-vpcflow-2025.11.01']),
      snapshot('daily-11-03', 3_000, [NOV_01, NOV_02]),
      snapshot('daily-11-04', 4_000, [NOV_03]),
    ];

    // Act
    const plan = planRestore([NOV_01, NOV_02, NOV_03], snapshots, new Set());

    // Assess
    expect(plan.restores).toEqual([
      { snapshot: 'daily-11-03', indices: [NOV_01, NOV_02] },
      { snapshot: 'daily-11-04', indices: [NOV_03] },
    ]);
    expect(plan.missing).toEqual([]);
  });

  it('skips indices whose restored copy exists, so a re-run restores nothing twice', () => {
    // Prepare
    const snapshots = [snapshot('daily', 1_000, [NOV_01, NOV_02])];

    // Act
    const plan = planRestore([NOV_01, NOV_02], snapshots, new Set([`restored-${NOV_01}`, NOV_02]));

    // Assess
    expect(plan.alreadyRestored).toEqual([NOV_01]);
    expect(plan.restores).toEqual([{ snapshot: 'daily', indices: [NOV_02] }]);
  });

  it('restores an incomplete copy again, and leaves one no snapshot holds', () => {
    // Prepare
    const snapshots = [snapshot('daily', 1_000, [NOV_01, NOV_02])];
    const existing = new Set([`restored-${NOV_01}`, `restored-${NOV_02}`, `restored-${NOV_03}`]);
    const incomplete = new Set([`restored-${NOV_02}`, `restored-${NOV_03}`]);

    // Act
    const plan = planRestore([NOV_01, NOV_02, NOV_03], snapshots, existing, incomplete);

    // Assess
    expect(plan.alreadyRestored).toEqual([NOV_01]);
    expect(plan.incomplete).toEqual([NOV_02, NOV_03]);
    expect(plan.restores).toEqual([{ snapshot: 'daily', indices: [NOV_02] }]);
    expect(plan.missing).toEqual([NOV_03]);
  });

  it.each([
    ['FAILED', undefined],
    ['IN_PROGRESS', undefined],
    ['PARTIAL', [{ index: NOV_01 }]],
  ])('does not restore from a %s snapshot that lacks the index', (state, failures) => {
    // Prepare
    const snapshots = [
      snapshot('older-complete', 1_000, [NOV_01]),
      snapshot('newer-broken', 2_000, [NOV_01], { state, failures }),
    ];

    // Act
    const plan = planRestore([NOV_01], snapshots, new Set());

    // Assess
    expect(plan.restores).toEqual([{ snapshot: 'older-complete', indices: [NOV_01] }]);
  });

  it('restores the complete indices of a partial snapshot', () => {
    // Prepare
    const snapshots = [
      snapshot('partial', 1_000, [NOV_01, NOV_02], { state: 'PARTIAL', failures: [{ index: NOV_02 }] }),
    ];

    // Act
    const plan = planRestore([NOV_01, NOV_02], snapshots, new Set());

    // Assess
    expect(plan.restores).toEqual([{ snapshot: 'partial', indices: [NOV_01] }]);
    expect(plan.missing).toEqual([NOV_02]);
  });

  it('reports the days no snapshot holds', () => {
    // Act
    const plan = planRestore([NOV_01, NOV_02], [snapshot('daily', 1_000, [NOV_02])], new Set());

    // Assess
    expect(plan.missing).toEqual([NOV_01]);
  });
});

describe('indicesHoldingDays over daysInRange', () => {
  const held = [
    'siem-cloudtrail-2024.02.28',
    'siem-cloudtrail-2024.02.29',
    'siem-cloudtrail-2024.03.01',
    'siem-cloudtrail-2024.03.02',
    'siem-vpcflow-2024.02.29',
    'restored-siem-cloudtrail-2024.02.29',
  ];

  it('finds the daily index of every day of the range, across month ends and leap days', () => {
    // Act
    const found = indicesHoldingDays('cloudtrail', daysInRange('2024-02-28', '2024-03-01'), held);

    // Assess
    expect(found).toEqual({
      indices: ['siem-cloudtrail-2024.02.28', 'siem-cloudtrail-2024.02.29', 'siem-cloudtrail-2024.03.01'],
      uncovered: [],
    });
  });

  it('finds the week or month holding a day, and the daily indices of before a period change', () => {
    // Prepare: daily until 2024-03-03, weekly since (week 10 starts Monday 2024-03-04).
    const snapshots = [
      'siem-waf-2024.03.02',
      'siem-waf-2024.03.03',
      'siem-waf-2024.w10',
      'siem-waf-2024.w11',
    ];

    // Act
    const found = indicesHoldingDays('waf', daysInRange('2024-03-03', '2024-03-12'), snapshots);

    // Assess
    expect(found.indices).toEqual(['siem-waf-2024.03.03', 'siem-waf-2024.w10', 'siem-waf-2024.w11']);
    expect(found.uncovered).toEqual([]);
  });

  it('names the days nothing holds as their daily index', () => {
    // Act
    const found = indicesHoldingDays('findings', daysInRange('2024-02-27', '2024-03-02'), [
      'siem-findings-2024.m02',
    ]);

    // Assess
    expect(found).toEqual({
      indices: ['siem-findings-2024.m02'],
      uncovered: ['siem-findings-2024.03.01', 'siem-findings-2024.03.02'],
    });
  });

  it.each([
    ['2025-02-30', '2025-03-01', /--from must be a day/],
    ['2025-11-01', '2025/11/30', /--to must be a day/],
    ['2025-11-30', '2025-11-01', /before --from/],
    ['2020-01-01', '2025-01-01', /at most 400 days/],
  ])('rejects --from %s --to %s', (from, to, message) => {
    // Act
    const act = () => daysInRange(from, to);

    // Assess
    expect(act).toThrow(message);
  });
});
