import { detectSourceFromContent } from '../../../functions/ingest/detect-source';
import { documentText } from '../../../functions/ingest/documents';
import { createTgwFlowParser, tgwFlowHeaderNames } from '../../../functions/ingest/parsers/tgwflow';
import { isVpcFlowHeader } from '../../../functions/ingest/parsers/vpcflow';
import type { ParsedRecord, UnparsableRecord } from '../../../functions/ingest/types';
import { fixture } from './fixtures';
import { documentsOf, getField } from './parsed-documents';

const pointer = {
  bucket: 'archive',
  key: 'AWSLogs/123456789010/vpcflowlogs/us-east-2/2021/05/04/123456789010_vpcflowlogs_us-east-2_fl-0a1b2c3d4e5f60718_20210504T1505Z_hash.log.gz',
};

/** Every document of an object through both entry points (text and bytes), in chunks of `size`. */
function parseBothWays(text: string, size: number): { text: string[]; bytes: string[]; bad: string[] } {
  const run = (feed: (p: ReturnType<typeof createTgwFlowParser>, sink: Sink) => void) => {
    const out: string[] = [];
    const bad: string[] = [];
    const sink: Sink = {
      record: (r: ParsedRecord) => out.push(`${r.id} ${r.timestamp} ${documentText(r)}`),
      unparsable: (u: UnparsableRecord) => bad.push(`${u.id} ${u.error}`),
    };
    const parser = createTgwFlowParser({
      ...pointer,
      objectId: 'obj',
      accountId: '123456789010',
      region: 'us-east-2',
    });
    feed(parser, sink);
    parser.end(sink);
    return { out, bad };
  };
  const viaText = run((p, sink) => {
    for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size), sink);
  });
  const bytes = Buffer.from(text);
  const viaBytes = run((p, sink) => {
    for (let i = 0; i < bytes.length; i += size) p.pushBytes!(bytes.subarray(i, i + size), sink);
  });
  expect(viaBytes.bad).toEqual(viaText.bad);
  return { text: viaText.out, bytes: viaBytes.out, bad: viaText.bad };
}
interface Sink {
  record(r: ParsedRecord): void;
  unparsable(u: UnparsableRecord): void;
}

