import { parseArgs } from 'node:util';
import { MONITOR_NAME_PREFIX } from '../../detections/monitors';
import { CompileBudget } from '../../detections/compile-budget';
import { MonitorRunError, runStoredMonitorOnce, type MonitorRun } from '../../detections/run-monitor';
import { authFor, createHttpClient } from '../../opensearch/http-client';
import { endpointUrl, readOutputs } from '../../operations/post-apply/outputs';
import { findMonitorsByName } from '../../operations/post-apply/steps/monitors';
import { table } from '../../operations/text-table';
import type { CliCommand } from '../siem';

/** How one stored monitor's run went: its result, or the error the plugin reported. */
export type MonitorOutcome =
  { readonly name: string; readonly run: MonitorRun } | { readonly name: string; readonly error: string };

/** A progress line on stderr every this many monitors (and after the last). */
const PROGRESS_EVERY = 10;

function bucketKeys(run: MonitorRun): string {
  return run.buckets.map((b) => `${Object.values(b.key).map(String).join(',')} (${b.docCount})`).join(' ');
}

/**
 * What `siem run-monitors` prints on stdout: the monitors that fired (name order), then one line
 * of counts. Errors are counted here and listed on stderr by the command.
 */
export function reportLines(outcomes: readonly MonitorOutcome[]): string[] {
  const fired = outcomes
    .flatMap((o) => ('run' in o && o.run.triggered ? [o.run] : []))
    .sort((a, b) => a.monitor.localeCompare(b.monitor));
  const errors = outcomes.filter((o) => 'error' in o).length;
  const quiet = outcomes.length - fired.length - errors;
  const counts = `${outcomes.length} monitors run: ${fired.length} fired, ${quiet} quiet, ${errors} errors (OpenSearch Alerting _execute, dry run)`;
  if (fired.length === 0) return [counts];
  const rows = fired.map((run) => [run.monitor, String(run.matchedEvents), bucketKeys(run)]);
  return [...table(['FIRED', 'EVENTS', 'BUCKETS'], rows), counts];
}

function parsePeriodEnd(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(ms))
    throw new Error(`--period-end: not a time: ${value} (ISO 8601 or epoch milliseconds)`);
  return ms;
}

export const command: CliCommand = {
  summary:
    'Runs every SIEM monitor on a cluster once through the Alerting plugin (dry run: no alert, no notification) and prints what fired.',
  usage: `siem run-monitors (--outputs <terraform output -json file> | --endpoint URL)
              [--user NAME (password in OPENSEARCH_PASSWORD)] [--name-prefix 'siem: ']
              [--period-end <ISO time | epoch ms>]

  Runs each stored monitor whose name starts with --name-prefix with
  POST _plugins/_alerting/monitors/<id>/_execute?dryrun=true, optionally for the period ending at
  --period-end (default now). Progress goes to stderr, the fired monitors and the counts to
  stdout, each failed run to stderr. Exit code 1 when any monitor failed to run or none was found.`,
  async run(argv) {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        outputs: { type: 'string' },
        endpoint: { type: 'string' },
        user: { type: 'string' },
        'name-prefix': { type: 'string', default: MONITOR_NAME_PREFIX },
        'period-end': { type: 'string' },
      },
      strict: true,
    });
    const rawEndpoint =
      values.endpoint ?? (values.outputs ? readOutputs(values.outputs).domainEndpoint : undefined);
    if (!rawEndpoint) throw new Error('give --outputs (with a domainEndpoint output) or --endpoint');
    const endpoint = endpointUrl(rawEndpoint);
    const auth = authFor(endpoint, { user: values.user, password: process.env.OPENSEARCH_PASSWORD });
    const client = createHttpClient({ endpoint, auth, timeoutMs: 120_000 });
    const periodEnd = parsePeriodEnd(values['period-end']);
    const prefix = values['name-prefix'];
    const log = (line: string) => process.stderr.write(`${line}\n`);

    const stored = [...(await findMonitorsByName(client, prefix)).values()]
      .flat()
      .sort(
        (a, b) => String(a.monitor.name).localeCompare(String(b.monitor.name)) || a.id.localeCompare(b.id),
      );
    if (stored.length === 0) {
      console.error(`siem run-monitors: no monitor named '${prefix}…' on ${endpoint} (has post-apply run?)`);
      return 1;
    }
    log(`running ${stored.length} monitors named '${prefix}…' on ${endpoint} (${auth.kind} auth)`);
    const outcomes: MonitorOutcome[] = [];
    const budget = new CompileBudget({
      onWait: (ms, monitor) =>
        log(
          `  the node's template compilation budget is spent (75 per 5 minutes by default): waiting ${ms / 1000} s before '${monitor}'`,
        ),
    });
    for (const [i, { id, monitor }] of stored.entries()) {
      const name = String(monitor.name);
      try {
        const run = await budget.run(() => runStoredMonitorOnce(client, { id, name }, { periodEnd }));
        outcomes.push({ name, run });
      } catch (error) {
        if (!(error instanceof MonitorRunError)) throw error;
        outcomes.push({ name, error: error.message });
        log(`error: ${error.message}`);
      }
      if ((i + 1) % PROGRESS_EVERY === 0 || i + 1 === stored.length) {
        const fired = outcomes.filter((o) => 'run' in o && o.run.triggered).length;
        const errors = outcomes.filter((o) => 'error' in o).length;
        log(`  ${i + 1}/${stored.length} run, ${fired} fired, ${errors} errors`);
      }
    }
    for (const line of reportLines(outcomes)) console.log(line);
    return outcomes.some((o) => 'error' in o) ? 1 : 0;
  },
};
