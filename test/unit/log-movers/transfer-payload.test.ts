import { gunzipSync, gzipSync } from 'node:zlib';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  type CloudWatchLogsPayload,
  decodeSubscriptionData,
  encodeSubscriptionData,
  PayloadError,
} from '../../../functions/log-transfer/decode-payload';
import { archiveObjectKey, payloadObjectId, utcHourPath } from '../../../functions/log-transfer/object-key';
import {
  destinationBucket,
  encodeArchiveObject,
  transferPayload,
} from '../../../functions/log-transfer/transfer';

/** A Security Hub finding event as EventBridge delivers it to a log group: the message is its JSON text. */
const securityHubMessage = JSON.stringify({
  version: '0',
  id: 'f0b5',
  'detail-type': 'Security Hub Findings - Imported',
  source: 'aws.securityhub',
  account: '111122223333',
  region: 'eu-west-1',
  detail: {
    findings: [
      { Id: 'a', Title: 'S3 bucket public' },
      { Id: 'b', Title: 'Root login' },
    ],
  },
});

const payload: CloudWatchLogsPayload = {
  messageType: 'DATA_MESSAGE',
  owner: '111122223333',
  logGroup: '/aws/events/securityhub',
  logStream: 'stream-1',
  subscriptionFilters: ['siem-log-transfer'],
  logEvents: [
    {
      id: '31953106606966983378809025079804211143289615424298221568',
      timestamp: 1764061200123,
      message: securityHubMessage,
    },
    {
      id: '31953106606966983378809025079804211143289615424298221569',
      timestamp: 1764064800000,
      message: 'plain line',
    },
  ],
};

describe('decodeSubscriptionData', () => {
  it('decodes base64 gzip JSON and keeps unknown fields and message text as they are', () => {
    // Prepare
    const sent = { ...payload, policyLevel: 'ACCOUNT_LEVEL_POLICY' };
    const data = gzipSync(JSON.stringify(sent)).toString('base64');

    // Act
    const decoded = decodeSubscriptionData(data);

    // Assess
    expect(decoded).toEqual(sent);
    expect(decoded.logEvents[0]?.message).toBe(securityHubMessage);
  });

  it('round-trips with encodeSubscriptionData', () => {
    // Act
    const decoded = decodeSubscriptionData(encodeSubscriptionData(payload));

    // Assess
    expect(decoded).toEqual(payload);
  });

  it.each([
    ['not gzip', Buffer.from('{"a":1}').toString('base64'), /not base64-encoded gzip/],
    ['gzip of non-JSON', gzipSync('nope').toString('base64'), /does not hold JSON/],
    ['a JSON list', gzipSync('[]').toString('base64'), /payload is not a JSON object/],
    [
      'a missing logGroup',
      gzipSync(JSON.stringify({ ...payload, logGroup: undefined })).toString('base64'),
      /payload field logGroup is not a string/,
    ],
    [
      'an event without timestamp',
      gzipSync(JSON.stringify({ ...payload, logEvents: [{ id: '1', message: 'x' }] })).toString('base64'),
      /logEvents\[0\]\.timestamp is not a number/,
    ],
  ])('rejects %s', (_label, data, message) => {
    // Act
    const decode = () => decodeSubscriptionData(data);

    // Assess
    expect(decode).toThrow(PayloadError);
    expect(decode).toThrow(message);
  });
});

describe('archiveObjectKey', () => {
  it('lays out account, region, group without leading slash, UTC hour of the first event and the id', () => {
    // Act
    const key = archiveObjectKey({ accountId: '111122223333', region: 'eu-west-1', payload });

    // Assess: 1764061200123 is 2025-11-25T09:00:00.123Z.
    expect(key).toBe(
      `AWSLogs/111122223333/CloudWatchLogs/eu-west-1/aws/events/securityhub/2025/11/25/09/${payloadObjectId(payload)}.json.gz`,
    );
  });

  it.each([
    [0, '1970/01/01/00'],
    [Date.UTC(2024, 1, 29, 23, 59, 59, 999), '2024/02/29/23'],
    [Date.UTC(2025, 11, 31, 0, 0), '2025/12/31/00'],
  ])('formats %i as %s', (timestamp, expected) => {
    // Act
    const path = utcHourPath(timestamp);

    // Assess
    expect(path).toBe(expected);
  });

  it.each([
    [{ accountId: '1111', region: 'eu-west-1', payload }, /account id must be 12 digits/],
    [{ accountId: '111122223333', region: '../x', payload }, /not an AWS region name/],
    [{ accountId: '111122223333', region: 'eu-west-1', payload: { ...payload, logGroup: '//' } }, /is empty/],
    [
      { accountId: '111122223333', region: 'eu-west-1', payload: { ...payload, logEvents: [] } },
      /without log events/,
    ],
  ])('refuses %j', (input, message) => {
    // Act
    const build = () => archiveObjectKey(input);

    // Assess
    expect(build).toThrow(message);
  });
});

describe('payloadObjectId', () => {
  it('is the same for the same events and differs when any identifying part differs', () => {
    // Prepare
    const variants = [
      { ...payload, logGroup: '/other' },
      { ...payload, logStream: 'stream-2' },
      { ...payload, logEvents: payload.logEvents.slice(0, 1) },
    ];

    // Act
    const id = payloadObjectId(payload);
    const again = payloadObjectId({ ...payload, logEvents: [...payload.logEvents] });
    const others = variants.map(payloadObjectId);

    // Assess
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(again).toBe(id);
    expect(new Set([id, ...others]).size).toBe(4);
  });
});

