import { z } from 'zod';
import { isAwsEndpoint } from '../../opensearch/aws-endpoint';
import { parseIndexPeriodsEnv, type PeriodOf } from '../../opensearch/index-names';
import { parseLogLevel, type LogLevel } from '../shared/logger';
import type { IndexBounds } from './index-routing';
import { ArchiveProvenance } from './provenance';

/**
 * The ingestion function's environment, read once at start and validated: a missing or malformed
 * variable stops the function before it reads anything, with an error naming the variable.
 * modules/ingestion-pipeline.ts sets them from the config:
 *
 * | Variable | | |
 * |---|---|---|
 * | `OPENSEARCH_ENDPOINT` | required | http(s) URL of the domain |
 * | `OPENSEARCH_AUTH` | `sigv4` for AWS endpoints, else `none` | |
 * | `AWS_REGION` | set by Lambda | SigV4 region when the host names none; the S3 client's |
 * | `NAME_PREFIX`, `ARCHIVE_ACCOUNT_ID` | required | the archive buckets are `<NAME_PREFIX>-<ARCHIVE_ACCOUNT_ID>-<source>`; each accepts only its own log type and layout |
 * | `HOT_DAYS` | required, ≥ 1 | older event times never name an index |
 * | `FUTURE_DAYS` | 1 | |
 * | `MAX_DAILY_INDICES_PER_OBJECT` | 3 | |
 * | `INDEX_PREFIX` | `siem-` | |
 * | `INDEX_PERIODS` | daily | `cloudtrail=week,…` (opensearch/index-names.ts) |
 * | `BULK_FLUSH_BYTES` | 5 MiB | 64 KiB to 100 MiB (OpenSearch's largest request) |
 * | `BULK_CONCURRENCY` | 4 | 1 to 64 |
 * | `SECURITY_LAKE_BUCKET`, `_REGION`, `_ROLE_ARN`, `_EXTERNAL_ID` | all four or none | the lake's bucket and the subscriber role that reads it |
 * | `S3_ENDPOINT` | | local runs against an S3 emulator only |
 * | `LOG_LEVEL` | `info` | |
 *
 * Empty values count as unset (the stack writes `INDEX_PERIODS: ''`).
 */
export interface IngestConfig {
  readonly endpoint: string;
  readonly auth: 'sigv4' | 'none';
  readonly region?: string;
  readonly guards: IngestionGuards;
  readonly indexPrefix?: string;
  readonly periodOf: PeriodOf;
  readonly flushBytes?: number;
  readonly concurrency?: number;
  readonly securityLake?: SecurityLakeAccess;
  readonly s3Endpoint?: string;
  readonly logLevel: LogLevel;
}

export interface IngestionGuards {
  readonly provenance: ArchiveProvenance;
  readonly bounds: Omit<IndexBounds, 'now'>;
}

