import type { BulkWriter } from '../../../functions/ingest/bulk-writer';
import { documentText } from '../../../functions/ingest/documents';
import { DAY_MS, ObjectIndexRouter, ROUTING } from '../../../functions/ingest/index-routing';
import { ingestObject } from '../../../functions/ingest/ingest-object';
import type { ParsedRecord } from '../../../functions/ingest/types';
import { IndexNamer, periodLookup } from '../../../opensearch/index-names';

const NOW = Date.UTC(2025, 5, 10, 12);
const TODAY = Date.UTC(2025, 5, 10);
const day = (n: number) => TODAY + n * DAY_MS;
const KEY_TODAY = 'AWSLogs/333333333333/CloudTrail/eu-west-1/2025/06/10/f.json.gz';
const window = { hotDays: 30 };

describe('ObjectIndexRouter', () => {
  it('keeps event days inside the window, and sends older or future times to the key day', () => {
    // Prepare
    const router = new ObjectIndexRouter(KEY_TODAY, { window, now: NOW, maxDailyIndices: 10 });

    // Act & Assess
    expect(router.route('cloudtrail', day(-30) + 5)).toEqual({ indexTime: day(-30) + 5 });
    expect(router.route('cloudtrail', day(-30) - 1)).toEqual({
      indexTime: TODAY,
      routing: ROUTING.outsideWindow,
    });
    expect(router.route('cloudtrail', NOW + DAY_MS)).toEqual({ indexTime: NOW + DAY_MS });
    expect(router.route('cloudtrail', NOW + DAY_MS + 1)).toEqual({
      indexTime: TODAY,
      routing: ROUTING.outsideWindow,
    });
    expect(router.route('cloudtrail', Date.UTC(1970, 0, 1))).toMatchObject({
      routing: ROUTING.outsideWindow,
    });
  });

  it('counts the budget in indices of the log type period, not in days', () => {
    // Prepare: 2025-06-10 is a Tuesday; weeks run Monday to Sunday.
    const router = new ObjectIndexRouter(KEY_TODAY, {
      window,
      now: NOW,
      maxDailyIndices: 2,
      periodOf: periodLookup({ cloudtrail: 'week' }),
    });

    // Act & Assess: six days of one week are one index, whatever their number.
    for (let n = -1; n <= 1; n++) expect(router.route('cloudtrail', day(n))).toEqual({ indexTime: day(n) });
    expect(router.route('cloudtrail', day(-7))).toEqual({ indexTime: day(-7) });
    expect(router.route('cloudtrail', day(-14))).toEqual({ indexTime: TODAY, routing: ROUTING.overBudget });
    expect(router.route('vpcflow', day(-1))).toEqual({ indexTime: day(-1) });
    expect(router.route('vpcflow', day(-2))).toEqual({ indexTime: TODAY, routing: ROUTING.overBudget });
    expect(router.indices).toBe(4);
  });

  it('uses the key day when it is in the window, the arrival day when it is not', () => {
    // Prepare
    const inWindow = new ObjectIndexRouter(KEY_TODAY.replace('2025/06/10', '2025/06/01'), {
      window,
      now: NOW,
    });
    const forgedDay = new ObjectIndexRouter(KEY_TODAY.replace('2025/06/10', '1999/01/01'), {
      window,
      now: NOW,
    });
    const noDay = new ObjectIndexRouter('AWSLogs/333333333333/CloudTrail/eu-west-1/f.json.gz', {
      window,
      now: NOW,
    });

    // Act & Assess
    expect(inWindow.objectDay).toBe(Date.UTC(2025, 5, 1));
    expect(forgedDay.objectDay).toBe(TODAY);
    expect(noDay.objectDay).toBe(TODAY);
  });

  it('lets one object name at most the budgeted days, the object day included', () => {
    // Prepare
    const router = new ObjectIndexRouter(KEY_TODAY, { window, now: NOW, maxDailyIndices: 3 });

    // Act
    const routes = [-1, -2, -3, -1, 0, -4, -2].map((n) => router.route('cloudtrail', day(n) + 1000));

    // Assess: -1 and -2 get their own index, the rest goes to the key day (today).
    expect(routes.map((r) => [(r.indexTime - TODAY) / DAY_MS, r.routing])).toEqual([
      [-1 + 1000 / DAY_MS, undefined],
      [-2 + 1000 / DAY_MS, undefined],
      [0, ROUTING.overBudget],
      [-1 + 1000 / DAY_MS, undefined],
      [1000 / DAY_MS, undefined],
      [0, ROUTING.overBudget],
      [-2 + 1000 / DAY_MS, undefined],
    ]);
    expect(router.indices).toBe(3);
  });

  it('without a window applies only the budget (re-ingestion of old days)', () => {
    // Prepare
    const router = new ObjectIndexRouter('AWSLogs/1/CloudTrail/eu-west-1/2019/03/01/f.json.gz', { now: NOW });

    // Act
    const routes = [0, 1, 2, 3].map((n) => router.route('cloudtrail', Date.UTC(2019, 1, 27 + n)));

    // Assess
    // Feb 27 and 28 get their own index, Mar 1 is the key day, Mar 2 goes to it.
    expect(routes.map((r) => r.routing)).toEqual([undefined, undefined, undefined, ROUTING.overBudget]);
    expect(routes[3].indexTime).toBe(Date.UTC(2019, 2, 1));
    expect(router.indices).toBe(3);
  });
});

describe('ingestObject index bounds', () => {
  it('sends a CloudTrail file of 3,000 event days to at most 3 daily indices, every record once', async () => {
    // Prepare: one record per day, from 100 days ahead back through 2,899 days ago.
    const records = Array.from({ length: 3000 }, (_, i) => ({
      eventTime: new Date(day(100 - i) + 3_600_000).toISOString(),
      eventID: `e${i}`,
      eventName: 'ListBuckets',
      recipientAccountId: '333333333333',
    }));
    const added: ParsedRecord[] = [];
    const writer = {
      add: (r: ParsedRecord) => void added.push(r),
      addUnparsable: () => {
        throw new Error('nothing should be dead-lettered');
      },
    } as unknown as BulkWriter;

    // Act
    const result = await ingestObject(
      Buffer.from(JSON.stringify({ Records: records })),
      { bucket: 'b', key: KEY_TODAY },
      writer,
      { bounds: { window, now: NOW } },
    );

    // Assess
    const namer = new IndexNamer('siem-');
    const indices = new Set(added.map((r) => namer.indexFor(r.logType, r.timestamp)));
    expect(added).toHaveLength(3000);
    expect([...indices].sort()).toEqual([
      'siem-cloudtrail-2025.06.09', // 1st in-window day met (-1: i = 101)
      'siem-cloudtrail-2025.06.10', // today: its own record and everything routed
      'siem-cloudtrail-2025.06.11', // tomorrow (i = 99), the first in-window day met
    ]);
    expect(result).toMatchObject({ records: 3000, rerouted: 2997, dailyIndices: 3 });
    const docs = added.map(
      (r) =>
        JSON.parse(documentText(r)) as { '@timestamp': string; eventID: string; event: { routing?: string } },
    );
    // Every document keeps its event time; the routed ones say why they are not on their day.
    expect(docs.map((d) => d['@timestamp'])).toEqual(records.map((r) => r.eventTime));
    expect(docs.filter((d) => d.event.routing === undefined).map((d) => d.eventID)).toEqual([
      'e99',
      'e100',
      'e101',
    ]);
  });
});
