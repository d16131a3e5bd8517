import { containsDesired, flattenSettings } from '../../../operations/post-apply/compare';

describe('containsDesired', () => {
  it.each([
    ['defaults OpenSearch adds', { term: { a: { value: 'x', boost: 1 } } }, { term: { a: { value: 'x' } } }],
    [
      'term shorthand',
      { term: { eventName: { value: 'StopLogging', boost: 1.0 } } },
      { term: { eventName: 'StopLogging' } },
    ],
    ['match shorthand', { match: { f: { query: 'x', operator: 'OR' } } }, { match: { f: 'x' } }],
    [
      'range as from/to',
      {
        range: {
          '@timestamp': { from: 'now-30m', to: 'now', include_lower: true, include_upper: true, boost: 1 },
        },
      },
      { range: { '@timestamp': { gte: 'now-30m', lte: 'now' } } },
    ],
    ['wildcard shorthand', { wildcard: { f: { wildcard: 'a*', boost: 1 } } }, { wildcard: { f: 'a*' } }],
    [
      'wildcard written with value, stored with wildcard',
      { wildcard: { f: { wildcard: '*Op', boost: 1 } } },
      { wildcard: { f: { value: '*Op' } } },
    ],
    [
      'track_total_hits stored as a count',
      { size: 0, track_total_hits: 2147483647 },
      { size: 0, track_total_hits: true },
    ],
    ['numbers returned as strings', { limit: '2000', enabled: 'true' }, { limit: 2000, enabled: true }],
    [
      'bool with pure-negative flag',
      { bool: { filter: [{ exists: { field: 'a', boost: 1 } }], adjust_pure_negative: true } },
      { bool: { filter: [{ exists: { field: 'a' } }] } },
    ],
  ])('accepts %s', (_what, current, desired) => {
    expect(containsDesired(current, desired)).toBe(true);
  });

  it.each([
    ['a changed value', { term: { a: { value: 'x' } } }, { term: { a: 'y' } }],
    ['a missing key', { bool: {} }, { bool: { filter: [] } }],
    [
      'an array of another length (a removed trigger)',
      { triggers: [{ a: 1 }, { a: 2 }] },
      { triggers: [{ a: 1 }] },
    ],
    [
      'an exclusive bound stored inclusive',
      { range: { t: { from: 1, include_lower: true } } },
      { range: { t: { gt: 1 } } },
    ],
    ['an object where a scalar is wanted', { enabled: { value: 'yes' } }, { enabled: true }],
    ['an object without a shorthand key', { term: { a: { boost: 1 } } }, { term: { a: 'x' } }],
    ['a capped total hit count', { track_total_hits: 10000 }, { track_total_hits: true }],
    [
      'a changed wildcard',
      { wildcard: { f: { wildcard: '*Op' } } },
      { wildcard: { f: { value: '*Denied' } } },
    ],
  ])('rejects %s', (_what, current, desired) => {
    expect(containsDesired(current, desired)).toBe(false);
  });
});

describe('flattenSettings', () => {
  it('makes written and stored index settings comparable', () => {
    // Prepare
    const written = { 'index.mapping.total_fields.limit': 2000, 'index.refresh_interval': '5s' };
    const stored = { index: { mapping: { total_fields: { limit: '2000' } }, refresh_interval: '5s' } };

    // Act
    const [a, b] = [flattenSettings(written), flattenSettings(stored)];

    // Assess
    expect(a).toEqual({ 'index.mapping.total_fields.limit': '2000', 'index.refresh_interval': '5s' });
    expect(b).toEqual(a);
  });
});