/** How the function reads the Security Lake bucket: through the role Security Lake made for it. */
export interface SecurityLakeAccess {
  readonly bucket: string;
  readonly region: string;
  readonly roleArn: string;
  readonly externalId: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
const MIB = 1024 * 1024;

const text = () =>
  z.string({ error: (issue) => (issue.input === undefined ? 'is not set' : 'must be text') });

const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  text()
    .refine((s) => /^\d+$/.test(s) && Number(s) >= min && Number(s) <= max, {
      error: `must be a whole number ≥ ${min}${max < Number.MAX_SAFE_INTEGER ? ` and ≤ ${max}` : ''}`,
    })
    .transform(Number);

const httpUrl = () =>
  text().refine((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), {
    error: 'must be an http(s) URL',
  });

const region = () => text().regex(REGION, { error: 'must be an AWS region (e.g. eu-west-1)' });

const guardsShape = {
  NAME_PREFIX: text().regex(/^[a-z0-9][a-z0-9.-]*$/, {
    error: 'must be a bucket name prefix (a-z, 0-9, . and -)',
  }),
  ARCHIVE_ACCOUNT_ID: text().regex(/^\d{12}$/, { error: 'must be a 12-digit account id' }),
  HOT_DAYS: wholeNumber(1),
  FUTURE_DAYS: wholeNumber(0).default(1),
  MAX_DAILY_INDICES_PER_OBJECT: wholeNumber(1).default(3),
  SECURITY_LAKE_BUCKET: text().optional(),
};

const securityLakeShape = {
  SECURITY_LAKE_BUCKET: text().optional(),
  SECURITY_LAKE_REGION: region().optional(),
  SECURITY_LAKE_ROLE_ARN: text()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\//, { error: 'must be an IAM role ARN' })
    .optional(),
  SECURITY_LAKE_EXTERNAL_ID: text().optional(),
};
const SECURITY_LAKE_VARIABLES = Object.keys(securityLakeShape) as Array<keyof typeof securityLakeShape>;

const environmentSchema = z.object({
  OPENSEARCH_ENDPOINT: httpUrl(),
  OPENSEARCH_AUTH: z.enum(['sigv4', 'none'], { error: 'must be sigv4 or none' }).optional(),
  AWS_REGION: region().optional(),
  ...guardsShape,
  ...securityLakeShape,
  INDEX_PREFIX: text()
    .regex(/^[a-z0-9][a-z0-9._-]*$/, { error: 'must be lowercase letters, digits, ., _ and -' })
    .optional(),
  INDEX_PERIODS: text().optional(),
  BULK_FLUSH_BYTES: wholeNumber(64 * 1024, 100 * MIB).optional(),
  BULK_CONCURRENCY: wholeNumber(1, 64).optional(),
  S3_ENDPOINT: httpUrl().optional(),
  LOG_LEVEL: text().optional(),
});

/** Parses `schema` over `env` (empty values unset), or throws naming every variable at fault. */
function parseEnv<T extends z.ZodType>(schema: T, env: Env): z.output<T> {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new Error(
      `ingestion function environment: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

function guardsOf(vars: z.output<z.ZodObject<typeof guardsShape>>): IngestionGuards {
  return {
    provenance: new ArchiveProvenance({
      namePrefix: vars.NAME_PREFIX,
      archiveAccountId: vars.ARCHIVE_ACCOUNT_ID,
      securityLakeBucket: vars.SECURITY_LAKE_BUCKET,
    }),
    bounds: {
      window: { hotDays: vars.HOT_DAYS, futureDays: vars.FUTURE_DAYS },
      maxDailyIndices: vars.MAX_DAILY_INDICES_PER_OBJECT,
    },
  };
}

function securityLakeOf(
  vars: z.output<z.ZodObject<typeof securityLakeShape>>,
): SecurityLakeAccess | undefined {
  const missing = SECURITY_LAKE_VARIABLES.filter((name) => vars[name] === undefined);
  if (missing.length === SECURITY_LAKE_VARIABLES.length) return undefined;
  if (missing.length > 0) {
    throw new Error(
      `ingestion function environment: ${missing.join(', ')} not set (all four SECURITY_LAKE_* or none)`,
    );
  }
  return {
    bucket: vars.SECURITY_LAKE_BUCKET!,
    region: vars.SECURITY_LAKE_REGION!,
    roleArn: vars.SECURITY_LAKE_ROLE_ARN!,
    externalId: vars.SECURITY_LAKE_EXTERNAL_ID!,
  };
}

function periodsOf(value: string | undefined): PeriodOf {
  try {
    return parseIndexPeriodsEnv(value);
  } catch (err) {
    throw new Error(`ingestion function environment: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The whole environment of the Lambda function (handler.ts reads it once, at start). */
export function ingestConfigFromEnv(env: Env): IngestConfig {
  const vars = parseEnv(environmentSchema, env);
  return {
    endpoint: vars.OPENSEARCH_ENDPOINT,
    auth: vars.OPENSEARCH_AUTH ?? (isAwsEndpoint(vars.OPENSEARCH_ENDPOINT) ? 'sigv4' : 'none'),
    region: vars.AWS_REGION,
    guards: guardsOf(vars),
    indexPrefix: vars.INDEX_PREFIX,
    periodOf: periodsOf(vars.INDEX_PERIODS),
    flushBytes: vars.BULK_FLUSH_BYTES,
    concurrency: vars.BULK_CONCURRENCY,
    securityLake: securityLakeOf(vars),
    s3Endpoint: vars.S3_ENDPOINT,
    logLevel: parseLogLevel(vars.LOG_LEVEL),
  };
}

/** The archive buckets' contracts and the index bounds alone (for tools that run the handler in-process). */
export function ingestionGuardsFromEnv(env: Env): IngestionGuards {
  return guardsOf(parseEnv(z.object(guardsShape), env));
}

/** The four `SECURITY_LAKE_*` variables: all or none. */
export function securityLakeAccessFromEnv(env: Env): SecurityLakeAccess | undefined {
  return securityLakeOf(parseEnv(z.object(securityLakeShape), env));
}
