import { documentText } from '../../../functions/ingest/documents';
import { objectContext } from '../../../functions/ingest/object-reader';
import { createVpcFlowParser } from '../../../functions/ingest/parsers/vpcflow';
import type { ParsedRecord, UnparsableRecord } from '../../../functions/ingest/types';

const ctx = objectContext({
  bucket: 'archive',
  key: 'AWSLogs/123456789010/vpcflowlogs/us-east-2/2021/05/04/x.log.gz',
});

interface Output {
  documents: Array<{ id: string; timestamp: number; text: string }>;
  unparsable: UnparsableRecord[];
}

/** Records written as bytes, i.e. by the byte path rather than its text fallback. */
let writtenAsBytes = 0;

function collect(feed: (p: ReturnType<typeof createVpcFlowParser>, sink: SinkOf) => void): Output {
  const out: Output = { documents: [], unparsable: [] };
  const sink = {
    record: (r: ParsedRecord) => {
      if (r.bytes !== undefined) writtenAsBytes++;
      out.documents.push({ id: r.id, timestamp: r.timestamp, text: documentText(r) });
    },
    unparsable: (u: UnparsableRecord) => out.unparsable.push(u),
  };
  const parser = createVpcFlowParser(ctx);
  feed(parser, sink);
  parser.end(sink);
  return out;
}
type SinkOf = Parameters<ReturnType<typeof createVpcFlowParser>['push']>[1];

const HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status region tcp-flags';
const LINES = [
  '5 123456789010 eni-1 10.0.0.1 10.0.0.2 443 49152 6 10 840 1620140661 1620140721 ACCEPT OK us-east-1 19',
  '5 123456789010 eni-2 2001:db8::1 10.0.0.2 - - - - - 1620140661 1620140721 REJECT OK - -',
  '5 - eni-3 - - - - - - - - - - NODATA - -',
  '5 123456789010 eni-4 10.0.0.1 10.0.0.2 80 80 6 1.5 -3 - 1620140722 - SKIPDATA eu-west-1 2',
  '5 123456789010 eni-5 10.0.0.1 10.0.0.2 80 80 6 12a 0x10 1620140661 1620140721 ACCEPT OK us-east-1 2',
  '5 123456789010 eni-6 "quoted" back\\slash 80 80 6 1 1 1620140661 1620140721 ACCEPT OK us-east-1 2',
  '5 123456789010 eni-7 10.0.0.1 10.0.0.2 80 80 6 1 1 1620140661 1620140721 ACCEPT OK région 2',
  '5 123456789010 eni-8 10.0.0.1 10.0.0.2 80 80 6 1 1 1620140661 1620140721 ACCEPT OK us-east-1',
  '5 123456789010 eni-9 10.0.0.1  80 80 6 1 1 1620140661 1620140721 ACCEPT OK us-east-1 2',
  '5 123456789010 eni-10 10.0.0.1 10.0.0.2 80 80 6 1 1 +5 1620140721 ACCEPT OK us-east-1 2',
  '',
  '   ',
  '5 999 eni-11 10.0.0.1 10.0.0.2 80 80 6 1 1 1620140661 1620140721 DROP OK us-east-1 2\r',
];

describe('VPC flow byte path', () => {
  it.each([1, 5, 64, 100_000])('writes the same documents as the text path (chunks of %i bytes)', (size) => {
    // Prepare
    const text = `${HEADER}\n${LINES.join('\n')}`;
    const bytes = Buffer.from(text);
    const expected = collect((p, sink) => p.push(text, sink));

    // Act
    writtenAsBytes = 0;
    const got = collect((p, sink) => {
      for (let i = 0; i < bytes.length; i += size) p.pushBytes?.(bytes.subarray(i, i + size), sink);
    });

    // Assess
    expect(got).toEqual(expected);
    expect(got.documents.length).toBeGreaterThanOrEqual(8);
    expect(writtenAsBytes).toBeGreaterThanOrEqual(4);
    expect(got.unparsable.length).toBeGreaterThanOrEqual(2);
    for (const d of got.documents) expect(() => JSON.parse(d.text) as unknown).not.toThrow();
  });

  it('keeps numbers as numbers and strings quoted', () => {
    // Act
    const { documents } = collect((p, sink) => p.pushBytes?.(Buffer.from(`${HEADER}\n${LINES[0]}\n`), sink));

    // Assess
    expect(JSON.parse(documents[0].text)).toMatchObject({
      '@timestamp': '2021-05-04T15:04:21.000Z',
      srcport: 443,
      bytes: 840,
      srcaddr: '10.0.0.1',
      region: 'us-east-1',
      log_status: 'OK',
      event: { dataset: 'vpcflow', action: 'ACCEPT', outcome: 'success' },
    });
  });

  it('writes the same documents as the text path under a header with fields it does not know', () => {
    // Prepare
    const text = `${HEADER} new-field other-new-field\n${LINES[0]} abc 12\n${LINES[1]} - -\n`;
    const expected = collect((p, sink) => p.push(text, sink));

    // Act
    writtenAsBytes = 0;
    const got = collect((p, sink) => p.pushBytes?.(Buffer.from(text), sink));

    // Assess
    expect(got).toEqual(expected);
    expect(writtenAsBytes).toBe(2);
    expect(JSON.parse(got.documents[0].text)).toMatchObject({ new_field: 'abc', other_new_field: '12' });
  });
});
