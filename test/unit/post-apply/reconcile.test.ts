import { reconcile, summarize, type ManagedResource } from '../../../operations/post-apply/reconcile';

/** An in-memory resource store standing in for the cluster. */
function store(initial: Record<string, string>) {
  const data = new Map(Object.entries(initial));
  const writes: string[] = [];
  const resource = (name: string, wanted: string): ManagedResource<string> => ({
    label: `thing ${name}`,
    read: async () => data.get(name),
    isCurrent: (current) => current === wanted,
    create: async () => {
      writes.push(`create ${name}`);
      data.set(name, wanted);
    },
    update: async () => {
      writes.push(`update ${name}`);
      data.set(name, wanted);
    },
  });
  return { data, writes, resource };
}

describe('reconcile', () => {
  it('creates what is missing, updates what differs, leaves the rest', async () => {
    // Prepare
    const s = store({ a: 'old', b: 'same' });
    const lines: string[] = [];

    // Act
    const report = await reconcile(
      'things',
      [s.resource('a', 'new'), s.resource('b', 'same'), s.resource('c', 'x')],
      {
        log: (l) => lines.push(l),
      },
    );

    // Assess
    expect(report).toEqual({
      step: 'things',
      created: ['thing c'],
      updated: ['thing a'],
      unchanged: ['thing b'],
    });
    expect(s.writes).toEqual(['update a', 'create c']);
    expect(lines).toEqual(['[things 1/3] update thing a', '[things 3/3] create thing c']);
    expect(summarize(report)).toBe('things: 1 created, 1 updated, 1 unchanged');
  });

  it('writes nothing in a dry run but reports the same plan', async () => {
    // Prepare
    const s = store({ a: 'old' });

    // Act
    const report = await reconcile('things', [s.resource('a', 'new'), s.resource('c', 'x')], {
      dryRun: true,
      log: () => undefined,
    });

    // Assess
    expect(s.writes).toEqual([]);
    expect(summarize(report, true)).toBe('things: 1 to create, 1 to update, 0 unchanged');
  });

  it('is idempotent: the second run changes nothing', async () => {
    // Prepare
    const s = store({});
    const resources = [s.resource('a', '1'), s.resource('b', '2')];
    await reconcile('things', resources, { log: () => undefined });

    // Act
    const second = await reconcile('things', resources, { log: () => undefined });

    // Assess
    expect(summarize(second)).toBe('things: 0 created, 0 updated, 2 unchanged');
  });

  it('names the resource that failed', async () => {
    // Prepare
    const failing: ManagedResource<string> = {
      label: 'monitor "siem: x"',
      read: async () => undefined,
      isCurrent: () => false,
      create: async () => {
        throw new Error('POST /_plugins/_alerting/monitors failed with HTTP 400: bad trigger');
      },
      update: async () => undefined,
    };

    // Act
    const act = reconcile('monitors', [failing], { log: () => undefined });

    // Assess
    await expect(act).rejects.toThrow(
      'monitor "siem: x": POST /_plugins/_alerting/monitors failed with HTTP 400: bad trigger',
    );
  });
});
