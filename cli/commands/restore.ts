import { parseArgs } from 'node:util';
import { LOG_TYPES } from '../../opensearch/log-types';
import { SNAPSHOT_REPOSITORY_NAME } from '../../opensearch/ism-policies';
import { daysInRange } from '../../operations/deploy/date-range';
import { authFor, createHttpClient } from '../../opensearch/http-client';
import { progressPrinter } from '../../operations/deploy/progress';
import type { RestorePlan } from '../../operations/restore/plan-restore';
import { restoreIndices, type IndexCount } from '../../operations/restore/restore-indices';
import type { CliCommand } from '../siem';
import { SOURCE_RANGE_OPTIONS, sourceAndRange } from '../source-range';

const total = (counts: readonly IndexCount[]) => counts.reduce((sum, c) => sum + c.documents, 0);
const n = (value: number) => value.toLocaleString('en-US');

export const command: CliCommand = {
  summary:
    'Restores the daily indices of one log type and date range from snapshots, as restored-<index>. Safe to re-run: complete copies are skipped, interrupted ones restored again.',
  usage: `siem restore --source <${LOG_TYPES.join('|')}> --from YYYY-MM-DD --to YYYY-MM-DD --endpoint URL
              [--repository ${SNAPSHOT_REPOSITORY_NAME}] [--index-prefix siem-] [--dry-run]
              [--user NAME (password in OPENSEARCH_PASSWORD)]

  AWS endpoints are signed with SigV4 from the default credential chain.`,
  async run(argv) {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        ...SOURCE_RANGE_OPTIONS,
        endpoint: { type: 'string', default: process.env.SIEM_OPENSEARCH_ENDPOINT },
        user: { type: 'string' },
        repository: { type: 'string', default: SNAPSHOT_REPOSITORY_NAME },
        'index-prefix': { type: 'string', default: 'siem-' },
        'dry-run': { type: 'boolean', default: false },
      },
      strict: true,
    });
    const { source, from, to } = sourceAndRange(values);
    const { endpoint } = values;
    if (!endpoint) throw new Error('--endpoint is required (the OpenSearch domain URL)');
    const days = daysInRange(from, to);
    const log = progressPrinter();

    const printPlan = (plan: RestorePlan) => {
      const toRestore = plan.restores.reduce((sum, r) => sum + r.indices.length, 0);
      log(
        `plan: ${toRestore} index(es) from ${plan.restores.length} snapshot(s), ${plan.alreadyRestored.length} already restored, ${plan.missing.length} in no snapshot`,
      );
      for (const r of plan.restores) log(`  ${r.snapshot}: ${r.indices.join(', ')}`);
      if (plan.incomplete.length > 0) {
        log(
          `  restored copy incomplete (an interrupted restore), ${values['dry-run'] ? 'would be ' : ''}deleted and restored again: ${plan.incomplete.join(', ')}`,
        );
      }
      if (plan.missing.length > 0) {
        log(
          `  in no snapshot (no data that day, or older than the snapshots: see siem reingest): ${plan.missing.join(', ')}`,
        );
      }
    };
    const { restored, skipped } = await restoreIndices({
      client: createHttpClient({
        endpoint,
        auth: authFor(endpoint, { user: values.user, password: process.env.OPENSEARCH_PASSWORD }),
      }),
      repository: values.repository,
      logType: source,
      days,
      dryRun: values['dry-run'],
      indexPrefix: values['index-prefix'],
      onPlan: printPlan,
      log,
    });
    for (const s of skipped) log(`  skipped ${s.index}: already restored (${n(s.documents)} documents)`);
    if (values['dry-run']) return 0;
    log(
      `restored ${restored.length} index(es), ${n(total(restored))} documents; skipped ${skipped.length} already restored (${n(total(skipped))} documents)`,
    );
    if (restored.length + skipped.length === 0) {
      log(
        `nothing to restore: no snapshot in ${values.repository} holds ${source} indices for ${from}..${to}`,
      );
      return 1;
    }
    return 0;
  },
};
