import { documentAccount, documentText, withRouting } from '../../../functions/ingest/documents';
import { objectContext } from '../../../functions/ingest/object-reader';
import { isIpLiteral } from '../../../functions/ingest/parsers/flow-log-bytes';
import { ipOf } from '../../../functions/ingest/parsers/safe-json';
import { TGW_FLOW_DEFAULT_FIELDS, createTgwFlowParser } from '../../../functions/ingest/parsers/tgwflow';
import { createVpcFlowParser } from '../../../functions/ingest/parsers/vpcflow';
import { VPC_FLOW_V5_FIELDS } from '../../../functions/ingest/parsers/vpcflow-fields';
import type {
  LogObjectParser,
  ObjectContext,
  ParsedRecord,
  UnparsableRecord,
} from '../../../functions/ingest/types';
import { seededRandom } from '../../../scripts/bench/generate-logs';

const ctx = objectContext({
  bucket: 'archive',
  key: 'AWSLogs/123456789010/vpcflowlogs/us-east-2/2021/05/04/x.log.gz',
});

interface Parsed {
  records: ParsedRecord[];
  documents: string[];
  unparsable: UnparsableRecord[];
  asBytes: number;
}

function parse(
  create: (c: ObjectContext) => LogObjectParser,
  feed: (p: LogObjectParser, sink: Sink) => void,
): Parsed {
  const out: Parsed = { records: [], documents: [], unparsable: [], asBytes: 0 };
  const sink: Sink = {
    record: (r) => {
      if (r.bytes !== undefined) out.asBytes++;
      out.records.push(r);
      out.documents.push(`${r.id} ${r.ordinal} ${r.timestamp} ${documentText(r)}`);
    },
    unparsable: (u) => out.unparsable.push(u),
  };
  const parser = create(ctx);
  feed(parser, sink);
  parser.end(sink);
  return out;
}
interface Sink {
  record(r: ParsedRecord): void;
  unparsable(u: UnparsableRecord): void;
}

function bothWays(create: (c: ObjectContext) => LogObjectParser, text: string) {
  const viaText = parse(create, (p, sink) => p.push(text, sink));
  const bytes = Buffer.from(text);
  const viaBytes = parse(create, (p, sink) => {
    for (let i = 0; i < bytes.length; i += 4096) p.pushBytes?.(bytes.subarray(i, i + 4096), sink);
  });
  return { viaText, viaBytes };
}

const ADDRESSES = [
  '10.0.0.1',
  '2001:db8::1',
  '::ffff:10.0.0.1',
  '1.2.3',
  '1.2.3.4.5',
  'fe80::a:B',
  '::',
  'x',
  '-',
];

