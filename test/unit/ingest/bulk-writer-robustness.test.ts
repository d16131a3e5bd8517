import { BulkWriter, type BulkClient } from '../../../functions/ingest/bulk-writer';
import { dayInKey, dayInRecord } from '../../../functions/ingest/record-day';
import { periodLookup } from '../../../opensearch/index-names';
import type { OpenSearchResponse } from '../../../opensearch/http-client';
import type { ParsedRecord, UnparsableRecord } from '../../../functions/ingest/types';

interface Action {
  index: string;
  id: string;
  doc: Record<string, unknown>;
}

/**
 * A cluster that answers every request after `delayMs` (so requests overlap) with `status`, and
 * keeps what the tests look at: requests, actions, and how many records the writer had accepted
 * but not yet seen through when each request arrived.
 */
class CountingCluster implements BulkClient {
  requests = 0;
  inFlight = 0;
  maxInFlight = 0;
  maxOutstanding = 0;
  /** Items answered with a success. */
  acked = 0;
  readonly actions: Action[] = [];
  writer?: BulkWriter;

  constructor(private readonly options: { delayMs?: number; status?: number; keepActions?: boolean } = {}) {}

  async request(_method: string, _path: string, body?: Buffer | string): Promise<OpenSearchResponse> {
    this.requests++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    if (this.writer) {
      const { records, indexed, deadLettered } = this.writer.counts;
      this.maxOutstanding = Math.max(this.maxOutstanding, records - indexed - deadLettered);
    }
    const lines = String(body).trimEnd().split('\n');
    const items: object[] = [];
    for (let i = 0; i < lines.length; i += 2) {
      if (this.options.keepActions) {
        const action = (JSON.parse(lines[i]) as { create: { _index: string; _id: string } }).create;
        this.actions.push({
          index: action._index,
          id: action._id,
          doc: JSON.parse(lines[i + 1]) as Record<string, unknown>,
        });
      }
      items.push({ create: { status: this.options.status ?? 201 } });
    }
    await new Promise((resolve) => setTimeout(resolve, this.options.delayMs ?? 0));
    this.inFlight--;
    const status = this.options.status ?? 201;
    const errors = status >= 300;
    if (!errors) this.acked += items.length;
    return { status: 200, body: Buffer.from(JSON.stringify({ errors, items })) };
  }
}

const badLine = (n: number): UnparsableRecord => ({
  ordinal: n,
  id: `obj-${n}`,
  raw: `2 123456789012 eni-0abc not a flow record at all, line ${n}`,
  error: 'expected 14 fields',
});

const DATED = { bucket: 'archive', key: 'AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/01/02/f.log.gz' };

describe('BulkWriter with a flood of unparsable records', () => {
  it('batches dead letters by bytes and makes the caller wait, so requests and memory stay bounded', async () => {
    // Prepare: a "million bad lines" object, scaled down; small requests, two at a time.
    const lines = 50_000;
    const cluster = new CountingCluster({ delayMs: 1 });
    const writer = new BulkWriter({ client: cluster, flushBytes: 64 * 1024, concurrency: 2 });
    cluster.writer = writer;

    // Act
    for (let n = 1; n <= lines; n++) {
      const wait = writer.addUnparsable(badLine(n), 'vpcflow', DATED);
      if (wait) await wait;
    }
    const counts = await writer.flush();

    // Assess
    expect(counts).toMatchObject({ records: lines, deadLettered: lines, indexed: 0 });
    expect(cluster.requests).toBeLessThan(lines / 100);
    expect(cluster.maxInFlight).toBeLessThanOrEqual(2);
    // In flight, waiting for a slot and being filled: a few requests' worth, never the whole file.
    expect(cluster.maxOutstanding).toBeLessThan(2_000);
  });

  it('holds the caller back while every request slot is busy', async () => {
    // Prepare: a cluster so slow that nothing completes while the caller adds.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: BulkClient = {
      request: async (_m, _p, body) => {
        await gate;
        const n = String(body).trimEnd().split('\n').length / 2;
        const items = Array.from({ length: n }, () => ({ create: { status: 201 } }));
        return { status: 200, body: Buffer.from(JSON.stringify({ errors: false, items })) };
      },
    };
    const writer = new BulkWriter({ client: slow, flushBytes: 4 * 1024, concurrency: 1 });
    let added = 0;
    const produce = (async () => {
      for (let n = 1; n <= 10_000; n++) {
        const wait = writer.addUnparsable(badLine(n), 'vpcflow', DATED);
        added++;
        if (wait) await wait;
      }
    })();

    // Act: let the producer run as far as the writer allows.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const addedWhileBlocked = added;
    release();
    await produce;
    const counts = await writer.flush();

    // Assess
    expect(addedWhileBlocked).toBeLessThan(200);
    expect(counts.deadLettered).toBe(10_000);
  });
});

