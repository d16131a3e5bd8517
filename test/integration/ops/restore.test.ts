import { join } from 'node:path';
import { Client } from '@opensearch-project/opensearch';
import { parseConfig } from '../../../config/load';
import { snapshotManagementPolicy, snapshotRepository } from '../../../opensearch/ism-policies';
import { daysInRange } from '../../../operations/deploy/date-range';
import { command as restoreCommand } from '../../../cli/commands/restore';
import { createHttpClient } from '../../../opensearch/http-client';
import { restoreIndices } from '../../../operations/restore/restore-indices';
import { IndexNamer } from '../../../opensearch/index-names';
import { testOrganization } from '../../support/config';
import { openSearchPathRepo, openSearchUrl } from '../../support/env';

/** A prefix of our own, so the indices match no index template, ISM policy or other test. */
const prefix = `itrestore${Date.now().toString(36)}-`;
const repository = `${prefix}snapshots`;
const DAY_1 = `${prefix}cloudtrail-2019.03.01`;
const DAY_2 = `${prefix}cloudtrail-2019.03.02`;
/** After a change to weekly indices: ISO week 10 of 2019, Monday 03-04 to Sunday 03-10. */
const WEEK_10 = new IndexNamer(prefix, () => 'week').indexFor('cloudtrail', Date.UTC(2019, 2, 6));

let client: Client;

async function addEvents(index: string, count: number, from = 0): Promise<void> {
  const body = Array.from({ length: count }, (_, i) => [
    { index: { _index: index, _id: `event-${from + i}` } },
    { '@timestamp': '2019-03-01T12:00:00Z', eventName: 'ConsoleLogin', n: from + i },
  ]).flat();
  await client.bulk({ body, refresh: true });
}

async function snapshot(name: string, indices: string[]): Promise<void> {
  await client.snapshot.create({
    repository,
    snapshot: name,
    wait_for_completion: true,
    body: { indices: indices.join(','), include_global_state: false },
  });
}

async function count(index: string): Promise<number> {
  await client.indices.refresh({ index });
  return (await client.count({ index })).body.count;
}

beforeAll(async () => {
  client = new Client({ node: openSearchUrl() });
  const { body } = snapshotRepository({ type: 'fs', location: join(openSearchPathRepo(), repository) });
  await client.snapshot.createRepository({ repository, body });
  // Day 1 is in both snapshots, with more events in the newer one: the newer one must win.
  await addEvents(DAY_1, 3);
  await snapshot('older', [DAY_1]);
  await addEvents(DAY_1, 2, 3);
  await addEvents(DAY_2, 7);
  await addEvents(WEEK_10, 6);
  await snapshot('newer', [DAY_1, DAY_2, WEEK_10]);
  await client.indices.delete({ index: [DAY_1, DAY_2, WEEK_10] });
}, 120_000);

afterAll(async () => {
  await client.indices
    .delete({ index: `restored-${prefix}*,${prefix}*`, expand_wildcards: 'all' })
    .catch(() => undefined);
  await client.snapshot.delete({ repository, snapshot: 'older,newer' }).catch(() => undefined);
  await client.snapshot.deleteRepository({ repository }).catch(() => undefined);
  await client.close();
});

describe('restoreIndices against the local OpenSearch node', () => {
  const options = () => ({
    client: createHttpClient({ endpoint: openSearchUrl() }),
    repository,
    logType: 'cloudtrail' as const,
    days: daysInRange('2019-03-01', '2019-03-03'),
    indexPrefix: prefix,
    pollIntervalMs: 200,
    timeoutMs: 120_000,
  });

  it('restores deleted days under restored- with their counts, and a re-run skips them', async () => {
    // Act
    const first = await restoreIndices(options());
    const secondExit = await restoreCommand.run([
      '--source',
      'cloudtrail',
      '--from',
      '2019-03-01',
      '--to',
      '2019-03-03',
      '--endpoint',
      openSearchUrl(),
      '--repository',
      repository,
      '--index-prefix',
      prefix,
    ]);
    const third = await restoreIndices({ ...options(), dryRun: true });

    // Assess
    expect(first.plan.restores).toEqual([{ snapshot: 'newer', indices: [DAY_1, DAY_2] }]);
    expect(first.plan.missing).toEqual([`${prefix}cloudtrail-2019.03.03`]);
    expect(first.restored).toEqual([
      { index: `restored-${DAY_1}`, documents: 5 },
      { index: `restored-${DAY_2}`, documents: 7 },
    ]);
    expect(secondExit).toBe(0);
    expect(third.plan.restores).toEqual([]);
    expect(third.skipped).toEqual(first.restored);
    expect(await count(`restored-${DAY_1}`)).toBe(5);
    expect(await count(`restored-${DAY_2}`)).toBe(7);
  }, 120_000);

  it('restores again a copy an interrupted restore left without its shards, and only that one', async () => {
    // Prepare
    // What a restore stopped before its shard recovered leaves: the index exists, its primary
    // never recovers (here: allocation to a node that does not exist).
    await client.indices.delete({ index: `restored-${DAY_2}` });
    await client.indices.create({
      index: `restored-${DAY_2}`,
      wait_for_active_shards: '0',
      body: {
        settings: {
          number_of_shards: 1,
          number_of_replicas: 0,
          'index.routing.allocation.require._name': 'no-such-node',
        },
      },
    });

    // Act
    const dryRun = await restoreIndices({ ...options(), dryRun: true });
    const run = await restoreIndices(options());
    const again = await restoreIndices({ ...options(), dryRun: true });

    // Assess
    expect(dryRun.plan.incomplete).toEqual([DAY_2]);
    expect(dryRun.plan.restores).toEqual([{ snapshot: 'newer', indices: [DAY_2] }]);
    expect(dryRun.skipped).toEqual([{ index: `restored-${DAY_1}`, documents: 5 }]);
    expect(run.restored).toEqual([{ index: `restored-${DAY_2}`, documents: 7 }]);
    expect(again.plan.incomplete).toEqual([]);
    expect(again.plan.restores).toEqual([]);
    expect(await count(`restored-${DAY_2}`)).toBe(7);
  }, 120_000);

  it('finds the week that holds a day after the log type went weekly, beside the daily ones before', async () => {
    // Act: Saturday 03-02 (daily, restored above), Sunday 03-03 (nothing), Monday 03-04 and
    // Tuesday 03-05 (both in week 10).
    const run = await restoreIndices({ ...options(), days: daysInRange('2019-03-02', '2019-03-05') });

    // Assess
    expect(WEEK_10).toBe(`${prefix}cloudtrail-2019.w10`);
    expect(run.plan.restores).toEqual([{ snapshot: 'newer', indices: [WEEK_10] }]);
    expect(run.plan.alreadyRestored).toEqual([DAY_2]);
    expect(run.plan.missing).toEqual([`${prefix}cloudtrail-2019.03.03`]);
    expect(run.restored).toEqual([{ index: `restored-${WEEK_10}`, documents: 6 }]);
  }, 120_000);
});

