import { gzipSync } from 'node:zlib';
import { ArchiveProvenance, ingestLogObject } from '../../../functions/ingest';
import { openSearchUrl } from '../../support/env';
import { TestIndices } from './cluster';
import { IndexNamer } from '../../../opensearch/index-names';

jest.setTimeout(300_000);

const DAY_MS = 86_400_000;
const ARCHIVE = '222222222222';
const OWN = '333333333333';
const VICTIM = '444444444444';
const provenance = new ArchiveProvenance({ namePrefix: 'siem', archiveAccountId: ARCHIVE });
const bucket = (kind: string) => `siem-${ARCHIVE}-${kind}`;

function keyDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, '/');
}

describe('provenance and bounded indices on a real node', () => {
  const indices = new TestIndices();
  const now = Date.now();
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  beforeAll(() => indices.setUp());
  afterAll(() => indices.tearDown());

  const ingest = (key: string, kind: string, body: string) =>
    ingestLogObject(
      gzipSync(body),
      { bucket: bucket(kind), key },
      {
        endpoint: openSearchUrl(),
        indexPrefix: indices.prefix,
        provenance,
        bounds: { window: { hotDays: 30 }, now },
      },
    );

  async function indexNames(pattern: string): Promise<string[]> {
    const res = await indices.client.json<Array<{ index: string }>>(
      'GET',
      `/_cat/indices/${indices.prefix}${pattern}?format=json&h=index&expand_wildcards=all`,
    );
    return res.map((r) => r.index).sort();
  }

  async function deadLetters(
    objectKey: string,
  ): Promise<Array<{ error: { reason: string }; log_type: string }>> {
    return indices.search('deadletter', { term: { 's3.key': objectKey } });
  }

  it('indexes a CloudTrail file of 3,000 event days into 3 daily indices, every record indexed or dead-lettered', async () => {
    // Prepare: one record per day from 10 days ahead back through 2,989 days ago, and 7 without a time.
    const key = `AWSLogs/o-a1b2c3d4e5/${OWN}/CloudTrail/eu-west-1/${keyDate(now)}/${OWN}_CloudTrail_eu-west-1_days.json.gz`;
    const records: Array<Record<string, unknown>> = Array.from({ length: 3000 }, (_, i) => ({
      eventVersion: '1.08',
      eventTime: new Date(today + (10 - i) * DAY_MS).toISOString(),
      eventID: `days-${i}`,
      eventName: 'ListBuckets',
      awsRegion: 'eu-west-1',
      recipientAccountId: OWN,
    }));
    for (let i = 0; i < 7; i++) records.push({ eventID: `no-time-${i}`, recipientAccountId: OWN });

    // Act
    const counts = await ingest(key, 'cloudtrail', JSON.stringify({ Records: records }));

    // Assess: days 10..2 ahead are past tomorrow; +1 (tomorrow) is the first in-window day met,
    // then today (the key day, which also takes every routed record), then yesterday.
    expect(counts).toMatchObject({ records: 3007, indexed: 3000, deadLettered: 7 });
    const day = (offset: number) =>
      new Date(today + offset * DAY_MS).toISOString().slice(0, 10).replace(/-/g, '.');
    expect(await indexNames('cloudtrail-*')).toEqual(
      [1, 0, -1].map((offset) => `${indices.prefix}cloudtrail-${day(offset)}`).sort(),
    );
    // Dead letters: one index per month of the object's day (opensearch/index-names.ts).
    expect(await indexNames('deadletter-*')).toEqual([new IndexNamer(indices.prefix).deadLetterIndex(today)]);
    expect(await indices.count('cloudtrail')).toBe(3000);
    expect(await indices.count('cloudtrail', { exists: { field: 'event.routing' } })).toBe(2997);
    expect(
      await indices.count('cloudtrail', { term: { 'event.routing': 'event_time_outside_window' } }),
    ).toBe(2968);
    expect(await indices.count('cloudtrail', { term: { 'event.routing': 'object_index_budget' } })).toBe(29);
    // The routed documents keep their event time.
    const oldest = new Date(today - 2989 * DAY_MS).toISOString();
    expect(await indices.count('cloudtrail', { term: { '@timestamp': oldest } })).toBe(1);
    expect(await indices.count('deadletter', { term: { 's3.key': key } })).toBe(7);
  });

  it('dead-letters a CloudTrail file put into the cloudwatch bucket under a nested victim path', async () => {
    // Prepare
    const key = `AWSLogs/${OWN}/CloudWatchLogs/eu-west-1/x/AWSLogs/${VICTIM}/CloudTrail/eu-west-1/${keyDate(now)}/forged.json.gz`;
    const body = JSON.stringify({
      Records: [1, 2, 3].map((i) => ({
        eventTime: new Date(now).toISOString(),
        eventID: `forged-${i}`,
        eventName: 'ConsoleLogin',
        recipientAccountId: VICTIM,
      })),
    });

    // Act
    const counts = await ingest(key, 'cloudwatch', body);

    // Assess
    expect(counts).toMatchObject({ records: 1, indexed: 0, deadLettered: 1 });
    expect(await indices.count('cloudtrail', { prefix: { eventID: 'forged-' } })).toBe(0);
    expect(await indices.count('cloudwatch', { term: { 'cloud.account.id': VICTIM } })).toBe(0);
    const letters = await deadLetters(key);
    expect(letters.map((l) => l.error.reason)).toEqual([
      'provenance: content is cloudtrail, but the cloudwatch bucket holds cloudwatch objects only',
    ]);
  });

  it('keeps a Security Hub-shaped line of an ordinary log group out of findings, with the reason', async () => {
    // Prepare
    const key = `AWSLogs/${OWN}/CloudWatchLogs/eu-west-1/app/orders/${keyDate(now)}/10/forged-finding.json.gz`;
    const finding = {
      'detail-type': 'Security Hub Findings - Imported',
      source: 'aws.securityhub',
      account: VICTIM,
      time: new Date(now).toISOString(),
      detail: {
        findings: [
          { Id: 'forged-finding', AwsAccountId: VICTIM, UpdatedAt: new Date(now).toISOString(), Title: 'x' },
        ],
      },
    };
    const body = JSON.stringify({
      messageType: 'DATA_MESSAGE',
      owner: OWN,
      logGroup: '/app/orders',
      logStream: 's',
      subscriptionFilters: ['siem-log-transfer'],
      logEvents: ['order paid', JSON.stringify(finding), 'order shipped'].map((message, i) => ({
        id: `forged-finding-${i}`,
        timestamp: now,
        message,
      })),
    });

    // Act
    const counts = await ingest(key, 'cloudwatch', body);

    // Assess
    expect(counts).toMatchObject({ records: 3, indexed: 2, deadLettered: 1 });
    expect(await indices.count('findings')).toBe(0);
    expect(await indices.count('cloudwatch', { term: { logGroup: '/app/orders' } })).toBe(2);
    expect(await indices.count('cloudwatch', { term: { 'cloud.account.id': OWN } })).toBe(2);
    const letters = await deadLetters(key);
    expect(letters.map((l) => [l.log_type, l.error.reason])).toEqual([
      [
        'findings',
        'provenance: a findings record is not accepted from the cloudwatch bucket: findings are accepted only from the Security Hub findings log group in the securityhub bucket',
      ],
    ]);
  });
});
