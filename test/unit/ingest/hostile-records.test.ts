import {
  MAX_LINE_CHARS,
  MAX_NESTING_DEPTH,
  MAX_RECORD_CHARS,
} from '../../../functions/ingest/parsers/safe-json';
import { depthOf, documentProblems, nestedObject, parse } from './property/hostile-support';

/*
 * One regression test per class of hostile record measured on the previous parsers: each either
 * failed the whole object, broke the bulk body, hung, or depended on chunking.
 */

const ct = (records: string[]) => `{"Records":[${records.join(',')}]}`;
const ctRecord = (extra = '', id = 'e1') =>
  `{"eventVersion":"1.08","eventTime":"2024-01-02T03:04:05Z","eventID":"${id}","eventName":"GetObject","awsRegion":"us-east-1"${extra}}`;
const cwPayload = (
  events: string,
  head = '"messageType":"DATA_MESSAGE","owner":"111122223333","logGroup":"g","logStream":"s","subscriptionFilters":["f"]',
) => `{${head},"logEvents":${events}}`;
const cwEvent = (message: unknown, id = 'i1', timestamp: unknown = 1704164645000) =>
  JSON.stringify({ id, timestamp, message });
const waf = (ts: unknown = 1704164645000) =>
  `{"timestamp":${String(ts)},"webaclId":"arn:aws:wafv2:us-east-1:111122223333:regional/webacl/a/b","action":"ALLOW","httpRequest":{"clientIp":"192.0.2.1"}}`;
const VPC_HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const vpc = (srcaddr = '10.0.0.1', start = '1704164645') =>
  `2 111122223333 eni-1 ${srcaddr} 10.0.0.2 443 49152 6 10 840 ${start} 1704164700 ACCEPT OK`;
const ALB =
  'http 2024-01-02T03:04:05.000000Z app/lb/1 192.0.2.1:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 "GET http://example.com:80/ HTTP/1.1" "curl/8" - - arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/t/1 "Root=1" "-" "-" 0 2024-01-02T03:04:05.000000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-"';
const CF_HEAD = '#Version: 1.0\n#Fields: date time c-ip cs-method sc-status\n';
const cf = (ip = '192.0.2.1') => `2024-01-02\t03:04:05\t${ip}\tGET\t200`;

function expectValidDocs(docs: string[]): void {
  for (const d of docs) expect(documentProblems(d)).toEqual([]);
}

