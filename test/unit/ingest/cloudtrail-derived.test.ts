import { getField, parseLogObject } from '../../../functions/ingest';
import { documentText } from '../../../functions/ingest/documents';
import { readLogObject } from '../../../functions/ingest/object-reader';
import { instanceSessionOf } from '../../../functions/ingest/parsers/cloudtrail-derived';
import { fixture } from './fixtures';

const KEY =
  'AWSLogs/333333333333/CloudTrail/eu-west-1/2026/03/02/333333333333_CloudTrail_eu-west-1_20260302T1000Z_x.json.gz';
const pointer = { bucket: 'archive', key: KEY };

type Rec = Record<string, unknown>;

const ALICE = {
  type: 'IAMUser',
  principalId: 'AIDAEXAMPLEALICE',
  arn: 'arn:aws:iam::333333333333:user/alice',
  accountId: '333333333333',
  userName: 'alice',
};
const ADMIN_SESSION = {
  type: 'AssumedRole',
  principalId: 'AROAEXAMPLEADMIN:alice',
  arn: 'arn:aws:sts::333333333333:assumed-role/admin/alice',
  accountId: '333333333333',
  sessionContext: { sessionIssuer: { type: 'Role', userName: 'admin' } },
};
const INSTANCE_SESSION = {
  type: 'AssumedRole',
  principalId: 'AROAEXAMPLEWEB:i-0a1b2c3d4e5f60718',
  arn: 'arn:aws:sts::333333333333:assumed-role/web/i-0a1b2c3d4e5f60718',
  accountId: '333333333333',
  sessionContext: { sessionIssuer: { type: 'Role', userName: 'web' }, ec2RoleDelivery: '2.0' },
};

const trust = (principal: unknown) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }],
  });

let n = 0;
const record = (eventName: string, fields: Rec): Rec => ({
  eventVersion: '1.09',
  userIdentity: ALICE,
  eventTime: '2026-03-02T10:00:00Z',
  eventSource: 'iam.amazonaws.com',
  eventName,
  awsRegion: 'eu-west-1',
  sourceIPAddress: '198.51.100.7',
  requestParameters: null,
  responseElements: null,
  eventID: `0000000${n++}-0000-4000-8000-000000000000`,
  recipientAccountId: '333333333333',
  ...fields,
});

async function derivedOf(records: Rec[], field: string): Promise<unknown[]> {
  const docs = await parseLogObject(Buffer.from(JSON.stringify({ Records: records })), pointer);
  return docs.map((d) => getField(d.document, field));
}