/*
 * The snapshots Snapshot Management takes on the policy post-apply writes (here scheduled every
 * minute, on indices and a repository of this run's own), restored by `siem restore`.
 */
describe('siem restore from a snapshot Snapshot Management took', () => {
  const smPrefix = `${prefix}sm-`;
  const smRepository = `${smPrefix}snapshots`;
  const smPolicyId = `${smPrefix}policy`;
  const DAY = `${smPrefix}cloudtrail-2019.03.05`;
  const config = parseConfig({
    ...testOrganization(),
    memberAccounts: [{ id: '333333333333', name: 'workloads' }],
    retention: { hotDays: 30, snapshotRetentionDays: 7 },
  });

  afterAll(async () => {
    await client.transport
      .request({ method: 'DELETE', path: `/_plugins/_sm/policies/${smPolicyId}` })
      .catch(() => undefined);
    await client.indices
      .delete({ index: `restored-${smPrefix}*,${smPrefix}*`, expand_wildcards: 'all' })
      .catch(() => undefined);
    await client.snapshot
      .delete({ repository: smRepository, snapshot: `${smPolicyId}*` })
      .catch(() => undefined);
    await client.snapshot.deleteRepository({ repository: smRepository }).catch(() => undefined);
  }, 60_000);

  it('takes a snapshot on its schedule, and siem restore brings the day back from it', async () => {
    // Prepare
    const { body } = snapshotManagementPolicy(
      config,
      snapshotRepository({ type: 'fs', location: '/unused' }),
    );
    const policy = body as {
      creation: Record<string, unknown>;
      snapshot_config: Record<string, unknown>;
    };
    await client.snapshot.createRepository({
      repository: smRepository,
      body: snapshotRepository({ type: 'fs', location: join(openSearchPathRepo(), smRepository) }).body,
    });
    await addEvents(DAY, 4);
    await client.transport.request({
      method: 'POST',
      path: `/_plugins/_sm/policies/${smPolicyId}`,
      body: {
        ...policy,
        creation: { ...policy.creation, schedule: { cron: { expression: '* * * * *', timezone: 'UTC' } } },
        snapshot_config: { ...policy.snapshot_config, repository: smRepository, indices: `${smPrefix}*` },
      },
    });

    // Act: SM's job checks the schedule once a minute.
    let taken: { snapshot: string; state: string; indices: string[] } | undefined;
    const deadline = Date.now() + 240_000;
    while (!taken && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const { body: listed } = await client.snapshot.get({ repository: smRepository, snapshot: '_all' });
      taken = (
        listed as { snapshots: Array<{ snapshot: string; state: string; indices: string[] }> }
      ).snapshots.find((snap) => snap.state === 'SUCCESS');
    }
    await client.transport.request({ method: 'POST', path: `/_plugins/_sm/policies/${smPolicyId}/_stop` });
    await client.indices.delete({ index: DAY });
    const exit = await restoreCommand.run([
      '--source',
      'cloudtrail',
      '--from',
      '2019-03-05',
      '--to',
      '2019-03-05',
      '--endpoint',
      openSearchUrl(),
      '--repository',
      smRepository,
      '--index-prefix',
      smPrefix,
    ]);

    // Assess
    expect(taken?.snapshot).toMatch(new RegExp(`^${smPolicyId}-2\\d{3}\\.\\d{2}\\.\\d{2}-`));
    expect(taken?.indices).toEqual([DAY]);
    expect(exit).toBe(0);
    expect(await count(`restored-${DAY}`)).toBe(4);
  }, 300_000);
});