describe('a hostile record fails only itself', () => {
  it.each([
    ['a null log event', `[null,${cwEvent('ok')}]`],
    ['a non-string message', `[${cwEvent({ a: 1 }, 'i0')},${cwEvent('ok')}]`],
    ['a log event that is an array', `[[1,2],${cwEvent('ok')}]`],
  ])('CloudWatch: %s is dead-lettered, the other event indexed', async (_name, events) => {
    const { docs, dead } = await parse(
      `${cwPayload(events)}\n${cwPayload(`[${cwEvent('next', 'i2')}]`)}\n`,
      'cloudwatch',
    );
    expect(docs).toHaveLength(2);
    expect(dead).toHaveLength(1);
    expectValidDocs(docs);
  });

  it('CloudWatch: logEvents as an object dead-letters that payload only', async () => {
    const { docs, dead } = await parse(
      `${cwPayload('{"a":1}')}\n${cwPayload(`[${cwEvent('ok')}]`)}\n`,
      'cloudwatch',
    );
    expect(docs).toHaveLength(1);
    expect(dead.map((d) => d.error)).toEqual([expect.stringMatching(/logEvents/)]);
  });

  const findingsMessage = (findings: string) =>
    `{"detail-type":"Security Hub Findings - Imported","account":"111122223333","region":"us-east-1","time":"2024-01-02T03:04:05Z","detail":{"findings":${findings}}}`;
  const finding = '{"Id":"f1","AwsAccountId":"111122223333","UpdatedAt":"2024-01-02T03:04:05Z"}';

  it.each([
    ['a null finding', `[null,${finding}]`, 1],
    ['a finding nested 5,000 deep', `[${finding.slice(0, -1)},"Resources":${nestedObject(5000)}}]`, 0],
  ])('findings: %s never throws', async (_name, findings, deadCount) => {
    const { docs, dead } = await parse(
      `${cwPayload(`[${cwEvent(findingsMessage(findings))}]`)}\n`,
      'findings',
    );
    expect(docs).toHaveLength(1);
    expect(dead).toHaveLength(deadCount);
    expectValidDocs(docs);
  });

  it.each([
    ['WAF timestamp 1e20', 'waf' as const, `${waf(1e20)}\n${waf()}\n`],
    [
      'CloudWatch timestamp 1e20',
      'cloudwatch' as const,
      `${cwPayload(`[${cwEvent('x', 'i0', 1e20)},${cwEvent('ok')}]`)}\n`,
    ],
    [
      'VPC flow 20-digit start',
      'vpcflow' as const,
      `${VPC_HEADER}\n${vpc('10.0.0.1', '12345678901234567890')}\n${vpc()}\n`,
    ],
    [
      'CloudTrail year 10000',
      'cloudtrail' as const,
      ct([ctRecord().replace('2024-01-02', '+010000-01-02'), ctRecord('', 'e2')]),
    ],
  ])('%s is dead-lettered as an invalid time', async (_name, source, text) => {
    const { docs, dead } = await parse(text, source);
    expect(docs).toHaveLength(1);
    expect(dead).toHaveLength(1);
    expectValidDocs(docs);
  });

  it.each([
    ['an invalid escape in a picked field', ctRecord().replace('"GetObject"', '"Get\\xObject"')],
    ['a grammar error', ctRecord(',"x":tru')],
    ['a raw NUL between tokens', ctRecord(',\u0000"x":1')],
  ])('CloudTrail: %s dead-letters the record, not the object', async (_name, bad) => {
    // Past the first 4 KB, which decide whether the object is binary at all.
    const good = Array.from({ length: 40 }, (_, i) => ctRecord('', `g${i}`));
    const { docs, dead } = await parse(ct([...good, bad, ctRecord('', 'e2')]), 'cloudtrail');
    expect(docs).toHaveLength(41);
    expect(dead).toHaveLength(1);
    expect(dead[0].error).toMatch(/invalid JSON/);
  });

  it(`CloudTrail: a record over ${MAX_RECORD_CHARS} characters is dead-lettered with a prefix, in 64 KB chunks`, async () => {
    const huge = ctRecord(`,"requestParameters":{"blob":"${'x'.repeat(MAX_RECORD_CHARS)}"}`, 'big');
    const { docs, dead } = await parse(ct([huge, ctRecord('', 'e2')]), 'cloudtrail', 64 * 1024);
    expect(docs).toHaveLength(1);
    expect(dead).toHaveLength(1);
    expect(dead[0].error).toMatch(/over the .* limit/);
    expect(dead[0].raw.length).toBeLessThanOrEqual(64 * 1024);
  });

  it('a truncated last record is dead-lettered, the ones before it indexed', async () => {
    const { docs, dead } = await parse(`${waf()}\n${waf()}\n${waf().slice(0, 40)}`, 'waf');
    expect(docs).toHaveLength(2);
    expect(dead.map((d) => d.error)).toEqual([expect.stringMatching(/ends mid-record/)]);
  });
});

