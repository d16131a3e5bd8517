import type { IndexBounds } from './index-routing';
import { ArchiveProvenance } from './provenance';

/**
 * The provenance and index-bound settings the ingestion function reads from its environment
 * (set by modules/ingestion-pipeline.ts from the config):
 *
 * - `NAME_PREFIX`, `ARCHIVE_ACCOUNT_ID` (required) — the archive buckets are
 *   `<NAME_PREFIX>-<ARCHIVE_ACCOUNT_ID>-<source>`; each accepts only its own log type and layout;
 * - `HOT_DAYS` (required) — `retention.hotDays`: older event times never name an index;
 * - `FUTURE_DAYS` (default 1), `MAX_DAILY_INDICES_PER_OBJECT` (default 3);
 * - `SECURITY_LAKE_BUCKET` (optional) — the Security Lake bucket read as an external source.
 *
 * Missing or malformed values throw: without them the function would index whatever any writer
 * puts in any bucket, under any account and day.
 */
export interface IngestionGuards {
  readonly provenance: ArchiveProvenance;
  readonly bounds: Omit<IndexBounds, 'now'>;
}

type Env = Readonly<Record<string, string | undefined>>;

export function ingestionGuardsFromEnv(env: Env): IngestionGuards {
  const namePrefix = required(env, 'NAME_PREFIX');
  const archiveAccountId = required(env, 'ARCHIVE_ACCOUNT_ID');
  if (!/^\d{12}$/.test(archiveAccountId)) throw new Error('ARCHIVE_ACCOUNT_ID must be a 12-digit account id');
  return {
    provenance: new ArchiveProvenance({
      namePrefix,
      archiveAccountId,
      securityLakeBucket: env.SECURITY_LAKE_BUCKET || undefined,
    }),
    bounds: {
      window: {
        hotDays: wholeNumber(env, 'HOT_DAYS', undefined, 1),
        futureDays: wholeNumber(env, 'FUTURE_DAYS', 1, 0),
      },
      maxDailyIndices: wholeNumber(env, 'MAX_DAILY_INDICES_PER_OBJECT', 3, 1),
    },
  };
}

/** How the function reads the Security Lake bucket: through the role Security Lake made for it. */
export interface SecurityLakeAccess {
  readonly bucket: string;
  readonly region: string;
  readonly roleArn: string;
  readonly externalId: string;
}

/**
 * `SECURITY_LAKE_BUCKET`, `SECURITY_LAKE_REGION`, `SECURITY_LAKE_ROLE_ARN`, `SECURITY_LAKE_EXTERNAL_ID`:
 * all four or none (modules/ingestion-pipeline.ts sets them from `securityLake` in the config).
 */
export function securityLakeAccessFromEnv(env: Env): SecurityLakeAccess | undefined {
  const names = [
    'SECURITY_LAKE_BUCKET',
    'SECURITY_LAKE_REGION',
    'SECURITY_LAKE_ROLE_ARN',
    'SECURITY_LAKE_EXTERNAL_ID',
  ];
  const set = names.filter((n) => env[n]);
  if (set.length === 0) return undefined;
  if (set.length < names.length) throw new Error(`${names.filter((n) => !env[n]).join(', ')} not set`);
  const roleArn = required(env, 'SECURITY_LAKE_ROLE_ARN');
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\//.test(roleArn))
    throw new Error('SECURITY_LAKE_ROLE_ARN must be an IAM role ARN');
  return {
    bucket: required(env, 'SECURITY_LAKE_BUCKET'),
    region: required(env, 'SECURITY_LAKE_REGION'),
    roleArn,
    externalId: required(env, 'SECURITY_LAKE_EXTERNAL_ID'),
  };
}

function required(env: Env, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function wholeNumber(env: Env, name: string, fallback: number | undefined, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    if (fallback === undefined) throw new Error(`${name} is not set`);
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number ≥ ${min}`);
  return value;
}
