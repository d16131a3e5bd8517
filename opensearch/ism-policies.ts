import type { SiemConfig } from '../config/schema';
import { DEAD_LETTER_TYPE, INDEX_PERIODS, UNDATED_LABEL, type IndexPeriod } from './index-names';
import { retentionDays } from './index-sizing';
import { INDEX_PREFIX, LOG_TYPES } from './log-types';

/** A body for `PUT _plugins/_ism/policies/<id>`. */
export interface IsmPolicy {
  readonly id: string;
  readonly body: { readonly policy: Record<string, unknown> };
}

/** Name under which the snapshot repository is registered (`PUT _snapshot/siem-snapshots`). */
export const SNAPSHOT_REPOSITORY_NAME = 'siem-snapshots';

/** Indices the snapshot policy copies: every log index and the dead-letter indices. */
export const SNAPSHOT_INDICES = 'siem-*';

/** Id of the snapshot management policy (`_plugins/_sm/policies/<id>`); snapshots are named `<id>-<date>-<random>`. */
export const SNAPSHOT_POLICY_ID = 'siem-daily-snapshots';

/**
 * Above OpenSearch's default of 0 so a template someone adds by hand for a wider pattern
 * (`siem-*`, `*`) never wins over our retention, and above the 100 of the per-log-type policies
 * of earlier releases (`siem-<type>-retention`, patterns `siem-<type>-*`): ISM refuses a template
 * whose patterns overlap another's at the same priority, and new indices must get these.
 */
const ISM_TEMPLATE_PRIORITY: Readonly<Record<IndexPeriod, number>> = { day: 110, week: 111, month: 112 };

/**
 * `ism_template` pattern of each name shape under one log type's prefix (`siem-cloudtrail-`):
 * days `2024.03.05` have two dots, weeks `2024.w10` a `.w`, months `2024.m03` a `.m`. No name
 * matches two of them, so every index is planned by one policy (post-apply's existing-index step
 * reads each policy's patterns); a name of no known shape gets no policy and is never deleted.
 */
const SHAPE_PATTERN: Readonly<Record<IndexPeriod, string>> = { day: '*.*.*', week: '*.w*', month: '*.m*' };

export function retentionPolicyId(period: IndexPeriod): string {
  return `siem-retention-${period}`;
}

/**
 * Hot until every document of the index is `hotDays` old, then deleted. ISM counts an index's age
 * from its creation, which is when its first document came, anywhere in its period (or up to a day
 * before it, for an event dated ahead): so the age before deletion is `hotDays` plus the longest
 * length of the period plus a day (`retentionDays`). A document is kept between `hotDays + 1` and
 * that many days; a longer period keeps data up to one period longer. There is no rollover alias
 * to manage: the period bounds an index's span, the sizing model its size (index-sizing.ts).
 *
 * The policy follows the name's shape, not the log type's configured period: an index written
 * under an earlier, longer period keeps the retention of its own length when the config changes.
 * The S3 archive keeps the raw logs for `expireAfterDays`; older data comes back through
 * `siem reingest`, recent data through `siem restore`.
 *
 * `ism_template` is what attaches the policy: OpenSearch ISM ignores `index.plugins.index_state_management.policy_id`
 * in index templates since 1.x, and instead matches each newly created index against the
 * `ism_template` patterns of all policies.
 */
function retentionPolicy(period: IndexPeriod, hotDays: number, indexPatterns: string[]): IsmPolicy {
  const days = retentionDays(hotDays, period);
  return {
    id: retentionPolicyId(period),
    body: {
      policy: {
        description: `SIEM indices of one ${period}: deleted ${days} days after creation, so every document stays searchable ${hotDays} days (the S3 archive keeps the raw logs)`,
        default_state: 'hot',
        states: [
          {
            name: 'hot',
            actions: [],
            transitions: [{ state_name: 'delete', conditions: { min_index_age: `${days}d` } }],
          },
          { name: 'delete', actions: [{ delete: {} }], transitions: [] },
        ],
        ism_template: [{ index_patterns: indexPatterns, priority: ISM_TEMPLATE_PRIORITY[period] }],
      },
    },
  };
}

/**
 * One retention policy per shape of index name, over every log type and the dead letters (monthly,
 * `siem-deadletter-2024.m03`, and `siem-deadletter-undated`, which the month policy names).
 * Restored indices (`restored-siem-…`) match none of these patterns on purpose: their creation
 * date is the original one, so a matching policy would delete them the moment they come back.
 */
