/**
 * Names of what the member stacks create that other parts must know without reading a member's
 * state: the archive's bucket and key policies admit only these writer roles, and
 * `siem subscribe-existing` targets the deployed transfer function and filter. Pure functions of
 * the name prefix (no cdktf), so the CLI can import them cheaply and both sides stay in step.
 */

/** The function every member log group's subscription filter invokes. */
export function logTransferFunctionName(namePrefix: string): string {
  return `${namePrefix}-log-transfer`;
}

/** The function that puts the subscription filters on the log groups. */
export function logSubscriberFunctionName(namePrefix: string): string {
  return `${namePrefix}-log-subscriber`;
}

/** Name of the subscription filter the log movers own; a rerun recognises its own filters by it. */
export function logMoversFilterName(namePrefix: string): string {
  return `${namePrefix}-log-transfer`;
}

/** Dead-letter queue of both log movers' asynchronous invocations. */
export function logMoversDeadLetterQueueName(namePrefix: string): string {
  return `${namePrefix}-log-movers-dlq`;
}

/** Log groups of the log movers themselves: subscribing them would ship logs about shipping logs, forever. */
export function logMoversOwnLogGroups(namePrefix: string): string[] {
  return [logTransferFunctionName(namePrefix), logSubscriberFunctionName(namePrefix)].map(
    (name) => `/aws/lambda/${name}`,
  );
}

/**
 * Log group the Security Hub findings rule writes to (EventBridge only delivers to log groups named
 * `/aws/events/...`). The log-transfer function sends this group's payloads to the archive's
 * `securityhub` bucket, whose policy admits writes under this group's key path only.
 */
export function securityHubFindingsLogGroupName(namePrefix: string): string {
  return `/aws/events/${namePrefix}-securityhub-findings`;
}

/** IAM name limit; longer names are cut. */
const MAX_ROLE_NAME = 64;

/**
 * `<base>-<region>`: IAM is global to an account, so a role deployed in several regions of one
 * account needs the region in its name. The prefix (at most 16 characters) plus the fixed part
 * of every base name used here stays far below 64, so cutting never reaches the prefix patterns
 * below.
 */
export function regionalRoleName(baseName: string, region: string): string {
  return `${baseName}-${region}`.slice(0, MAX_ROLE_NAME);
}

/** Role of the Firehose stream that delivers one web ACL's logs. */
export function wafDeliveryRoleName(namePrefix: string, aclName: string, region: string): string {
  return regionalRoleName(`${namePrefix}-waf-${aclName}`, region);
}

/**
 * `aws:PrincipalArn` pattern of the log-transfer function's role in `accountId` (default: any
 * account) and any region (`<prefix>-log-transfer-<region>`, see `regionalRoleName`). A role
 * session's `aws:PrincipalArn` is the role's ARN, and these roles have the default path `/`.
 */
export function logTransferRoleArnPattern(namePrefix: string, accountId = '*'): string {
  return `arn:aws:iam::${accountId}:role/${logTransferFunctionName(namePrefix)}-*`;
}

/** `aws:PrincipalArn` pattern of the WAF log Firehose roles (`<prefix>-waf-<acl>-<region>`) in `accountId`. */
export function wafDeliveryRoleArnPattern(namePrefix: string, accountId = '*'): string {
  return `arn:aws:iam::${accountId}:role/${namePrefix}-waf-*`;
}

/** Role EventBridge assumes to forward a region's SIEM alarm state changes to the SIEM alarm bus. */
export function alarmForwardingRoleName(namePrefix: string, region: string): string {
  return regionalRoleName(`${namePrefix}-alarm-forwarding`, region);
}

/** `aws:PrincipalArn` pattern of the alarm forwarding roles of `accountId`, any region. */
export function alarmForwardingRoleArnPattern(namePrefix: string, accountId: string): string {
  return `arn:aws:iam::${accountId}:role/${namePrefix}-alarm-forwarding-*`;
}
