import fc from 'fast-check';
import type { SourceName } from '../../../../functions/ingest/types';
import { nestedObject } from './hostile-support';

/*
 * Generators of hostile but countable objects: each returns the object's text and how many records
 * it holds, so a test can check that documents plus dead letters account for every one of them.
 * Mutations keep brackets and quotes balanced (an unclosed bracket swallows the records after it,
 * which is a truncation, tested apart) but otherwise go wherever AWS would never go: nulls and
 * wrong types, extreme numbers and times, deep nesting, raw control characters, whitespace and
 * line endings, BOMs, invalid escapes and grammar errors.
 */

export interface Generated {
  readonly source: SourceName;
  readonly text: string;
  readonly records: number;
}

const ws = fc.constantFrom('', '', '', ' ', '\n  ', '\t', '\r\n', '\n\n');
const lineEnd = fc.constantFrom('\n', '\n', '\r\n', '\r');

/** Characters of hostile string contents (never an unescaped quote or a lone trailing backslash). */
const hostileChar = fc.oneof(
  fc.constantFrom('a', 'Z', '0', ' ', ':', '/', '-', '.', '{', '}', '[', ']', ','),
  fc.constantFrom(
    '\u0000',
    '\u0001',
    '\t',
    '\n',
    '\r',
    '\u001f',
    '\u007f',
    '\u00e9',
    '\u2028',
    '\uFEFF',
    '😀',
  ),
  fc.constantFrom('\\n', '\\"', '\\\\', '\\u0041', '\\x', '\\u12', '\\uZZZZ'),
);
const hostileString = fc.array(hostileChar, { maxLength: 12 }).map((cs) => `"${cs.join('')}"`);
const plainString = fc.constantFrom(
  '"GetObject"',
  '"ALLOW"',
  '"BLOCK"',
  '"192.0.2.1"',
  '"2001:db8::1"',
  '""',
);

/** Raw JSON-ish text of one value: valid or not, always balanced. */
const hostileValue: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(
      'null',
      'true',
      'false',
      'tru',
      'nul',
      '0',
      '-0',
      '01',
      '1.',
      '1e400',
      '-1e-400',
      '1.5',
      'NaN',
    ),
    fc.integer({ min: 1, max: 600 }).map((n) => '9'.repeat(n)),
    plainString,
    hostileString,
    fc.integer({ min: 60, max: 3000 }).map(nestedObject),
    fc.integer({ min: 60, max: 2000 }).map((n) => `${'['.repeat(n)}1${']'.repeat(n)}`),
    fc
      .array(fc.tuple(hostileString, ws, tie('value'), ws), { maxLength: 4 })
      .map((ms) => `{${ms.map(([k, a, v, b]) => `${a}${k}${b}:${a}${v}`).join(',')}}`),
    fc
      .array(fc.tuple(ws, tie('value')), { maxLength: 4 })
      .map((vs) => `[${vs.map(([a, v]) => a + v).join(',')}]`),
  ),
})).value;

const goodOrHostile = (good: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: hostileValue });

const epochMs = fc.oneof(
  fc.integer({ min: 1_600_000_000_000, max: 1_800_000_000_000 }).map(String),
  fc.constantFrom('1e20', '-1', '"1704164645000"', 'null', '1.5', '253402300800000', '0'),
);
const isoTime = fc.oneof(
  fc.constantFrom('"2024-01-02T03:04:05Z"', '"2024-01-02T03:04:05.123Z"'),
  fc.constantFrom(
    '"+010000-01-02T03:04:05Z"',
    '"2024-13-45T99:99:99Z"',
    '"yesterday"',
    'null',
    '12',
    '{"a":1}',
  ),
);

/** A JSON object whose members are `fields`, with hostile whitespace and an optional extra member. */
const objectOf = (fields: Array<[string, fc.Arbitrary<string>]>) =>
  fc
    .tuple(
      ...fields.map(([k, v]) => fc.tuple(fc.constant(k), v, ws)),
      fc.option(hostileValue, { nil: undefined }),
    )
    .map((parts) => {
      const extra = parts.pop() as string | undefined;
      const members = (parts as Array<[string, string, string]>).map(
        ([k, v, w]) => `${w}"${k}"${w}:${w}${v}`,
      );
      if (extra !== undefined) members.push(`"extra":${extra}`);
      return `{${members.join(',')}}`;
    });

