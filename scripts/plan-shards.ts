/**
 * `npm run plan:shards`: the index plan of the sizing model (opensearch/index-sizing.ts) for
 * 20, 200 and 2,000 accounts, or `--accounts N[,N…]`, with `--hot-days D` (30), or for a config
 * (`--config siem.config.json`: its accounts, retention and `indexing` overrides). Prints, per
 * organization size, each log type's period, primaries and shard size, then the shards and disk
 * alive at most beside the daily scheme it replaces (one index per day, 1 primary + 1 replica,
 * deleted at `hotDays`).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load';
import {
  DEFAULT_VOLUMES,
  FALLBACK_VOLUME,
  GB,
  planIndices,
  REPLICAS,
  sizingInput,
  type IndexPlan,
  type SizingInput,
} from '../opensearch/index-sizing';

const n = (value: number) => Math.round(value).toLocaleString('en-US');
const gb = (bytes: number) =>
  bytes >= 100 * GB ? n(bytes / GB) : (bytes / GB).toFixed(bytes >= GB ? 1 : 2).replace(/\.?0+$/, '') || '0';

/** The scheme before the model: an index per day and log type, deleted at `hotDays` of age. */
function dailyScheme(
  plans: readonly IndexPlan[],
  hotDays: number,
): { shards: number; bytes: number; largestShard: number } {
  const active = plans.filter((p) => p.dailyBytes > 0);
  return {
    // Today's index, plus every index younger than hotDays.
    shards: active.length * (hotDays + 1) * (1 + REPLICAS),
    bytes: active.reduce((sum, p) => sum + p.dailyBytes * hotDays * (1 + REPLICAS), 0),
    largestShard: Math.max(...active.map((p) => p.dailyBytes)),
  };
}

function printPlan(title: string, input: SizingInput): void {
  const plans = planIndices(input);
  const before = dailyScheme(plans, input.hotDays);
  const liveShards = plans.reduce((sum, p) => sum + p.liveShards, 0);
  const storage = plans.reduce((sum, p) => sum + p.storageBytes, 0);
  console.log(`\n### ${title}\n`);
  console.log('| log type | GB a day | period | primaries | GB per shard | shards alive |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const p of plans) {
    const mark = p.overridden ? ' (config)' : '';
    console.log(
      `| ${p.logType} | ${gb(p.dailyBytes)} | ${p.period}${mark} | ${p.shards} | ${gb(p.indexBytes / p.shards)} | ${p.liveShards} |`,
    );
  }
  const largest = Math.max(...plans.map((p) => p.indexBytes / p.shards));
  console.log(
    `\nShards alive: ${n(liveShards)} (daily scheme: ${n(before.shards)}, ratio ${(liveShards / before.shards).toFixed(2)}). ` +
      `Largest shard: ${gb(largest)} GB (daily scheme: ${gb(before.largestShard)} GB). ` +
      `Disk at most, replicas included: ${gb(storage)} GB (daily scheme: ${gb(before.bytes)} GB, ratio ${(storage / before.bytes).toFixed(2)}).`,
  );
}

function main(): void {
  const { values } = parseArgs({
    options: {
      accounts: { type: 'string', default: '20,200,2000' },
      'hot-days': { type: 'string', default: '30' },
      config: { type: 'string' },
    },
  });
  console.log('Volumes per account and day (events × bytes on disk per document, primary):');
  for (const [logType, v] of Object.entries(DEFAULT_VOLUMES))
    console.log(`  ${logType}: ${n(v!.eventsPerAccountPerDay)} × ${v!.bytesPerDocument} B`);
  console.log(
    `  any other log type: ${n(FALLBACK_VOLUME.eventsPerAccountPerDay)} × ${FALLBACK_VOLUME.bytesPerDocument} B`,
  );
  if (values.config) {
    const input = sizingInput(loadConfig(values.config));
    printPlan(`${values.config}: ${n(input.accounts)} accounts, hotDays ${input.hotDays}`, input);
    return;
  }
  const hotDays = Number(values['hot-days']);
  for (const accounts of values.accounts.split(',').map(Number))
    printPlan(`${n(accounts)} accounts, hotDays ${hotDays}`, { accounts, hotDays });
}

main();
