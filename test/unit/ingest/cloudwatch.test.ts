import { getField, parseLogObject } from '../../../functions/ingest';
import { gzipFixture } from './fixtures';

const pointer = {
  bucket: 'archive',
  key: 'AWSLogs/123456789012/CloudWatchLogs/us-west-2/aws/lambda/payments/2019/04/11/16/abc123.json.gz',
};

describe('CloudWatch Logs parser', () => {
  it('yields one document per log event and nothing for control messages', async () => {
    // Act
    const docs = await parseLogObject(gzipFixture('cloudwatch/lambda-and-findings.json'), pointer);

    // Assess
    const logs = docs.filter((d) => getField(d.document, 'event.dataset') === 'cloudwatch');
    expect(logs.map((d) => d.id)).toEqual([
      '34622316099697884706540976068822859012661220141643892546',
      '34622316099697884706540976068822859012661220141643892547',
      '34622316099697884706540976068822859012661220141643892548',
    ]);
    expect(logs.every((d) => d.index === 'siem-cloudwatch-2019.04.11')).toBe(true);
  });

  it('keeps the raw message, parses JSON messages under json, and adds owner and region', async () => {
    // Act
    const docs = await parseLogObject(gzipFixture('cloudwatch/lambda-and-findings.json'), pointer);

    // Assess
    const [start, structured] = docs;
    expect(start.document).toMatchObject({
      logGroup: '/aws/lambda/payments',
      logStream: '2019/04/11/[$LATEST]abc',
      owner: '123456789012',
      message: 'START RequestId: 5c2b2c35 Version: $LATEST\n',
      '@timestamp': new Date(1554999100000).toISOString(),
    });
    expect(start.document).not.toHaveProperty('json');
    expect(structured.document.json).toEqual({
      level: 'ERROR',
      requestId: '5c2b2c35',
      message: 'payment failed',
      amount: 12.5,
    });
    expect(getField(structured.document, 'cloud.account.id')).toBe('123456789012');
    expect(getField(structured.document, 'cloud.region')).toBe('us-west-2');
  });

  it('turns a Security Hub findings event into one findings document per ASFF finding', async () => {
    // Act
    const docs = await parseLogObject(gzipFixture('cloudwatch/lambda-and-findings.json'), pointer);

    // Assess
    const findings = docs.filter((d) => getField(d.document, 'event.dataset') === 'findings');
    expect(findings).toHaveLength(2);
    expect(findings.map((d) => d.document.ProductName)).toEqual(['GuardDuty', 'Security Hub']);
    expect(findings.map((d) => d.document['@timestamp'])).toEqual([
      '2019-04-11T21:50:00.000Z',
      '2019-04-11T21:51:00.000Z',
    ]);
    expect(getField(findings[0].document, 'Severity.Label')).toBe('HIGH');
    expect(getField(findings[0].document, 'event.action')).toBe('DNS_REQUEST');
    expect(getField(findings[1].document, 'event.outcome')).toBe('failure');
    expect(findings.every((d) => d.index === 'siem-findings-2019.04.11')).toBe(true);
    expect(new Set(findings.map((d) => d.id)).size).toBe(2);
  });
});
