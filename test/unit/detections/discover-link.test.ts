import { discoverIndexPatternId } from '../../../detections/alert-message';
import { discoverLinkTemplate } from '../../../detections/discover-link';
import { risonEncode, type RisonValue } from '../../../detections/rison';
import { LOG_TYPES } from '../../../opensearch/log-types';
import { indexPatternId } from '../../../saved-objects/index-patterns';
import { discoverSearch, parseDiscoverLink } from '../../support/discover-link-search';
import { risonDecode } from '../../support/rison-decode';

/**
 * Fills the link template's tags the way the Alerting plugin's mustache does for these shapes:
 * `{{#url}}{{path}}{{/url}}` (form-encoded value) and `{{#path}}a{{/path}}{{^path}}b{{/path}}`.
 */
function fill(template: string, values: Record<string, string | undefined>): string {
  const sections = template.replace(
    /\{\{#([\w.]+)\}\}([\s\S]*?)\{\{\/\1\}\}\{\{\^\1\}\}([\s\S]*?)\{\{\/\1\}\}/g,
    (_m, path: string, present: string, absent: string) => (values[path] ? present : absent),
  );
  return sections.replace(/\{\{#url\}\}\{\{([\w.]+)\}\}\{\{\/url\}\}/g, (_m, path: string) =>
    encodeURIComponent(values[path] ?? '').replace(/%20/g, '+'),
  );
}

describe('rison encoding', () => {
  it.each<[string, RisonValue, string]>([
    ['an id stays bare', 'discover', 'discover'],
    ['a string starting with a digit is quoted', '111111111111', "'111111111111'"],
    ['quotes and bangs are escaped', "it's!", "'it!'s!!'"],
    ['a field name with @ is quoted', '@timestamp', "'@timestamp'"],
    ['the empty string is quoted', '', "''"],
    ['booleans and null', [true, false, null], '!(!t,!f,!n)'],
    ['objects and numbers', { a: 1, 'b c': -2.5 }, "(a:1,'b c':-2.5)"],
  ])('%s', (_what, value, expected) => {
    // Act
    const encoded = risonEncode(value);

    // Assess
    expect(encoded).toBe(expected);
    expect(risonDecode(encoded)).toEqual(value);
  });

  it('round-trips a detection query with wildcards, regexps and nested clauses', () => {
    // Prepare
    const query = {
      bool: {
        filter: [{ regexp: { eventName: '(AddPermission)([0-9]{8}(v[0-9]+)?)?' } }],
        must_not: [{ wildcard: { sourceIPAddress: { value: '*.amazonaws.com' } } }],
        minimum_should_match: 1,
        should: [{ terms: { 'requestParameters.cidrIp': ['0.0.0.0/0', '::/0'] } }],
      },
    };

    // Act
    const decoded = risonDecode(risonEncode(query));

    // Assess
    expect(decoded).toEqual(query);
  });
});

describe('the Discover link template', () => {
  const template = discoverLinkTemplate({
    dashboardsUrl: 'https://siem.example.com/_dashboards/',
    indexPatternId: 'siem-cloudtrail',
    from: '{{b.first}}',
    to: '{{b.last}}',
    columns: ['user.name'],
    filters: (valueOf) => [
      {
        kind: 'custom',
        alias: "Detection's window",
        query: {
          range: { 'event.ingested': { gte: '{{period_end}}||-7m/m', format: 'strict_date_optional_time' } },
        },
        placeholders: { '{{period_end}}': 'ctx.periodEnd' },
      },
      { kind: 'phrase', field: 'cloud.account.id', value: valueOf('b.key.key') },
      {
        kind: 'either',
        path: 'b.key.key1',
        ifPresent: { kind: 'phrase', field: 'user.name', value: valueOf('b.key.key1') },
        ifAbsent: { kind: 'missing', field: 'user.name' },
      },
    ],
  });
  const values = {
    'b.first': '2026-01-15T10:00:00.000Z',
    'b.last': '2026-01-15T10:04:00.000Z',
    'b.key.key': '111111111111',
    'ctx.periodEnd': '2026-01-15T10:09:00.123456Z',
  };

  it('reads back as the filters and time range it was built with, values filled in', () => {
    // Act
    const state = parseDiscoverLink(fill(template, { ...values, 'b.key.key1': 'alice+ops@example.com' }));

    // Assess
    expect(state.base).toBe('https://siem.example.com/_dashboards/app/data-explorer/discover');
    expect(state.indexPatternId).toBe('siem-cloudtrail');
    expect([state.from, state.to]).toEqual(['2026-01-15T10:00:00.000Z', '2026-01-15T10:04:00.000Z']);
    expect(discoverSearch(state)).toEqual({
      bool: {
        filter: [
          {
            range: {
              'event.ingested': {
                gte: '2026-01-15T10:09:00.123456Z||-7m/m',
                format: 'strict_date_optional_time',
              },
            },
          },
          { match_phrase: { 'cloud.account.id': '111111111111' } },
          { match_phrase: { 'user.name': 'alice+ops@example.com' } },
          {
            range: {
              '@timestamp': {
                gte: '2026-01-15T10:00:00.000Z',
                lte: '2026-01-15T10:04:00.000Z',
                format: 'strict_date_optional_time',
              },
            },
          },
        ],
        must_not: [],
      },
    });
  });

  it('selects the documents missing a key field when the bucket key is null', () => {
    // Act
    const state = parseDiscoverLink(fill(template, values));

    // Assess
    expect(discoverSearch(state)).toMatchObject({ bool: { must_not: [{ exists: { field: 'user.name' } }] } });
    expect(state.filters.filter((f) => f.meta.key === 'user.name')).toHaveLength(1);
  });

  it('holds no character a mail or chat client would cut the link at', () => {
    // Act
    const filled = fill(template, { ...values, 'b.key.key1': 'alice' });

    // Assess
    expect(filled).toMatch(/^[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]+$/);
    expect(filled).not.toMatch(/[\s"<>{}|\\^`]/);
  });
});

describe('index pattern ids of the links', () => {
  it.each(LOG_TYPES.map((t) => [t]))('%s is the id of the saved index pattern', (logType) => {
    // Assess
    expect(discoverIndexPatternId(logType)).toBe(indexPatternId(logType));
  });
});

describe('a link with filters per sample', () => {
  const template = discoverLinkTemplate({
    indexPatternId: 'siem-vpcflow',
    from: '{{b.first}}',
    to: '{{b.last}}',
    columns: [],
    filters: () => [{ kind: 'custom', alias: 'window', query: { match_all: {} } }],
    each: {
      path: 'samples',
      filters: (valueOf) => [{ kind: 'phrase', field: 'srcaddr', value: valueOf('_source.srcaddr') }],
    },
  });
  const section = /\{\{#samples\}\}([\s\S]*?)\{\{\/samples\}\}/;
  const times = { 'b.first': '2026-01-15T10:00:00.000Z', 'b.last': '2026-01-15T10:04:00.000Z' };

  it('reads back with one filter per sample after the others', () => {
    // Prepare: two samples, as the plugin's iteration renders them.
    const body = section.exec(template)?.[1] ?? '';
    const rendered = template.replace(section, () =>
      ['203.0.113.7', '203.0.113.8'].map((ip) => fill(body, { '_source.srcaddr': ip })).join(''),
    );

    // Act
    const state = parseDiscoverLink(fill(rendered, times));

    // Assess
    expect(state.filters.map((f) => f.query)).toEqual([
      { match_all: {} },
      { match_phrase: { srcaddr: '203.0.113.7' } },
      { match_phrase: { srcaddr: '203.0.113.8' } },
    ]);
  });

  it('still reads back when there is no sample', () => {
    // Act
    const state = parseDiscoverLink(fill(template.replace(section, ''), times));

    // Assess
    expect(state.filters.map((f) => f.query)).toEqual([{ match_all: {} }]);
  });
});
