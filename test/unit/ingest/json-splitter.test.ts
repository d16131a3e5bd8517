import { JsonObjectSplitter } from '../../../functions/ingest/json-splitter';

function split(texts: string[], depth: number, strict = true): string[] {
  const splitter = new JsonObjectSplitter(depth, strict);
  const out: string[] = [];
  for (const t of texts) splitter.push(t, (o) => out.push(o));
  splitter.end();
  return out;
}

describe('JsonObjectSplitter', () => {
  it.each([
    ['concatenated', ['{"a":1}{"b":"}"}'], ['{"a":1}', '{"b":"}"}']],
    ['newline-delimited', ['{"a":1}\n{"b":2}\n'], ['{"a":1}', '{"b":2}']],
    [
      'escaped quote split across chunks',
      ['{"a":"x\\', '"}"}', '{"c":[1,{"d":2}]}'],
      ['{"a":"x\\"}"}', '{"c":[1,{"d":2}]}'],
    ],
    ['escaped backslash before quote', ['{"a":"\\\\"}{"b":1}'], ['{"a":"\\\\"}', '{"b":1}']],
  ])('splits %s objects at depth 0', (_name, chunks, expected) => {
    // Act
    const objects = split(chunks, 0);

    // Assess
    expect(objects).toEqual(expected);
    for (const o of objects) expect(() => JSON.parse(o) as unknown).not.toThrow();
  });

  it('yields the elements of a records array at depth 2, whatever the chunking', () => {
    // Prepare
    const text = '{"Records":[{"a":{"b":[1,2]}},{"c":"]}"},{}]}';
    const expected = ['{"a":{"b":[1,2]}}', '{"c":"]}"}', '{}'];

    // Act & Assess
    for (let size = 1; size <= text.length; size++) {
      const chunks = text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) as string[];
      expect(split(chunks, 2, false)).toEqual(expected);
    }
  });

  it.each([
    ['truncated object', ['{"a":{"b":1}'], /truncated/],
    ['unterminated string', ['{"a":"b'], /truncated/],
    ['text between objects', ['{"a":1} garbage {"b":2}'], /unexpected 'g'/],
    ['unbalanced close', ['{"a":1}}'], /unbalanced/],
  ])('rejects a %s', (_name, chunks, error) => {
    // Act & Assess
    expect(() => split(chunks, 0)).toThrow(error);
  });
});

describe('JsonObjectSplitter member capture', () => {
  const text =
    '{"Records":[{"a":"x\\"y","skip":{"a":"nested"},"n": 12 ,"o":{"k":[1,"}"]},"z":null},' +
    '{"o":[],"a":"second","n":-3.5e2}]}';
  const wanted = new Set(['a', 'n', 'o', 'z']);

  it.each([1, 3, 7, 1000])('captures raw top-level members whatever the chunk size (%i)', (size) => {
    // Prepare
    const splitter = new JsonObjectSplitter(2, false, wanted);
    const got: Array<Record<string, string>> = [];

    // Act
    for (let i = 0; i < text.length; i += size)
      splitter.push(text.slice(i, i + size), (_t, m) => got.push(m));
    splitter.end();

    // Assess
    expect(got).toEqual([
      { a: '"x\\"y"', n: '12', o: '{"k":[1,"}"]}', z: 'null' },
      { o: '[]', a: '"second"', n: '-3.5e2' },
    ]);
  });
});

describe('JsonObjectSplitter text between objects', () => {
  it.each([1_000, 40_000, 65_535, 300_000])(
    'keeps the first 64 Ki characters of a long run for its dead letter, in chunks of %i',
    (size) => {
      // Prepare
      const text = `{"a":1}\n${'x'.repeat(200_000)}\n{"a":2}\n`;
      const splitter = new JsonObjectSplitter(0, true);
      const records: string[] = [];
      const bad: Array<[number, string]> = [];

      // Act
      for (let i = 0; i < text.length; i += size)
        splitter.push(
          text.slice(i, i + size),
          (t) => records.push(t),
          (raw, reason) => bad.push([raw.length, reason]),
        );
      splitter.end((raw, reason) => bad.push([raw.length, reason]));

      // Assess
      expect(records).toEqual(['{"a":1}', '{"a":2}']);
      expect(bad).toEqual([[64 * 1024, 'text between JSON objects is not a record']]);
    },
  );
});