describe('flow log byte path', () => {
  it('accepts exactly the addresses ipOf accepts', () => {
    // Prepare
    const next = seededRandom(7);
    const alphabet = '0123456789abcdefABCDEF:.:.g-x ';
    const samples = [
      ...ADDRESSES,
      '',
      '1',
      '1.1.1.1',
      '1234.1.1.1',
      '1..1.1',
      '.1.1.1',
      '1.1.1.1.',
      '255.255.255.255',
      '999.999.999.999',
      '1.2.3.1234',
      '1.2.3.4a',
      `${'1:'.repeat(22)}1`,
      `${'1:'.repeat(23)}`,
      'a.b:c',
      ':.',
      '1:.',
    ];
    const quads = '0123456789....';
    for (let i = 0; i < 20_000; i++) {
      const chars = i % 2 === 0 ? alphabet : quads;
      const n = Math.floor(next() * (i % 2 === 0 ? 48 : 18));
      let s = '';
      for (let k = 0; k < n; k++) s += chars[Math.floor(next() * chars.length)];
      samples.push(s);
    }

    // Act
    const disagreements = samples.filter((s) => {
      const b = Buffer.from(`  ${s}  `, 'latin1');
      return isIpLiteral(b, 2, b.length - 2) !== (ipOf(s) !== undefined);
    });

    // Assess
    expect(disagreements).toEqual([]);
    expect(samples.filter((s) => ipOf(s) !== undefined).length).toBeGreaterThan(20);
  });

  it('writes the text path documents for VPC flow lines with many distinct accounts, regions and actions', () => {
    // Prepare: more distinct values per field than the byte path keeps, over several seconds.
    const next = seededRandom(11);
    const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)];
    const accounts = Array.from({ length: 40 }, (_, i) => String(100000000000 + i * 7919));
    const lines = [VPC_FLOW_V5_FIELDS.join(' ')];
    for (let i = 0; i < 3000; i++) {
      const values: Record<string, string> = {};
      for (const f of VPC_FLOW_V5_FIELDS) values[f] = String(Math.floor(next() * 1000));
      values['account-id'] = pick([...accounts, '-', '12345', '']);
      values.region = pick(['us-east-1', 'eu-west-1', '-', `r${Math.floor(next() * 30)}`]);
      values.action = pick(['ACCEPT', 'REJECT', '-', 'DROP']);
      values.srcaddr = pick(ADDRESSES);
      values.start = pick([String(1620140661 + Math.floor(i / 7)), '-']);
      values.end = String(1620140721 + i);
      lines.push(VPC_FLOW_V5_FIELDS.map((f) => values[f]).join(' '));
    }

    // Act
    const { viaText, viaBytes } = bothWays(createVpcFlowParser, `${lines.join('\n')}\n`);

    // Assess
    expect(viaBytes.documents).toEqual(viaText.documents);
    expect(viaBytes.unparsable).toEqual(viaText.unparsable);
    expect(viaBytes.asBytes).toBeGreaterThan(2900);
    for (const d of viaBytes.documents.slice(0, 50))
      expect(() => JSON.parse(d.split(' ').slice(3).join(' ')) as unknown).not.toThrow();
  });

  it('writes the text path documents whatever the offset of a field end or an odd byte in a word', () => {
    // Prepare: values of 1 to 9 characters (a field end at each of a word's four bytes), some
    // with a byte the text path must handle (quote, backslash, tab, DEL, non-ASCII, double space)
    // at each position; `-` alone (left out), `--`, `-1`, `-a`, in the middle and at the end.
    const header =
      'version account-id interface-id srcaddr dstaddr srcport packets bytes start end action region';
    const odd = ['"', '\\', '\t', '\u007f', 'é', ' ', '\u0000'];
    const lines = [header];
    for (let i = 0; i < 2000; i++) {
      const len = (k: number) => 1 + ((i + k) % 9);
      const word = (k: number) => 'abcdefghi'.slice(0, len(k));
      let interfaceId = word(1);
      if (i % 5 === 0) {
        const at = Math.floor(i / 5) % interfaceId.length;
        const c = odd[Math.floor(i / 45) % odd.length];
        interfaceId = interfaceId.slice(0, at) + c + interfaceId.slice(at + 1);
      }
      const digits = (k: number) => String(10 ** (len(k) - 1) + i);
      lines.push(
        [
          ['5', '15', '125', '1250'][Math.floor(i / 9) % 4],
          '123456789010',
          interfaceId,
          i % 3 === 0 ? '10.0.0.1' : '-',
          word(2),
          digits(3),
          ['-', '-1', '--', digits(4), digits(4), digits(4), digits(4)][i % 7],
          i % 11 === 0 ? `0${digits(5)}` : digits(5),
          String(1620140661 + i),
          '1620140721',
          i % 2 === 0 ? 'ACCEPT' : 'REJECT',
          ['-', '--', '-a', word(6), word(6)][i % 5],
        ].join(' '),
      );
    }
    const text = `${lines.join('\n')}\n`;

    // Act
    const runs = [0, 1, 2, 3].map((shift) => {
      const { viaText, viaBytes } = bothWays(createVpcFlowParser, `${'\n'.repeat(shift)}${text}`);
      return { viaText, viaBytes };
    });

    // Assess
    for (const { viaText, viaBytes } of runs) {
      expect(viaBytes.documents).toEqual(viaText.documents);
      expect(viaBytes.unparsable).toEqual(viaText.unparsable);
      expect(viaBytes.asBytes).toBeGreaterThan(1500);
      expect(viaBytes.asBytes).toBeLessThan(2000);
      for (const d of viaBytes.documents)
        expect(() => JSON.parse(d.split(' ').slice(3).join(' ')) as unknown).not.toThrow();
    }
  });

  it('writes the text path documents for Transit Gateway lines, with both addresses and varying losses', () => {
    // Prepare
    const next = seededRandom(13);
    const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)];
    const lines = [TGW_FLOW_DEFAULT_FIELDS.join(' ')];
    for (let i = 0; i < 3000; i++) {
      const values: Record<string, string> = {};
      for (const f of TGW_FLOW_DEFAULT_FIELDS) values[f] = `v${Math.floor(next() * 50)}`;
      for (const f of TGW_FLOW_DEFAULT_FIELDS.filter((n) => n.startsWith('packets-lost-')))
        values[f] = pick(['0', '0', '0', String(Math.floor(next() * 40)), '-', '007']);
      values['account-id'] = pick(['123456789010', '210987654321', 'x']);
      values.region = pick(['us-east-2', '-']);
      values.srcaddr = pick(ADDRESSES);
      values.dstaddr = pick(ADDRESSES);
      values.start = String(1620140661 + Math.floor(i / 3));
      values.end = String(1620140721 + i);
      lines.push(TGW_FLOW_DEFAULT_FIELDS.map((f) => values[f]).join(' '));
    }

    // Act
    const { viaText, viaBytes } = bothWays(createTgwFlowParser, `${lines.join('\n')}\n`);

    // Assess
    expect(viaBytes.documents).toEqual(viaText.documents);
    expect(viaBytes.asBytes).toBe(3000);
    expect(viaBytes.documents.some((d) => d.includes(',"destination":{"ip":"2001:db8::1"}'))).toBe(true);
  });

  it('keeps the account in the head, where provenance reads it and routing is written', () => {
    // Prepare
    const header = 'version account-id srcaddr start end action region';
    const text = `${header}\n5 210987654321 10.0.0.1 1620140661 1620140721 ACCEPT us-east-1\n5 - 10.0.0.1 1620140661 1620140721 ACCEPT -\n`;

    // Act
    const { viaText, viaBytes } = bothWays(createVpcFlowParser, text);

    // Assess
    expect(viaBytes.asBytes).toBe(2);
    expect(viaBytes.records.map(documentAccount)).toEqual(['210987654321', '123456789010']);
    expect(viaBytes.records.map(documentAccount)).toEqual(viaText.records.map(documentAccount));
    const routed = viaBytes.records.map((r) => {
      const withIt = withRouting(r, 'object_index_budget');
      return withIt && 'head' in withIt ? documentText({ head: withIt.head, bytes: r.bytes }) : undefined;
    });
    expect(routed.map((d) => JSON.parse(d ?? '') as { event: { routing: string } })).toMatchObject([
      { event: { routing: 'object_index_budget' } },
      { event: { routing: 'object_index_budget' } },
    ]);
  });
});