describe('encodeArchiveObject', () => {
  it('is the payload as one gzip-compressed JSON line, byte-identical for equal payloads', () => {
    // Act
    const body = encodeArchiveObject(payload);

    // Assess
    const text = gunzipSync(body).toString('utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(text)).toEqual(payload);
    expect(encodeArchiveObject({ ...payload }).equals(body)).toBe(true);
  });
});

describe('transferPayload', () => {
  const target = { bucket: 'archive-cloudwatch', region: 'eu-west-1' };

  function fakeS3(failure?: Error) {
    const puts: PutObjectCommand['input'][] = [];
    const send = async (command: unknown) => {
      if (!(command instanceof PutObjectCommand)) throw new Error('unexpected command');
      if (failure) throw failure;
      puts.push(command.input);
      return {};
    };
    return { s3: { send } as unknown as Pick<S3Client, 'send'>, puts };
  }

  it('writes a write-once gzip object without ACL or encryption headers', async () => {
    // Prepare
    const { s3, puts } = fakeS3();

    // Act
    const result = await transferPayload(s3, payload, target);

    // Assess
    const key = archiveObjectKey({ accountId: '111122223333', region: 'eu-west-1', payload });
    expect(result).toMatchObject({ status: 'written', bucket: 'archive-cloudwatch', key, logEvents: 2 });
    expect(puts).toHaveLength(1);
    expect(puts[0]).toMatchObject({ Bucket: 'archive-cloudwatch', Key: key, IfNoneMatch: '*' });
    expect(puts[0]).not.toHaveProperty('ACL');
    expect(puts[0]).not.toHaveProperty('ServerSideEncryption');
  });

  it.each([
    ['a control message', { ...payload, messageType: 'CONTROL_MESSAGE' }, 'control-message'],
    ['a payload without events', { ...payload, logEvents: [] }, 'no-log-events'],
  ])('drops %s', async (_label, dropped, reason) => {
    // Prepare
    const { s3, puts } = fakeS3();

    // Act
    const result = await transferPayload(s3, dropped, target);

    // Assess
    expect(result).toEqual({ status: 'dropped', reason });
    expect(puts).toHaveLength(0);
  });

  it.each(['PreconditionFailed', 'ConditionalRequestConflict'])(
    'treats %s as the object being there already',
    async (errorName) => {
      // Prepare
      const { s3 } = fakeS3(
        Object.assign(new Error('At least one precondition failed'), { name: errorName }),
      );

      // Act
      const result = await transferPayload(s3, payload, target);

      // Assess
      expect(result.status).toBe('already-present');
    },
  );

  it('names bucket, key and cause when the write fails', async () => {
    // Prepare
    const { s3 } = fakeS3(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));

    // Act
    const attempt = transferPayload(s3, payload, target);

    // Assess
    await expect(attempt).rejects.toThrow(
      /^cannot write s3:\/\/archive-cloudwatch\/AWSLogs\/111122223333\/.* AccessDenied: Access Denied$/,
    );
  });

  describe('routing by log group', () => {
    const findingsGroup = '/aws/events/siem-securityhub-findings';
    const routed = {
      ...target,
      findings: { bucket: 'archive-securityhub', logGroup: findingsGroup },
    };

    it('writes the findings log group to the findings bucket under the same key layout', async () => {
      // Prepare
      const { s3, puts } = fakeS3();
      const findings = { ...payload, logGroup: findingsGroup };

      // Act
      const result = await transferPayload(s3, findings, routed);

      // Assess
      const key = archiveObjectKey({ accountId: '111122223333', region: 'eu-west-1', payload: findings });
      expect(key).toMatch(
        /^AWSLogs\/111122223333\/CloudWatchLogs\/eu-west-1\/aws\/events\/siem-securityhub-findings\/2025\/11\/25\/09\//,
      );
      expect(result).toMatchObject({ status: 'written', bucket: 'archive-securityhub', key });
      expect(puts).toEqual([expect.objectContaining({ Bucket: 'archive-securityhub', Key: key })]);
    });

    it.each([
      ['another log group', '/aws/lambda/orders'],
      ['a group that only starts like the findings group', `${findingsGroup}-copy`],
      ['a group that only ends like it', '/app/aws/events/siem-securityhub-findings'],
    ])('writes %s to the CloudWatch bucket', async (_label, logGroup) => {
      // Prepare
      const { s3, puts } = fakeS3();

      // Act
      const result = await transferPayload(s3, { ...payload, logGroup }, routed);

      // Assess
      expect(result).toMatchObject({ status: 'written', bucket: 'archive-cloudwatch' });
      expect(puts).toEqual([expect.objectContaining({ Bucket: 'archive-cloudwatch' })]);
    });

    it('sends everything to the CloudWatch bucket when no findings bucket is configured', () => {
      // Act & Assess
      expect(destinationBucket(findingsGroup, target)).toBe('archive-cloudwatch');
      expect(destinationBucket(findingsGroup, routed)).toBe('archive-securityhub');
    });

    it('names the findings bucket when writing there fails', async () => {
      // Prepare
      const { s3 } = fakeS3(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));

      // Act
      const attempt = transferPayload(s3, { ...payload, logGroup: findingsGroup }, routed);

      // Assess
      await expect(attempt).rejects.toThrow(/^cannot write s3:\/\/archive-securityhub\/AWSLogs\//);
    });
  });

  it("refuses another account's payload when the account is configured", async () => {
    // Prepare
    const { s3, puts } = fakeS3();

    // Act
    const attempt = transferPayload(s3, payload, { ...target, expectedAccountId: '999988887777' });

    // Assess
    await expect(attempt).rejects.toThrow(
      /payload from account 111122223333 .* archives account 999988887777/,
    );
    expect(puts).toHaveLength(0);
  });
});