const wafRecord = objectOf([
  ['timestamp', epochMs],
  ['webaclId', goodOrHostile(fc.constant('"arn:aws:wafv2:us-east-1:111122223333:regional/webacl/a/b"'))],
  ['action', goodOrHostile(plainString)],
  [
    'httpRequest',
    goodOrHostile(fc.constant('{"clientIp":"192.0.2.1","headers":[{"name":"h","value":"v"}]}')),
  ],
]);

/** Text between objects that is no record: starts with a letter, holds no `{` or newline. */
const junk = fc
  .array(fc.constantFrom('a', 'b', '1', ' ', '"', ':', '}', '\u0000', '\t'), { maxLength: 10 })
  .map((cs) => `x${cs.join('')}`);

export const wafObject: fc.Arbitrary<Generated> = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 5, arbitrary: wafRecord.map((r) => ({ r, n: 1 })) },
        { weight: 1, arbitrary: junk.map((r) => ({ r: `${r}\n`, n: 1 })) },
      ),
      {
        maxLength: 8,
      },
    ),
    fc.constantFrom('\n', '', '\r\n', ' '),
    fc.boolean(),
    fc.boolean(),
  )
  .map(([items, sep, bom, array]) => {
    const onlyRecords = items.every((i) => i.n === 1 && i.r.startsWith('{'));
    const body =
      array && onlyRecords ? `[${items.map((i) => i.r).join(`,${sep}`)}]` : items.map((i) => i.r).join(sep);
    return { source: 'waf' as const, text: (bom ? '\uFEFF' : '') + body, records: items.length };
  });

const cloudTrailRecord = objectOf([
  ['eventTime', isoTime],
  ['eventID', goodOrHostile(fc.constant('"0a1b2c3d-0000-4000-8000-000000000000"'))],
  ['eventName', goodOrHostile(fc.constantFrom('"RunInstances"', '"GetObject"'))],
  [
    'userIdentity',
    goodOrHostile(
      fc.constant('{"type":"IAMUser","userName":"alice","arn":"arn:aws:iam::111122223333:user/alice"}'),
    ),
  ],
  ['sourceIPAddress', goodOrHostile(plainString)],
  ['requestParameters', hostileValue],
  ['responseElements', goodOrHostile(fc.constant('{"instancesSet":{"items":[{"instanceId":"i-1"}]}}'))],
]);

export const cloudTrailObject: fc.Arbitrary<Generated> = fc
  .tuple(fc.array(fc.tuple(ws, cloudTrailRecord), { maxLength: 6 }), ws)
  .map(([records, w]) => ({
    source: 'cloudtrail' as const,
    text: `{${w}"Records"${w}:${w}[${records.map(([a, r]) => a + r).join(',')}${w}]}`,
    records: records.length,
  }));

/** Hostile values that are still valid JSON: a findings event must parse to be one. */
function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
const validHostileValue = hostileValue.filter(isJson);

const finding = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constant(
      '{"Id":"f1","AwsAccountId":"111122223333","UpdatedAt":"2024-01-02T03:04:05Z","Network":{"SourceIpV4":"192.0.2.1"}}',
    ),
  },
  {
    weight: 2,
    // Objects only, valid JSON only: otherwise the message is no findings event, just text.
    arbitrary: objectOf([
      ['Id', plainString],
      ['UpdatedAt', isoTime],
      ['Action', validHostileValue],
    ]).filter(isJson),
  },
  fc.constantFrom('null', '1', '"s"', '[]'),
);

