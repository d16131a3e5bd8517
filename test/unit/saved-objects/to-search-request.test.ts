import { buildSavedObjects, type SiemSavedObject } from '../../../saved-objects';
import { detectionVisId } from '../../../saved-objects/dashboards/detection-panels';
import { aggsDsl, toSearchRequest } from '../../../saved-objects/to-search-request';
import type { VisState } from '../../../saved-objects/types';
import { sampleDetections } from './fixtures';

const objects = buildSavedObjects(sampleDetections);
const lookup = (type: string, id: string) => objects.find((o) => o.type === type && o.id === id);
const vis = (id: string) => lookup('visualization', id) as SiemSavedObject;

describe('toSearchRequest', () => {
  it('nests terms ordered by a metric over that metric, on the pattern title by default', () => {
    // Act
    const request = toSearchRequest(vis('siem-vis-vpcflow-top-talkers'), lookup);

    // Assess
    expect(request.index).toBe('siem-vpcflow-*');
    expect(request.body.aggs).toEqual({
      '3': {
        terms: { field: 'srcaddr', size: 20, order: { '1': 'desc' } },
        aggs: {
          '1': { sum: { field: 'bytes' } },
          '4': {
            terms: { field: 'dstaddr', size: 5, order: { '1': 'desc' } },
            aggs: { '1': { sum: { field: 'bytes' } }, '2': { sum: { field: 'packets' } } },
          },
        },
      },
    });
  });

  it('puts the search-bar query in must and the time range on the time field', () => {
    // Act
    const request = toSearchRequest(vis('siem-vis-vpcflow-rejects-over-time'), lookup, {
      index: (title) => title.replace(/^siem-/, 'test-'),
      timeRange: { from: 'now-1d', to: 'now' },
    });

    // Assess
    expect(request.index).toBe('test-vpcflow-*');
    expect(request.body.query.bool.must).toEqual([
      { query_string: { query: 'action:REJECT', analyze_wildcard: true } },
    ]);
    expect(request.body.query.bool.filter).toEqual([
      { range: { '@timestamp': { gte: 'now-1d', lte: 'now', format: 'strict_date_optional_time' } } },
    ]);
    expect(request.body.aggs).toEqual({
      '2': {
        date_histogram: { field: '@timestamp', fixed_interval: '1h', time_zone: 'UTC', min_doc_count: 1 },
      },
    });
  });

  it("applies the saved search's filter and index pattern to a visualization built on it", () => {
    // Prepare
    const detection = sampleDetections[0]!;

    // Act
    const request = toSearchRequest(vis(detectionVisId(detection)), lookup);

    // Assess
    expect(request.index).toBe('siem-cloudtrail-*');
    expect(request.body.query.bool.filter).toEqual([detection.query]);
  });

  it('sends negated filters as must_not and skips disabled ones', () => {
    // Prepare
    const search = JSON.parse(
      JSON.stringify(lookup('search', 'siem-search-cloudtrail-logging-stopped')),
    ) as SiemSavedObject & {
      attributes: { kibanaSavedObjectMeta: { searchSourceJSON: string } };
    };
    const source = JSON.parse(search.attributes.kibanaSavedObjectMeta.searchSourceJSON);
    const pill = source.filter[0];
    source.filter = [
      { ...pill, meta: { ...pill.meta, negate: true } },
      { ...pill, meta: { ...pill.meta, disabled: true } },
    ];
    search.attributes.kibanaSavedObjectMeta.searchSourceJSON = JSON.stringify(source);
    const patched = (type: string, id: string) =>
      type === 'search' && id === search.id ? search : lookup(type, id);

    // Act
    const request = toSearchRequest(vis(detectionVisId(sampleDetections[0]!)), patched);

    // Assess
    expect(request.body.query.bool.must_not).toEqual([sampleDetections[0]!.query]);
    expect(request.body.query.bool.filter).toEqual([]);
  });

  it.each([
    ['m', { calendar_interval: '1m' }],
    ['d', { calendar_interval: '1d' }],
    ['30m', { fixed_interval: '30m' }],
    ['auto', { fixed_interval: '1h' }],
  ])('translates the date_histogram interval %s', (interval, expected) => {
    // Prepare
    const state: VisState = {
      title: 't',
      type: 'line',
      params: {},
      aggs: [
        {
          id: '1',
          enabled: true,
          type: 'date_histogram',
          schema: 'segment',
          params: { field: '@timestamp', interval },
        },
      ],
    };

    // Act
    const aggs = aggsDsl(state) as Record<string, { date_histogram: Record<string, unknown> }>;

    // Assess
    expect(aggs['1']!.date_histogram).toEqual(expect.objectContaining(expected));
  });

  it('refuses a KQL query rather than sending it unfiltered', () => {
    // Prepare
    const original = vis('siem-vis-waf-blocked-requests') as SiemSavedObject & {
      attributes: { kibanaSavedObjectMeta: { searchSourceJSON: string } };
    };
    const kql = JSON.parse(JSON.stringify(original));
    kql.attributes.kibanaSavedObjectMeta.searchSourceJSON =
      original.attributes.kibanaSavedObjectMeta.searchSourceJSON.replace('"lucene"', '"kuery"');

    // Act
    const act = () => toSearchRequest(kql, lookup);

    // Assess
    expect(act).toThrow(/only Lucene queries/);
  });
});
