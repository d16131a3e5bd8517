import { gzipSync } from 'node:zlib';
import type { BulkWriter } from '../../../functions/ingest/bulk-writer';
import { detectSourceFromKey } from '../../../functions/ingest/detect-source';
import {
  commonFieldsJson,
  documentAccount,
  documentText,
  keyAccountAndRegion,
  withRouting,
} from '../../../functions/ingest/documents';
import { ingestObject } from '../../../functions/ingest/ingest-object';
import { ArchiveProvenance } from '../../../functions/ingest/provenance';
import type { ParsedRecord, S3Pointer, UnparsableRecord } from '../../../functions/ingest/types';
import type { LogType } from '../../../opensearch/log-types';

const ARCHIVE = '222222222222';
const OWN = '333333333333';
const VICTIM = '444444444444';
const provenance = new ArchiveProvenance({ namePrefix: 'siem', archiveAccountId: ARCHIVE });
const bucket = (kind: string) => `siem-${ARCHIVE}-${kind}`;
const FINDINGS_PATH = 'aws/events/siem-securityhub-findings';

/** Records what ingestObject hands the writer, without a cluster. */
class CapturingWriter {
  readonly documents: ParsedRecord[] = [];
  readonly letters: Array<UnparsableRecord & { logType: LogType | 'unknown'; pointer: S3Pointer }> = [];
  add(record: ParsedRecord): undefined {
    this.documents.push(record);
    return undefined;
  }
  addUnparsable(record: UnparsableRecord, logType: LogType | 'unknown', pointer: S3Pointer): undefined {
    this.letters.push({ ...record, logType, pointer });
    return undefined;
  }
}

async function ingest(pointer: S3Pointer, body: Buffer | string) {
  const writer = new CapturingWriter();
  const result = await ingestObject(
    gzipSync(typeof body === 'string' ? Buffer.from(body) : body),
    pointer,
    writer as unknown as BulkWriter,
    { provenance },
  );
  const docs = writer.documents.map((r) => JSON.parse(documentText(r)) as Record<string, unknown>);
  return { result, writer, docs };
}

function cloudTrail(records: Array<Record<string, unknown>>): string {
  return JSON.stringify({
    Records: records.map((r, i) => ({
      eventVersion: '1.08',
      eventTime: '2024-05-01T10:00:00Z',
      eventName: 'ListBuckets',
      eventID: `event-${i}`,
      awsRegion: 'eu-west-1',
      userIdentity: { type: 'AssumedRole', accountId: OWN },
      recipientAccountId: OWN,
      ...r,
    })),
  });
}

function payload(owner: string, logGroup: string, messages: string[]): string {
  return JSON.stringify({
    messageType: 'DATA_MESSAGE',
    owner,
    logGroup,
    logStream: 's',
    subscriptionFilters: ['siem-log-transfer'],
    logEvents: messages.map((message, i) => ({
      id: `${i + 1}`,
      timestamp: Date.UTC(2024, 4, 1, 10),
      message,
    })),
  });
}

function findingsEvent(accountId: string, findingId: string): string {
  return JSON.stringify({
    version: '0',
    'detail-type': 'Security Hub Findings - Imported',
    source: 'aws.securityhub',
    account: accountId,
    time: '2024-05-01T10:00:00Z',
    region: 'eu-west-1',
    detail: {
      findings: [
        {
          SchemaVersion: '2018-10-08',
          Id: findingId,
          AwsAccountId: accountId,
          Region: 'eu-west-1',
          UpdatedAt: '2024-05-01T10:00:00Z',
          Title: 'forged',
        },
      ],
    },
  });
}

const cwKey = (account: string, group = 'app/orders') =>
  `AWSLogs/${account}/CloudWatchLogs/eu-west-1/${group}/2024/05/01/10/abc.json.gz`;
const ctKey = (account: string) =>
  `AWSLogs/o-a1b2c3d4e5/${account}/CloudTrail/eu-west-1/2024/05/01/${account}_CloudTrail_eu-west-1_x.json.gz`;

describe('key layouts are anchored at the first AWSLogs/ segment', () => {
  const nested = `AWSLogs/${OWN}/CloudWatchLogs/eu-west-1/x/AWSLogs/${VICTIM}/CloudTrail/eu-west-1/2024/05/01/f.json.gz`;

  it('reads a CloudTrail path nested in a CloudWatch key as CloudWatch of the writer', () => {
    // Act & Assess
    expect(detectSourceFromKey(nested)).toBe('cloudwatch');
    expect(keyAccountAndRegion(nested)).toEqual({ accountId: OWN, region: 'eu-west-1' });
  });

  it('still accepts a configured prefix before AWSLogs/', () => {
    // Act & Assess
    expect(detectSourceFromKey(`trail-prefix/${ctKey(OWN)}`)).toBe('cloudtrail');
    expect(keyAccountAndRegion(`trail-prefix/${ctKey(OWN)}`).accountId).toBe(OWN);
  });
});

