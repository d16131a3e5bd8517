import { ChunkText } from '../../../functions/ingest/chunk-text';
import { firstControlOrNonAscii } from '../../../functions/ingest/wasm-scanner';
import { documentText } from '../../../functions/ingest/documents';
import { createCloudTrailParser } from '../../../functions/ingest/parsers/cloudtrail';
import { createWafParser } from '../../../functions/ingest/parsers/waf';
import type {
  LogObjectParser,
  ObjectContext,
  ParsedRecord,
  UnparsableRecord,
} from '../../../functions/ingest/types';

/** What the scan must say, byte by byte. */
function reference(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] >= 32 && bytes[i] < 128) i++;
  return i;
}

/** Deterministic bytes: printable ASCII with a given byte at a given place. */
function printable(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = 32 + ((i * 31 + seed * 17) % 95);
  return bytes;
}

describe('firstControlOrNonAscii', () => {
  it('finds the first control or non-ASCII byte at every position of every block and window', () => {
    // Prepare: lengths around the 16-byte blocks and the 64 KiB window
    const lengths = [0, 1, 15, 16, 17, 31, 33, 65_535, 65_536, 65_537, 150_000];
    for (const length of lengths) {
      const clean = printable(length, length);
      expect(firstControlOrNonAscii(clean)).toBe(length);
      const places = [0, 1, 14, 15, 16, 17, length >> 1, 65_535, 65_536, 65_551, length - 1].filter(
        (p) => p >= 0 && p < length,
      );
      for (const place of places) {
        for (const byte of [0x00, 0x0a, 0x1f, 0x80, 0xc3, 0xff]) {
          const bytes = Buffer.from(clean);
          bytes[place] = byte;
          // Act and assess
          expect(firstControlOrNonAscii(bytes)).toBe(reference(bytes));
        }
      }
    }
  });

  it('passes every byte from space to DEL', () => {
    const bytes = Buffer.from(Array.from({ length: 96 }, (_, i) => 32 + i));
    expect(firstControlOrNonAscii(bytes)).toBe(96);
  });
});

describe('ChunkText', () => {
  it('hands over the bytes and where the first control character is for an ASCII chunk', () => {
    const text = new ChunkText();

    expect(text.write(Buffer.from('{"a":"b"}'))).toBe('{"a":"b"}');
    expect(text.bytes?.toString()).toBe('{"a":"b"}');
    expect(text.firstControl).toBe(9);

    expect(text.write(Buffer.from('{"a":\n"b"}'))).toBe('{"a":\n"b"}');
    expect(text.bytes).toBeDefined();
    expect(text.firstControl).toBe(5);
  });

  it('hands over no bytes for a chunk whose text is not its bytes one for one', () => {
    const text = new ChunkText();
    const e = Buffer.from('é'); // two bytes

    // A chunk with a non-ASCII character
    expect(text.write(Buffer.from('{"a":"é"}'))).toBe('{"a":"é"}');
    expect(text.bytes).toBeUndefined();
    expect(text.firstControl).toBe(-1);

    // A chunk ending mid-character, then an ASCII chunk that completes nothing: U+FFFD comes first
    text.write(Buffer.concat([Buffer.from('{"a":"'), e.subarray(0, 1)]));
    expect(text.write(Buffer.from('x"}'))).toBe('\ufffdx"}');
    expect(text.bytes).toBeUndefined();
  });
});

const ctx: ObjectContext = {
  bucket: 'b',
  key: 'k',
  accountId: '123456789012',
  region: 'us-east-1',
  objectId: 'obj',
};

let copiedAsBytes = 0;

function run(parser: LogObjectParser, feed: (p: LogObjectParser, sink: Sink) => void): string[] {
  const out: string[] = [];
  const sink: Sink = {
    record: (r: ParsedRecord) => {
      if (r.bytes !== undefined) copiedAsBytes++;
      out.push(`${r.id} ${r.timestamp} ${documentText(r)}`);
    },
    unparsable: (u: UnparsableRecord) => out.push(`bad ${u.id} ${u.error} ${u.raw}`),
  };
  feed(parser, sink);
  parser.end(sink);
  return out;
}
type Sink = { record(r: ParsedRecord): void; unparsable(u: UnparsableRecord): void };

describe('records copied as bytes', () => {
  const cloudTrailRecord = (i: number, agent: string) =>
    `{"eventTime":"2024-05-01T00:00:${String(i % 60).padStart(2, '0')}Z","eventID":"e-${i}","eventName":"GetObject",` +
    `"awsRegion":"us-east-1","recipientAccountId":"123456789012","sourceIPAddress":"10.0.0.${i % 250}",` +
    `"userIdentity":{"type":"IAMUser","userName":"u${i}"},"userAgent":${agent}}`;
  const agents = ['"plain"', '"ünï"', '"a\\nb"', '"raw\u0001control"', '"\\u00e9"', '"😀"', '{}'];
  const cloudTrail = Buffer.from(
    `{"Records":[${Array.from({ length: 300 }, (_, i) => cloudTrailRecord(i, agents[i % 7])).join(',')}, {} ]}`,
  );
  const waf = Buffer.from(
    Array.from(
      { length: 300 },
      (_, i) =>
        `{"timestamp":${1714521600000 + i},"webaclId":"arn:aws:wafv2:us-east-1:123456789012:regional/webacl/a/b",` +
        `"action":"${i % 3 ? 'ALLOW' : 'BLOCK'}","httpRequest":{"clientIp":"10.0.0.${i % 250}","uri":${agents[i % 7]}}}` +
        (i % 5 === 0 ? '\n' : ''),
    ).join(''),
  );

  it.each([
    ['CloudTrail', createCloudTrailParser, cloudTrail],
    ['WAF', createWafParser, waf],
  ])('%s: the same documents from bytes in chunks of any size as from the text whole', (_n, create, body) => {
    // Prepare
    const whole = run(create(ctx), (p, sink) => p.push(body.toString('utf8'), sink));
    copiedAsBytes = 0;

    for (const size of [1, 7, 64, 333, 4096, body.length]) {
      // Act
      const chunked = run(create(ctx), (p, sink) => {
        for (let at = 0; at < body.length; at += size) p.pushBytes?.(body.subarray(at, at + size), sink);
      });

      // Assess
      expect(chunked).toEqual(whole);
    }
    expect(whole.filter((line) => !line.startsWith('bad'))).toHaveLength(300);
    // Chunks holding no non-ASCII record (the smaller sizes) took the byte path.
    expect(copiedAsBytes).toBeGreaterThan(0);
  });
});
