/**
 * The log-transferring function against moto's S3: real-format subscription payloads in, archive
 * objects out, read back and checked byte for byte.
 */
import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { CloudWatchLogsEvent } from 'aws-lambda';
import { getField, parseLogObject } from '../../../functions/ingest/index';
import {
  archiveS3ClientConfig,
  createTransferHandler,
  parseTransferConfig,
} from '../../../functions/log-transfer/handler';
import { createLogger } from '../../../functions/shared/logger';
import { awsTestClientConfig } from '../../support/env';

const ACCOUNT = '111122223333';
const REGION = 'eu-south-2';
const RUN = randomUUID().slice(0, 8);
const s3 = new S3Client({
  ...awsTestClientConfig(),
  region: 'us-east-1',
  forcePathStyle: true,
});

/** A Security Hub finding event as EventBridge writes it to a log group: the message is its JSON text. */
const securityHubEvent = JSON.stringify({
  version: '0',
  id: '8e5622f9-d81c-4d81-612a-000000000001',
  'detail-type': 'Security Hub Findings - Imported',
  source: 'aws.securityhub',
  account: ACCOUNT,
  time: '2026-11-25T09:15:02Z',
  region: REGION,
  resources: ['arn:aws:securityhub:eu-south-2::product/aws/guardduty/arn:aws:guardduty:finding/1'],
  detail: {
    findings: [
      {
        SchemaVersion: '2018-10-08',
        Id: 'arn:aws:guardduty:eu-south-2:111122223333:detector/d1/finding/f1',
        AwsAccountId: ACCOUNT,
        Title: 'EC2 instance is querying a domain associated with Bitcoin',
        Severity: { Label: 'HIGH', Normalized: 70 },
      },
      {
        SchemaVersion: '2018-10-08',
        Id: 'arn:aws:securityhub:eu-south-2:111122223333:control/s3/1',
        AwsAccountId: ACCOUNT,
        Title: 'S3 Block Public Access should be enabled',
        Severity: { Label: 'MEDIUM', Normalized: 40 },
      },
    ],
  },
});

/** What CloudWatch Logs sends a subscribed function: base64 of gzip of the subscription JSON. */
function subscriptionEvent(payload: Record<string, unknown>): CloudWatchLogsEvent {
  return {
    awslogs: { data: gzipSync(JSON.stringify(payload)).toString('base64') },
  };
}

function dataPayload(logGroup: string, logStream: string) {
  return {
    messageType: 'DATA_MESSAGE',
    owner: ACCOUNT,
    logGroup,
    logStream,
    subscriptionFilters: ['siem-log-transfer'],
    logEvents: [
      {
        id: '37951386606966983378809025079804211143289615424298221568',
        timestamp: Date.UTC(2026, 10, 25, 9, 15, 2, 311),
        message: securityHubEvent,
      },
      {
        id: '37951386606966983378809025079804211143289615424298221569',
        timestamp: Date.UTC(2026, 10, 25, 10, 0, 0, 5),
        message: 'START RequestId: 6c5e Version: $LATEST',
      },
    ],
  };
}

let buckets = 0;