describe('ArchiveProvenance.admitObject', () => {
  it.each([
    [bucket('cloudtrail'), ctKey(OWN), 'cloudtrail', OWN],
    [
      bucket('cloudtrail'),
      `AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/01/f.json.gz`,
      'cloudtrail',
      '111111111111',
    ],
    [bucket('cloudwatch'), cwKey(OWN), 'cloudwatch', OWN],
    [bucket('securityhub'), cwKey(OWN, FINDINGS_PATH), 'findings', OWN],
    [bucket('vpcflow'), `AWSLogs/${OWN}/vpcflowlogs/eu-west-1/2024/05/01/f.log.gz`, 'vpcflow', OWN],
    [bucket('waf'), `AWSLogs/${OWN}/WAFLogs/eu-west-1/acl/2024/05/01/10/f.gz`, 'waf', OWN],
    [
      bucket('s3access'),
      `${bucket('cloudtrail')}/2024-05-01-10-00-00-0D1E2F3A4B5C6D7E`,
      's3access',
      undefined,
    ],
    [
      bucket('elb-eu-west-1'),
      `AWSLogs/${OWN}/elasticloadbalancing/eu-west-1/2024/05/01/f.log.gz`,
      'elb',
      OWN,
    ],
    [bucket('cloudfront'), 'cdn/E2EXAMPLE1ABC.2024-05-01-10.a1b2c3d4.gz', 'cloudfront', undefined],
  ])('admits %s/%s, parsed as %s for account %s', (b, key, parseAs, account) => {
    // Act
    const admitted = provenance.admitObject({ bucket: b, key });

    // Assess
    expect(admitted).toMatchObject({ ok: true, admission: { parseAs, accountId: account } });
  });

  it.each([
    ['another bucket', 'elsewhere', cwKey(OWN), /not an archive bucket/],
    ['the snapshots bucket', bucket('snapshots'), cwKey(OWN), /not an archive bucket/],
    ['CloudTrail in the cloudwatch bucket', bucket('cloudwatch'), ctKey(VICTIM), /layout/],
    [
      'a CloudTrail path nested in a CloudWatch key, in the cloudtrail bucket',
      bucket('cloudtrail'),
      `AWSLogs/${OWN}/CloudWatchLogs/eu-west-1/x/AWSLogs/${VICTIM}/CloudTrail/eu-west-1/f.json.gz`,
      /layout/,
    ],
    ['a prefix before AWSLogs/ in a member bucket', bucket('cloudwatch'), `x/${cwKey(OWN)}`, /layout/],
    ['another log group in the securityhub bucket', bucket('securityhub'), cwKey(OWN), /layout/],
    ['WAF error output', bucket('waf'), `AWSLogs/${OWN}/WAFLogs-errors/eu-west-1/acl/f.gz`, /layout/],
  ])('refuses %s', (_name, b, key, reason) => {
    // Act
    const admitted = provenance.admitObject({ bucket: b, key });

    // Assess
    expect(admitted.ok).toBe(false);
    expect(!admitted.ok && admitted.reason).toMatch(reason);
  });
});

