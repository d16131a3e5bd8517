import { gzipSync } from 'node:zlib';
import { ingestLogObject } from '../../../functions/ingest';
import type { WriteCounts } from '../../../functions/ingest/bulk-writer';
import { openSearchUrl } from '../../support/env';
import { TestIndices } from './cluster';

/*
 * Hostile nesting through the real ingestion path into the real node. Before the parsers bounded
 * nesting (safe-json, MAX_NESTING_DEPTH), a record nested thousands of levels deep reached a
 * flat_object field and the node died of a StackOverflowError in FlatObjectFieldMapper. Now each
 * such subtree is kept as a JSON string: the node stays up, and every record of each object is
 * indexed or dead-lettered, the normal records beside the deep ones included.
 */

jest.setTimeout(300_000);

const AWS = 'AWSLogs/123456789012';
const DEEP = 10_000;

/** `{"a":{"a":...{"a":1}...}}`, `depth` objects deep. */
function nestedObject(depth: number): string {
  return '{"a":'.repeat(depth - 1) + '{"a":1}' + '}'.repeat(depth - 1);
}

/** `[[...[1]...]]`, `depth` arrays deep. */
function nestedArray(depth: number): string {
  return '['.repeat(depth) + '1' + ']'.repeat(depth);
}

function cloudTrailRecord(id: string, extra = ''): string {
  return (
    `{"eventVersion":"1.09","eventTime":"2024-05-01T00:00:00Z","eventSource":"s3.amazonaws.com",` +
    `"eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.1",` +
    `"userIdentity":{"type":"IAMUser","userName":"alice","accountId":"123456789012"},` +
    `"eventID":"${id}","recipientAccountId":"123456789012"${extra}}`
  );
}

function wafRecord(id: string, extra = ''): string {
  return (
    `{"timestamp":1714521600000,"formatVersion":1,"webaclId":"arn:aws:wafv2:us-east-1:123456789012:regional/webacl/acl/${id}",` +
    `"terminatingRuleId":"Default_Action","action":"ALLOW","httpSourceName":"ALB",` +
    `"httpRequest":{"clientIp":"192.0.2.1","country":"US","uri":"/${id}","httpMethod":"GET"}${extra}}`
  );
}

function logEvent(id: string, message: string): object {
  return { id, timestamp: Date.UTC(2024, 4, 1), message };
}

function cloudWatchPayload(logEvents: object[]): string {
  return JSON.stringify({
    messageType: 'DATA_MESSAGE',
    owner: '123456789012',
    logGroup: '/aws/lambda/app',
    logStream: '2024/05/01/[$LATEST]abc',
    subscriptionFilters: ['siem-archive'],
    logEvents,
  });
}

function finding(id: string, extra = ''): string {
  return (
    `{"SchemaVersion":"2018-10-08","Id":"${id}","ProductArn":"arn:aws:securityhub:us-east-1::product/aws/guardduty",` +
    `"ProductName":"GuardDuty","AwsAccountId":"123456789012","Region":"us-east-1","Types":["TTPs/Discovery"],` +
    `"UpdatedAt":"2024-05-01T00:00:00.000Z","CreatedAt":"2024-05-01T00:00:00.000Z",` +
    `"Severity":{"Label":"HIGH","Normalized":70},"Title":"t","Description":"d"${extra}}`
  );
}

function findingsEvent(findings: string[]): string {
  return (
    `{"version":"0","id":"e1","detail-type":"Security Hub Findings - Imported","source":"aws.securityhub",` +
    `"account":"123456789012","time":"2024-05-01T00:00:00Z","region":"us-east-1","resources":[],` +
    `"detail":{"findings":[${findings.join(',')}]}}`
  );
}

