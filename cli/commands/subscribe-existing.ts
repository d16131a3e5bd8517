/**
 * `siem subscribe-existing`: the log-subscribing function's backfill, run from a workstation. It
 * subscribes every existing log group of one member account and region to the log-transferring
 * function, with no Lambda timeout to stop it part-way on accounts with many thousands of groups.
 * Credentials come from the usual AWS chain (AWS_PROFILE etc.) and must be the member account's.
 */
import { parseArgs } from 'node:util';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { backfillSubscriptions, type BackfillSummary } from '../../functions/log-subscriber/backfill';
import { DEFAULT_FILTER_NAME, type SubscriptionOutcome } from '../../functions/log-subscriber/subscribe';
import type { CliCommand } from '../siem';

/** Function name assumed when --destination-arn is not given; the member stack deploys it under this name. */
export const DEFAULT_TRANSFER_FUNCTION_NAME = 'siem-log-transfer';

const OUTCOME_ORDER: readonly (SubscriptionOutcome | 'failed')[] = [
  'subscribed',
  'would-subscribe',
  'already-subscribed',
  'excluded',
  'slots-full',
  'not-found',
  'failed',
];

export interface SubscribeExistingArgs {
  readonly account: string;
  readonly region: string;
  readonly destinationArn: string;
  readonly filterName: string;
  readonly excludedPrefixes: readonly string[];
  readonly ownLogGroups: readonly string[];
  readonly dryRun: boolean;
  readonly endpoint?: string;
}

export function parseSubscribeExistingArgs(argv: readonly string[]): SubscribeExistingArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      account: { type: 'string' },
      region: { type: 'string' },
      'destination-arn': { type: 'string' },
      'filter-name': { type: 'string' },
      'exclude-prefix': { type: 'string', multiple: true },
      'exclude-group': { type: 'string', multiple: true },
      'dry-run': { type: 'boolean' },
      endpoint: { type: 'string' },
    },
  });
  const account = values.account ?? '';
  const region = values.region ?? '';
  if (!/^\d{12}$/.test(account)) throw new Error(`--account must be a 12-digit account id, got '${account}'`);
  if (!/^[a-z]{2}(?:-[a-z]+)+-\d+$/.test(region))
    throw new Error(`--region must be an AWS region, got '${region}'`);
  const destinationArn =
    values['destination-arn'] ??
    `arn:aws:lambda:${region}:${account}:function:${DEFAULT_TRANSFER_FUNCTION_NAME}`;
  const arn = /^arn:[^:]+:lambda:([^:]+):(\d{12}):function:[^:]+(?::[^:]+)?$/.exec(destinationArn);
  if (!arn) throw new Error(`--destination-arn must be a Lambda function ARN, got '${destinationArn}'`);
  // CloudWatch Logs only delivers to a Lambda function of the group's own account and region.
  if (arn[1] !== region || arn[2] !== account) {
    throw new Error(`--destination-arn ${destinationArn} is not in account ${account}, region ${region}`);
  }
  return {
    account,
    region,
    destinationArn,
    filterName: values['filter-name'] ?? DEFAULT_FILTER_NAME,
    excludedPrefixes: values['exclude-prefix'] ?? [],
    ownLogGroups: values['exclude-group'] ?? [],
    dryRun: values['dry-run'] ?? false,
    endpoint: values.endpoint,
  };
}

function countsLine(summary: BackfillSummary): string {
  return OUTCOME_ORDER.filter((outcome) => summary.counts[outcome] > 0)
    .map((outcome) => `${outcome} ${summary.counts[outcome]}`)
    .join(', ');
}

export function formatSummary(args: SubscribeExistingArgs, summary: BackfillSummary): string {
  const lines = [
    `account ${args.account}, region ${args.region}, destination ${args.destinationArn}${args.dryRun ? ' (dry run: nothing changed)' : ''}`,
    `log groups scanned: ${summary.scanned}${summary.complete ? '' : ' (stopped before the end)'}`,
    ...OUTCOME_ORDER.map((outcome) => `  ${outcome.padEnd(20)}${summary.counts[outcome]}`),
  ];
  if (summary.slotsFull.length > 0) {
    lines.push('slots full (two other subscription filters; these groups are NOT archived):');
    for (const result of summary.slotsFull)
      lines.push(`  ${result.logGroupName}: ${result.existingFilters?.join(', ')}`);
  }
  if (summary.failures.length > 0) {
    lines.push('failed:');
    for (const failure of summary.failures) lines.push(`  ${failure.error}`);
  }
  return lines.join('\n');
}

export const command: CliCommand = {
  summary:
    'Subscribe every existing CloudWatch log group of a member account to the log-transferring function (idempotent).',
  usage:
    'siem subscribe-existing --account ID --region REGION [--destination-arn ARN] [--filter-name NAME] ' +
    '[--exclude-prefix PREFIX]... [--exclude-group NAME]... [--dry-run] [--endpoint URL]\n\n' +
    `  --destination-arn  log-transferring function (default arn:aws:lambda:REGION:ID:function:${DEFAULT_TRANSFER_FUNCTION_NAME})\n` +
    `  --filter-name      subscription filter name (default ${DEFAULT_FILTER_NAME})\n` +
    '  --exclude-prefix   never subscribe groups starting with PREFIX (repeatable)\n' +
    '  --exclude-group    never subscribe this exact group, e.g. the log movers own (repeatable)\n' +
    '  --dry-run          report what would change, change nothing\n' +
    '  --endpoint         CloudWatch Logs endpoint URL (local emulators, testing)\n\n' +
    'Exit code 1 when a group failed or the run stopped early; slots-full groups are listed but are not failures.',
  async run(argv) {
    const args = parseSubscribeExistingArgs(argv);
    const client = new CloudWatchLogsClient({ region: args.region, endpoint: args.endpoint });
    try {
      const summary = await backfillSubscriptions(client, {
        destinationArn: args.destinationArn,
        filterName: args.filterName,
        excludedPrefixes: args.excludedPrefixes,
        ownLogGroups: args.ownLogGroups,
        dryRun: args.dryRun,
        expectedAccountId: args.account,
        onProgress: (progress) =>
          process.stderr.write(`scanned ${progress.scanned} log groups: ${countsLine(progress)}\n`),
      });
      console.log(formatSummary(args, summary));
      return summary.failures.length > 0 || !summary.complete ? 1 : 0;
    } finally {
      client.destroy();
    }
  },
};
