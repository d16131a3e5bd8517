import { getField, parseLogObject } from '../../../functions/ingest';
import { fixture, gzipFixture, inChunks } from './fixtures';

const KEY =
  'AWSLogs/123456789012/CloudTrail/us-west-2/2019/06/24/123456789012_CloudTrail_us-west-2_20190624T0005Z_x.json.gz';
const pointer = { bucket: 'archive', key: KEY };

describe('CloudTrail parser', () => {
  it('yields one document per record, keeping the original fields', async () => {
    // Prepare
    const original = JSON.parse(fixture('cloudtrail/management-events.json').toString()) as {
      Records: Array<Record<string, unknown>>;
    };

    // Act
    const docs = await parseLogObject(gzipFixture('cloudtrail/management-events.json'), pointer);

    // Assess
    expect(docs).toHaveLength(original.Records.length);
    docs.forEach((d, i) => {
      for (const [field, value] of Object.entries(original.Records[i]))
        expect(d.document[field]).toEqual(value);
    });
  });

  it.each([
    [
      0,
      'StartInstances',
      'success',
      'RoleToBeAssumed',
      '192.0.2.64',
      'us-west-2',
      'siem-cloudtrail-2019.06.24',
    ],
    [1, 'CreateUser', 'failure', 'Alice', '198.51.100.7', 'us-east-1', 'siem-cloudtrail-2019.06.24'],
    [2, 'ConsoleLogin', 'success', 'root', '203.0.113.12', 'us-east-1', 'siem-cloudtrail-2019.06.24'],
    [
      3,
      'SharedSnapshotCopyInitiated',
      'success',
      undefined,
      undefined,
      'us-west-2',
      'siem-cloudtrail-2019.06.24',
    ],
  ])(
    'record %i gets common fields action=%s outcome=%s user=%s ip=%s',
    async (i, action, outcome, user, ip, region, index) => {
      // Act
      const docs = await parseLogObject(fixture('cloudtrail/management-events.json'), pointer);

      // Assess
      const d = docs[i];
      expect(d.index).toBe(index);
      expect(getField(d.document, 'event.dataset')).toBe('cloudtrail');
      expect(getField(d.document, 'event.action')).toBe(action);
      expect(getField(d.document, 'event.outcome')).toBe(outcome);
      expect(getField(d.document, 'user.name')).toBe(user);
      expect(getField(d.document, 'source.ip')).toBe(ip);
      expect(getField(d.document, 'cloud.region')).toBe(region);
      expect(getField(d.document, 'cloud.account.id')).toBe('123456789012');
      expect(d.document['@timestamp']).toBe(new Date(d.document.eventTime as string).toISOString());
    },
  );

  it('uses the eventID as document id, so a redelivered file overwrites', async () => {
    // Act
    const docs = await parseLogObject(fixture('cloudtrail/management-events.json'), pointer);

    // Assess
    expect(docs.map((d) => d.id)).toEqual(docs.map((d) => d.document.eventID));
  });

  it.each([1, 7, 64, 1000])(
    'gives the same documents when the bytes arrive in %i-byte chunks',
    async (size) => {
      // Prepare
      const whole = await parseLogObject(fixture('cloudtrail/management-events.json'), pointer);

      // Act
      const chunked = await parseLogObject(
        inChunks(gzipFixture('cloudtrail/management-events.json'), size) as never,
        pointer,
      );

      // Assess
      expect(chunked).toEqual(whole);
    },
  );

  it('skips digest files', async () => {
    // Act
    const docs = await parseLogObject(fixture('cloudtrail/digest.json'), {
      bucket: 'archive',
      key: 'AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2019/06/24/digest.json.gz',
    });

    // Assess
    expect(docs).toEqual([]);
  });

  it('indexes Insights events with the insight event name as action', async () => {
    // Act
    const docs = await parseLogObject(fixture('cloudtrail/insight-events.json'), {
      bucket: 'archive',
      key: 'AWSLogs/123456789012/CloudTrail-Insight/us-east-1/2019/06/24/insight.json.gz',
    });

    // Assess
    expect(docs).toHaveLength(1);
    expect(getField(docs[0].document, 'event.action')).toBe('UpdateInstanceAssociationStatus');
    expect(getField(docs[0].document, 'insightDetails.insightType')).toBe('ApiCallRateInsight');
  });

  it('fails a truncated gzip object with a clear error', async () => {
    // Prepare
    const gz = gzipFixture('cloudtrail/management-events.json');

    // Act
    const result = parseLogObject(gz.subarray(0, gz.length - 40), pointer);

    // Assess
    await expect(result).rejects.toThrow(/unexpected end of file|truncated/i);
  });
  describe('instances launched by RunInstances', () => {
    const record = (eventName: string, extra: Record<string, unknown>, i: number) => ({
      eventVersion: '1.09',
      eventTime: '2019-06-24T00:05:00Z',
      eventSource: 'ec2.amazonaws.com',
      eventName,
      awsRegion: 'us-west-2',
      sourceIPAddress: '192.0.2.64',
      userIdentity: { type: 'IAMUser', userName: 'alice', accountId: '123456789012' },
      eventID: `00000000-0000-4000-8000-00000000000${i}`,
      recipientAccountId: '123456789012',
      ...extra,
    });
    const items = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ instanceId: `i-${i}`, instanceType: 't3.micro' }));
    const records = [
      record(
        'RunInstances',
        {
          requestParameters: { instancesSet: { items: [{ imageId: 'ami-1', minCount: 1, maxCount: 50 }] } },
          responseElements: { instancesSet: { items: items(12) } },
        },
        0,
      ),
      record(
        'RunInstances',
        { requestParameters: { instancesSet: { items: [{ imageId: 'ami-1', minCount: 4, maxCount: 8 }] } } },
        1,
      ),
      record(
        'RunInstances',
        {
          requestParameters: { instancesSet: { items: [{ imageId: 'ami-1', minCount: 50, maxCount: 50 }] } },
          errorCode: 'Client.InstanceLimitExceeded',
          responseElements: null,
        },
        2,
      ),
      record('StartInstances', { responseElements: { instancesSet: { items: items(3) } } }, 3),
    ];

    it('counts the instances in the response, else the minimum asked, and nothing for failed calls or other events', async () => {
      // Prepare
      const body = Buffer.from(JSON.stringify({ Records: records }));

      // Act
      const docs = await parseLogObject(body, pointer);

      // Assess
      expect(docs.map((d) => getField(d.document, 'siem.ec2.launchedInstances'))).toEqual([
        12,
        4,
        undefined,
        undefined,
      ]);
      expect(docs[3]?.document.siem).toBeUndefined();
      for (const [i, d] of docs.entries())
        for (const [field, value] of Object.entries(records[i] ?? {}))
          expect(d.document[field]).toEqual(value);
    });
  });
});