describe('every document is one line of valid JSON', () => {
  it.each([
    [
      'CloudTrail pretty-printed',
      'cloudtrail' as const,
      JSON.stringify(JSON.parse(ct([ctRecord(), ctRecord('', 'e2')])), null, 2),
    ],
    [
      'WAF pretty-printed',
      'waf' as const,
      `${JSON.stringify(JSON.parse(waf()), null, 2)}\n${JSON.stringify(JSON.parse(waf()), null, '\t')}`,
    ],
    [
      'CloudWatch JSON message pretty-printed',
      'cloudwatch' as const,
      `${cwPayload(`[${cwEvent(JSON.stringify({ a: [1, { b: 2 }] }, null, 2))}]`)}\n`,
    ],
    [
      'a raw newline and tab inside a WAF string',
      'waf' as const,
      `${waf().replace('"ALLOW"', '"AL\nL\tOW"')}\n`,
    ],
    [
      'a CloudWatch payload without owner or id',
      'cloudwatch' as const,
      `{"messageType":"DATA_MESSAGE","logEvents":[{"timestamp":1704164645000,"message":"m"}]}\n`,
    ],
    [
      'a tab inside a VPC flow field',
      'vpcflow' as const,
      `${VPC_HEADER}\n${vpc().replace('eni-1', 'eni\t1')}\n`,
    ],
    ['a 400-digit ALB number', 'elb' as const, `${ALB.replace(' 34 366 ', ` ${'9'.repeat(400)} 366 `)}\n`],
    [
      'a VPC flow number with leading zeros',
      'vpcflow' as const,
      `${VPC_HEADER}\n${vpc().replace(' 443 ', ' 0443 ')}\n`,
    ],
    [
      'a 2,000-digit number in a WAF record',
      'waf' as const,
      `${waf().replace('"ALLOW"', `"ALLOW","n":${'7'.repeat(2000)}`)}\n`,
    ],
  ])('%s', async (_name, source, text) => {
    const { docs, dead } = await parse(text, source);
    expect(dead).toEqual([]);
    expect(docs.length).toBeGreaterThan(0);
    expectValidDocs(docs);
  });

  it('writes a number too long for the cluster (over 64 characters) as a string', async () => {
    const { docs } = await parse(`${waf().replace('"ALLOW"', `"ALLOW","n":${'7'.repeat(2000)}`)}\n`, 'waf');
    expect((JSON.parse(docs[0]) as { n: unknown }).n).toBe('7'.repeat(2000));
  });

  it('keeps the values of a pretty-printed record and of escaped control characters', async () => {
    const { docs } = await parse(`${waf().replace('"ALLOW"', '"AL\nLOW"')}\n`, 'waf');
    expect((JSON.parse(docs[0]) as { action: string }).action).toBe('AL\nLOW');
  });
});

describe(`nesting deeper than ${MAX_NESTING_DEPTH} never reaches the cluster`, () => {
  it.each([
    [
      'CloudTrail requestParameters 10,000 deep',
      'cloudtrail' as const,
      ct([ctRecord(`,"requestParameters":${nestedObject(10_000)}`)]),
    ],
    [
      'a CloudWatch JSON message 3,000 deep',
      'cloudwatch' as const,
      `${cwPayload(`[${cwEvent(nestedObject(3000))}]`)}\n`,
    ],
    [
      'a WAF record 5,000 deep',
      'waf' as const,
      `${waf().replace('"ALLOW"', `"ALLOW","deep":${nestedObject(5000)}`)}\n`,
    ],
  ])('%s: the deep subtree is kept as text in place', async (_name, source, text) => {
    const { docs, dead } = await parse(text, source);
    expect(dead).toEqual([]);
    expect(docs).toHaveLength(1);
    const doc = JSON.parse(docs[0]) as unknown;
    expect(depthOf(doc)).toBeLessThanOrEqual(MAX_NESTING_DEPTH + 2);
    expect(docs[0]).toContain('{\\"a\\":{\\"a\\":');
  });
});

describe('no regex backtracks on hostile values', () => {
  it.each([
    [
      'a VPC flow address made of colons',
      'vpcflow' as const,
      `${VPC_HEADER}\n${vpc(`${':'.repeat(200_000)}x`)}\n`,
    ],
    [
      'a CloudWatch sourceIPAddress made of colons',
      'cloudwatch' as const,
      `${cwPayload(`[${cwEvent(JSON.stringify({ sourceIPAddress: `${':'.repeat(200_000)}x` }))}]`)}\n`,
    ],
    [
      'an ALB client address made of colons',
      'elb' as const,
      `${ALB.replace('192.0.2.1:2817', `${':'.repeat(200_000)}x:1`)}\n`,
    ],
  ])('%s parses in under a second', async (_name, source, text) => {
    const started = Date.now();
    const { docs } = await parse(text, source);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(docs).toHaveLength(1);
  });
});

