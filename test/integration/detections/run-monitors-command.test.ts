import { command } from '../../../cli/commands/run-monitors';
import type { QueryLevelMonitorBody } from '../../../detections/monitors';
import { createHttpClient } from '../../../opensearch/http-client';
import { secureOpenSearch } from '../../support/env';

/*
 * `siem run-monitors` against the node with the security plugin on (basic auth, as an operator
 * would run it against a self-managed cluster): stored monitors, run by the Alerting plugin. Each
 * test's monitors carry a name prefix of this run's own, so monitors other files leave on the
 * node are not run.
 */

jest.setTimeout(120_000);

const node = secureOpenSearch();
const http = createHttpClient({
  endpoint: node.url,
  auth: { kind: 'basic', user: node.user, password: node.password },
});
const run = Date.now().toString(36);
const index = `runmons-${run}`;
const healthy = `siem: runmons-${run}-ok-`;
const broken = `siem: runmons-${run}-broken-`;
const created: string[] = [];

function monitor(name: string, condition: string): QueryLevelMonitorBody {
  return {
    type: 'monitor',
    monitor_type: 'query_level_monitor',
    name,
    enabled: false,
    schedule: { period: { interval: 10, unit: 'MINUTES' } },
    inputs: [
      {
        search: {
          indices: [index],
          query: {
            size: 0,
            track_total_hits: true,
            query: {
              range: {
                '@timestamp': { gte: '{{period_end}}||-10m', lte: '{{period_end}}', format: 'epoch_millis' },
              },
            },
          },
        },
      },
    ],
    triggers: [
      {
        query_level_trigger: {
          name: 'condition',
          severity: '1',
          condition: { script: { source: condition, lang: 'painless' } },
          actions: [],
        },
      },
    ],
  };
}

async function siemRunMonitors(
  ...args: string[]
): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void stdout.push(line));
  const error = jest.spyOn(console, 'error').mockImplementation((line: string) => void stderr.push(line));
  const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk).trimEnd());
    return true;
  });
  const password = process.env.OPENSEARCH_PASSWORD;
  process.env.OPENSEARCH_PASSWORD = node.password;
  try {
    const code = await command.run(['--endpoint', node.url, '--user', node.user, ...args]);
    return { code, stdout, stderr };
  } finally {
    process.env.OPENSEARCH_PASSWORD = password;
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
}

beforeAll(async () => {
  await http.request('PUT', `/${index}`, {
    body: { mappings: { properties: { '@timestamp': { type: 'date' } } } },
  });
  await http.request('POST', `/${index}/_doc`, {
    query: { refresh: 'true' },
    body: { '@timestamp': Date.now() - 60_000 },
  });
  for (const body of [
    monitor(`${healthy}fires`, 'ctx.results[0].hits.total.value >= 1'),
    monitor(`${healthy}quiet`, 'ctx.results[0].hits.total.value >= 2'),
    monitor(`${broken}condition`, 'ctx.results[0].nothing.here > 1'),
  ]) {
    const response = await http.request<{ _id: string }>('POST', '/_plugins/_alerting/monitors', {
      body,
      query: { refresh: 'wait_for' },
    });
    created.push(response.body._id);
  }
});

afterAll(async () => {
  for (const id of created)
    await http.request('DELETE', `/_plugins/_alerting/monitors/${id}`).catch(() => undefined);
  await http.request('DELETE', `/${index}`).catch(() => undefined);
});

describe('siem run-monitors', () => {
  it('runs the stored monitors once and prints the one that fired on the indexed document', async () => {
    // Act
    const { code, stdout, stderr } = await siemRunMonitors('--name-prefix', healthy);

    // Assess
    expect(code).toBe(0);
    expect(stdout).toEqual([
      `${'FIRED'.padEnd(`${healthy}fires`.length)}  EVENTS  BUCKETS`,
      `${healthy}fires  1`,
      '2 monitors run: 1 fired, 1 quiet, 0 errors (OpenSearch Alerting _execute, dry run)',
    ]);
    expect(stderr).toContain(`running 2 monitors named '${healthy}…' on ${node.url} (basic auth)`);
    expect(stderr).toContain('  2/2 run, 1 fired, 0 errors');
  });

  it('fires nothing for a period that ends before the document', async () => {
    // Act
    const { code, stdout } = await siemRunMonitors(
      '--name-prefix',
      healthy,
      '--period-end',
      new Date(Date.now() - 60 * 60_000).toISOString(),
    );

    // Assess
    expect(code).toBe(0);
    expect(stdout).toEqual([
      '2 monitors run: 0 fired, 2 quiet, 0 errors (OpenSearch Alerting _execute, dry run)',
    ]);
  });

  it('counts a monitor the plugin fails to run as an error, names it, and exits non-zero', async () => {
    // Act
    const { code, stdout, stderr } = await siemRunMonitors('--name-prefix', `siem: runmons-${run}-`);

    // Assess
    expect(code).toBe(1);
    expect(stdout.at(-1)).toBe(
      '3 monitors run: 1 fired, 1 quiet, 1 errors (OpenSearch Alerting _execute, dry run)',
    );
    const errors = stderr.filter((line) => line.startsWith('error: '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`monitor '${broken}condition' failed (trigger condition): `);
  });

  it('exits non-zero when no monitor has the prefix', async () => {
    // Act
    const { code, stderr } = await siemRunMonitors('--name-prefix', `siem: runmons-${run}-none-`);

    // Assess
    expect(code).toBe(1);
    expect(stderr.join('\n')).toContain(`no monitor named 'siem: runmons-${run}-none-…'`);
  });
});
