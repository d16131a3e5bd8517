import { parseConfig } from '../../../config/load';
import type { SiemConfig } from '../../../config/schema';

/*
 * The organization of the benign day: a management account, a log archive, a security account and
 * member workload accounts (prod, staging, dev, sandboxes, shared network), 20 in all by default,
 * with S3 and Lambda data events on (the trail logs them where a team turned them on).
 */

export const BENIGN_ORGANIZATION_ACCOUNTS = 20;
const FIXED_ACCOUNTS = 3;
const WORKLOAD_KINDS = ['prod', 'staging', 'dev', 'sandbox', 'network'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number] | 'management' | 'log-archive' | 'security';

export interface BenignAccount {
  readonly id: string;
  readonly name: string;
  readonly kind: WorkloadKind;
  readonly region: string;
}

export function benignConfig(accounts = BENIGN_ORGANIZATION_ACCOUNTS): SiemConfig {
  if (accounts < FIXED_ACCOUNTS + 1)
    throw new Error(`an organization needs at least ${FIXED_ACCOUNTS + 1} accounts`);
  const members = Array.from({ length: accounts - FIXED_ACCOUNTS }, (_, i) => {
    const kind = WORKLOAD_KINDS[i % WORKLOAD_KINDS.length]!;
    return {
      id: String(400000000001 + i),
      name: `${kind}-${Math.floor(i / WORKLOAD_KINDS.length) + 1}`,
      regions: ['eu-west-1'],
      vpcs: 'all' as const,
    };
  });
  return parseConfig({
    homeRegion: 'eu-west-1',
    organization: {
      id: 'o-b3n1gnd4y0',
      managementAccountId: '111111111111',
      logArchiveAccountId: '222222222222',
      securityAccountId: '333333333333',
    },
    memberAccounts: members,
    cloudTrail: { s3DataEvents: true, lambdaDataEvents: true },
  });
}

/** Every account of the config with what runs in it. */
export function benignAccounts(config: SiemConfig): BenignAccount[] {
  const { managementAccountId, logArchiveAccountId, securityAccountId } = config.organization;
  return [
    { id: managementAccountId, name: 'management', kind: 'management', region: config.homeRegion },
    { id: logArchiveAccountId, name: 'log-archive', kind: 'log-archive', region: config.homeRegion },
    { id: securityAccountId, name: 'security', kind: 'security', region: config.homeRegion },
    ...config.memberAccounts.map((m) => ({
      id: m.id,
      name: m.name,
      kind: m.name.replace(/-\d+$/, '') as WorkloadKind,
      region: m.regions[0] ?? config.homeRegion,
    })),
  ];
}
