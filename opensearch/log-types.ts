/**
 * The log types the SIEM ingests, and how each maps to OpenSearch names. This is a public
 * contract: saved searches, monitors, ISM policies and index templates are all keyed by it.
 *
 * Indices are `siem-<logType>-<period>`, one per day, week or month of event time (index-names.ts
 * builds and reads every name); the alias `siem-<logType>` and the index pattern
 * `siem-<logType>-*` cover all of one log type.
 */
export const LOG_TYPES = [
  'cloudtrail',
  'cloudwatch',
  'findings',
  'vpcflow',
  'waf',
  'elb',
  's3access',
  'cloudfront',
  'dns',
  'networkfirewall',
  'tgwflow',
  'guardduty',
  'config',
  'ocsf',
  'bedrock',
  'eksaudit',
  'rdsaudit',
  'apigateway',
  'linux',
  'windows',
  'clientvpn',
] as const;

export type LogType = (typeof LOG_TYPES)[number];

/**
 * Alias over the monthly `siem-deadletter-YYYY.MM` indices (month of the record's event time)
 * where records that could not be indexed even as text end up, with their error and S3 pointer.
 */
export const DEAD_LETTER_INDEX = 'siem-deadletter';

export const INDEX_PREFIX = 'siem-';

/** `siem restore` restores `<index>` as `<RESTORED_PREFIX><index>`, beside the live one. */
export const RESTORED_PREFIX = 'restored-';

export function isLogType(value: string): value is LogType {
  return (LOG_TYPES as readonly string[]).includes(value);
}

export function indexPattern(logType: LogType): string {
  return `${INDEX_PREFIX}${logType}-*`;
}

/**
 * Fields every document carries where the source has the fact. Users build saved searches
 * on these, so they never change name.
 */
export const COMMON_FIELDS = {
  timestamp: '@timestamp',
  logType: 'event.dataset',
  accountId: 'cloud.account.id',
  region: 'cloud.region',
  sourceIp: 'source.ip',
  destinationIp: 'destination.ip',
  userName: 'user.name',
  action: 'event.action',
  outcome: 'event.outcome',
} as const;
