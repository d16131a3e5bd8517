import {
  candidateFields,
  keepConflictAsText,
  minimalDocument,
} from '../../../functions/ingest/conflict-fallback';

describe('conflict fallback', () => {
  it.each([
    [
      'object/concrete clash',
      {
        type: 'mapper_parsing_exception',
        reason:
          'object mapping for [resources] tried to parse field [resources] as object, but found a concrete value',
      },
      ['resources'],
    ],
    [
      'immense term',
      {
        type: 'illegal_argument_exception',
        reason:
          'Document contains at least one immense term in field="requestParameters.policy" (whose UTF8 encoding is longer than the max length 32766)',
      },
      ['requestParameters.policy'],
    ],
    [
      'number format nested in caused_by',
      {
        type: 'mapper_parsing_exception',
        reason:
          "failed to parse field [dstport] of type [long] in document with id 'x'. Preview of field's value: 'abc'",
        caused_by: { type: 'illegal_argument_exception', reason: 'For input string: "abc"' },
      },
      ['dstport'],
    ],
  ])('finds the field named by a %s error', (_name, error, expected) => {
    // Act & Assess
    expect(candidateFields(error)).toEqual(expect.arrayContaining(expected));
  });

  it('moves a nested conflicting field into siem.conflicts as text', () => {
    // Prepare
    const doc = {
      '@timestamp': 't',
      requestParameters: { a: 1, containerOverrides: { environment: [{ name: 'X' }] } },
    };
    const error = {
      reason: 'failed to parse field [requestParameters.containerOverrides.environment] of type [object]',
    };

    // Act
    const out = JSON.parse(keepConflictAsText(JSON.stringify(doc), error) as string) as Record<
      string,
      unknown
    >;

    // Assess
    expect(out.requestParameters).toEqual({ a: 1, containerOverrides: {} });
    expect(out.siem).toEqual({
      conflicts: [{ field: 'requestParameters.containerOverrides.environment', value: '[{"name":"X"}]' }],
    });
  });

  it('cuts at the first array on the path', () => {
    // Prepare
    const doc = { resources: [{ ARN: 'a' }, { ARN: { x: 1 } }], keep: true };

    // Act
    const out = JSON.parse(
      keepConflictAsText(JSON.stringify(doc), { reason: 'field [resources.ARN]' }) as string,
    ) as Record<string, unknown>;

    // Assess
    expect(out).toEqual({
      keep: true,
      siem: { conflicts: [{ field: 'resources', value: JSON.stringify(doc.resources) }] },
    });
  });

  it('returns undefined when the error names nothing in the document', () => {
    // Act & Assess
    expect(keepConflictAsText('{"a":1}', { reason: 'failed to parse field [b]' })).toBeUndefined();
  });

  it('keeps only the common fields structured in the minimal document', () => {
    // Prepare
    const doc = { '@timestamp': 't', event: { dataset: 'waf' }, httpRequest: { clientIp: 'x' }, n: 1 };

    // Act
    const out = JSON.parse(minimalDocument(JSON.stringify(doc))) as Record<string, unknown>;

    // Assess
    expect(out).toEqual({
      '@timestamp': 't',
      event: { dataset: 'waf' },
      siem: { conflicts: [{ field: '_source', value: '{"httpRequest":{"clientIp":"x"},"n":1}' }] },
    });
  });
});

describe('conflict fallback inside a flat_object', () => {
  it('moves only the value over the term limit out of the subtree', () => {
    // Prepare
    const long = 'p'.repeat(40_000);
    const doc = { requestParameters: { bucketName: 'b', policy: long, nested: [{ ok: 1 }] } };
    const error = {
      type: 'illegal_argument_exception',
      reason:
        'Document contains at least one immense term in field="requestParameters._value" (whose UTF8 encoding is longer than the max length 32766)',
    };

    // Act
    const out = JSON.parse(keepConflictAsText(JSON.stringify(doc), error) as string) as Record<
      string,
      unknown
    >;

    // Assess
    expect(out.requestParameters).toEqual({ bucketName: 'b', nested: [{ ok: 1 }] });
    expect(out.siem).toEqual({ conflicts: [{ field: 'requestParameters.policy', value: long }] });
  });
});