describe('Transit Gateway flow log parser', () => {
  it('parses the default format (version 6) with numbers as numbers and the TGW fields by name', () => {
    // Act
    const docs = documentsOf(createTgwFlowParser, fixture('tgwflow/default-v6.log'), pointer);

    // Assess
    expect(docs).toHaveLength(4);
    expect(docs[0].timestamp).toBe(Date.UTC(2021, 4, 4, 15, 4, 21));
    expect(docs[0].document).toMatchObject({
      '@timestamp': '2021-05-04T15:04:21.000Z',
      version: 6,
      resource_type: 'TransitGateway',
      account_id: '123456789010',
      tgw_id: 'tgw-0a1b2c3d4e5f60718',
      tgw_attachment_id: 'tgw-attach-0aa11bb22cc33dd44',
      tgw_src_vpc_account_id: '123456789010',
      tgw_dst_vpc_account_id: '210987654321',
      tgw_src_az_id: 'use2-az1',
      tgw_pair_attachment_id: 'tgw-attach-0ee55ff66aa77bb88',
      srcaddr: '10.0.1.5',
      dstaddr: '10.1.2.6',
      srcport: 49152,
      dstport: 443,
      protocol: 6,
      packets: 10,
      bytes: 840,
      start: 1620140661,
      end: 1620140721,
      log_status: 'OK',
      type: 'IPv4',
      packets_lost_no_route: 0,
      packets_lost_blackhole: 0,
      packets_lost_mtu_exceeded: 0,
      packets_lost_ttl_expired: 0,
      tcp_flags: 19,
      region: 'us-east-2',
      flow_direction: 'egress',
    });
  });

  it.each([
    [0, 'success', '10.0.1.5', '10.1.2.6'],
    [1, 'failure', '10.0.1.5', '10.9.9.9'],
    [2, undefined, undefined, undefined],
    [3, 'success', '2600:1f16:409:6700:0:0:0:5', '2600:1f16:409:6702:0:0:0:6'],
  ])('record %i: event.outcome=%s source.ip=%s destination.ip=%s', async (i, outcome, src, dst) => {
    // Act
    const docs = documentsOf(createTgwFlowParser, fixture('tgwflow/default-v6.log'), pointer);

    // Assess
    const doc = docs[i].document;
    expect(getField(doc, 'event.dataset')).toBe('tgwflow');
    expect(getField(doc, 'event.outcome')).toBe(outcome);
    // A transit gateway forwards or drops: there is no accept/reject action.
    expect(getField(doc, 'event.action')).toBeUndefined();
    expect(getField(doc, 'source.ip')).toBe(src);
    expect(getField(doc, 'destination.ip')).toBe(dst);
    expect(getField(doc, 'cloud.account.id')).toBe('123456789010');
    expect(getField(doc, 'cloud.region')).toBe('us-east-2');
  });

  it('leaves out "-" fields of a NODATA record and still dates it by start', () => {
    // Act
    const docs = documentsOf(createTgwFlowParser, fixture('tgwflow/default-v6.log'), pointer);

    // Assess
    expect(Object.keys(docs[2].document).sort()).toEqual(
      [
        '@timestamp',
        'account_id',
        'cloud',
        'end',
        'event',
        'log_status',
        'region',
        'resource_type',
        'start',
        'tgw_attachment_id',
        'tgw_id',
        'version',
      ].sort(),
    );
    expect(docs[2].document.log_status).toBe('NODATA');
  });

  it('reads a custom format by its header: a subset in another order, losses counted from the fields present', () => {
    // Act
    const docs = documentsOf(createTgwFlowParser, fixture('tgwflow/custom-subset.log'), pointer);

    // Assess
    expect(docs.map((d) => d.document)).toEqual([
      expect.objectContaining({ dstport: 53, protocol: 17, bytes: 512, packets_lost_no_route: 3 }),
      expect.objectContaining({ dstport: 80, packets_lost_no_route: 0, packets_lost_ttl_expired: 0 }),
    ]);
    expect(docs.map((d) => getField(d.document, 'event.outcome'))).toEqual(['failure', 'success']);
    // No account-id field: the key's account.
    expect(getField(docs[0].document, 'cloud.account.id')).toBe('123456789010');
    expect(docs[0].document).not.toHaveProperty('resource_type');
  });

  it('keeps a field AWS appends later as a string, under its own name', () => {
    // Act
    const docs = documentsOf(createTgwFlowParser, fixture('tgwflow/appended-field.log'), pointer);

    // Assess
    expect(docs).toHaveLength(1);
    expect(docs[0].document).toMatchObject({
      version: 7,
      resource_type: 'TransitGatewayAttachment',
      tgw_new_field: 'future-value',
    });
    // No loss fields in this format: no outcome rather than a guessed one.
    expect(getField(docs[0].document, 'event.outcome')).toBeUndefined();
  });

  it('writes no document for a file that is only a header', () => {
    // Act
    const docs = documentsOf(createTgwFlowParser, fixture('tgwflow/header-only.log'), pointer);

    // Assess
    expect(docs).toEqual([]);
  });

  it.each([1, 7, 64, 65536])('writes the same documents from text and from bytes in chunks of %i', (size) => {
    // Arrange
    const text =
      fixture('tgwflow/default-v6.log').toString('utf8') +
      '6 TransitGateway 123456789010 tgw-1 tgw-attach-1 - - - - - - - - - - - "quoted" 10.0.0.9 1 2 6 1 1 1620140661 1620140721 OK IPv4 0 0 0 0 0 us-east-2 egress - -\n';

    // Act
    const { text: viaText, bytes: viaBytes, bad } = parseBothWays(text, size);

    // Assess
    expect(viaText).toHaveLength(5);
    expect(viaBytes).toEqual(viaText);
    expect(bad).toEqual([]);
    expect(viaText[4]).toContain('"srcaddr":"\\"quoted\\""');
  });

  it('dead-letters a line with a different number of fields than the header', () => {
    // Arrange
    const text = `${fixture('tgwflow/custom-subset.log').toString('utf8')}6 tgw-1 too few\n`;

    // Act
    const { text: docs, bad } = parseBothWays(text, 1 << 16);

    // Assess
    expect(docs).toHaveLength(2);
    expect(bad).toEqual(['obj-3 expected 13 fields, found 4']);
  });

  it('stores a header field named like a common field (destination) apart from it', () => {
    // Arrange
    const text = 'version tgw-id start destination\n6 tgw-1 1620140661 elsewhere\n';

    // Act
    const { text: docs } = parseBothWays(text, 1 << 16);

    // Assess
    expect(JSON.parse(docs[0].split(' ').slice(2).join(' '))).toMatchObject({
      flow_destination: 'elsewhere',
    });
  });
});

describe('Transit Gateway flow log header', () => {
  it('is told apart from a VPC flow log header by the transit gateway fields', () => {
    // Arrange
    const tgw = fixture('tgwflow/default-v6.log').toString('utf8').split('\n')[0];
    const vpc = fixture('vpcflow/custom-v5.log').toString('utf8').split('\n')[0];

    // Act and assess
    expect(tgwFlowHeaderNames(tgw)).toHaveLength(36);
    expect(tgwFlowHeaderNames(vpc)).toBeUndefined();
    // The VPC flow header check alone would accept it (srcaddr, start...): content detection asks TGW first.
    expect(isVpcFlowHeader(tgw)).toBe(true);
    expect(detectSourceFromContent(`${tgw}\n`)).toBe('tgwflow');
    expect(detectSourceFromContent(`${vpc}\n`)).toBe('vpcflow');
  });
});
