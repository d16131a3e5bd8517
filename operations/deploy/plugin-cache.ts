import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export const DEFAULT_PLUGIN_CACHE_DIR = '.cache/terraform-plugins';

/**
 * The environment that makes every stack's `terraform init` share one provider download.
 * An explicit `TF_PLUGIN_CACHE_DIR` wins. The cache is created (terraform ignores a missing one).
 * Synthesized stacks have no dependency lock file, and since Terraform 1.4 a cache entry is
 * used for a stack without one only when `TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE` is
 * set: the lock file then records the local package's checksum alone, which is harmless in the
 * generated, ignored `cdktf.out`. An explicit value of that variable also wins.
 */
export function pluginCacheEnv(current: {
  readonly TF_PLUGIN_CACHE_DIR?: string;
  readonly TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE?: string;
}): Record<string, string> {
  const dir = resolve(current.TF_PLUGIN_CACHE_DIR || DEFAULT_PLUGIN_CACHE_DIR);
  mkdirSync(dir, { recursive: true });
  return {
    TF_PLUGIN_CACHE_DIR: dir,
    TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE:
      current.TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE || 'true',
  };
}
