import { readFileSync } from 'node:fs';

/** `<region>_<id>`, as Cognito prints it: the region is the part before the underscore. */
const USER_POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d)_[0-9A-Za-z]+$/;

/** The region a user pool lives in, from its id; throws naming the id when it is not one. */
export function userPoolRegion(userPoolId: string): string {
  const region = USER_POOL_ID.exec(userPoolId)?.[1];
  if (!region) {
    throw new Error(
      `${JSON.stringify(userPoolId)} is not a Cognito user pool id (<region>_<id>, e.g. eu-west-1_AbC123)`,
    );
  }
  return region;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The `userPoolId` output of the log-archive stack, from `terraform output -json` (values wrapped
 * as `{value, type}`) or cdktf's per-stack outputs file (names may carry a `_<hash>` suffix).
 */
export function readUserPoolId(file: string): string {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read --outputs ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isObject(raw)) throw new Error(`--outputs ${file}: expected a JSON object of outputs`);
  for (const scope of [raw, ...Object.values(raw).filter(isObject)]) {
    const key = Object.keys(scope).find((k) => k === 'userPoolId' || k.startsWith('userPoolId_'));
    if (key === undefined) continue;
    const entry = scope[key];
    const value = isObject(entry) && 'value' in entry ? entry.value : entry;
    if (typeof value === 'string' && value !== '') return value;
  }
  throw new Error(
    `--outputs ${file} has no userPoolId output: apply the log-archive stack of this release first, or give --user-pool-id`,
  );
}
