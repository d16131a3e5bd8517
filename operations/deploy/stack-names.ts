import type { SiemConfig } from '../../config/schema';
import {
  LOG_ARCHIVE_STACK_NAME,
  memberStackName,
  ORG_MANAGEMENT_STACK_NAME,
} from '../../config/archive-names';

/** Every stack `buildApp` synthesizes for this config, in deployment order. */
export function allStackNames(config: SiemConfig): string[] {
  return [ORG_MANAGEMENT_STACK_NAME, LOG_ARCHIVE_STACK_NAME, ...config.memberAccounts.map(memberStackName)];
}

/** The `--stacks a,b` selection, checked against the config so a typo fails instead of planning nothing. */
export function selectStacks(config: SiemConfig, selection: string | undefined): string[] {
  const all = allStackNames(config);
  if (selection === undefined) return all;
  const wanted = selection
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = wanted.filter((s) => !all.includes(s));
  if (unknown.length > 0)
    throw new Error(`unknown stack(s) ${unknown.join(', ')}; this config has ${all.join(', ')}`);
  if (wanted.length === 0) throw new Error('--stacks lists no stack');
  return all.filter((s) => wanted.includes(s));
}
