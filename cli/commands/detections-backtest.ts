import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/load';
import { allDetections } from '../../detections';
import { CompileBudget } from '../../detections/compile-budget';
import { authFor, createHttpClient } from '../../opensearch/http-client';
import { INDEX_PREFIX } from '../../opensearch/log-types';
import { reportLines } from '../../operations/backtest/report';
import { backtest } from '../../operations/backtest/run';
import { endpointUrl, readOutputs } from '../../operations/post-apply/outputs';

/** `siem detections backtest`: what every detection would have raised over a past range. */

export const BACKTEST_USAGE = `siem detections backtest (--outputs <terraform output -json file> | --endpoint URL)
              --from <date | ISO time> --to <date | ISO time> [--id ID]
              [--config siem.config.json] [--user NAME (password in OPENSEARCH_PASSWORD)]
              [--index-prefix siem-]

  Runs every detection of the config (or only --id) over the cluster's past data through the
  Alerting plugin (POST _plugins/_alerting/monitors/_execute?dryrun=true with period_end: no
  alert is stored, nothing is sent), sliding each monitor's window across the range at its
  schedule, and prints the alerts it would have raised per day, detection and entity (bucket keys,
  or the accounts, principals and source addresses of the window), then per severity and per
  detection. Alerts are counted as the deployed monitors notify: a bucket key once when it becomes
  active, a query-level monitor once per throttle period while it keeps firing.

  The backtest windows on event time (@timestamp), whatever field the live monitors window on
  (they select on the ingestion time, event.ingested, so late records are evaluated once): past
  data is replayed by when things happened, including days re-ingested later. Each run looks as far
  back as the live monitor's window is wide, ending at the run.

  A bare date in --from is its start (00:00 UTC), in --to its end (--from 2026-11-01 --to
  2026-11-07 is seven whole days). Runs whose window holds too few matching events to fire are not
  sent to the plugin. A progress line per detection goes to stderr; the node's template compilation
  budget (75 per 5 minutes by default) is waited out, not reported as an error.`;

const DAY_MS = 86_400_000;
const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `--from`/`--to` as epoch ms: a bare date is its first (from) or last (to) millisecond, UTC. */
export function parseRangeBound(option: 'from' | 'to', value: string | undefined): number {
  if (value === undefined)
    throw new Error(`--${option} is required (a date such as 2026-11-01, or an ISO time)`);
  const ms = BARE_DATE.test(value) ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`--${option}: not a date or ISO time: ${value}`);
  return BARE_DATE.test(value) && option === 'to' ? ms + DAY_MS - 1 : ms;
}

export async function runBacktest(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      config: { type: 'string', default: process.env.SIEM_CONFIG || 'siem.config.json' },
      outputs: { type: 'string' },
      endpoint: { type: 'string' },
      user: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      id: { type: 'string' },
      'index-prefix': { type: 'string', default: INDEX_PREFIX },
    },
    strict: true,
  });
  const from = parseRangeBound('from', values.from);
  const to = parseRangeBound('to', values.to);
  if (to <= from) throw new Error('--to must be after --from');
  const rawEndpoint =
    values.endpoint ?? (values.outputs ? readOutputs(values.outputs).domainEndpoint : undefined);
  if (!rawEndpoint) throw new Error('give --outputs (with a domainEndpoint output) or --endpoint');
  const detections = allDetections(loadConfig(values.config)).filter(
    (d) => values.id === undefined || d.id === values.id,
  );
  if (detections.length === 0) {
    console.error(`siem detections backtest: no detection with id '${values.id}'`);
    return 1;
  }
  const endpoint = endpointUrl(rawEndpoint);
  const auth = authFor(endpoint, { user: values.user, password: process.env.OPENSEARCH_PASSWORD });
  const client = createHttpClient({ endpoint, auth, timeoutMs: 120_000 });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const started = Date.now();
  log(
    `backtest of ${detections.length} detections on ${endpoint} from ${new Date(from).toISOString()} to ${new Date(to).toISOString()}`,
  );
  const result = await backtest({
    client,
    detections,
    from,
    to,
    indexPrefix: values['index-prefix'],
    budget: new CompileBudget({
      onWait: (ms, monitor) =>
        log(`  the node's template compilation budget is spent: waiting ${ms / 1000} s before '${monitor}'`),
    }),
    onProgress: (p) =>
      log(
        `  ${p.done}/${p.total} detections (${p.detection}), ${p.runs} runs, ${p.alerts} alerts, ${Math.round((Date.now() - started) / 1000)} s`,
      ),
  });
  for (const line of reportLines(result)) console.log(line);
  return result.alerts.length > 0 ? 2 : 0;
}