/** A fresh bucket per test: the moto server is shared by every test file and kept across runs. */
async function newBucket(versioned: boolean): Promise<string> {
  const bucket = `it-log-movers-archive-${RUN}-${++buckets}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  if (versioned) {
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: bucket,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
  }
  return bucket;
}

/** Handler clients, destroyed after the run. */
const handlerClients: S3Client[] = [];

/** The handler as deployed in a non-home member region: its S3 client is built as handler.ts builds it. */
function handlerFor(bucket: string, findings?: { bucket: string; logGroup: string }) {
  return createTransferHandler(() => {
    const target = parseTransferConfig({
      ARCHIVE_BUCKET: bucket,
      FINDINGS_BUCKET: findings?.bucket,
      FINDINGS_LOG_GROUP: findings?.logGroup,
      // The bucket is in the home region, not the function's (moto's buckets are in us-east-1).
      ARCHIVE_REGION: 'us-east-1',
      AWS_REGION: REGION,
      ACCOUNT_ID: ACCOUNT,
    });
    const { endpoint, credentials, forcePathStyle } = awsTestClientConfig();
    const client = new S3Client({ ...archiveS3ClientConfig(target), endpoint, credentials, forcePathStyle });
    handlerClients.push(client);
    return {
      s3: client,
      target,
      logger: createLogger({ function: 'log-transfer' }, { write: () => undefined }),
    };
  });
}

async function keys(bucket: string): Promise<string[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (listed.Contents ?? []).map((o) => o.Key ?? '');
}

async function body(bucket: string, key: string): Promise<Buffer> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

afterAll(() => {
  s3.destroy();
  for (const client of handlerClients) client.destroy();
});

describe('log-transferring function', () => {
  it('archives a payload as one gzip JSON line under the account/region/group/hour key', async () => {
    // Prepare
    const bucket = await newBucket(false);
    const payload = dataPayload('/aws/events/securityhub-findings', '2026/11/25/[$LATEST]abc');

    // Act
    const result = await handlerFor(bucket)(subscriptionEvent(payload));

    // Assess
    expect(result.status).toBe('written');
    const [key, ...others] = await keys(bucket);
    expect(others).toEqual([]);
    expect(key).toMatch(
      /^AWSLogs\/111122223333\/CloudWatchLogs\/eu-south-2\/aws\/events\/securityhub-findings\/2026\/11\/25\/09\/[0-9a-f]{64}\.json\.gz$/,
    );
    const text = gunzipSync(await body(bucket, key ?? '')).toString('utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    const archived = JSON.parse(text);
    expect(archived).toEqual(payload);
    expect(archived.logEvents[0].message).toBe(securityHubEvent);
  });

  it('produces objects the ingestion parser reads as one document per event, findings split', async () => {
    // Prepare
    const bucket = await newBucket(false);
    const result = await handlerFor(bucket)(
      subscriptionEvent(dataPayload('/aws/events/securityhub', 'stream')),
    );
    const key = result.status === 'written' ? result.key : '';

    // Act
    const documents = await parseLogObject(await body(bucket, key), {
      bucket,
      key,
    });

    // Assess: the finding event yields its two findings, the plain line one document.
    const ids = documents.map((d) => getField(d.document, 'Id')).filter((id) => id !== undefined);
    const messages = documents.map((d) => getField(d.document, 'message')).filter((m) => m !== undefined);
    expect(documents).toHaveLength(3);
    expect(ids).toEqual([
      'arn:aws:guardduty:eu-south-2:111122223333:detector/d1/finding/f1',
      'arn:aws:securityhub:eu-south-2:111122223333:control/s3/1',
    ]);
    expect(messages).toEqual(['START RequestId: 6c5e Version: $LATEST']);
  });

  it('writes the findings log group to the findings bucket and other groups to the CloudWatch bucket', async () => {
    // Prepare
    const [cloudwatch, securityhub] = [await newBucket(false), await newBucket(false)];
    const findingsGroup = '/aws/events/siem-securityhub-findings';
    const handler = handlerFor(cloudwatch, { bucket: securityhub, logGroup: findingsGroup });

    // Act
    const findings = await handler(subscriptionEvent(dataPayload(findingsGroup, 'stream')));
    const other = await handler(subscriptionEvent(dataPayload('/app/orders', 'i-0abc')));

    // Assess: same key layout in both buckets, and the findings object still parses into findings.
    expect(findings).toMatchObject({ status: 'written', bucket: securityhub });
    expect(other).toMatchObject({ status: 'written', bucket: cloudwatch });
    const [findingsKey, ...moreFindings] = await keys(securityhub);
    expect(moreFindings).toEqual([]);
    expect(findingsKey).toMatch(
      /^AWSLogs\/111122223333\/CloudWatchLogs\/eu-south-2\/aws\/events\/siem-securityhub-findings\/2026\/11\/25\/09\/[0-9a-f]{64}\.json\.gz$/,
    );
    expect(await keys(cloudwatch)).toEqual([
      expect.stringMatching(
        /^AWSLogs\/111122223333\/CloudWatchLogs\/eu-south-2\/app\/orders\/2026\/11\/25\/09\//,
      ),
    ]);
    const documents = await parseLogObject(await body(securityhub, findingsKey ?? ''), {
      bucket: securityhub,
      key: findingsKey ?? '',
    });
    expect(documents.map((d) => d.index)).toEqual([
      'siem-findings-2026.11.25',
      'siem-findings-2026.11.25',
      'siem-cloudwatch-2026.11.25',
    ]);
  });

  it('writes the same key once when an invocation is retried, adding no version', async () => {
    // Prepare
    const bucket = await newBucket(true);
    const event = subscriptionEvent(dataPayload('/app/orders', 'i-0abc'));
    const handler = handlerFor(bucket);

    // Act
    const first = await handler(event);
    const retried = await handler(event);

    // Assess
    expect(first.status).toBe('written');
    expect(retried.status).toBe('already-present');
    expect(retried).toMatchObject({
      key: first.status === 'written' ? first.key : '',
    });
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect((versions.Versions ?? []).map((v) => v.Key)).toEqual([
      first.status === 'written' ? first.key : '',
    ]);
  });

  it('writes nothing for a CONTROL_MESSAGE', async () => {
    // Prepare
    const bucket = await newBucket(false);
    const control = {
      messageType: 'CONTROL_MESSAGE',
      owner: 'CloudwatchLogs',
      logGroup: '',
      logStream: '',
      subscriptionFilters: [],
      logEvents: [
        {
          id: '',
          timestamp: Date.UTC(2026, 10, 25, 9, 0),
          message: 'CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.',
        },
      ],
    };

    // Act
    const result = await handlerFor(bucket)(subscriptionEvent(control));

    // Assess
    expect(result).toEqual({ status: 'dropped', reason: 'control-message' });
    expect(await keys(bucket)).toEqual([]);
  });

  it('refuses a payload of another account without writing', async () => {
    // Prepare
    const bucket = await newBucket(false);
    const foreign = {
      ...dataPayload('/app/orders', 's'),
      owner: '999988887777',
    };

    // Act
    const attempt = handlerFor(bucket)(subscriptionEvent(foreign));

    // Assess
    await expect(attempt).rejects.toThrow(/payload from account 999988887777/);
    expect(await keys(bucket)).toEqual([]);
  });
});
