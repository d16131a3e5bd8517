import { gzipSync } from 'node:zlib';
import type { BulkWriter } from '../../../functions/ingest/bulk-writer';
import { documentText } from '../../../functions/ingest/documents';
import { ingestObject } from '../../../functions/ingest/ingest-object';
import { ArchiveProvenance } from '../../../functions/ingest/provenance';
import type { ParsedRecord, UnparsableRecord } from '../../../functions/ingest/types';

/*
 * Linux, Windows and Client VPN documents take their account from where the object came from (the
 * archive key and the payload's owner), never from the host's own words: a member cannot file its
 * SSH logins, or anyone's, under another account.
 */

const ARCHIVE = '222222222222';
const OWN = '333333333333';
const VICTIM = '444444444444';
const provenance = new ArchiveProvenance({ namePrefix: 'siem', archiveAccountId: ARCHIVE });
const KEY = `AWSLogs/${OWN}/CloudWatchLogs/eu-west-1/siem/os/linux/secure/2024/05/01/10/abc.json.gz`;

function payload(owner: string, logGroup: string, message: string): string {
  return JSON.stringify({
    messageType: 'DATA_MESSAGE',
    owner,
    logGroup,
    logStream: 'i-0a1b2c3d4e5f60718',
    subscriptionFilters: ['siem-log-transfer'],
    logEvents: [{ id: `${owner}-1`, timestamp: Date.UTC(2024, 4, 1, 10), message }],
  });
}

async function ingest(body: string) {
  const documents: ParsedRecord[] = [];
  const letters: UnparsableRecord[] = [];
  const writer = {
    add: (r: ParsedRecord) => void documents.push(r),
    addUnparsable: (r: UnparsableRecord) => void letters.push(r),
  };
  await ingestObject(
    gzipSync(Buffer.from(body)),
    { bucket: `siem-${ARCHIVE}-cloudwatch`, key: KEY },
    writer as unknown as BulkWriter,
    {
      provenance,
    },
  );
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { docs: documents.map((r) => JSON.parse(documentText(r)) as Record<string, any>), letters };
}

const SSH = `Jan 15 10:00:00 host sshd[1]: Accepted password for root from 203.0.113.9 port 1 ssh2 cloud.account.id=${VICTIM}`;
const WINDOWS = `[Security] [INFORMATION] [4624] [Microsoft-Windows-Security-Auditing] [WIN] [Account Name:\t${VICTIM}]`;
const VPN = JSON.stringify({
  'connection-attempt-status': 'successful',
  owner: VICTIM,
  cloud: { account: { id: VICTIM } },
});

describe('OS and Client VPN documents: provenance', () => {
  it('admits the three log types from the cloudwatch bucket, under the key and owner account', async () => {
    // Act
    const { docs, letters } = await ingest(
      [
        payload(OWN, '/siem/os/linux/secure', SSH),
        payload(OWN, '/siem/os/windows/security', WINDOWS),
        payload(OWN, '/aws/clientvpn/cvpn-endpoint-0123456789abcdef0', VPN),
      ].join('\n'),
    );

    // Assess
    expect(letters).toEqual([]);
    expect(docs.map((d) => [d.event.dataset, d.cloud.account.id])).toEqual([
      ['linux', OWN],
      ['windows', OWN],
      ['clientvpn', OWN],
    ]);
    // The record's own `owner` and `cloud` members stay inside it, never taken for the document's.
    expect(docs[2].owner).toBe(OWN);
    expect(docs[2].clientvpn).toMatchObject({ owner: VICTIM, cloud: { account: { id: VICTIM } } });
  });

  it("dead-letters a payload whose owner is another account than the key's", async () => {
    // Act
    const { docs, letters } = await ingest(
      [
        payload(VICTIM, '/siem/os/linux/secure', SSH),
        payload(VICTIM, '/aws/clientvpn/cvpn-endpoint-0123456789abcdef0', VPN),
      ].join('\n'),
    );

    // Assess
    expect(docs).toEqual([]);
    expect(letters.map((l) => l.error)).toEqual([
      expect.stringContaining(`claims account ${VICTIM} (owner)`),
      expect.stringContaining(`claims account ${VICTIM} (owner)`),
    ]);
  });
});
