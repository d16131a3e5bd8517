import type { SiemConfig } from '../config/schema';

/**
 * Regions where GuardDuty and Security Hub are administered for the organization: the home
 * region first, then every region a member account uses. GuardDuty delegation, detectors and
 * auto-enable are regional, so a region left out here has no threat detection at all.
 */
export function securityServiceRegions(config: Pick<SiemConfig, 'homeRegion' | 'memberAccounts'>): string[] {
  const memberRegions = new Set<string>(config.memberAccounts.flatMap((account) => account.regions));
  memberRegions.delete(config.homeRegion);
  return [config.homeRegion, ...[...memberRegions].sort()];
}
