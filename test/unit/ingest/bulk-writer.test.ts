import { BulkWriter, type BulkClient } from '../../../functions/ingest/bulk-writer';
import type { OpenSearchResponse } from '../../../opensearch/http-client';
import type { ParsedRecord } from '../../../functions/ingest/types';

interface Sent {
  index: string;
  id: string;
  doc: Record<string, unknown>;
}

/** Like the cluster, accepts any text; invalid JSON shows up as `{ invalid: text }`. */
function parseDocument(line: string): Record<string, unknown> {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { invalid: line };
  }
}

/** Decides each item's bulk status; records every request it was sent. */
class ScriptedCluster implements BulkClient {
  readonly requests: Sent[][] = [];
  constructor(private readonly decide: (item: Sent, attempt: number) => { status: number; error?: object }) {}
  private readonly attempts = new Map<string, number>();

  request(_method: string, _path: string, body?: Buffer | string): Promise<OpenSearchResponse> {
    const lines = String(body).trimEnd().split('\n');
    const sent: Sent[] = [];
    for (let i = 0; i < lines.length; i += 2) {
      const action = (JSON.parse(lines[i]) as { create: { _index: string; _id: string } }).create;
      sent.push({
        index: action._index,
        id: action._id,
        doc: parseDocument(lines[i + 1]),
      });
    }
    this.requests.push(sent);
    const items = sent.map((s) => {
      const attempt = (this.attempts.get(s.index + s.id) ?? 0) + 1;
      this.attempts.set(s.index + s.id, attempt);
      return { create: this.decide(s, attempt) };
    });
    const errors = items.some((i) => i.create.status >= 300);
    return Promise.resolve({ status: 200, body: Buffer.from(JSON.stringify({ errors, items })) });
  }
}

function records(n: number): ParsedRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    logType: 'vpcflow' as const,
    timestamp: Date.UTC(2024, 0, 2, 3),
    id: `id-${i + 1}`,
    ordinal: i + 1,
    json: JSON.stringify({
      '@timestamp': '2024-01-02T03:00:00.000Z',
      event: { dataset: 'vpcflow' },
      n: i + 1,
    }),
  }));
}

const pointer = { bucket: 'b', key: 'k' };

async function writeAll(cluster: BulkClient, input: ParsedRecord[], flushBytes = 200) {
  const writer = new BulkWriter({
    client: cluster,
    flushBytes,
    concurrency: 2,
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 5,
  });
  for (const r of input) {
    const wait = writer.add(r, pointer);
    if (wait) await wait;
  }
  return writer.flush();
}

describe('BulkWriter', () => {
  it('sends requests sized by bytes to daily indices and counts every record', async () => {
    // Prepare
    const cluster = new ScriptedCluster(() => ({ status: 201 }));

    // Act
    const counts = await writeAll(cluster, records(20), 300);

    // Assess
    expect(counts).toMatchObject({ records: 20, indexed: 20, deadLettered: 0 });
    expect(cluster.requests.length).toBeGreaterThan(3);
    expect(
      cluster.requests
        .flat()
        .map((s) => s.id)
        .sort(),
    ).toEqual(
      records(20)
        .map((r) => r.id)
        .sort(),
    );
    expect(new Set(cluster.requests.flat().map((s) => s.index))).toEqual(
      new Set(['siem-vpcflow-2024.01.02']),
    );
  });

  it('retries items refused with 429 or 503 until they are indexed', async () => {
    // Prepare
    const cluster = new ScriptedCluster((item, attempt) =>
      Number(item.id.slice(3)) % 3 === 0 && attempt < 4
        ? { status: attempt % 2 ? 429 : 503 }
        : { status: 201 },
    );

    // Act
    const counts = await writeAll(cluster, records(12));

    // Assess
    expect(counts).toMatchObject({ records: 12, indexed: 12, deadLettered: 0, retried: 12 });
  });

  it('moves a conflicting field to siem.conflicts and keeps the record', async () => {
    // Prepare
    const cluster = new ScriptedCluster((item) =>
      item.doc.n === 2 && !item.doc.siem
        ? {
            status: 400,
            error: { type: 'mapper_parsing_exception', reason: 'failed to parse field [n] of type [ip]' },
          }
        : { status: 201 },
    );

    // Act
    const counts = await writeAll(cluster, records(3));

    // Assess
    expect(counts).toMatchObject({ records: 3, indexed: 3, keptAsText: 1, deadLettered: 0 });
    const fixed = cluster.requests.flat().find((s) => s.id === 'id-2' && s.doc.siem);
    expect(fixed?.doc.siem).toEqual({ conflicts: [{ field: 'n', value: '2' }] });
  });

  it('dead-letters a record refused in every form, with its error and S3 pointer', async () => {
    // Prepare
    const cluster = new ScriptedCluster((item) =>
      item.id === 'id-2'
        ? { status: 400, error: { type: 'illegal_argument_exception', reason: 'nope' } }
        : { status: 201 },
    );

    // Act
    const counts = await writeAll(cluster, records(3));

    // Assess
    expect(counts).toMatchObject({ records: 3, indexed: 2, deadLettered: 1 });
    const letter = cluster.requests.flat().find((s) => s.index === 'siem-deadletter-2024.m01');
    expect(letter?.id).toBe('vpcflow:id-2');
    expect(letter?.doc).toMatchObject({
      error: { type: 'illegal_argument_exception', reason: 'nope' },
      s3: { bucket: 'b', key: 'k', record: 2 },
      target_index: 'siem-vpcflow-2024.01.02',
    });
    expect(JSON.parse(letter?.doc.document as string)).toMatchObject({ n: 2 });
  });

  it('gives up with an error, not a loss, when the cluster refuses beyond the retry budget', async () => {
    // Prepare
    const cluster = new ScriptedCluster(() => ({ status: 429 }));
    const writer = new BulkWriter({
      client: cluster,
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 2,
      retryBudgetMs: 30,
    });
    writer.add(records(1)[0], pointer);

    // Act
    const result = writer.flush();

    // Assess
    await expect(result).rejects.toThrow(/kept refusing 1 documents/);
  });

  it('retries a whole request after a lost connection', async () => {
    // Prepare
    const inner = new ScriptedCluster(() => ({ status: 201 }));
    let calls = 0;
    const flaky: BulkClient = {
      request: (method, path, body) =>
        ++calls <= 2 ? Promise.reject(new Error('ECONNREFUSED')) : inner.request(method, path, body),
    };

    // Act
    const counts = await writeAll(flaky, records(5), 1_000_000);

    // Assess
    expect(counts).toMatchObject({ records: 5, indexed: 5 });
    expect(calls).toBe(3);
  });
});