describe('BulkWriter dead-letter index of an unparsable record', () => {
  async function letterOf(
    key: string,
    raw: string,
    logType: 'vpcflow' | 'unknown' = 'vpcflow',
    periods: Record<string, 'day' | 'week' | 'month'> = {},
  ) {
    const cluster = new CountingCluster({ keepActions: true });
    const writer = new BulkWriter({ client: cluster, periodOf: periodLookup(periods) });
    await writer.addUnparsable({ ordinal: 3, id: 'x-3', raw, error: 'bad' }, logType, {
      bucket: 'archive',
      key,
    });
    await writer.flush();
    return cluster.actions[0];
  }

  it('uses the day of the object key, with the index the record was meant for', async () => {
    // Act
    const letter = await letterOf(DATED.key, 'garbage 2023-12-31T23:59:59Z');

    // Assess
    expect(letter.index).toBe('siem-deadletter-2024.m01');
    expect(letter.id).toBe('vpcflow:x-3');
    expect(letter.doc).toMatchObject({
      error: { type: 'parse_error', reason: 'bad' },
      s3: { bucket: 'archive', key: DATED.key, record: 3 },
      log_type: 'vpcflow',
      target_index: 'siem-vpcflow-2024.01.02',
      document_id: 'x-3',
      document: 'garbage 2023-12-31T23:59:59Z',
    });
  });

  it('names the target by the log type period: the week of the key day', async () => {
    // Act
    const letter = await letterOf(DATED.key, 'garbage', 'vpcflow', { vpcflow: 'week' });

    // Assess: 2024-01-02 is a Tuesday of ISO week 1 of 2024.
    expect(letter.index).toBe('siem-deadletter-2024.m01');
    expect(letter.doc.target_index).toBe('siem-vpcflow-2024.w01');
  });

  it('falls back on a date-time in the record when the key has no day', async () => {
    // Act
    const letter = await letterOf('uploads/f.log', 'http 2024-03-04T05:06:07.000Z app/lb broken');

    // Assess
    expect(letter.index).toBe('siem-deadletter-2024.m03');
    expect(letter.doc.target_index).toBe('siem-vpcflow-2024.03.04');
  });

  it('stays undated, with no target index, when neither gives a day', async () => {
    // Act
    const letter = await letterOf('uploads/f.log', '{"timestamp":');

    // Assess
    expect(letter.index).toBe('siem-deadletter-undated');
    expect(letter.doc.target_index).toBe('');
  });

  it('names no target index for an unknown log type, but still dates the letter', async () => {
    // Act
    const letter = await letterOf(DATED.key, 'x', 'unknown');

    // Assess
    expect(letter.index).toBe('siem-deadletter-2024.m01');
    expect(letter.doc.target_index).toBe('');
  });

  it.each([
    ['AWSLogs/1/CloudWatchLogs/us-east-1/app/2020/01/01/x/2024/01/02/03/id.json.gz', Date.UTC(2024, 0, 2)],
    ['AWSLogs/123456789012/CloudTrail/eu-west-1/2024/02/29/file.json.gz', Date.UTC(2024, 1, 29)],
    ['2024/05/06/07/firehose-1-2024-05-06-07-00-00-abc.gz', Date.UTC(2024, 4, 6)],
    ['cloudfront/E2ABCDEFGHIJ.2024-07-08-09.a1b2c3d4.gz', Date.UTC(2024, 6, 8)],
    ['s3access/2024-10-11-12-13-14-0123456789ABCDEF', Date.UTC(2024, 9, 11)],
    ['AWSLogs/123456789012/CloudTrail/eu-west-1/2023/02/29/file.json.gz', undefined],
    ['uploads/2024-13-01-02-03-04-ABCDEF', undefined],
  ])('reads the day of key %s', (key, day) => {
    // Act & Assess
    expect(dayInKey(key)).toBe(day);
  });

  it('looks for a record date-time only near the start of the record', () => {
    // Act & Assess
    expect(dayInRecord(`${'x'.repeat(5_000)} 2024-01-02T03:04:05Z`)).toBeUndefined();
    expect(dayInRecord('{"eventTime":"2024-01-02T03:04:05Z"')).toBe(Date.UTC(2024, 0, 2));
  });
});

