import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { CloudWatchLogsPayload } from '../../functions/log-transfer/decode-payload';
import { TGW_FLOW_DEFAULT_FIELDS } from '../../functions/ingest/parsers/tgwflow';
import { seededRandom } from '../demo/generate/random';
import { cloudWatchEventId } from '../demo/generate/cloudwatch-payload';

/*
 * Large archived objects of the wave-2 sources for the benchmark, the same bytes on every run.
 * Records are the unit-test fixtures' records (built from AWS's documented formats, odd and
 * appended fields included) repeated up to the requested count, each with its own id, so the
 * parser meets every shape the fixtures hold in the proportions they hold them. Transit Gateway
 * lines are generated field by field like the demo's, since a flow log is all variation.
 */

const FIXTURES = join(__dirname, '..', '..', 'test', 'fixtures');
const fixtureText = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');

export type BenchSource =
  | 'tgwflow'
  | 'guardduty'
  | 'config'
  | 'bedrock'
  | 'eksaudit'
  | 'rdsaudit'
  | 'apigateway'
  | 'linux'
  | 'windows'
  | 'clientvpn';

/** How the object is laid out: the naive baseline picks its obvious method by this. */
export type BenchLayout = 'header-lines' | 'json-lines' | 'json-items' | 'cloudwatch';

export interface BenchObject {
  readonly source: BenchSource;
  readonly layout: BenchLayout;
  readonly key: string;
  /** Gzipped, as the archive holds it. */
  readonly body: Buffer;
  readonly uncompressedBytes: number;
  /** Documents the ingestion must produce from it. */
  readonly records: number;
}

const ACCOUNT = '123456789012';

function gzipped(
  source: BenchSource,
  layout: BenchLayout,
  key: string,
  text: string,
  records: number,
): BenchObject {
  const raw = Buffer.from(text, 'utf8');
  return { source, layout, key, body: gzipSync(raw), uncompressedBytes: raw.length, records };
}

/** Transit Gateway flow log, default v6 format with its header, as the log delivery service writes it. */
function tgwFlowObject(count: number, seed: number): BenchObject {
  const random = seededRandom(seed);
  const start0 = Date.UTC(2021, 4, 4, 15, 0) / 1000;
  const lines: string[] = [TGW_FLOW_DEFAULT_FIELDS.join(' ')];
  for (let i = 0; i < count; i++) {
    const blackhole = random.next() < 0.02 ? random.int(1, 20) : 0;
    const udp = random.next() < 0.2;
    const packets = blackhole || random.int(1, 2000);
    const start = start0 + Math.floor(i / 50);
    const values: Record<(typeof TGW_FLOW_DEFAULT_FIELDS)[number], string | number> = {
      version: 6,
      'resource-type': 'TransitGateway',
      'account-id': '123456789010',
      'tgw-id': 'tgw-0a1b2c3d4e5f60718',
      'tgw-attachment-id': `tgw-attach-0aa11bb22cc33d${String(random.int(10, 99))}`,
      'tgw-src-vpc-account-id': '123456789010',
      'tgw-dst-vpc-account-id': '210987654321',
      'tgw-src-vpc-id': 'vpc-0a1b2c3d4e5f60001',
      'tgw-dst-vpc-id': 'vpc-0a1b2c3d4e5f60002',
      'tgw-src-subnet-id': 'subnet-0a1b2c3d4e5f60011',
      'tgw-dst-subnet-id': blackhole ? '-' : 'subnet-0a1b2c3d4e5f60022',
      'tgw-src-eni': 'eni-0a1b2c3d4e5f60101',
      'tgw-dst-eni': blackhole ? '-' : 'eni-0a1b2c3d4e5f60202',
      'tgw-src-az-id': 'use2-az1',
      'tgw-dst-az-id': blackhole ? '-' : 'use2-az2',
      'tgw-pair-attachment-id': blackhole ? '-' : 'tgw-attach-0ee55ff66aa77bb88',
      srcaddr: `10.0.${random.int(0, 15)}.${random.int(1, 254)}`,
      dstaddr: `10.${random.int(1, 9)}.${random.int(0, 255)}.${random.int(1, 254)}`,
      srcport: random.int(1024, 65535),
      dstport: random.pick([443, 53, 5432, 8443, 22, 3389]),
      protocol: udp ? 17 : 6,
      packets,
      bytes: packets * random.int(40, 1500),
      start,
      end: start + 60,
      'log-status': 'OK',
      type: 'IPv4',
      'packets-lost-no-route': 0,
      'packets-lost-blackhole': blackhole,
      'packets-lost-mtu-exceeded': 0,
      'packets-lost-ttl-expired': 0,
      'tcp-flags': udp ? 0 : random.pick([2, 3, 18, 19]),
      region: 'us-east-2',
      'flow-direction': random.next() < 0.5 ? 'egress' : 'ingress',
      'pkt-src-aws-service': '-',
      'pkt-dst-aws-service': random.next() < 0.05 ? 'S3' : '-',
    };
    lines.push(TGW_FLOW_DEFAULT_FIELDS.map((f) => values[f]).join(' '));
  }
  return gzipped(
    'tgwflow',
    'header-lines',
    `AWSLogs/123456789010/vpcflowlogs/us-east-2/2021/05/04/123456789010_vpcflowlogs_us-east-2_fl-0a1b2c3d4e5f60718_20210504T1505Z_bench.log.gz`,
    `${lines.join('\n')}\n`,
    count,
  );
}

