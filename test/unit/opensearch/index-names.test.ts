import {
  DAY_MS,
  IndexNamer,
  indicesCovering,
  parseIndexName,
  periodEnd,
  periodLabel,
  periodLookup,
  periodStart,
  type IndexPeriod,
} from '../../../opensearch/index-names';

const at = (iso: string) => Date.parse(iso);

describe('periodLabel', () => {
  it.each([
    ['day', '2024-03-05T23:59:59.999Z', '2024.03.05'],
    ['week', '2024-03-04T00:00:00Z', '2024.w10'],
    ['week', '2024-03-10T23:59:59Z', '2024.w10'],
    ['week', '2024-12-30T12:00:00Z', '2025.w01'], // ISO: the Monday of week 1 of 2025
    ['week', '2021-01-03T12:00:00Z', '2020.w53'], // a Sunday still in 2020's last week
    ['month', '2024-02-29T12:00:00Z', '2024.m02'],
  ] as const)('names a %s of %s %s', (period, iso, label) => {
    // Act & Assess
    expect(periodLabel(period, at(iso))).toBe(label);
  });
});

describe('parseIndexName', () => {
  it.each([
    ['siem-vpcflow-2024.03.05', 'vpcflow', 'day', '2024-03-05', '2024-03-06'],
    ['siem-vpcflow-2024.w10', 'vpcflow', 'week', '2024-03-04', '2024-03-11'],
    ['siem-vpcflow-2025.w01', 'vpcflow', 'week', '2024-12-30', '2025-01-06'],
    ['siem-deadletter-2024.m02', 'deadletter', 'month', '2024-02-01', '2024-03-01'],
  ])('reads %s back as %s, one %s from %s to %s', (name, logType, period, from, to) => {
    // Act
    const parsed = parseIndexName(name, 'siem-');

    // Assess
    expect(parsed).toEqual({ logType, period, start: at(from), end: at(to) });
  });

  it.each([
    'siem-vpcflow-2024.02.30',
    'siem-vpcflow-2024.w00',
    'siem-vpcflow-2024.m13',
    'siem-vpcflow-2024.03',
    'siem-deadletter-undated',
    'siem-vpcflow',
    'other-vpcflow-2024.03.05',
  ])('reads %s as no name of ours', (name) => {
    // Act & Assess
    expect(parseIndexName(name, 'siem-')).toBeUndefined();
  });

  it('reads back every name it writes, for every period, over four years of days', () => {
    // Prepare
    const periods: IndexPeriod[] = ['day', 'week', 'month'];
    let checked = 0;

    // Act & Assess
    for (let t = Date.UTC(2023, 0, 1); t < Date.UTC(2027, 0, 1); t += DAY_MS) {
      for (const period of periods) {
        const name = new IndexNamer('siem-', () => period).indexFor('cloudtrail', t + 12 * 3_600_000);
        const parsed = parseIndexName(name, 'siem-');
        expect(parsed?.period).toBe(period);
        expect(t).toBeGreaterThanOrEqual(parsed!.start);
        expect(t).toBeLessThan(parsed!.end);
        expect(parsed!.start).toBe(periodStart(period, t));
        expect(parsed!.end).toBe(periodEnd(period, parsed!.start));
        checked++;
      }
    }
    expect(checked).toBe(3 * 1461);
  });
});

describe('IndexNamer', () => {
  it('names each log type by its own period, daily for one the table does not list', () => {
    // Prepare
    const namer = new IndexNamer('siem-', periodLookup({ cloudtrail: 'week', findings: 'month' }));
    const t = at('2024-03-05T10:00:00Z');

    // Act & Assess
    expect(namer.indexFor('cloudtrail', t)).toBe('siem-cloudtrail-2024.w10');
    expect(namer.indexFor('findings', t)).toBe('siem-findings-2024.m03');
    expect(namer.indexFor('some-new-type', t)).toBe('siem-some-new-type-2024.03.05');
  });

  it('gives a new name as soon as a time leaves the cached period, on either side', () => {
    // Prepare
    const namer = new IndexNamer('siem-', () => 'week');

    // Act
    const names = [
      '2024-03-04T00:00:00Z',
      '2024-03-10T23:59:59.999Z',
      '2024-03-11T00:00:00Z',
      '2024-03-03T23:59:59.999Z',
    ].map((iso) => namer.indexFor('waf', at(iso)));

    // Assess
    expect(names).toEqual([
      'siem-waf-2024.w10',
      'siem-waf-2024.w10',
      'siem-waf-2024.w11',
      'siem-waf-2024.w09',
    ]);
  });

  it('puts dead letters in the month of their target, or undated', () => {
    // Prepare
    const namer = new IndexNamer('t-', () => 'week');

    // Act & Assess
    expect(namer.deadLetterIndexOf('t-vpcflow-2024.w10')).toBe('t-deadletter-2024.m03');
    expect(namer.deadLetterIndexOf('t-vpcflow-2024.03.31')).toBe('t-deadletter-2024.m03');
    expect(namer.deadLetterIndexOf('garbage')).toBe('t-deadletter-undated');
    expect(namer.deadLetterIndex(undefined)).toBe('t-deadletter-undated');
  });
});

describe('indicesCovering', () => {
  it('lists the indices of a range in the period of the log type', () => {
    // Act
    const names = indicesCovering(
      'vpcflow',
      at('2024-02-28T00:00:00Z'),
      at('2024-03-12T00:00:00Z'),
      'siem-',
      () => 'week',
    );

    // Assess
    expect(names).toEqual(['siem-vpcflow-2024.w09', 'siem-vpcflow-2024.w10', 'siem-vpcflow-2024.w11']);
  });
});