function record(n: number): ParsedRecord {
  return {
    logType: 'vpcflow',
    timestamp: Date.UTC(2024, 0, 2),
    id: `id-${n}`,
    ordinal: n,
    json: JSON.stringify({ '@timestamp': '2024-01-02T00:00:00.000Z', n }),
  };
}

describe('BulkWriter deadline', () => {
  /** A clock that moves only when the writer sleeps: the tests take no real time to reach a deadline. */
  function virtualClock(start = 1_700_000_000_000) {
    const clock = { now: start, sleeps: [] as number[] };
    return {
      clock,
      now: () => clock.now,
      sleep: async (ms: number) => {
        clock.sleeps.push(ms);
        clock.now += ms;
      },
    };
  }

  it('sends nothing once the deadline has passed, and fails instead', async () => {
    // Prepare
    const cluster = new CountingCluster();
    const { now } = virtualClock();
    const writer = new BulkWriter({ client: cluster, deadline: now() - 1, now });
    writer.add(record(1), DATED);

    // Act
    const result = writer.flush();

    // Assess
    await expect(result).rejects.toThrow(/deadline/);
    expect(cluster.requests).toBe(0);
  });

  it('stops retrying a refused request at the deadline, long before the retry budget', async () => {
    // Prepare
    const cluster = new CountingCluster({ status: 429 });
    const { clock, now, sleep } = virtualClock();
    const started = clock.now;
    const writer = new BulkWriter({
      client: cluster,
      retryBaseDelayMs: 100,
      retryMaxDelayMs: 1_000,
      retryBudgetMs: 300_000,
      deadline: started + 10_000,
      now,
      sleep,
      // The top of each jitter range: the backoff doubles 100, 200, 400, 800, then stays at 1,000.
      random: () => 0.999_999,
    });
    writer.add(record(1), DATED);

    // Act
    const result = writer.flush();

    // Assess: retried until the next wait would cross the deadline, never past it.
    await expect(result).rejects.toThrow(/kept refusing 1 documents .*deadline/);
    expect(clock.sleeps).toEqual([99, 199, 399, 799, 999, 999, 999, 999, 999, 999, 999, 999]);
    expect(clock.now).toBeLessThanOrEqual(started + 10_000);
    expect(cluster.requests).toBe(clock.sleeps.length + 1);
  });

  it('gives up after the retry budget, on the injected clock', async () => {
    // Prepare
    const cluster = new CountingCluster({ status: 503 });
    const { clock, now, sleep } = virtualClock();
    const started = clock.now;
    const writer = new BulkWriter({
      client: cluster,
      retryBaseDelayMs: 1_000,
      retryMaxDelayMs: 60_000,
      retryBudgetMs: 120_000,
      now,
      sleep,
      random: () => 0.5,
    });
    writer.add(record(1), DATED);

    // Act
    const result = writer.flush();

    // Assess: waits of 500, 1,000, 2,000… (half of each ceiling) until 120 s are spent.
    await expect(result).rejects.toThrow(/kept refusing 1 documents for 12\d s: 503/);
    expect(clock.sleeps.slice(0, 4)).toEqual([500, 1_000, 2_000, 4_000]);
    expect(clock.now - started).toBeGreaterThan(120_000);
  });

  it('lets requests in flight end before settle resolves, and never rejects', async () => {
    // Prepare
    const cluster = new CountingCluster({ delayMs: 30 });
    const writer = new BulkWriter({ client: cluster, flushBytes: 200, concurrency: 2 });
    for (let n = 1; n <= 20; n++) {
      const wait = writer.add(record(n), DATED);
      if (wait) await wait;
    }
    expect(cluster.inFlight).toBeGreaterThan(0);

    // Act
    const counts = await writer.settle();

    // Assess
    expect(cluster.inFlight).toBe(0);
    expect(counts.indexed).toBeGreaterThan(0);
    expect(counts.indexed).toBe(cluster.acked);
  });
});
