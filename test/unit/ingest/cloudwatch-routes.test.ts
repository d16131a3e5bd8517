import { createCloudWatchParser } from '../../../functions/ingest/parsers/cloudwatch';
import type { CloudWatchRoute } from '../../../functions/ingest/parsers/cloudwatch-event';
import {
  CloudWatchRouting,
  DEFAULT_CLOUDWATCH_ROUTING,
  GENERIC_ROUTE,
} from '../../../functions/ingest/parsers/cloudwatch-routes';
import type { ParsedRecord, UnparsableRecord } from '../../../functions/ingest/types';
import { fixture } from './fixtures';

const ctx = {
  bucket: 'archive',
  key: 'AWSLogs/123456789012/CloudWatchLogs/us-west-2/aws/lambda/payments/2019/04/11/16/abc.json.gz',
  accountId: '123456789012',
  region: 'us-west-2',
  objectId: 'OBJ',
};

function parse(text: string, routing?: CloudWatchRouting) {
  const records: ParsedRecord[] = [];
  const bad: UnparsableRecord[] = [];
  const parser = createCloudWatchParser(ctx, routing);
  const sink = {
    record: (r: ParsedRecord) => records.push(r),
    unparsable: (u: UnparsableRecord) => bad.push(u),
  };
  parser.push(text, sink);
  parser.end(sink);
  return { records, bad, text: records.map((r) => `${r.head ?? ''}${r.json ?? ''}`) };
}

const payload = (logGroup: string, logStream: string, messages: string[]) =>
  JSON.stringify({
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup,
    logStream,
    subscriptionFilters: ['siem'],
    logEvents: messages.map((message, i) => ({ id: String(i + 1), timestamp: 1554999100000 + i, message })),
  });

/** A route that marks its documents, so a test sees which route took which payload. */
const marker = (name: string, logGroup: RegExp, logStream?: RegExp): CloudWatchRoute => ({
  name,
  logGroup,
  logStream,
  logTypes: ['cloudwatch'],
  parse: (logEvent, _ctx, sink) => {
    const ordinal = sink.next();
    if (logEvent.message === 'boom') throw new Error('parser failed');
    sink.record({
      logType: 'cloudwatch',
      timestamp: 1,
      id: `${name}-${ordinal}`,
      ordinal,
      json: `{"route":"${name}"}`,
    });
  },
});

describe('CloudWatch Logs routing table', () => {
  it('sends log groups no row names through the generic route, byte for byte as before the table', () => {
    // Arrange: the same object through the default table and through an empty one
    const text = fixture('cloudwatch/lambda-and-findings.json').toString('utf8');

    // Act
    const routed = parse(text);
    const generic = parse(text, new CloudWatchRouting([]));

    // Assess
    expect(routed.text).toEqual(generic.text);
    expect(routed.records.map((r) => r.logType)).toEqual([
      'cloudwatch',
      'cloudwatch',
      'cloudwatch',
      'findings',
      'findings',
    ]);
    expect(routed.text[0]).toBe(
      '{"@timestamp":"2019-04-11T16:11:40.000Z","event":{"dataset":"cloudwatch"},"cloud":{"account":{"id":"123456789012"},' +
        '"region":"us-west-2"},"owner":"123456789012","logGroup":"/aws/lambda/payments","logStream":"2019/04/11/[$LATEST]abc",' +
        '"subscriptionFilters":["siem-archive"],"id":"34622316099697884706540976068822859012661220141643892546",' +
        '"timestamp":1554999100000,"message":"START RequestId: 5c2b2c35 Version: $LATEST\\n"}',
    );
  });

  it('picks the first row whose log group and stream both match, per payload', () => {
    // Arrange
    const routing = new CloudWatchRouting([
      marker('audit', /^\/aws\/eks\/[^/]+\/cluster$/, /^kube-apiserver-audit-/),
      marker('any-eks', /^\/aws\/eks\//),
    ]);
    const text = [
      payload('/aws/eks/prod/cluster', 'kube-apiserver-audit-0a1b', ['a', 'b']),
      payload('/aws/eks/prod/cluster', 'kube-scheduler-0a1b', ['c']),
      payload('/aws/lambda/x', 'kube-apiserver-audit-0a1b', ['d']),
    ].join('\n');

    // Act
    const { text: docs, records } = parse(text, routing);

    // Assess: ordinals run on across routes
    expect(records.map((r) => r.id)).toEqual(['audit-1', 'audit-2', 'any-eks-3', '1']);
    expect(docs.slice(0, 3)).toEqual(['{"route":"audit"}', '{"route":"audit"}', '{"route":"any-eks"}']);
    expect(records[3].logType).toBe('cloudwatch');
    expect(docs[3]).toContain('"logGroup":"/aws/lambda/x"');
  });

  it('dead-letters an event its route throws on, counted once, and goes on with the next', () => {
    // Arrange
    const routing = new CloudWatchRouting([marker('audit', /^\/aws\/eks\//)]);

    // Act
    const { records, bad } = parse(payload('/aws/eks/prod/cluster', 's', ['a', 'boom', 'c']), routing);

    // Assess
    expect(records.map((r) => r.ordinal)).toEqual([1, 3]);
    expect(bad).toEqual([expect.objectContaining({ ordinal: 2, error: 'Error: parser failed' })]);
  });

  it('takes the generic route for a payload without a string log group', () => {
    // Arrange
    const routing = new CloudWatchRouting([marker('all', /^/)]);

    // Act
    const route = routing.route(undefined, 'stream');

    // Assess
    expect(route).toBe(GENERIC_ROUTE);
  });

  it('lists every log type the table can yield, for the archive bucket contract', () => {
    // Act
    const types = DEFAULT_CLOUDWATCH_ROUTING.logTypes();

    // Assess
    expect(types).toEqual(expect.arrayContaining(['cloudwatch', 'findings']));
  });
});

describe('routed sources dead-letter what their format cannot be', () => {
  const event = (logGroup: string, logStream: string, message: unknown, timestamp: unknown = 1736935200000) =>
    JSON.stringify({
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup,
      logStream,
      subscriptionFilters: ['siem'],
      logEvents: [{ id: '1', timestamp, message }],
    });

  it.each([
    [
      'an EKS audit line that is not JSON',
      '/aws/eks/prod/cluster',
      'kube-apiserver-audit-1',
      'not JSON',
      'EKS audit log event is not a JSON object',
    ],
    [
      'a MySQL audit line without its fields',
      '/aws/rds/instance/db/audit',
      's',
      'not an audit record',
      'not a MySQL audit plugin record',
    ],
    [
      'a MySQL object quote never closed',
      '/aws/rds/cluster/db/audit',
      's',
      "1,h,u,10.0.0.1,1,2,QUERY,db,'open",
      'not a MySQL audit plugin record',
    ],
    [
      'a message that is not a string',
      '/aws/rds/instance/db/postgresql',
      's',
      5,
      'log event without a string message',
    ],
    [
      'an event without a valid time',
      '/aws/apigateway/access/a/prod',
      's',
      '{"status":"200"}',
      'log event without a valid timestamp',
    ],
  ])('%s', (_name, logGroup, logStream, message, error) => {
    // Act
    const timestamp = error.includes('timestamp') ? -1 : 1736935200000;
    const { records, bad } = parse(event(logGroup, logStream, message, timestamp));

    // Assess
    expect(records).toEqual([]);
    expect(bad).toEqual([
      expect.objectContaining({ ordinal: 1, id: '1', error: expect.stringContaining(error) }),
    ]);
  });
});
