/** Parses the log-subscribing function's settings; the handler passes it the environment. */
import { DEFAULT_FILTER_NAME, type SubscriptionTarget } from './subscribe';

const LAMBDA_ARN = /^arn:[^:]+:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(?::[A-Za-z0-9_$-]+)?$/;

/** Splits a comma-separated setting, dropping blanks so `"a, ,b,"` means `["a", "b"]`. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function parseSubscriberConfig(env: Readonly<Record<string, string | undefined>>): SubscriptionTarget {
  const destinationArn = env.DESTINATION_ARN?.trim() ?? '';
  if (!LAMBDA_ARN.test(destinationArn)) {
    throw new Error(
      `DESTINATION_ARN must be the log-transferring function's ARN (arn:aws:lambda:<region>:<account>:function:<name>), got '${destinationArn}'`,
    );
  }
  return {
    destinationArn,
    filterName: env.FILTER_NAME?.trim() || DEFAULT_FILTER_NAME,
    excludedPrefixes: splitList(env.EXCLUDED_PREFIXES),
    ownLogGroups: splitList(env.OWN_LOG_GROUPS),
  };
}
