import type { SiemConfig } from '../../config/schema';
import type { DslQuery } from '../types';

/** Every account the config names: the organization's management, log-archive and security accounts and its members. */
export function organizationAccounts(config: SiemConfig): string[] {
  const { managementAccountId, logArchiveAccountId, securityAccountId } = config.organization;
  return [
    ...new Set([
      managementAccountId,
      logArchiveAccountId,
      securityAccountId,
      ...config.memberAccounts.map((a) => a.id),
    ]),
  ].sort();
}

/**
 * Matches a record whose policy names only accounts of `accounts` (as must_not: the policy names
 * at least one account outside them). Ingestion writes the other accounts a policy names and
 * their count (siem.policy.otherAccounts, siem.policy.otherAccountCount); `terms_set` matches when
 * as many of them as there are are in the set, which no single `terms` clause can say.
 */
export function onlyAccountsIn(accounts: readonly string[]): DslQuery {
  return {
    terms_set: {
      'siem.policy.otherAccounts': {
        terms: [...accounts],
        minimum_should_match_field: 'siem.policy.otherAccountCount',
      },
    },
  };
}