/** One log event (as JSON text inside the payload) and how many records it holds. */
const logEvent: fc.Arbitrary<{ text: string; n: number }> = fc.oneof(
  fc
    .tuple(
      fc.oneof(
        fc.constantFrom('plain text', 'START RequestId: 1\n', ''),
        hostileValue.filter((v) => v.startsWith('{')),
        fc.array(hostileChar, { maxLength: 8 }).map((c) => c.join('')),
      ),
      fc.oneof(epochMs, fc.constant('1704164645000')),
      fc.option(plainString, { nil: undefined }),
    )
    .map(([message, ts, id]) => ({
      text: `{${id !== undefined ? `"id":${id},` : ''}"timestamp":${ts},"message":${JSON.stringify(message)}}`,
      n: 1,
    })),
  fc.array(finding, { maxLength: 4 }).map((fs) => {
    const message = `{"detail-type":"Security Hub Findings - Imported","account":"111122223333","time":"2024-01-02T03:04:05Z","detail":{"findings":[${fs.join(',')}]}}`;
    return { text: JSON.stringify({ id: 'e', timestamp: 1704164645000, message }), n: fs.length };
  }),
  fc
    .constantFrom('null', '[1]', '{"timestamp":1704164645000,"message":{"a":1}}', '"s"')
    .map((text) => ({ text, n: 1 })),
);

const payload: fc.Arbitrary<{ text: string; n: number }> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.array(logEvent, { maxLength: 4 }),
        fc.option(fc.constantFrom('"111122223333"', 'null', '7'), { nil: undefined }),
        ws,
      )
      .map(([events, owner, w]) => ({
        text: `{${w}"messageType":"DATA_MESSAGE",${owner !== undefined ? `"owner":${owner},` : ''}"logGroup":"g","logEvents":[${w}${events.map((e) => e.text).join(`,${w}`)}]}`,
        n: events.reduce((s, e) => s + e.n, 0),
      })),
  },
  fc.constantFrom(
    { text: '{"messageType":"CONTROL_MESSAGE","logEvents":[]}', n: 0 },
    { text: '{"messageType":"DATA_MESSAGE","logEvents":{"a":1}}', n: 1 },
    { text: '{"messageType":tru}', n: 1 },
    { text: '{"logEvents":[],"messageType":"DATA_MESSAGE","owner":"111122223333"}', n: 0 },
  ),
);

export const cloudWatchObject: fc.Arbitrary<Generated> = fc
  .tuple(fc.array(payload, { maxLength: 5 }), fc.constantFrom('\n', '\r\n', ''))
  .map(([payloads, sep]) => ({
    source: 'cloudwatch' as const,
    text: payloads.map((p) => p.text).join(sep) + sep,
    records: payloads.reduce((s, p) => s + p.n, 0),
  }));

/** A delimited field: normal, empty (`-`) or hostile, never a line break or the separator. */
const field = (normal: fc.Arbitrary<string>, sep: string) =>
  fc.oneof(
    { weight: 6, arbitrary: normal },
    fc.constantFrom(
      '-',
      '12345678901234567890',
      '9'.repeat(400),
      '007',
      `${':'.repeat(3000)}x`,
      '"q"',
      'a\\b',
      '\u0000',
      '\u00e9',
      '1e400',
    ),
    fc.constantFrom('a\tb', 'a b').filter((v) => !v.includes(sep)),
  );

/** Lines of a delimited format: each non-blank one is a record. */
const delimited = (line: fc.Arbitrary<string>) =>
  fc.array(
    fc.oneof(
      { weight: 8, arbitrary: line.map((l) => ({ l, n: 1 })) },
      { weight: 1, arbitrary: fc.constantFrom('', '   ').map((l) => ({ l, n: 0 })) },
    ),
    {
      maxLength: 8,
    },
  );

const vpcLine = fc
  .tuple(
    field(fc.constant('2'), ' '),
    field(fc.constant('111122223333'), ' '),
    field(fc.constant('eni-1'), ' '),
    field(fc.constantFrom('10.0.0.1', '2001:db8::1'), ' '),
    field(fc.constant('10.0.0.2'), ' '),
    field(fc.constantFrom('443', '0'), ' '),
    field(fc.constant('49152'), ' '),
    field(fc.constant('6'), ' '),
    field(fc.constant('10'), ' '),
    field(fc.constant('840'), ' '),
    field(fc.constant('1704164645'), ' '),
    field(fc.constant('1704164700'), ' '),
    field(fc.constantFrom('ACCEPT', 'REJECT'), ' '),
    field(fc.constant('OK'), ' '),
  )
  .map((fs) => fs.join(' '));

