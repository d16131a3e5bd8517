import { Construct } from 'constructs';
import type { SiemConfig } from '../config/schema';
import { FunctionBundler } from '../modules/function-bundle';
import { LogMovers } from '../modules/log-movers';
import { SecurityHubFindingsRule } from '../modules/security-hub-findings-rule';
import { archiveKeyUseStatement } from './archive-access';
import { archiveBucketName } from '../config/archive-names';

export interface AccountFindingsRouteProps {
  readonly config: SiemConfig;
  readonly accountId: string;
  /** Region of the provider this construct is created with. */
  readonly region: string;
  /** Encrypts the findings log group, the transfer function and its dead-letter queue. */
  readonly kmsKeyArn: string;
  /** Same-region topic for the transfer function's alarms, when the account has one. */
  readonly alarmTopicArn?: string;
  /** @default bundleFunction (esbuild) */
  readonly functionBundler?: FunctionBundler;
}

/**
 * The Security Hub findings route of an account that runs no log movers (management, log
 * archive): the findings rule writes the account's own findings to its log group, and a
 * log-transfer function subscribed to that group alone writes them to the archive's `securityhub`
 * bucket, exactly as in a member account. No subscriber: these accounts' other log groups are not
 * shipped (the archive's own would feed the ingestion its own logs).
 */
export class AccountFindingsRoute extends Construct {
  readonly movers: LogMovers;

  constructor(scope: Construct, id: string, props: AccountFindingsRouteProps) {
    super(scope, id);
    const { config } = props;
    const rule = new SecurityHubFindingsRule(this, 'securityhub-findings', {
      namePrefix: config.namePrefix,
      accountId: props.accountId,
      region: props.region,
      kmsKeyArn: props.kmsKeyArn,
    });
    this.movers = new LogMovers(this, 'findings-mover', {
      namePrefix: config.namePrefix,
      accountId: props.accountId,
      region: props.region,
      archiveBucketName: archiveBucketName(config, 'cloudwatch'),
      findingsBucketName: archiveBucketName(config, 'securityhub'),
      archiveRegion: config.homeRegion,
      archiveKeyStatement: archiveKeyUseStatement(config),
      kmsKeyArn: props.kmsKeyArn,
      excludedLogGroupPrefixes: [],
      onlyLogGroups: [{ name: rule.logGroup.name, ready: rule.logGroup }],
      alarmTopicArn: props.alarmTopicArn,
      functionBundler: props.functionBundler,
    });
  }
}
