import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/load';
import { allDetections } from '../../detections';
import { channelRoutes, routingWarnings } from '../../detections/channels';
import { buildMonitors, freshnessChecks, monitorSchedulePlan } from '../../detections/monitors';
import type { CliCommand } from '../siem';
import { BACKTEST_USAGE, runBacktest } from './detections-backtest';

/** Lists the detections, or prints the monitor bodies the post-apply script would upsert. */
export const command: CliCommand = {
  summary:
    'Lists the detections of a config, prints their Alerting monitor bodies as JSON, or backtests them over past data.',
  usage: `siem detections [--config siem.config.json] [--monitors] [--id ID]

  --monitors  print the monitor bodies (JSON array, freshness monitor included) instead of the list
  --id        only this detection

  Warns on stderr about detections whose severity no configured channel takes (they would
  alert nobody).

${BACKTEST_USAGE}`,
  exitCodes: [
    [0, 'success; backtest: no detection would have fired'],
    [1, 'failure or bad option; backtest: also a monitor run the plugin failed'],
    [2, 'backtest: some detection would have fired (listed on stdout)'],
  ],
  async run(argv) {
    if (argv[0] === 'backtest') return runBacktest(argv.slice(1));
    const { values } = parseArgs({
      args: [...argv],
      options: {
        config: { type: 'string', default: process.env.SIEM_CONFIG || 'siem.config.json' },
        monitors: { type: 'boolean', default: false },
        id: { type: 'string' },
      },
      strict: true,
    });
    const config = loadConfig(values.config);
    const detections = allDetections(config).filter((d) => values.id === undefined || d.id === values.id);
    if (detections.length === 0) {
      console.error(`siem detections: no detection with id '${values.id}'`);
      return 1;
    }
    const channels = channelRoutes(config);
    const checks = values.id === undefined ? freshnessChecks(config) : [];
    // On stderr, so `--monitors > monitors.json` stays valid JSON.
    for (const warning of routingWarnings([...detections, ...checks], channels))
      console.error(`warning: ${warning}`);
    if (values.monitors) {
      // Scheduled as deployed: the plan covers every monitor, also when one is printed.
      const plan = monitorSchedulePlan(allDetections(config), freshnessChecks(config));
      const monitors = buildMonitors(detections, checks, { channels, plan });
      console.log(JSON.stringify(monitors, null, 2));
      return 0;
    }
    for (const d of detections)
      console.log(`${d.id}\tsev ${d.severity}\t${d.logType}\t${d.mitre.id}\t${d.title}`);
    console.error(`${detections.length} detections`);
    return 0;
  },
};