describe('BulkWriter with a record that is not valid JSON', () => {
  it('dead-letters it instead of failing the whole object', async () => {
    // Prepare
    const bad: ParsedRecord = { logType: 'waf', timestamp: 0, id: 'bad', ordinal: 7, json: '{"a":tru}' };
    const cluster = new ScriptedCluster((item) =>
      item.index.startsWith('siem-deadletter-')
        ? { status: 201 }
        : { status: 400, error: { type: 'mapper_parsing_exception' } },
    );
    const writer = new BulkWriter({ client: cluster });
    writer.add(bad, pointer);

    // Act
    const counts = await writer.flush();

    // Assess
    expect(counts).toMatchObject({ records: 1, indexed: 0, deadLettered: 1 });
  });
});

/*
 * Item answers recorded from OpenSearch 2.19.6 with the security plugin (HTTP 200, `errors: true`):
 * a `create` into an index the user's role does not cover, and a `create` of an id that exists.
 */
const RECORDED_FORBIDDEN = {
  status: 403,
  error: {
    type: 'security_exception',
    reason:
      'no permissions for [indices:admin/create] and User [name=exp_ingest, backend_roles=[arn:exp], requestedTenant=null]',
  },
};
const RECORDED_ALREADY_THERE = {
  status: 409,
  error: {
    type: 'version_conflict_engine_exception',
    reason: '[a1796515943370]: version conflict, document already exists (current version [1])',
    index: 'siem-vpcflow-2031.01.01',
    shard: '0',
    index_uuid: 'htqOhq5oR2WFTu9Z0NZAUQ',
  },
};

describe('BulkWriter on a cluster with the security plugin', () => {
  it('sends create actions, so nothing already indexed is replaced', async () => {
    // Prepare
    const bodies: string[] = [];
    const cluster: BulkClient = {
      request(_m, _p, body) {
        bodies.push(String(body));
        return Promise.resolve({ status: 200, body: Buffer.from('{"errors":false}') });
      },
    };

    // Act
    await writeAll(cluster, records(3));

    // Assess
    const actions = bodies.flatMap((b) =>
      b
        .trimEnd()
        .split('\n')
        .filter((_, i) => i % 2 === 0),
    );
    expect(actions).toHaveLength(3);
    for (const line of actions) expect(Object.keys(JSON.parse(line) as object)).toEqual(['create']);
  });

  it('counts a redelivered record answered 409 as done, and sends it once', async () => {
    // Prepare
    const cluster = new ScriptedCluster((item) =>
      item.id === 'id-2' ? RECORDED_ALREADY_THERE : { status: 201 },
    );

    // Act
    const counts = await writeAll(cluster, records(3));

    // Assess
    expect(counts).toMatchObject({ records: 3, indexed: 3, duplicates: 1, deadLettered: 0 });
    expect(cluster.requests.flat()).toHaveLength(3);
  });

  it('fails the object on a 403 item instead of rewriting or dead-lettering it', async () => {
    // Prepare
    const cluster = new ScriptedCluster((item) =>
      item.id === 'id-2' ? RECORDED_FORBIDDEN : { status: 201 },
    );

    // Act
    const outcome = writeAll(cluster, records(3), 100_000);

    // Assess
    await expect(outcome).rejects.toThrow(
      /HTTP 403 security_exception: no permissions for \[indices:admin\/create\]/,
    );
    const sent = cluster.requests.flat();
    expect(sent.some((s) => s.index.startsWith('siem-deadletter-'))).toBe(false);
    expect(sent).toHaveLength(3);
  });

  it('fails the object when the dead-letter index is the one refused', async () => {
    // Prepare
    const cluster = new ScriptedCluster((item) =>
      item.index.startsWith('siem-deadletter-')
        ? RECORDED_FORBIDDEN
        : { status: 400, error: { type: 'mapper_parsing_exception', reason: 'failed to parse' } },
    );
    const writer = new BulkWriter({ client: cluster });
    writer.add({ logType: 'waf', timestamp: 0, id: 'bad', ordinal: 7, json: '{"a":tru}' }, pointer);

    // Act
    const outcome = writer.flush();

    // Assess
    await expect(outcome).rejects.toThrow(/a dead letter to siem-deadletter-.*HTTP 403/);
    expect(writer.counts.deadLettered).toBe(0);
  });
});