describe('hostile nesting on the real node', () => {
  const indices = new TestIndices();
  beforeAll(() => indices.setUp());
  afterAll(() => indices.tearDown());

  const ingest = (text: string, key: string): Promise<WriteCounts> =>
    ingestLogObject(
      gzipSync(text),
      { bucket: 'archive', key },
      { endpoint: openSearchUrl(), indexPrefix: indices.prefix },
    );

  /** The node answers and is not red: a stack overflow in a mapper takes the whole node down. */
  async function expectNodeUp(): Promise<void> {
    const health = await indices.client.json<{ status: string }>('GET', '/_cluster/health');
    expect(['green', 'yellow']).toContain(health.status);
  }

  it('indexes CloudTrail records nested 10,000 deep beside normal ones', async () => {
    // Prepare: deep objects and arrays in a flat_object field and in an ordinary one.
    const records = [
      cloudTrailRecord('ct-normal-1'),
      cloudTrailRecord('ct-deep-object', `,"requestParameters":${nestedObject(DEEP)}`),
      cloudTrailRecord('ct-deep-array', `,"responseElements":{"items":${nestedArray(DEEP)}}`),
      cloudTrailRecord('ct-deep-extra', `,"additionalEventData":${nestedObject(DEEP)}`),
      cloudTrailRecord('ct-normal-2'),
    ];

    // Act
    const counts = await ingest(
      `{"Records":[${records.join(',')}]}`,
      `${AWS}/CloudTrail/us-east-1/2024/05/01/deep.json.gz`,
    );

    // Assess
    await expectNodeUp();
    // (two kept whole or in part as text in siem.conflicts: the node's mapping depth limit of 20
    // refuses the 64-level cut, and the writer's fallback keeps the rest of those records indexed)
    expect(counts).toMatchObject({ records: 5, indexed: 5, deadLettered: 0, keptAsText: 2 });
    expect(await indices.count('cloudtrail')).toBe(5);
    expect(await indices.count('cloudtrail', { terms: { eventID: ['ct-normal-1', 'ct-normal-2'] } })).toBe(2);
    expect(await indices.count('cloudtrail', { match: { 'siem.conflicts.value': 'ct-deep-array' } })).toBe(1);
  });

  it('indexes WAF records nested 10,000 deep beside normal ones, dead-letters the one the object ends inside', async () => {
    // Prepare
    const lines = [
      wafRecord('waf-normal-1'),
      wafRecord('waf-deep-rules', `,"ruleGroupList":${nestedArray(DEEP)}`),
      wafRecord('waf-deep-labels', `,"labels":[{"name":${nestedObject(DEEP)}}]`),
      `{"timestamp":1714521600000,"action":"ALLOW","httpRequest":${'{"a":'.repeat(DEEP)}1`, // never closed: the object ends inside it
    ];
    const text = `${lines.slice(0, 3).join('\n')}\n${wafRecord('waf-normal-2')}\n${lines[3]}\n`;

    // Act
    const counts = await ingest(text, `${AWS}/WAFLogs/us-east-1/acl/2024/05/01/00/00/deep.log.gz`);

    // Assess: the unclosed record ends the object mid-record, one dead letter
    await expectNodeUp();
    expect(counts).toMatchObject({ records: 5, indexed: 4, deadLettered: 1, keptAsText: 2 });
    expect(await indices.count('waf')).toBe(4);
    expect(
      await indices.count('waf', { terms: { 'httpRequest.uri': ['/waf-normal-1', '/waf-normal-2'] } }),
    ).toBe(2);
    expect(await indices.count('deadletter', { term: { log_type: 'waf' } })).toBe(1);
  });

  it('indexes CloudWatch JSON messages nested 3,000 and 10,000 deep beside normal ones', async () => {
    // Prepare
    const payload = cloudWatchPayload([
      logEvent('cw-normal-1', '{"level":"INFO","msg":"started"}'),
      logEvent('cw-deep-3000', `{"level":"WARN","detail":${nestedObject(3_000)}}`),
      logEvent('cw-deep-10000', `{"level":"WARN","detail":${nestedArray(DEEP)}}`),
      logEvent('cw-normal-2', 'plain text line'),
    ]);

    // Act
    const counts = await ingest(payload, `${AWS}/CloudWatchLogs/us-east-1/app/2024/05/01/00/deep.gz`);

    // Assess
    await expectNodeUp();
    expect(counts).toMatchObject({ records: 4, indexed: 4, deadLettered: 0 });
    expect(await indices.count('cloudwatch')).toBe(4);
    expect(await indices.count('cloudwatch', { term: { 'json.level': 'WARN' } })).toBe(2);
  });

  it('indexes findings nested 10,000 deep beside normal ones', async () => {
    // Prepare
    const event = findingsEvent([
      finding('finding-normal-1'),
      finding('finding-deep-object', `,"ProductFields":${nestedObject(DEEP)}`),
      finding(
        'finding-deep-array',
        `,"Resources":[{"Type":"Other","Id":"r","Details":${nestedArray(DEEP)}}]`,
      ),
      finding('finding-normal-2'),
    ]);
    const payload = cloudWatchPayload([logEvent('fe-1', event)]);

    // Act
    const counts = await ingest(payload, `${AWS}/CloudWatchLogs/us-east-1/findings/2024/05/01/00/deep.gz`);

    // Assess
    await expectNodeUp();
    expect(counts).toMatchObject({ records: 4, indexed: 4, deadLettered: 0, keptAsText: 2 });
    expect(await indices.count('findings')).toBe(4);
    expect(await indices.count('findings', { terms: { Id: ['finding-normal-1', 'finding-normal-2'] } })).toBe(
      2,
    );
  });
});
