import { gzipSync } from 'node:zlib';
import type { BulkWriter } from '../../../functions/ingest/bulk-writer';
import { documentText } from '../../../functions/ingest/documents';
import { ingestObject } from '../../../functions/ingest/ingest-object';
import { ArchiveProvenance } from '../../../functions/ingest/provenance';
import type { ParsedRecord, S3Pointer, UnparsableRecord } from '../../../functions/ingest/types';
import { fixture } from './fixtures';

/* The archive contracts of the tgwflow, guardduty and config buckets, through ingestObject. */

const ARCHIVE = '222222222222';
const provenance = new ArchiveProvenance({ namePrefix: 'siem', archiveAccountId: ARCHIVE });
const bucket = (kind: string) => `siem-${ARCHIVE}-${kind}`;

class CapturingWriter {
  readonly documents: ParsedRecord[] = [];
  readonly letters: UnparsableRecord[] = [];
  add(record: ParsedRecord): undefined {
    this.documents.push(record);
    return undefined;
  }
  addUnparsable(record: UnparsableRecord): undefined {
    this.letters.push(record);
    return undefined;
  }
}

async function ingest(pointer: S3Pointer, body: Buffer | string) {
  const writer = new CapturingWriter();
  await ingestObject(
    gzipSync(typeof body === 'string' ? Buffer.from(body) : body),
    pointer,
    writer as unknown as BulkWriter,
    { provenance },
  );
  return {
    docs: writer.documents.map((r) => JSON.parse(documentText(r)) as Record<string, unknown>),
    errors: writer.letters.map((l) => l.error),
  };
}

const TGW_KEY =
  'AWSLogs/123456789010/vpcflowlogs/us-east-2/2021/05/04/123456789010_vpcflowlogs_us-east-2_fl-1_20210504T1505Z_h.log.gz';
const VPC_KEY = TGW_KEY;
const GD_KEY = (account: string) =>
  `AWSLogs/${account}/GuardDuty/us-east-1/2026/01/15/5c9a3e1f-2b4d-4c6e-8f0a-1b2c3d4e5f60.jsonl.gz`;
const CONFIG_KEY = (account: string) =>
  `AWSLogs/${account}/Config/us-east-1/2026/1/15/ConfigHistory/${account}_Config_us-east-1_ConfigHistory_AWS::EC2::SecurityGroup_1.json.gz`;

describe('tgwflow bucket contract', () => {
  it('indexes Transit Gateway flow logs as tgwflow', async () => {
    // Act
    const { docs, errors } = await ingest(
      { bucket: bucket('tgwflow'), key: TGW_KEY },
      fixture('tgwflow/default-v6.log'),
    );

    // Assess
    expect(errors).toEqual([]);
    expect(docs.map((d) => (d.event as { dataset: string }).dataset)).toEqual(Array(4).fill('tgwflow'));
  });

  it('refuses VPC flow logs in the tgwflow bucket, and Transit Gateway flow logs in the vpcflow bucket', async () => {
    // Act
    const vpcInTgw = await ingest(
      { bucket: bucket('tgwflow'), key: TGW_KEY },
      fixture('vpcflow/custom-v5.log'),
    );
    const tgwInVpc = await ingest(
      { bucket: bucket('vpcflow'), key: VPC_KEY },
      fixture('tgwflow/default-v6.log'),
    );

    // Assess
    expect(vpcInTgw.docs).toEqual([]);
    expect(vpcInTgw.errors).toEqual([
      'provenance: content is vpcflow, but the tgwflow bucket holds tgwflow objects only',
    ]);
    expect(tgwInVpc.docs).toEqual([]);
    expect(tgwInVpc.errors).toEqual([
      'provenance: content is tgwflow, but the vpcflow bucket holds vpcflow objects only',
    ]);
  });

  it("dead-letters a record naming another transit gateway owner than the key's account", async () => {
    // Act
    const { docs, errors } = await ingest(
      { bucket: bucket('tgwflow'), key: TGW_KEY.replaceAll('123456789010', '444444444444') },
      fixture('tgwflow/default-v6.log'),
    );

    // Assess
    expect(docs).toEqual([]);
    expect(errors).toHaveLength(4);
    expect(errors[0]).toContain('content claims account 123456789010 (account-id)');
  });
});

describe('guardduty bucket contract', () => {
  it("indexes members' findings exported under the administrator's prefix", async () => {
    // Act
    const { docs, errors } = await ingest(
      { bucket: bucket('guardduty'), key: GD_KEY('111122223333') },
      fixture('guardduty/findings.jsonl'),
    );

    // Assess
    expect(errors).toEqual([]);
    expect(docs.map((d) => (d.cloud as { account: { id: string } }).account.id)).toEqual([
      '123456789012',
      '123456789012',
      '123456789012',
      '123456789012',
      '210987654321',
    ]);
  });

  it('refuses another layout and another format', async () => {
    // Act
    const otherLayout = await ingest(
      { bucket: bucket('guardduty'), key: 'findings/2026/01/15/x.jsonl.gz' },
      fixture('guardduty/findings.jsonl'),
    );
    const otherFormat = await ingest(
      { bucket: bucket('guardduty'), key: GD_KEY('111122223333') },
      fixture('config/history.json'),
    );

    // Assess
    expect(otherLayout.errors[0]).toMatch(/^provenance: key does not have the guardduty bucket's layout/);
    expect(otherFormat.errors).toEqual([
      'provenance: content is config, but the guardduty bucket holds guardduty objects only',
    ]);
  });
});

describe('config bucket contract', () => {
  it("indexes the account's own configuration items, and skips the writability check file", async () => {
    // Act
    const history = await ingest(
      { bucket: bucket('config'), key: CONFIG_KEY('123456789012') },
      fixture('config/history.json'),
    );
    const check = await ingest(
      { bucket: bucket('config'), key: 'AWSLogs/123456789012/Config/ConfigWritabilityCheckFile' },
      '',
    );

    // Assess
    expect(history.errors).toEqual([]);
    expect(history.docs).toHaveLength(4);
    expect(check).toEqual({ docs: [], errors: [] });
  });

  it("dead-letters items of another account than the key's", async () => {
    // Act
    const { docs, errors } = await ingest(
      { bucket: bucket('config'), key: CONFIG_KEY('444444444444') },
      fixture('config/history.json'),
    );

    // Assess
    expect(docs).toEqual([]);
    expect(errors).toHaveLength(4);
    expect(errors[0]).toContain('content claims account 123456789012 (awsAccountId)');
  });
});
