import { documentText, spliceBytes, spliceDocument } from '../../../functions/ingest/documents';
import { JsonByteSplitter } from '../../../functions/ingest/json-byte-splitter';
import { JsonObjectSplitter } from '../../../functions/ingest/json-splitter';

interface Split {
  objects: string[];
  members: Array<Record<string, string>>;
}

function chunksOf(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

function splitBytes(chunks: Buffer[], depth: number, strict: boolean, wanted?: Set<string>): Split {
  const splitter = new JsonByteSplitter(depth, strict, wanted);
  const objects: string[] = [];
  const members: Array<Record<string, string>> = [];
  for (const chunk of chunks) {
    splitter.push(chunk, (buf, start, end, m) => {
      objects.push(buf.toString('utf8', start, end));
      members.push(m);
    });
  }
  splitter.end();
  return { objects, members };
}

function splitText(text: string, depth: number, strict: boolean, wanted?: Set<string>): Split {
  const splitter = new JsonObjectSplitter(depth, strict, wanted);
  const objects: string[] = [];
  const members: Array<Record<string, string>> = [];
  splitter.push(text, (o, m) => {
    objects.push(o);
    members.push(m);
  });
  splitter.end();
  return { objects, members };
}

describe('JsonByteSplitter', () => {
  it.each([
    ['concatenated', '{"a":1}{"b":"}"}', ['{"a":1}', '{"b":"}"}']],
    ['newline-delimited', '{"a":1}\n{"b":2}\n', ['{"a":1}', '{"b":2}']],
    ['escaped quotes', '{"a":"x\\"}\\"{"}{"c":[1,{"d":2}]}', ['{"a":"x\\"}\\"{"}', '{"c":[1,{"d":2}]}']],
    ['escaped backslash before quote', '{"a":"\\\\"}{"b":"\\\\\\""}', ['{"a":"\\\\"}', '{"b":"\\\\\\""}']],
    [
      'braces and brackets inside strings',
      '{"a":"{[}]","b":{"c":"]}"}}{}',
      ['{"a":"{[}]","b":{"c":"]}"}}', '{}'],
    ],
    ['multi-byte UTF-8', '{"name":"Zoë 日本 🔐"}{"b":"é\\"ü"}', ['{"name":"Zoë 日本 🔐"}', '{"b":"é\\"ü"}']],
  ])('splits %s objects at depth 0, whatever the chunk size', (_name, text, expected) => {
    // Prepare
    const bytes = Buffer.from(text);

    for (let size = 1; size <= bytes.length; size++) {
      // Act
      const { objects } = splitBytes(chunksOf(bytes, size), 0, true);

      // Assess
      expect(objects).toEqual(expected);
    }
  });

  it('hands over the original bytes of each record, multi-byte characters split across chunks included', () => {
    // Prepare: every chunk boundary falls inside the 2-, 3- and 4-byte characters somewhere.
    const text = '{"Records":[{"u":"Zoë","k":"日本語"},{"e":"🔐🔑","n":{"x":"ü"}}]}';
    const bytes = Buffer.from(text);
    const expected = ['{"u":"Zoë","k":"日本語"}', '{"e":"🔐🔑","n":{"x":"ü"}}'];

    for (let size = 1; size <= bytes.length; size++) {
      // Act
      const got: Buffer[] = [];
      const splitter = new JsonByteSplitter(2, false);
      for (const chunk of chunksOf(bytes, size))
        splitter.push(chunk, (buf, start, end) => got.push(Buffer.from(buf.subarray(start, end))));
      splitter.end();

      // Assess
      expect(got.map((b) => b.toString('utf8'))).toEqual(expected);
      expect(Buffer.concat(got).equals(Buffer.from(expected.join('')))).toBe(true);
    }
  });

  it('gives the same objects and members as the text splitter, for records spanning many chunks', () => {
    // Prepare
    const records = [
      '{"eventTime":"2024-05-01T00:00:00Z","userIdentity":{"userName":"Zoë \\"q\\" \\\\","arn":"a:b/c"},"n": 12 ,"z":null}',
      '{"skip":{"eventTime":"nested"},"eventTime":"2024-05-01T00:00:01Z","o":{"k":[1,"}"]},"errorCode":"Denied"}',
      '{"eventName":"日本","big":"' + 'x'.repeat(5000) + '","eventTime":"2024-05-01T00:00:02Z","t":true}',
    ];
    const text = `{"Records":[${records.join(',')}]}`;
    const wanted = new Set(['eventTime', 'userIdentity', 'n', 'o', 'z', 'errorCode', 'eventName', 't']);
    const expected = splitText(text, 2, false, wanted);

    for (const size of [1, 2, 3, 7, 64, 1000, 4096, 1 << 20]) {
      // Act
      const got = splitBytes(chunksOf(Buffer.from(text), size), 2, false, wanted);

      // Assess
      expect(got).toEqual(expected);
    }
    expect(expected.members[0]).toMatchObject({ n: '12', z: 'null' });
    expect(expected.members[1].eventTime).toBe('"2024-05-01T00:00:01Z"');
    expect(expected.members[2].eventName).toBe('"日本"');
  });

  it.each([
    ['truncated object', '{"a":{"b":1}', /truncated/],
    ['unterminated string', '{"a":"b', /truncated/],
    ['string ending on a backslash', '{"a":"b\\', /truncated/],
    ['text between objects', '{"a":1} garbage {"b":2}', /unexpected 'g'/],
    ['unbalanced close', '{"a":1}}', /unbalanced/],
  ])('rejects a %s', (_name, text, error) => {
    // Act & Assess
    expect(() => splitBytes([Buffer.from(text)], 0, true)).toThrow(error);
  });
});

describe('spliceBytes', () => {
  const common = { logType: 'waf', timestamp: '2024-05-01T00:00:00.000Z' } as const;

  it.each([
    ['a record', Buffer.from(' {"a":"Zoë","b":{"c":1}}')],
    ['an empty record', Buffer.from('{ }')],
    [
      'invalid UTF-8',
      Buffer.concat([Buffer.from('{"a":"x'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]),
    ],
  ])('gives the same document as splicing the decoded text, for %s', (_name, bytes) => {
    // Prepare
    const expected = documentText(spliceDocument(common, bytes.toString('utf8')));

    // Act
    const spliced = spliceBytes(common, bytes, 0, bytes.length);

    // Assess
    expect(documentText(spliced)).toBe(expected);
    expect(Buffer.concat([Buffer.from(spliced.head), spliced.bytes]).equals(Buffer.from(expected))).toBe(
      true,
    );
    expect(JSON.parse(expected)).toMatchObject({ '@timestamp': common.timestamp, event: { dataset: 'waf' } });
  });
});
