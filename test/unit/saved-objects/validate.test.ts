import { join } from 'node:path';
import { loadConfig } from '../../../config/load';
import { allDetections } from '../../../detections';
import { indexTemplates } from '../../../opensearch/index-templates';
import { buildSavedObjects, toNdjson, type SiemSavedObject } from '../../../saved-objects';
import { fieldCatalogFromTemplates, type IndexTemplateLike } from '../../../saved-objects/field-catalog';
import { validateSavedObjects, type CheckName } from '../../../saved-objects/validate';
import { sampleDetections } from './fixtures';

type Mutable = { -readonly [K in keyof SiemSavedObject]: SiemSavedObject[K] } & Record<string, unknown>;

/** A deep copy of the generated objects, for breaking one thing at a time. */
function generatedCopy(): Mutable[] {
  return JSON.parse(JSON.stringify(buildSavedObjects(sampleDetections))) as Mutable[];
}

function find(objects: Mutable[], type: string, id?: string): Mutable {
  const found = objects.find((o) => o.type === type && (id === undefined || o.id === id));
  if (!found) throw new Error(`no ${type} ${id ?? ''} in the generated objects`);
  return found;
}

function checksFailing(ndjson: string, opts = {}): CheckName[] {
  return [...new Set(validateSavedObjects(ndjson, opts).map((p) => p.check))];
}

/** Strings are written as they are: raw broken lines. */
const ndjsonOf = (objects: readonly unknown[]) =>
  objects.map((o) => (typeof o === 'string' ? o : JSON.stringify(o))).join('\n') + '\n';

/** The mappings the checked visualization needs, and nothing more. */
const vpcTemplate: IndexTemplateLike = {
  name: 'siem-vpcflow',
  body: {
    index_patterns: ['siem-vpcflow-*'],
    template: {
      mappings: {
        dynamic: 'strict',
        properties: {
          '@timestamp': { type: 'date' },
          srcaddr: { type: 'ip' },
          dstaddr: { type: 'ip' },
          bytes: { type: 'long' },
          packets: { type: 'long' },
          action: { type: 'keyword' },
          message: { type: 'text', fields: { keyword: { type: 'keyword' } } },
        },
      },
    },
  },
};