const jsonLines = (path: string) =>
  fixtureText(path)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** Repeats `templates` up to `count`, giving each copy its own id in `idField`. */
function repeated(
  templates: readonly Record<string, unknown>[],
  count: number,
  idField: string,
): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => {
    const template = templates[i % templates.length]!;
    return { ...template, [idField]: `${String(template[idField] ?? 'bench')}-${i}` };
  });
}

function guardDutyObject(count: number): BenchObject {
  const findings = repeated(jsonLines('guardduty/findings.jsonl'), count, 'id');
  return gzipped(
    'guardduty',
    'json-lines',
    `AWSLogs/${ACCOUNT}/GuardDuty/us-east-1/2026/01/15/5c9a3e1f-2b4d-4c6e-8f0a-bench.jsonl.gz`,
    `${findings.map((f) => JSON.stringify(f)).join('\n')}\n`,
    count,
  );
}

function bedrockObject(count: number): BenchObject {
  const invocations = repeated(jsonLines('bedrock/invocations.log'), count, 'requestId');
  return gzipped(
    'bedrock',
    'json-lines',
    'AWSLogs/111122223333/BedrockModelInvocationLogs/eu-west-1/2024/12/06/02/20241206T0205Z_bench.json.gz',
    `${invocations.map((r) => JSON.stringify(r)).join('\n')}\n`,
    count,
  );
}

/** A Config history file: one JSON object whose configurationItems hold every item. */
function configObject(count: number): BenchObject {
  const history = JSON.parse(fixtureText('config/history.json')) as {
    configurationItems: Record<string, unknown>[];
  };
  const items = repeated(history.configurationItems, count, 'configurationStateId');
  return gzipped(
    'config',
    'json-items',
    `AWSLogs/${ACCOUNT}/Config/us-east-1/2026/1/15/ConfigHistory/${ACCOUNT}_Config_us-east-1_ConfigHistory_AWS::EC2::SecurityGroup_20260115T100211Z_20260115T100500Z_bench.json.gz`,
    JSON.stringify({ ...history, configurationItems: items }),
    count,
  );
}

/** The payloads of a fixture file (concatenated JSON objects, one per log stream). */
function payloads(path: string): CloudWatchLogsPayload[] {
  const text = fixtureText(path);
  const out: CloudWatchLogsPayload[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' && depth++ === 0) start = i;
    else if (c === '}' && --depth === 0)
      out.push(JSON.parse(text.slice(start, i + 1)) as CloudWatchLogsPayload);
  }
  return out;
}

