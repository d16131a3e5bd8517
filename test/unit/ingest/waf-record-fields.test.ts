import { documentText } from '../../../functions/ingest/documents';
import { readLogObject } from '../../../functions/ingest/object-reader';
import { getField } from './parsed-documents';

/*
 * The WAF parser keeps the last web ACL's ARN match between records and reads the timestamp's
 * first characters itself. Here each record's common fields are compared with a reading of the
 * record by JSON.parse and the ARN pattern, record by record, as ACLs repeat and alternate.
 */

const pointer = { bucket: 'archive', key: 'AWSLogs/123456789012/WAFLogs/us-west-2/acl/2024/05/01/00/x.log' };
const ARN = /^arn:[^:]+:wafv2?:([^:]*):(\d{12}):/;

const ACLS = [
  'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/a/1',
  'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/a/1',
  'arn:aws:wafv2:ap-south-1:210987654321:global/webacl/b/2',
  'arn:aws:waf::444455556666:webacl/classic',
  'not an arn',
  '',
  `arn:aws:wafv2:us-east-1:111122223333:${'x'.repeat(2100)}`,
  'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/a/1',
];
const TIMESTAMPS: unknown[] = [1714521600000, '1714521600000', -5, true, [1], 1714521600001.5, 0];

/** What the document's common fields should say of `record`, read the plain way. */
function expected(record: Record<string, unknown>) {
  const ts = record.timestamp;
  if (typeof ts !== 'number' || ts < 0) return undefined;
  const acl = typeof record.webaclId === 'string' ? record.webaclId : undefined;
  const arn = acl !== undefined && acl.length <= 2048 ? ARN.exec(acl) : null;
  return {
    '@timestamp': new Date(ts).toISOString(),
    account: arn?.[2] ?? '123456789012',
    region: arn?.[1] || 'us-west-2',
  };
}

describe('WAF record fields', () => {
  it('reads the time, account and region of each record as JSON.parse and the ARN pattern do', async () => {
    // Arrange
    const records = Array.from({ length: 60 }, (_, i) => ({
      timestamp: TIMESTAMPS[i % TIMESTAMPS.length],
      webaclId: i % 11 === 10 ? 7 : ACLS[i % ACLS.length],
      action: i % 2 ? 'ALLOW' : 'BLOCK',
      httpRequest: { clientIp: `10.0.0.${i}` },
    }));
    const body = Buffer.from(records.map((r) => JSON.stringify(r)).join('\n'));

    // Act: every record, a document or a dead letter, in order
    const read: Array<{ ordinal: number; fields?: unknown }> = [];
    for await (const batch of readLogObject(body, pointer, { source: 'waf' })) {
      for (const r of batch.records) {
        const document = JSON.parse(documentText(r)) as Record<string, unknown>;
        read.push({
          ordinal: r.ordinal,
          fields: {
            '@timestamp': document['@timestamp'],
            account: getField(document, 'cloud.account.id'),
            region: getField(document, 'cloud.region'),
          },
        });
      }
      for (const bad of batch.unparsable) read.push({ ordinal: bad.ordinal });
    }

    // Assess
    read.sort((a, b) => a.ordinal - b.ordinal);
    expect(read.map((r) => r.fields)).toEqual(records.map(expected));
  });
});