describe('ingestObject with provenance', () => {
  it('dead-letters, unparsed, a CloudTrail file in the cloudwatch bucket behind a nested key', async () => {
    // Prepare
    const key = `AWSLogs/${OWN}/CloudWatchLogs/eu-west-1/x/AWSLogs/${VICTIM}/CloudTrail/eu-west-1/2024/05/01/f.json.gz`;
    const body = cloudTrail([{ recipientAccountId: VICTIM }, { recipientAccountId: VICTIM }]);

    // Act
    const { result, writer } = await ingest({ bucket: bucket('cloudwatch'), key }, body);

    // Assess
    expect(writer.documents).toEqual([]);
    expect(writer.letters).toHaveLength(1);
    expect(writer.letters[0].error).toBe(
      'provenance: content is cloudtrail, but the cloudwatch bucket holds cloudwatch objects only',
    );
    expect(writer.letters[0].raw).toBe('');
    expect(result).toMatchObject({ records: 1, refused: 1 });
  });

  it('dead-letters a Security Hub-shaped line of an ordinary log group; the group’s other lines are indexed', async () => {
    // Prepare
    const body = payload(OWN, '/app/orders', [
      'order 1 paid',
      findingsEvent(VICTIM, 'forged-1'),
      'order 2 paid',
    ]);

    // Act
    const { result, writer, docs } = await ingest({ bucket: bucket('cloudwatch'), key: cwKey(OWN) }, body);

    // Assess
    expect(docs.map((d) => d.message)).toEqual(['order 1 paid', 'order 2 paid']);
    expect(docs.map((d) => (d.cloud as { account: { id: string } }).account.id)).toEqual([OWN, OWN]);
    expect(writer.letters.map((l) => [l.logType, l.error])).toEqual([
      [
        'findings',
        'provenance: a findings record is not accepted from the cloudwatch bucket: findings are accepted only from the Security Hub findings log group in the securityhub bucket',
      ],
    ]);
    expect(result).toMatchObject({ records: 3, refused: 1 });
  });

  it('indexes findings of the writer’s own account from the securityhub bucket, and dead-letters another account’s', async () => {
    // Prepare
    const body = payload(OWN, `/${FINDINGS_PATH}`, [
      findingsEvent(OWN, 'own-1'),
      findingsEvent(VICTIM, 'forged-2'),
    ]);

    // Act
    const { writer, docs } = await ingest(
      { bucket: bucket('securityhub'), key: cwKey(OWN, FINDINGS_PATH) },
      body,
    );

    // Assess
    expect(docs.map((d) => [d.Id, d.AwsAccountId])).toEqual([['own-1', OWN]]);
    expect(writer.letters.map((l) => l.error)).toEqual([
      `provenance: content claims account ${VICTIM} (AwsAccountId), but the object is under the key prefix of account ${OWN}, the only account that may write there`,
    ]);
  });

  it('dead-letters CloudWatch payloads whose owner is another account', async () => {
    // Prepare
    const body = [payload(OWN, '/app', ['mine']), payload(VICTIM, '/app', ['theirs'])].join('\n');

    // Act
    const { writer, docs } = await ingest({ bucket: bucket('cloudwatch'), key: cwKey(OWN) }, body);

    // Assess
    expect(docs.map((d) => d.message)).toEqual(['mine']);
    expect(writer.letters.map((l) => l.error)).toEqual([
      expect.stringContaining(`claims account ${VICTIM} (owner)`),
    ]);
  });

  it('checks recipientAccountId of CloudTrail records against the organization trail key, not the caller', async () => {
    // Prepare: a cross-account caller is normal; a record delivered for another account is not.
    const body = cloudTrail([
      { eventID: 'a', userIdentity: { type: 'AssumedRole', accountId: VICTIM } },
      { eventID: 'b', recipientAccountId: VICTIM },
    ]);

    // Act
    const { writer, docs } = await ingest({ bucket: bucket('cloudtrail'), key: ctKey(OWN) }, body);

    // Assess
    expect(docs.map((d) => d.eventID)).toEqual(['a']);
    expect(writer.letters.map((l) => l.error)).toEqual([
      expect.stringContaining(`claims account ${VICTIM} (recipientAccountId)`),
    ]);
  });

  it('refuses, unread, an object its bucket does not admit', async () => {
    // Act
    const { result, writer } = await ingest(
      { bucket: bucket('cloudwatch'), key: ctKey(VICTIM) },
      cloudTrail([{}]),
    );

    // Assess
    expect(result).toEqual({ records: 1, refused: 1, rerouted: 0, dailyIndices: 0 });
    expect(writer.letters[0]).toMatchObject({ ordinal: 0, raw: '', logType: 'unknown' });
    expect(writer.letters[0].error).toMatch(/^provenance: key does not have the cloudwatch bucket's layout/);
  });

  it('namespaces document ids by bucket and key account: one eventID in two accounts is two documents', async () => {
    // Prepare
    const mine = cloudTrail([{ eventID: 'same-id' }]);
    const theirs = cloudTrail([{ eventID: 'same-id', recipientAccountId: VICTIM }]);

    // Act
    const a = await ingest({ bucket: bucket('cloudtrail'), key: ctKey(OWN) }, mine);
    const again = await ingest({ bucket: bucket('cloudtrail'), key: ctKey(OWN) }, mine);
    const b = await ingest({ bucket: bucket('cloudtrail'), key: ctKey(VICTIM) }, theirs);

    // Assess
    expect(a.writer.documents[0].id).toBe(again.writer.documents[0].id);
    expect(a.writer.documents[0].id).not.toBe(b.writer.documents[0].id);
    expect(a.writer.documents[0].id).not.toContain('same-id');
  });
});

describe('the common-fields opening', () => {
  const base = { logType: 'cloudwatch' as const, timestamp: '2024-05-01T10:00:00.000Z' };

  it.each([
    ['an account', { ...base, accountId: OWN, region: 'eu-west-1' }, OWN],
    [
      'an action with quotes and braces',
      { ...base, action: 'a"},"cloud":{"account":{"id":"x"}}', accountId: OWN },
      OWN,
    ],
    ['no account', { ...base, region: 'eu-west-1' }, undefined],
  ])('gives the account of a document with %s', (_name, common, expected) => {
    // Prepare: a record that names another account after the common fields.
    const json = `${commonFieldsJson(common)},"json":{"cloud":{"account":{"id":"${VICTIM}"}}}}`;

    // Act & Assess
    expect(documentAccount({ json })).toBe(expected);
  });

  it('is null for a document that does not open with the common fields', () => {
    // Act & Assess
    expect(documentAccount({ json: `{"cloud":{"account":{"id":"${OWN}"}}}` })).toBeNull();
  });

  it('takes event.routing and keeps @timestamp', () => {
    // Prepare
    const head = `${commonFieldsJson({ ...base, accountId: OWN })},`;

    // Act
    const routed = withRouting({ head }, 'event_time_outside_window') as { head: string };

    // Assess
    expect(JSON.parse(`${routed.head}"x":1}`)).toEqual({
      '@timestamp': base.timestamp,
      event: { routing: 'event_time_outside_window', dataset: 'cloudwatch' },
      cloud: { account: { id: OWN } },
      x: 1,
    });
  });
});