describe('nothing silently dropped', () => {
  it.each([
    ['ALB with CR-only line endings', 'elb' as const, `${ALB}\r${ALB}\r${ALB}\r`, 3],
    [
      'CloudFront with CR-only line endings',
      'cloudfront' as const,
      `${CF_HEAD}${cf()}\n${cf()}`.replace(/\n/g, '\r'),
      2,
    ],
    ['VPC flow with CR-only line endings', 'vpcflow' as const, `${VPC_HEADER}\r${vpc()}\r${vpc()}`, 2],
    ['WAF records wrapped in a JSON array', 'waf' as const, `[${waf()},\n${waf()}]`, 2],
    ['WAF after a UTF-8 BOM', 'waf' as const, `\uFEFF${waf()}\n${waf()}`, 2],
    [
      'VPC flow after a leading blank line',
      'vpcflow' as const,
      `\n${VPC_HEADER.replace(' log-status', '')}\n${vpc().replace(' OK', '')}\n`,
      1,
    ],
    ['VPC flow after a UTF-8 BOM', 'vpcflow' as const, `\uFEFF${VPC_HEADER}\n${vpc()}\n`, 1],
  ])('%s', async (_name, source, text, count) => {
    const { docs, dead } = await parse(text, source);
    expect(dead).toEqual([]);
    expect(docs).toHaveLength(count);
    expectValidDocs(docs);
  });

  it('text between WAF records becomes one dead letter per run, the records around it indexed', async () => {
    const { docs, dead } = await parse(`${waf()}\ngarbage here\n${waf()}"x"${waf()}`, 'waf');
    expect(docs).toHaveLength(3);
    expect(dead.map((d) => d.raw)).toEqual(['garbage here', '"x"']);
  });
});

describe('same bytes, same documents, whatever the chunking', () => {
  const pretty = `${cwPayload(`[${cwEvent('a')}]`).replace('{', '{\n  ')}\n`;
  it.each([
    [
      'a NUL byte on the second line',
      'cloudwatch' as const,
      `${cwPayload(`[${cwEvent('a')}]`)}\n\u0000${cwPayload(`[${cwEvent('b')}]`)}\n`,
    ],
    ['a pretty-printed payload', 'cloudwatch' as const, pretty],
    ['CRLF split between chunks', 'vpcflow' as const, `${VPC_HEADER}\r\n${vpc()}\r\n${vpc()}\r\n`],
    ['a CloudTrail file sniffed across chunks', 'cloudtrail' as const, ct([ctRecord(), ctRecord('', 'e2')])],
  ])('%s', async (_name, source, text) => {
    const outcome = async (chunk: number) => {
      try {
        const { docs, dead } = await parse(text, source, chunk, true);
        return { docs, dead: dead.map((d) => [d.ordinal, d.error, d.raw]) };
      } catch (err) {
        return { error: String(err) };
      }
    };
    const whole = await outcome(1 << 20);
    for (const size of [1, 2, 3, 7, 64]) expect(await outcome(size)).toEqual(whole);
  });
});

describe('line readers are linear in line length', () => {
  it.each([
    ['VPC flow', 'vpcflow' as const, VPC_HEADER],
    ['ALB', 'elb' as const, ''],
  ])(
    `%s: a 64 MB line in 64 KB chunks is dead-lettered as over ${MAX_LINE_CHARS} in seconds`,
    async (_name, source, header) => {
      const line = Buffer.alloc(64 * 1024 * 1024, 0x61);
      const data = Buffer.concat([Buffer.from(header ? `${header}\n` : ''), line, Buffer.from('\n')]);
      const started = Date.now();
      const { docs, dead } = await parse(data, source, 64 * 1024);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(docs).toEqual([]);
      expect(dead).toHaveLength(1);
      expect(dead[0].error).toMatch(/over the/);
    },
  );
});