export function ismPolicies(config: SiemConfig): IsmPolicy[] {
  const { hotDays } = config.retention;
  const families = [...LOG_TYPES, DEAD_LETTER_TYPE].map((t) => `${INDEX_PREFIX}${t}-`);
  const undated = `${INDEX_PREFIX}${DEAD_LETTER_TYPE}-${UNDATED_LABEL}`;
  return INDEX_PERIODS.map((period) =>
    retentionPolicy(period, hotDays, [
      ...families.map((family) => `${family}${SHAPE_PATTERN[period]}`),
      // Dead letters without a day are kept as long as a month's.
      ...(period === 'month' ? [undated] : []),
    ]),
  );
}

/** Where snapshots go: S3 in AWS (the only kind a managed domain accepts), a directory locally. */
export type SnapshotRepositoryOptions =
  | {
      readonly type: 's3';
      readonly bucket: string;
      readonly region: string;
      /** Role the OpenSearch service assumes to write the bucket (required by Amazon OpenSearch Service). */
      readonly roleArn: string;
    }
  | {
      readonly type: 'fs';
      /** A directory listed in the node's `path.repo`. */
      readonly location: string;
    };

/** A body for `PUT _snapshot/<name>`. */
export interface SnapshotRepository {
  readonly name: typeof SNAPSHOT_REPOSITORY_NAME;
  readonly body: { readonly type: 's3' | 'fs'; readonly settings: Record<string, string | boolean> };
}

export function snapshotRepository(opts: SnapshotRepositoryOptions): SnapshotRepository {
  if (opts.type === 's3') {
    return {
      name: SNAPSHOT_REPOSITORY_NAME,
      body: {
        type: 's3',
        settings: {
          bucket: opts.bucket,
          region: opts.region,
          role_arn: opts.roleArn,
          // Encrypted at rest even if someone removes the bucket's default encryption.
          server_side_encryption: true,
        },
      },
    };
  }
  return {
    name: SNAPSHOT_REPOSITORY_NAME,
    body: { type: 'fs', settings: { location: opts.location, compress: true } },
  };
}

/** A body for `POST _plugins/_sm/policies/<id>`. */
export interface SnapshotManagementPolicy {
  readonly id: string;
  readonly body: Record<string, unknown>;
}

/**
 * Snapshots to keep whatever their age, so that a policy whose creation stopped (full bucket,
 * lost role) does not let deletion empty the repository.
 */
const MIN_SNAPSHOTS_KEPT = 7;

/**
 * Daily manual snapshots of `siem-*` into our own repository, deleted after
 * `snapshotRetentionDays`. These are in addition to the domain's automated snapshots (hourly,
 * kept 14 days by AWS in its `cs-automated*` repository), which stay on: ours outlive theirs
 * and can be restored into another domain.
 */
export function snapshotManagementPolicy(
  config: SiemConfig,
  repository: Pick<SnapshotRepository, 'name'>,
): SnapshotManagementPolicy {
  const days = config.retention.snapshotRetentionDays;
  return {
    id: SNAPSHOT_POLICY_ID,
    body: {
      description: `SIEM daily snapshots of ${SNAPSHOT_INDICES}, kept ${days} days`,
      enabled: true,
      creation: {
        // 01:30 UTC: after the previous day's index stopped receiving its late events.
        schedule: { cron: { expression: '30 1 * * *', timezone: 'UTC' } },
        time_limit: '3h',
      },
      deletion: {
        schedule: { cron: { expression: '30 4 * * *', timezone: 'UTC' } },
        condition: {
          max_age: `${days}d`,
          // SM defaults max_count to 50, which would silently cap a 90-day retention at 50 days.
          // One spare: the day's snapshot is taken (01:30) before deletion runs (04:30).
          max_count: days + 1,
          // SM requires min_count <= max_count.
          min_count: Math.min(MIN_SNAPSHOTS_KEPT, days),
        },
        time_limit: '1h',
      },
      snapshot_config: {
        repository: repository.name,
        indices: SNAPSHOT_INDICES,
        date_format: 'yyyy.MM.dd',
        timezone: 'UTC',
        ignore_unavailable: true,
        include_global_state: false,
        // A snapshot missing one red shard is better than no snapshot of that day at all.
        partial: true,
      },
    },
  };
}