const VPC_HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';

export const vpcFlowObject: fc.Arbitrary<Generated> = fc
  .tuple(delimited(vpcLine), lineEnd, fc.boolean(), fc.boolean())
  .map(([lines, end, bom, blankFirst]) => ({
    source: 'vpcflow' as const,
    text:
      (bom ? '\uFEFF' : '') +
      (blankFirst ? end : '') +
      [VPC_HEADER, ...lines.map((l) => l.l)].join(end) +
      end,
    records: lines.reduce((s, l) => s + l.n, 0),
  }));

const albLine = fc
  .tuple(
    field(fc.constantFrom('http', 'h2'), ' '),
    field(fc.constant('2024-01-02T03:04:05.000000Z'), ' '),
    field(fc.constantFrom('192.0.2.1:2817', '[2001:db8::1]:80'), ' '),
    field(fc.constant('200'), ' '),
    field(fc.constant('34'), ' '),
  )
  .map(([type, time, client, status, bytes]) =>
    `x${type} ${time} app/lb/1 ${client} 10.0.0.1:80 0.000 0.001 0.000 ${status} 200 ${bytes} 366 "GET http://example.com/ HTTP/1.1" "curl/8" - - arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/t/1 "Root=1" "-" "-" 0 ${time} "forward"`.slice(
      1,
    ),
  );

export const elbObject: fc.Arbitrary<Generated> = fc
  .tuple(delimited(albLine), lineEnd)
  .map(([lines, end]) => ({
    source: 'elb' as const,
    text: lines.map((l) => l.l).join(end) + end,
    records: lines.reduce((s, l) => s + l.n, 0),
  }));

const s3Line = fc
  .tuple(
    field(fc.constant('[06/Feb/2019:00:00:38 +0000]'), ' '),
    field(fc.constant('192.0.2.3'), ' '),
    field(fc.constant('200'), ' '),
  )
  .map(
    ([time, ip, status]) =>
      `79a5 awsexamplebucket1 ${time} ${ip} arn:aws:iam::111122223333:user/alice 3E57427F3EXAMPLE REST.GET.VERSIONING - "GET /awsexamplebucket1?versioning HTTP/1.1" ${status} - 113 - 7 - "-" "S3Console/0.4" - s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader awsexamplebucket1.s3.us-west-1.amazonaws.com TLSV1.2`,
  );

export const s3AccessObject: fc.Arbitrary<Generated> = fc
  .tuple(delimited(s3Line), lineEnd)
  .map(([lines, end]) => ({
    source: 's3access' as const,
    text: lines.map((l) => l.l).join(end) + end,
    records: lines.reduce((s, l) => s + l.n, 0),
  }));

const cfLine = fc
  .tuple(
    field(fc.constant('2024-01-02'), '\t'),
    field(fc.constant('03:04:05'), '\t'),
    field(fc.constantFrom('192.0.2.1', '2001:db8::7'), '\t'),
    field(fc.constant('GET'), '\t'),
    field(fc.constantFrom('200', '000'), '\t'),
  )
  .map((fs) => `d${fs.join('\t')}`.slice(1))
  .filter((l) => !l.startsWith('#'));

export const cloudFrontObject: fc.Arbitrary<Generated> = fc
  .tuple(delimited(cfLine), lineEnd)
  .map(([lines, end]) => ({
    source: 'cloudfront' as const,
    text:
      ['#Version: 1.0', '#Fields: date time c-ip cs-method sc-status', ...lines.map((l) => l.l)].join(end) +
      end,
    records: lines.reduce((s, l) => s + l.n, 0),
  }));

export const ALL_OBJECTS: ReadonlyArray<readonly [string, fc.Arbitrary<Generated>]> = [
  ['cloudtrail', cloudTrailObject],
  ['cloudwatch and findings', cloudWatchObject],
  ['waf', wafObject],
  ['vpcflow', vpcFlowObject],
  ['elb', elbObject],
  ['s3access', s3AccessObject],
  ['cloudfront', cloudFrontObject],
];
