import { detectSourceFromContent, detectSourceFromKey } from '../../../functions/ingest/detect-source';
import { createGuardDutyParser, guardDutyAddresses } from '../../../functions/ingest/parsers/guardduty';
import { fixture } from './fixtures';
import { documentsOf, getField } from './parsed-documents';

const pointer = {
  bucket: 'siem-222222222222-guardduty',
  key: 'AWSLogs/111122223333/GuardDuty/us-east-1/2026/01/15/5c9a3e1f-2b4d-4c6e-8f0a-1b2c3d4e5f60.jsonl.gz',
};
const findings = () => fixture('guardduty/findings.jsonl');

describe('GuardDuty exported findings parser', () => {
  it('writes one document per finding, the finding kept byte for byte after the common fields', () => {
    // Act
    const docs = documentsOf(createGuardDutyParser, findings(), pointer);

    // Assess
    expect(docs).toHaveLength(5);
    const lines = findings().toString('utf8').trim().split('\n');
    docs.forEach((doc, i) => {
      const original = JSON.parse(lines[i]) as Record<string, unknown>;
      expect(doc.document).toMatchObject(original);
      expect(getField(doc.document, 'event.dataset')).toBe('guardduty');
    });
    expect(docs[0].timestamp).toBe(Date.parse('2026-01-15T10:04:21.123Z'));
    expect(docs[0].document['@timestamp']).toBe('2026-01-15T10:04:21.123Z');
  });

  it.each([
    // port probe: the prober is the source, the probed instance the destination
    [0, 'PORT_PROBE', 'success', '198.51.100.7', '10.0.1.25', undefined],
    // API call with stolen instance credentials: the caller is the source, the role the user
    [1, 'ListBuckets', 'success', '198.51.100.23', undefined, 'web-instance-role'],
    [2, 'DNS_REQUEST', 'success', undefined, undefined, undefined],
    // outbound command and control: the instance is the source, the server the destination
    [3, 'NETWORK_CONNECTION', 'failure', '10.0.1.25', '192.0.2.66', undefined],
    // a failed API call
    [4, 'PutBucketPublicAccessBlock', 'failure', '203.0.113.99', undefined, 'alice'],
  ])(
    'finding %i: action %s, outcome %s, source %s, destination %s, user %s',
    (i, action, outcome, src, dst, user) => {
      // Act
      const doc = documentsOf(createGuardDutyParser, findings(), pointer)[i].document;

      // Assess
      expect(getField(doc, 'event.action')).toBe(action);
      expect(getField(doc, 'event.outcome')).toBe(outcome);
      expect(getField(doc, 'source.ip')).toBe(src);
      expect(getField(doc, 'destination.ip')).toBe(dst);
      expect(getField(doc, 'user.name')).toBe(user);
    },
  );

  it("names the finding's own account and region, not the administrator's of the key", () => {
    // Act
    const docs = documentsOf(createGuardDutyParser, findings(), pointer);

    // Assess
    expect(getField(docs[0].document, 'cloud.account.id')).toBe('123456789012');
    expect(getField(docs[0].document, 'cloud.region')).toBe('us-east-1');
    expect(getField(docs[4].document, 'cloud.account.id')).toBe('210987654321');
    expect(getField(docs[4].document, 'cloud.region')).toBe('eu-west-1');
    // A top-level member GuardDuty may add later is kept as it is.
    expect(docs[4].document.futureTopLevelField).toEqual({ added: 'later' });
  });

  it('gives a finding exported again unchanged the same id, and an update a new one', () => {
    // Arrange
    const line = findings().toString('utf8').split('\n')[0];
    const updated = line.replace(
      '"updatedAt":"2026-01-15T10:04:21.123Z"',
      '"updatedAt":"2026-01-15T11:04:21.123Z"',
    );
    const twice = Buffer.from(`${line}\n${line}\n${updated}\n`);

    // Act
    const ids = documentsOf(createGuardDutyParser, twice, pointer).map((d) => d.id);

    // Assess
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(ids[0]).toBe('f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6|2026-01-15T10:04:21.123Z');
  });

  it('writes nothing for an empty export', () => {
    // Act
    const docs = documentsOf(createGuardDutyParser, fixture('guardduty/empty.jsonl'), pointer);

    // Assess
    expect(docs).toEqual([]);
  });

  it('dead-letters a finding without a time, and keeps the others', () => {
    // Arrange
    const body = Buffer.from(
      '{"id":"x","type":"Recon:EC2/Portscan","severity":5}\n' + findings().toString('utf8'),
    );

    // Act and assess
    expect(() => documentsOf(createGuardDutyParser, body, pointer)).toThrow(
      'record 1: missing or invalid updatedAt and createdAt',
    );
  });

  it('is recognised by its key layout and by its content', () => {
    // Act and assess
    expect(detectSourceFromKey(pointer.key)).toBe('guardduty');
    expect(detectSourceFromContent(findings().toString('utf8'))).toBe('guardduty');
  });
});

describe('GuardDuty addresses', () => {
  it('reads inbound connections remote to local, and nothing from an action it does not know', () => {
    // Act and assess
    expect(
      guardDutyAddresses({
        networkConnectionAction: {
          connectionDirection: 'INBOUND',
          remoteIpDetails: { ipAddressV4: '198.51.100.1' },
          localIpDetails: { ipAddressV4: '10.0.0.5' },
        },
      }),
    ).toEqual({ source: '198.51.100.1', destination: '10.0.0.5' });
    expect(
      guardDutyAddresses({ somethingNew: { remoteIpDetails: { ipAddressV4: '198.51.100.1' } } }),
    ).toEqual({});
    expect(guardDutyAddresses('not an object')).toEqual({});
  });
});
