import { getField, parseLogObject } from '../../../functions/ingest';
import type { BulkWriter } from '../../../functions/ingest/bulk-writer';
import { detectSourceFromContent, detectSourceFromKey } from '../../../functions/ingest/detect-source';
import { ingestObject } from '../../../functions/ingest/ingest-object';
import { principalName } from '../../../functions/ingest/parsers/bedrock';
import { ArchiveProvenance } from '../../../functions/ingest/provenance';
import type { ParsedRecord, UnparsableRecord } from '../../../functions/ingest/types';
import { fixture, gzipFixture, inChunks } from './fixtures';

const KEY =
  'AWSLogs/111122223333/BedrockModelInvocationLogs/eu-west-1/2024/12/06/02/20241206T0205Z_0a1b2c3d4e5f6a7b.json.gz';
const pointer = { bucket: 'archive', key: KEY };
const lines = () =>
  fixture('bedrock/invocations.log')
    .toString()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('Bedrock model invocation log parser', () => {
  it('makes one document per invocation, keeping every original field (appended fields too)', async () => {
    const docs = await parseLogObject(gzipFixture('bedrock/invocations.log'), pointer);
    expect(docs).toHaveLength(4);
    docs.forEach((d, i) => expect(d.document).toMatchObject(lines()[i]));
    expect(getField(docs[2].document, 'appended_field_of_a_later_version')).toEqual({ x: 1 });
    expect(getField(docs[2].document, 'input.inputTokenCount')).toBe(120000);
  });

  it.each([1, 7, 64, 4096])('gives the same documents whatever the chunk size (%i bytes)', async (size) => {
    const whole = await parseLogObject(fixture('bedrock/invocations.log'), pointer);
    const chunked = await parseLogObject(
      inChunks(fixture('bedrock/invocations.log'), size) as never,
      pointer,
    );
    expect(chunked).toEqual(whole);
  });

  it.each([
    [0, '2024-12-06T02:00:00.000Z', 'InvokeModel', 'success', 'app-backend/i-0abc', 'eu-west-1'],
    [1, '2024-12-06T02:01:30.000Z', 'Converse', 'failure', 'alice', 'eu-west-1'],
    [2, '2024-12-06T02:03:00.000Z', 'ConverseStream', 'success', 'data-science/bob', 'us-east-1'],
    [3, '2024-12-06T02:04:00.000Z', undefined, 'success', undefined, 'eu-west-1'],
  ])(
    'invocation %i: time %s, operation %s, outcome %s, user %s',
    async (i, time, action, outcome, user, region) => {
      const d = (await parseLogObject(fixture('bedrock/invocations.log'), pointer))[i].document;
      expect(d['@timestamp']).toBe(time);
      expect(getField(d, 'event.dataset')).toBe('bedrock');
      expect(getField(d, 'event.action')).toBe(action === undefined ? '' : action);
      expect(getField(d, 'event.outcome')).toBe(outcome);
      expect(getField(d, 'user.name')).toBe(user);
      expect(getField(d, 'cloud.account.id')).toBe('111122223333');
      expect(getField(d, 'cloud.region')).toBe(region);
    },
  );

  it('dead-letters a record without a timestamp and a truncated last record, keeping the others', async () => {
    const text =
      '{"schemaType":"ModelInvocationLog","accountId":"111122223333"}\n' +
      JSON.stringify(lines()[0]) +
      '\n{"schemaType":';
    const dead: string[] = [];
    const kept: number[] = [];
    const { readLogObject } = await import('../../../functions/ingest/object-reader');
    for await (const b of readLogObject(Buffer.from(text), pointer)) {
      dead.push(...b.unparsable.map((u) => u.error));
      kept.push(...b.records.map((r) => r.ordinal));
    }
    expect(dead[0]).toBe('missing or invalid timestamp');
    expect(dead).toHaveLength(2);
    expect(kept).toHaveLength(1);
  });

  it('names principals of IAM and STS ARNs', () => {
    expect(principalName('arn:aws:sts::111122223333:assumed-role/app/session')).toBe('app/session');
    expect(principalName('arn:aws:iam::111122223333:user/path/alice')).toBe('path/alice');
    expect(principalName('arn:aws:iam::111122223333:root')).toBe('root');
    expect(principalName('not an arn')).toBeUndefined();
  });

  it('is recognised by key and by content', () => {
    expect(detectSourceFromKey(KEY)).toBe('bedrock');
    expect(detectSourceFromContent(fixture('bedrock/invocations.log').toString())).toBe('bedrock');
  });

  it('refuses a record of another account than the key prefix', async () => {
    const provenance = new ArchiveProvenance({ namePrefix: 'siem', archiveAccountId: '999999999999' });
    const dead: string[] = [];
    const added: ParsedRecord[] = [];
    const writer = {
      add: (r: ParsedRecord) => void added.push(r),
      addUnparsable: (u: UnparsableRecord) => void dead.push(u.error),
    } as unknown as BulkWriter;
    const other = KEY.replace('AWSLogs/111122223333', 'AWSLogs/444455556666');
    await ingestObject(
      gzipFixture('bedrock/invocations.log'),
      { bucket: 'siem-999999999999-bedrock', key: other },
      writer,
      { provenance },
    );
    expect(added).toHaveLength(0);
    expect(dead[0]).toMatch(/claims account 111122223333 \(accountId\)/);
  });
});