/** CloudWatch Logs delivers a subscription's events in batches of at most about 1 MB. */
const PAYLOAD_MESSAGE_BYTES = 1_000_000;

type LogEvent = CloudWatchLogsPayload['logEvents'][number];

function inPayloads(events: readonly LogEvent[]): LogEvent[][] {
  const out: LogEvent[][] = [[]];
  let size = 0;
  for (const e of events) {
    if (size + e.message.length > PAYLOAD_MESSAGE_BYTES && out.at(-1)!.length > 0) {
      out.push([]);
      size = 0;
    }
    out.at(-1)!.push(e);
    size += e.message.length;
  }
  return out;
}

/** A JSON object with members: the fixtures' other lines (`{}`, banners) are rare in a real stream. */
const jsonMessage = (message: string) => message.startsWith('{"');

/**
 * The fixtures' log streams' subscription payloads (1 MB batches) concatenated in one object, as
 * the fixtures hold them: `count` log events in all, the fixtures' events repeated in their order
 * and proportions, each with its own event id. `keep` leaves out fixture events that take another route (an
 * execution-log line among access logs, the authenticator's lines among audit events): the bench
 * measures the source's parser, and the unit test holds every document to the source.
 */
function cloudWatchObject(
  source: BenchSource,
  fixtures: readonly string[],
  count: number,
  keep: (message: string) => boolean = () => true,
): BenchObject {
  const streams = fixtures
    .flatMap(payloads)
    .map((p) => ({ ...p, logEvents: p.logEvents.filter((e) => keep(e.message)) }))
    .filter((p) => p.logEvents.length > 0);
  const templates = streams.flatMap((p, s) => p.logEvents.map((e) => ({ s, e })));
  const events: LogEvent[][] = streams.map(() => []);
  for (let i = 0; i < count; i++) {
    const { s, e } = templates[i % templates.length]!;
    events[s]!.push({
      id: cloudWatchEventId(s, i),
      timestamp: e.timestamp + Math.floor(i / templates.length),
      message: e.message,
    });
  }
  const text = streams
    .flatMap((p, s) => inPayloads(events[s]!).map((logEvents) => `${JSON.stringify({ ...p, logEvents })}\n`))
    .join('');
  const first = streams[0]!;
  const group = first.logGroup.replace(/^\/+/, '');
  return gzipped(
    source,
    'cloudwatch',
    `AWSLogs/${first.owner}/CloudWatchLogs/eu-west-1/${group}/2025/01/15/10/bench.json.gz`,
    text,
    count,
  );
}

/** Every wave-2 source's object of `count` records; the same bytes for the same arguments. */
export function benchObjects(count: number, only?: readonly BenchSource[]): BenchObject[] {
  const makers: Record<BenchSource, () => BenchObject> = {
    tgwflow: () => tgwFlowObject(count, 7007),
    guardduty: () => guardDutyObject(count),
    config: () => configObject(count),
    bedrock: () => bedrockObject(count),
    eksaudit: () => cloudWatchObject('eksaudit', ['eksaudit/audit.json'], count, jsonMessage),
    rdsaudit: () =>
      cloudWatchObject('rdsaudit', ['rdsaudit/mysql-audit.json', 'rdsaudit/postgresql.json'], count),
    apigateway: () => cloudWatchObject('apigateway', ['apigateway/access.json'], count, jsonMessage),
    linux: () => cloudWatchObject('linux', ['linux/os-logs.json'], count),
    windows: () => cloudWatchObject('windows', ['windows/security-events.json'], count),
    clientvpn: () => cloudWatchObject('clientvpn', ['clientvpn/connections.json'], count, jsonMessage),
  };
  const sources = only ?? (Object.keys(makers) as BenchSource[]);
  return sources.map((s) => makers[s]());
}
