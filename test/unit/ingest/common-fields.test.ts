import { commonFieldsJson, type CommonFields } from '../../../functions/ingest/documents';
import type { LogType } from '../../../opensearch/log-types';
import { seededRandom } from '../../../scripts/bench/generate-logs';

/*
 * commonFieldsJson keeps quoted pieces of repeated values (event by action and outcome, cloud by
 * account and region, user) between calls. Here it is compared with the plain construction, one
 * JSON.stringify per value, on values that repeat, alternate and need escapes.
 */

/** The common fields as written before any piece was cached: the reference. */
function referenceJson(c: CommonFields): string {
  const s = JSON.stringify;
  let out = `{"@timestamp":${s(c.timestamp)},"event":{"dataset":${s(c.logType)}`;
  if (c.action !== undefined) out += `,"action":${s(c.action)}`;
  if (c.outcome !== undefined) out += `,"outcome":${s(c.outcome)}`;
  out += '}';
  if (c.accountId !== undefined) {
    out += `,"cloud":{"account":{"id":${s(c.accountId)}}`;
    if (c.region !== undefined) out += `,"region":${s(c.region)}`;
    out += '}';
  } else if (c.region !== undefined) out += `,"cloud":{"region":${s(c.region)}}`;
  if (c.sourceIp !== undefined) out += `,"source":{"ip":${s(c.sourceIp)}}`;
  if (c.destinationIp !== undefined) out += `,"destination":{"ip":${s(c.destinationIp)}}`;
  if (c.userName !== undefined) out += `,"user":{"name":${s(c.userName)}}`;
  return out;
}

const VALUES = [
  undefined,
  '',
  'GetObject',
  'RunInstances',
  '123456789012',
  '210987654321',
  'us-east-1',
  'eu-west-1',
  'eks-node',
  'jo"e',
  'back\\slash',
  'line\nbreak',
  'tab\there',
  'nul\u0000',
  'Zoë',
  '漢字',
  '😀',
  'lone \ud800 surrogate',
  'lone \udfff low',
  'x'.repeat(129),
  'y'.repeat(300),
  '"'.repeat(70),
];
const LOG_TYPES: LogType[] = ['cloudtrail', 'waf', 'vpcflow'];
const OUTCOMES = [undefined, 'success', 'failure'] as const;

describe('commonFieldsJson', () => {
  it('writes what one JSON.stringify per value writes, as values repeat and alternate', () => {
    // Arrange
    const next = seededRandom(13);
    const pick = <T>(from: readonly T[]): T => from[Math.floor(next() * from.length)];
    // Slices of a larger text, as the parsers hand them over, and equal values as other strings.
    const text = VALUES.filter((v) => v !== undefined).join('|');
    const sliced = (v: string | undefined) => {
      if (v === undefined || next() < 0.5) return v;
      const at = text.indexOf(v);
      return text.slice(at, at + v.length);
    };

    const cases = Array.from({ length: 20_000 }, (): CommonFields => ({
      logType: pick(LOG_TYPES),
      timestamp: pick(['2024-05-01T00:00:00.000Z', '2024-05-01T00:00:01.000Z', 'q"uote']),
      action: sliced(pick(VALUES)),
      outcome: pick(OUTCOMES),
      accountId: sliced(pick(VALUES)),
      region: sliced(pick(VALUES)),
      sourceIp: pick([undefined, '10.0.0.1', '::1', 'bad"ip']),
      destinationIp: pick([undefined, '192.168.1.1']),
      userName: sliced(pick(VALUES)),
    }));

    // Act
    const differing = cases.filter((fields) => commonFieldsJson(fields) !== referenceJson(fields));

    // Assess
    expect(differing.map((fields) => [commonFieldsJson(fields), referenceJson(fields)])).toEqual([]);
  });

  it('writes the same text after its caches fill and start over', () => {
    // Arrange: more distinct actions, users and account/region pairs than a cache holds, with repeats
    const cases = Array.from({ length: 3_000 }, (_, i): CommonFields => {
      const n = i % 7 === 0 ? i % 5 : i;
      return {
        logType: 'cloudtrail',
        timestamp: 't',
        action: `Action${n}`,
        outcome: 'success',
        accountId: String(100_000_000_000 + (n % 700)),
        region: `r-${n % 37}`,
        userName: `user-${n}${n % 3 ? '"' : ''}`,
      };
    });

    // Act
    const differing = cases.filter((fields) => commonFieldsJson(fields) !== referenceJson(fields));

    // Assess
    expect(differing).toEqual([]);
  });

  it('writes the same text for a value seen before under another log type or outcome', () => {
    // Arrange
    const base: CommonFields = { logType: 'cloudtrail', timestamp: 't', action: 'Act', outcome: 'success' };
    const variants: CommonFields[] = [
      base,
      { ...base, logType: 'waf' },
      { ...base, outcome: 'failure' },
      { ...base, outcome: undefined },
      base,
      { ...base, action: undefined },
      { ...base, accountId: '1', region: undefined },
      { ...base, accountId: '1', region: 'r' },
      { ...base, accountId: undefined, region: 'r' },
      { ...base, accountId: '1', region: 'r' },
    ];

    // Act & Assess
    for (const fields of variants) expect(commonFieldsJson(fields)).toBe(referenceJson(fields));
  });
});
