import { getField, parseLogObject } from '../../../functions/ingest';
import { fixture, gzipFixture } from './fixtures';

const pointer = {
  bucket: 'archive',
  key: 'firehose/waf/2019/12/13/23/aws-waf-logs-stm-1-2019-12-13-23-40-12-abcdef',
};

describe('WAF log parser', () => {
  it.each(['waf/firehose-concatenated.log', 'waf/newline-delimited.log'])(
    'splits %s into one document per request, keeping the original fields',
    async (file) => {
      // Prepare
      const expected = fixture('waf/newline-delimited.log')
        .toString()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);

      // Act
      const docs = await parseLogObject(gzipFixture(file), pointer);

      // Assess
      expect(docs).toHaveLength(3);
      docs.forEach((d, i) => expect(d.document).toMatchObject(expected[i]));
    },
  );

  it.each([
    [0, 'BLOCK', 'failure', '1.1.1.1', 'ap-southeast-2'],
    [1, 'ALLOW', 'success', '2001:db8::1', 'ap-southeast-2'],
    [2, 'CAPTCHA', 'failure', '198.51.100.23', 'us-east-1'],
  ])('record %i: action %s is outcome %s from %s in %s', async (i, action, outcome, ip, region) => {
    // Act
    const docs = await parseLogObject(fixture('waf/firehose-concatenated.log'), pointer);

    // Assess
    const d = docs[i].document;
    expect(getField(d, 'event.action')).toBe(action);
    expect(getField(d, 'event.outcome')).toBe(outcome);
    expect(getField(d, 'source.ip')).toBe(ip);
    expect(getField(d, 'httpRequest.clientIp')).toBe(ip);
    expect(getField(d, 'cloud.region')).toBe(region);
    expect(getField(d, 'cloud.account.id')).toBe('111122223333');
    expect(d['@timestamp']).toBe(new Date(d.timestamp as number).toISOString());
    expect(docs[i].index).toBe('siem-waf-2019.12.13');
  });

  it('keeps escaped quotes and backslashes inside header values intact', async () => {
    // Act
    const docs = await parseLogObject(fixture('waf/firehose-concatenated.log'), pointer);

    // Assess
    expect(getField(docs[1].document, 'httpRequest.headers')).toContainEqual({
      name: 'cookie',
      value: 'a=b; c="d\\e"',
    });
  });

  it('fails an object cut in the middle of a record', async () => {
    // Prepare
    const text = fixture('waf/firehose-concatenated.log');

    // Act
    const result = parseLogObject(text.subarray(0, text.length - 10), pointer);

    // Assess
    await expect(result).rejects.toThrow(/truncated/);
  });
});
