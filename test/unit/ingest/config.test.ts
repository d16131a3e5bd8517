import { detectSourceFromContent, detectSourceFromKey } from '../../../functions/ingest/detect-source';
import { createConfigParser } from '../../../functions/ingest/parsers/config';
import { fixture } from './fixtures';
import { documentsOf, getField } from './parsed-documents';

const historyKey =
  'AWSLogs/123456789012/Config/us-east-1/2026/1/15/ConfigHistory/123456789012_Config_us-east-1_ConfigHistory_AWS::EC2::SecurityGroup_20260115T100211Z_20260115T100500Z_1.json.gz';
const snapshotKey =
  'AWSLogs/123456789012/Config/us-east-1/2026/1/15/ConfigSnapshot/123456789012_Config_us-east-1_ConfigSnapshot_20260115T110000Z_0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d.json.gz';
const at = (key: string) => ({ bucket: 'siem-222222222222-config', key });

describe('AWS Config history and snapshot parser', () => {
  it('writes one document per configuration item, kept as Config wrote it', () => {
    // Act
    const docs = documentsOf(createConfigParser, fixture('config/history.json'), at(historyKey));

    // Assess
    const items = (
      JSON.parse(fixture('config/history.json').toString('utf8')) as { configurationItems: unknown[] }
    ).configurationItems;
    expect(docs).toHaveLength(4);
    docs.forEach((doc, i) => expect(doc.document).toMatchObject(items[i] as Record<string, unknown>));
    expect(docs[0].document['@timestamp']).toBe('2026-01-15T10:02:11.123Z');
    expect(getField(docs[0].document, 'configuration.ipPermissions')).toEqual([
      expect.objectContaining({ fromPort: 22, ipRanges: ['0.0.0.0/0'] }),
    ]);
  });

  it.each([
    [0, 'OK', 'us-east-1'],
    [1, 'OK', 'us-east-1'],
    [2, 'ResourceDeleted', 'us-east-1'],
    // IAM resources are global: the region of the delivery channel (the key's)
    [3, 'ResourceDiscovered', 'us-east-1'],
  ])('item %i: event.action %s, cloud.region %s', (i, action, region) => {
    // Act
    const doc = documentsOf(createConfigParser, fixture('config/history.json'), at(historyKey))[i].document;

    // Assess
    expect(getField(doc, 'event.dataset')).toBe('config');
    expect(getField(doc, 'event.action')).toBe(action);
    expect(getField(doc, 'event.outcome')).toBeUndefined();
    expect(getField(doc, 'cloud.account.id')).toBe('123456789012');
    expect(getField(doc, 'cloud.region')).toBe(region);
  });

  it('reads a pretty-printed snapshot: string state id, older and newer item versions, an added field', () => {
    // Act
    const docs = documentsOf(createConfigParser, fixture('config/snapshot.json'), at(snapshotKey));

    // Assess
    expect(docs.map((d) => d.document.configurationItemVersion)).toEqual(['1.3', '1.2', '1.4']);
    expect(docs[0].document.configurationStateId).toBe('1768471331123');
    expect(docs[1].document.configurationItemMD5Hash).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(docs[2].document.resourceTransitionStatus).toBe('None');
  });

  it('gives a state the snapshot repeats from the history the same id', () => {
    // Act
    const history = documentsOf(createConfigParser, fixture('config/history.json'), at(historyKey));
    const snapshot = documentsOf(createConfigParser, fixture('config/snapshot.json'), at(snapshotKey));

    // Assess
    expect(snapshot[0].id).toBe(history[0].id);
    expect(snapshot[1].id).toBe(history[1].id);
    expect(history[0].id).toBe(
      'arn:aws:ec2:us-east-1:123456789012:security-group/sg-0a1b2c3d4e5f60718|1768471331123',
    );
  });

  it('writes nothing for a file without items, or for the writability check file', () => {
    // Act and assess
    expect(documentsOf(createConfigParser, fixture('config/empty-history.json'), at(historyKey))).toEqual([]);
    expect(
      documentsOf(
        createConfigParser,
        Buffer.from('Test'),
        at('AWSLogs/123456789012/Config/ConfigWritabilityCheckFile'),
      ),
    ).toEqual([]);
  });

  it('refuses an object that is not a Config file', () => {
    // Act and assess
    expect(() => documentsOf(createConfigParser, Buffer.from('{"Records":[]}'), at(historyKey))).toThrow(
      'not an AWS Config file',
    );
  });

  it('is recognised by its key layout and by its content', () => {
    // Act and assess
    expect(detectSourceFromKey(historyKey)).toBe('config');
    expect(detectSourceFromContent(fixture('config/history.json').toString('utf8'))).toBe('config');
    expect(detectSourceFromContent(fixture('config/snapshot.json').toString('utf8'))).toBe('config');
  });
});
