import { ingestionGuardsFromEnv } from '../../../functions/ingest/config';

const env = { NAME_PREFIX: 'siem', ARCHIVE_ACCOUNT_ID: '222222222222', HOT_DAYS: '30' };

describe('ingestionGuardsFromEnv', () => {
  it('builds the archive buckets’ contracts and the index bounds from the environment', () => {
    // Act
    const guards = ingestionGuardsFromEnv(env);

    // Assess
    expect(guards.bounds).toEqual({ window: { hotDays: 30, futureDays: 1 }, maxDailyIndices: 3 });
    expect(guards.provenance.bucketKind('siem-222222222222-securityhub')).toBe('securityhub');
    expect(guards.provenance.bucketKind('siem-999999999999-cloudtrail')).toBeUndefined();
  });

  it('takes the optional limits', () => {
    // Act
    const guards = ingestionGuardsFromEnv({ ...env, FUTURE_DAYS: '0', MAX_DAILY_INDICES_PER_OBJECT: '5' });

    // Assess
    expect(guards.bounds).toEqual({ window: { hotDays: 30, futureDays: 0 }, maxDailyIndices: 5 });
  });

  it.each([
    ['NAME_PREFIX', { ...env, NAME_PREFIX: undefined }, /NAME_PREFIX is not set/],
    ['ARCHIVE_ACCOUNT_ID', { ...env, ARCHIVE_ACCOUNT_ID: undefined }, /ARCHIVE_ACCOUNT_ID is not set/],
    ['a malformed account', { ...env, ARCHIVE_ACCOUNT_ID: '22' }, /12-digit/],
    ['HOT_DAYS', { ...env, HOT_DAYS: undefined }, /HOT_DAYS is not set/],
    ['a zero HOT_DAYS', { ...env, HOT_DAYS: '0' }, /HOT_DAYS must be a whole number ≥ 1/],
    ['a zero budget', { ...env, MAX_DAILY_INDICES_PER_OBJECT: '0' }, /≥ 1/],
  ])('refuses to start without %s', (_name, vars, error) => {
    // Act & Assess
    expect(() => ingestionGuardsFromEnv(vars)).toThrow(error);
  });
});
