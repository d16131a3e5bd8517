/**
 * `siem subscribe-existing`: the log-subscribing function's backfill, run from a workstation. It
 * subscribes every existing log group of one member account and region to the log-transferring
 * function, with no Lambda timeout to stop it part-way on accounts with many thousands of groups.
 * Destination, filter name and exclusions come from the validated config (`--config`), exactly as
 * the member stack configures the deployed log-subscriber, so both treat every group alike.
 * Credentials come from the usual AWS chain (AWS_PROFILE etc.) and must be the member account's.
 */
import { parseArgs } from 'node:util';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { loadConfig } from '../../config/load';
import type { MemberAccountConfig, SiemConfig } from '../../config/schema';
import { backfillSubscriptions, type BackfillSummary } from '../../functions/log-subscriber/backfill';
import type { SubscriptionOutcome } from '../../functions/log-subscriber/subscribe';
import {
  logMoversFilterName,
  logMoversOwnLogGroups,
  logTransferFunctionName,
} from '../../config/member-names';
import type { CliCommand } from '../siem';

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
  /** The member account's id (`--account` may name it by id or by its config name). */
  readonly account: string;
  readonly region: string;
  readonly destinationArn: string;
  readonly filterName: string;
  readonly excludedPrefixes: readonly string[];
  readonly ownLogGroups: readonly string[];
  readonly dryRun: boolean;
  readonly endpoint?: string;
}

function findAccount(config: SiemConfig, wanted: string, file: string): MemberAccountConfig {
  const account = config.memberAccounts.find((a) => a.id === wanted || a.name === wanted);
  if (!account) {
    const known = config.memberAccounts.map((a) => `${a.id} (${a.name})`).join(', ');
    throw new Error(`--account ${wanted} is not a member account in ${file}; known: ${known}`);
  }
  return account;
}

/**
 * Reads the flags and the config. What the config decides (the transfer function and filter
 * names from `namePrefix`, the account's `excludedLogGroupPrefixes`, the log movers' own groups)
 * is the default; `--destination-arn` and `--filter-name` override it, and `--exclude-prefix` and
 * `--exclude-group` add to the exclusions (never remove one: the deployed function keeps them).
 */
export function parseSubscribeExistingArgs(
  argv: readonly string[],
  load: (file: string) => SiemConfig = loadConfig,
): SubscribeExistingArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      config: { type: 'string', default: process.env.SIEM_CONFIG || 'siem.config.json' },
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
  const region = values.region ?? '';
  if (!values.account) throw new Error('--account is required: a member account id or name from the config');
  if (!/^[a-z]{2}(?:-[a-z]+)+-\d+$/.test(region))
    throw new Error(`--region must be an AWS region, got '${region}'`);
  const config = load(values.config);
  const member = findAccount(config, values.account, values.config);
  const account = member.id;
  const prefix = config.namePrefix;
  const explicitDestination = values['destination-arn'];
  // The member stack deploys the log movers only in the account's configured regions.
  if (explicitDestination === undefined && !(member.regions as readonly string[]).includes(region)) {
    throw new Error(
      `region ${region} is not configured for account ${account} (${member.name}): its log movers run in ` +
        `${member.regions.join(', ')}; pass --destination-arn to subscribe to a function elsewhere`,
    );
  }
  const destinationArn =
    explicitDestination ?? `arn:aws:lambda:${region}:${account}:function:${logTransferFunctionName(prefix)}`;
  const arn = /^arn:[^:]+:lambda:([^:]+):(\d{12}):function:[^:]+(?::[^:]+)?$/.exec(destinationArn);
  if (!arn) throw new Error(`--destination-arn must be a Lambda function ARN, got '${destinationArn}'`);
  // CloudWatch Logs only delivers to a Lambda function of the group's own account and region.
  if (arn[1] !== region || arn[2] !== account) {
    throw new Error(`--destination-arn ${destinationArn} is not in account ${account}, region ${region}`);
  }
  const unique = (items: readonly string[]) => [...new Set(items)];
  return {
    account,
    region,
    destinationArn,
    filterName: values['filter-name'] ?? logMoversFilterName(prefix),
    excludedPrefixes: unique([...member.excludedLogGroupPrefixes, ...(values['exclude-prefix'] ?? [])]),
    ownLogGroups: unique([...logMoversOwnLogGroups(prefix), ...(values['exclude-group'] ?? [])]),
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
    `account ${args.account}, region ${args.region}, destination ${args.destinationArn}, filter ${args.filterName}${args.dryRun ? ' (dry run: nothing changed)' : ''}`,
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
    'siem subscribe-existing --account ID|NAME --region REGION [--config siem.config.json] ' +
    '[--destination-arn ARN] [--filter-name NAME] [--exclude-prefix PREFIX]... [--exclude-group NAME]... ' +
    '[--dry-run] [--endpoint URL]\n\n' +
    '  --account          member account id or name, as in the config\n' +
    "  --region           one of that account's regions in the config\n" +
    '  --config           the SIEM config (default siem.config.json, or SIEM_CONFIG)\n' +
    '  --destination-arn  log-transferring function (default arn:aws:lambda:REGION:ID:function:<namePrefix>-log-transfer)\n' +
    '  --filter-name      subscription filter name (default <namePrefix>-log-transfer)\n' +
    "  --exclude-prefix   also never subscribe groups starting with PREFIX, besides the account's\n" +
    '                     excludedLogGroupPrefixes (repeatable)\n' +
    "  --exclude-group    also never subscribe this exact group, besides the log movers' own (repeatable)\n" +
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