describe('validateSavedObjects', () => {
  it('accepts the generated file', () => {
    // Prepare
    const ndjson = toNdjson(buildSavedObjects(sampleDetections));

    // Act
    const problems = validateSavedObjects(ndjson);

    // Assess
    expect(problems).toEqual([]);
  });

  it.each<[string, CheckName, (objects: Mutable[]) => unknown[]]>([
    ['a line that is not JSON', 'ndjson', (o) => [...o, '{"type":']],
    ['an object without an id', 'ndjson', (o) => [...o, { type: 'visualization', attributes: {} }]],
    ['the same type and id twice', 'unique-id', (o) => [...o, find(o, 'visualization')]],
    [
      'a reference to an index pattern not in the file',
      'reference',
      (o) => {
        (find(o, 'visualization').references as unknown[])[0] = {
          name: 'kibanaSavedObjectMeta.searchSourceJSON.index',
          type: 'index-pattern',
          id: 'nope',
        };
        return o;
      },
    ],
    [
      'a dashboard panel referencing a missing visualization',
      'reference',
      (o) => {
        (find(o, 'dashboard').references as unknown[])[0] = {
          name: 'panel_0',
          type: 'visualization',
          id: 'gone',
        };
        return o;
      },
    ],
    ['a saved search reference that is missing', 'reference', (o) => o.filter((x) => x.type !== 'search')],
    [
      'a visState that does not parse',
      'embedded-json',
      (o) => {
        (find(o, 'visualization').attributes as Record<string, unknown>).visState = '{"title":';
        return o;
      },
    ],
    [
      'a panelsJSON that does not parse',
      'embedded-json',
      (o) => {
        (find(o, 'dashboard').attributes as Record<string, unknown>).panelsJSON = '[{]';
        return o;
      },
    ],
    [
      'a searchSourceJSON stored as an object instead of a string',
      'embedded-json',
      (o) => {
        const attrs = find(o, 'search').attributes as Record<string, unknown>;
        attrs.kibanaSavedObjectMeta = { searchSourceJSON: { query: {} } };
        return o;
      },
    ],
    [
      'an unknown visualization type',
      'vis-type',
      (o) => {
        const attrs = find(o, 'visualization').attributes as Record<string, unknown>;
        attrs.visState = JSON.stringify({ ...JSON.parse(attrs.visState as string), type: 'sparkline' });
        return o;
      },
    ],
    [
      'an unknown aggregation type',
      'vis-type',
      (o) => {
        const attrs = find(o, 'visualization').attributes as Record<string, unknown>;
        const state = JSON.parse(attrs.visState as string) as { aggs: Array<{ type: string }> };
        state.aggs[0]!.type = 'median_of_medians';
        attrs.visState = JSON.stringify(state);
        return o;
      },
    ],
    [
      'a panelRefName with no reference',
      'ref-name',
      (o) => {
        const dash = find(o, 'dashboard');
        dash.references = dash.references.slice(1);
        return o;
      },
    ],
    [
      'an indexRefName with no reference',
      'ref-name',
      (o) => {
        const vis = o.find((x) => x.type === 'visualization' && x.references[0]?.type === 'index-pattern')!;
        vis.references = [{ name: 'other', type: 'index-pattern', id: 'siem-cloudtrail' }];
        return o;
      },
    ],
    [
      'an unsupported type',
      'supported-type',
      (o) => [...o, { type: 'lens', id: 'x', attributes: { title: 'x' }, references: [] }],
    ],
  ])('rejects %s', (_what, check, breakIt) => {
    // Prepare
    const broken = ndjsonOf(breakIt(generatedCopy()));

    // Act
    const failing = checksFailing(broken);

    // Assess
    expect(failing).toContain(check);
  });

  it('rejects more objects than the import limit', () => {
    // Prepare
    const objects = generatedCopy();

    // Act
    const failing = checksFailing(ndjsonOf(objects), { maxObjects: objects.length - 1 });

    // Assess
    expect(failing).toEqual(['object-limit']);
    expect(checksFailing(ndjsonOf(objects), { maxObjects: objects.length })).toEqual([]);
  });

  it('rejects a payload over the byte limit', () => {
    // Prepare
    const ndjson = toNdjson(buildSavedObjects(sampleDetections));
    const bytes = Buffer.byteLength(ndjson);

    // Act
    const failing = checksFailing(ndjson, { maxBytes: bytes - 1 });

    // Assess
    expect(failing).toEqual(['payload-size']);
    expect(checksFailing(ndjson, { maxBytes: bytes })).toEqual([]);
  });

  describe('aggregation fields against the index template mappings', () => {
    const fields = fieldCatalogFromTemplates([vpcTemplate]);

    function withTopTalkersField(field: string): string {
      const objects = generatedCopy();
      const vis = find(objects, 'visualization', 'siem-vis-vpcflow-top-talkers');
      const attrs = vis.attributes as Record<string, unknown>;
      const state = JSON.parse(attrs.visState as string) as {
        aggs: Array<{ type: string; params: { field?: string } }>;
      };
      state.aggs.find((a) => a.type === 'terms')!.params.field = field;
      attrs.visState = JSON.stringify(state);
      // Only the edited visualization and what it needs, so other panels' fields do not matter here.
      return ndjsonOf(objects.filter((o) => o === vis || o.id === 'siem-vpcflow'));
    }

    it.each([
      ['exists and is aggregatable', 'srcaddr', []],
      ['is a keyword multi-field', 'message.keyword', []],
      ['is not in the mappings', 'source_address', ['agg-field']],
      ['is a text field', 'message', ['agg-field']],
    ])('when the field %s', (_what, field, expected) => {
      // Prepare
      const ndjson = withTopTalkersField(field);

      // Act
      const failing = checksFailing(ndjson, { fields });

      // Assess
      expect(failing).toEqual(expected);
    });

    it('rejects a sum over a non-numeric field', () => {
      // Prepare
      const objects = generatedCopy();
      const vis = find(objects, 'visualization', 'siem-vis-vpcflow-bytes');
      const attrs = vis.attributes as Record<string, unknown>;
      attrs.visState = (attrs.visState as string).replace('"field":"bytes"', '"field":"action"');

      // Act
      const problems = validateSavedObjects(ndjsonOf([vis, find(objects, 'index-pattern', 'siem-vpcflow')]), {
        fields,
      });

      // Assess
      expect(problems).toEqual([
        expect.objectContaining({ check: 'agg-field', object: 'visualization:siem-vis-vpcflow-bytes' }),
      ]);
      expect(problems[0]!.message).toContain('is not numeric');
    });
  });
});

describe('the shipped saved objects', () => {
  it('pass every import check, with aggregation fields checked against the index templates', () => {
    // Prepare
    const detections = allDetections(loadConfig(join(__dirname, '../../../siem.config.json')));
    const ndjson = toNdjson(buildSavedObjects(detections));
    const fields = fieldCatalogFromTemplates(indexTemplates() as unknown as IndexTemplateLike[]);

    // Act
    const problems = validateSavedObjects(ndjson, { fields });

    // Assess
    expect(problems).toEqual([]);
    expect(fields.lookup('siem-deadletter*', 'log_type')).toEqual({ found: true, type: 'keyword' });
    expect(fields.lookup('siem-findings-*', 'Title')).toEqual({ found: true, type: 'text' });
  });
});