describe('CloudTrail derived fields', () => {
  describe('siem.iam.otherUser', () => {
    const records = [
      record('CreateAccessKey', { requestParameters: { userName: 'bob' } }),
      record('CreateAccessKey', { requestParameters: { userName: 'alice' } }),
      record('CreateAccessKey', {}),
      record('UpdateLoginProfile', { userIdentity: ADMIN_SESSION, requestParameters: { userName: 'alice' } }),
      record('CreateLoginProfile', {
        requestParameters: { userName: 'carol', passwordResetRequired: false },
      }),
      record('CreateAccessKey', { requestParameters: { userName: 'bob' }, errorCode: 'AccessDenied' }),
      record('DeleteAccessKey', { requestParameters: { userName: 'bob', accessKeyId: 'AKIAEXAMPLE' } }),
    ];

    it('names the target user when it is not the caller, for successful credential calls only', async () => {
      // Act
      const values = await derivedOf(records, 'siem.iam.otherUser');

      // Assess
      expect(values).toEqual(['bob', undefined, undefined, 'alice', 'carol', undefined, undefined]);
    });
  });

  describe('siem.policy.otherAccounts', () => {
    const records = [
      record('UpdateAssumeRolePolicy', {
        requestParameters: {
          roleName: 'deploy',
          policyDocument: trust({ AWS: 'arn:aws:iam::999988887777:root' }),
        },
      }),
      record('CreateRole', {
        requestParameters: {
          roleName: 'audit',
          assumeRolePolicyDocument: trust({
            AWS: [
              'arn:aws:iam::333333333333:role/ci',
              '444444444444',
              'arn:aws:sts::999988887777:assumed-role/x/y',
            ],
          }),
        },
      }),
      record('CreateRole', {
        requestParameters: {
          roleName: 'lambda',
          assumeRolePolicyDocument: trust({ Service: 'lambda.amazonaws.com' }),
        },
      }),
      record('SetQueueAttributes', {
        eventSource: 'sqs.amazonaws.com',
        requestParameters: { attributes: { Policy: trust({ AWS: '*' }) } },
      }),
      record('PutBucketPolicy', {
        eventSource: 's3.amazonaws.com',
        requestParameters: {
          bucketName: 'b',
          bucketPolicy: JSON.parse(trust({ AWS: '999988887777' })) as unknown,
        },
      }),
      record('SetTopicAttributes', {
        eventSource: 'sns.amazonaws.com',
        requestParameters: { attributeName: 'Policy', attributeValue: trust({ AWS: '999988887777' }) },
      }),
      record('SetTopicAttributes', {
        eventSource: 'sns.amazonaws.com',
        requestParameters: { attributeName: 'DisplayName', attributeValue: '999988887777' },
      }),
      record('PutResourcePolicy', {
        eventSource: 'secretsmanager.amazonaws.com',
        requestParameters: { secretId: 's', resourcePolicy: '{not json' },
      }),
    ];

    it('lists the accounts other than the resource’s own that Allow statements name as AWS principals', async () => {
      // Act
      const accounts = await derivedOf(records, 'siem.policy.otherAccounts');
      const counts = await derivedOf(records, 'siem.policy.otherAccountCount');

      // Assess
      expect(accounts).toEqual([
        ['999988887777'],
        ['444444444444', '999988887777'],
        undefined,
        undefined,
        ['999988887777'],
        ['999988887777'],
        undefined,
        undefined,
      ]);
      expect(counts).toEqual([1, 2, undefined, undefined, 1, 1, undefined, undefined]);
    });
  });

  describe('siem.ssm.decryptedParameters', () => {
    it('lists the parameters a successful read asked decrypted, whichever request field named them', async () => {
      // Prepare
      const read = (eventName: string, requestParameters: Rec, extra: Rec = {}) =>
        record(eventName, { eventSource: 'ssm.amazonaws.com', requestParameters, ...extra });
      const records = [
        read('GetParameter', { name: '/prod/db/password', withDecryption: true }),
        read('GetParameters', { names: ['/prod/a', '/prod/b', '/prod/a'], withDecryption: true }),
        read('GetParametersByPath', { path: '/prod/', recursive: true, withDecryption: true }),
        read('GetParameter', { name: '/prod/db/host', withDecryption: false }),
        read('GetParameter', { name: '/prod/db/host' }),
        read(
          'GetParameter',
          { name: '/prod/x', withDecryption: true },
          { errorCode: 'AccessDeniedException' },
        ),
      ];

      // Act
      const values = await derivedOf(records, 'siem.ssm.decryptedParameters');

      // Assess
      expect(values).toEqual([
        ['/prod/db/password'],
        ['/prod/a', '/prod/b'],
        ['/prod/*'],
        undefined,
        undefined,
        undefined,
      ]);
    });
  });

  describe('siem.ec2.instanceSession', () => {
    it('is the instance of an instance-profile session, on failed calls too', async () => {
      // Prepare
      const records = [
        record('ListBuckets', { eventSource: 's3.amazonaws.com', userIdentity: INSTANCE_SESSION }),
        record('ListUsers', { userIdentity: INSTANCE_SESSION, errorCode: 'AccessDenied' }),
        record('ListUsers', { userIdentity: ADMIN_SESSION }),
        record('RunInstances', {
          eventSource: 'ec2.amazonaws.com',
          userIdentity: INSTANCE_SESSION,
          responseElements: { instancesSet: { items: [{ instanceId: 'i-1' }, { instanceId: 'i-2' }] } },
        }),
      ];

      // Act
      const sessions = await derivedOf(records, 'siem.ec2.instanceSession');
      const launched = await derivedOf(records, 'siem.ec2.launchedInstances');

      // Assess
      expect(sessions).toEqual([
        'i-0a1b2c3d4e5f60718',
        'i-0a1b2c3d4e5f60718',
        undefined,
        'i-0a1b2c3d4e5f60718',
      ]);
      expect(launched).toEqual([undefined, undefined, undefined, 2]);
    });

    it.each([
      ['"arn":"arn:aws:sts::1:assumed-role/web/i-0123456789abcdef0"', 'i-0123456789abcdef0'],
      ['"arn":"arn:aws:sts::1:assumed-role/web/i-not-an-instance"', undefined],
      ['"arn":"arn:aws:iam::1:user/i-0123456789abcdef0"', undefined],
    ])('reads %s as %s', (identity, expected) => {
      expect(instanceSessionOf(`{${identity}}`)).toBe(expected);
    });
  });

  it('leaves every other document byte for byte as before: common fields, then the record', async () => {
    // Prepare
    const original = JSON.parse(fixture('cloudtrail/management-events.json').toString()) as {
      Records: Rec[];
    };
    const others = [
      ...original.Records,
      record('DeleteAccessKey', { requestParameters: { userName: 'bob' } }),
      record('CreateAccessKey', { requestParameters: { userName: 'alice' } }),
      record('GetRole', { requestParameters: { roleName: 'deploy' } }),
      record('GetParameter', { eventSource: 'ssm.amazonaws.com', requestParameters: { name: '/a' } }),
    ];
    const body = Buffer.from(`{"Records":[${others.map((r) => JSON.stringify(r)).join(',')}]}`);

    // Act
    const texts: string[] = [];
    for await (const batch of readLogObject(body, pointer))
      for (const r of batch.records) texts.push(documentText(r));

    // Assess
    expect(texts).toHaveLength(others.length);
    texts.forEach((text, i) => {
      expect(text).not.toContain('"siem"');
      const recordText = JSON.stringify(others[i]);
      expect(text.endsWith(recordText.slice(1))).toBe(true);
      expect(JSON.parse(text)).toMatchObject(others[i] ?? {});
    });
  });
});
