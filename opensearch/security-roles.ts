import { INDEX_PREFIX, RESTORED_PREFIX } from './log-types';

/**
 * Fine-grained access control (security plugin) roles and role mappings for the SIEM's IAM
 * principals. On Amazon OpenSearch Service the IAM role ARN a request is signed with arrives as a
 * backend role, so mapping an ARN to a role is what lets that principal in at all; without it
 * the ingestion function's `_bulk` calls and every Dashboards user get HTTP 403.
 */

export interface IndexPermission {
  readonly index_patterns: readonly string[];
  readonly allowed_actions: readonly string[];
}

export interface TenantPermission {
  readonly tenant_patterns: readonly string[];
  readonly allowed_actions: readonly string[];
}

/** Body of `PUT _plugins/_security/api/roles/<name>`. */
export interface SecurityRoleBody {
  readonly description: string;
  readonly cluster_permissions: readonly string[];
  readonly index_permissions: readonly IndexPermission[];
  readonly tenant_permissions: readonly TenantPermission[];
}

export interface SecurityRole {
  readonly name: string;
  readonly body: SecurityRoleBody;
}

/** The role the ingestion function's IAM role is mapped to. */
export const INGEST_ROLE = 'siem_ingest';
/** The role the Cognito authenticated (Dashboards users') IAM role is mapped to. */
export const ANALYST_ROLE = 'siem_analyst';
/**
 * Built-in role giving Dashboards itself (the `.kibana` indices, tenants) to a user. The security
 * plugin still calls it `kibana_user` (2.19: `opensearch_dashboards_user` does not exist, and a
 * mapping to it is refused with 404).
 */
export const DASHBOARDS_USER_ROLE = 'kibana_user';
/**
 * The master user's mappings. Post-apply never writes them: a mistake there locks the
 * administrators out of the security plugin.
 */
export const PROTECTED_ROLES: readonly string[] = ['all_access', 'security_manager'];

/**
 * `siem_ingest` can do exactly what the ingestion writer does (`functions/ingest/bulk-writer.ts`:
 * `POST _bulk` of `create` actions into daily `siem-<type>-<day>` and `siem-deadletter-<day>`
 * indices, created on first write from the index templates) and nothing else: no read, no
 * update, no delete, no alias or template changes, so a leaked function credential cannot erase
 * evidence. `siem_analyst` reads live and restored indices; Dashboards itself comes from the
 * built-in `kibana_user` role it is mapped to alongside.
 */
export function securityRoles(): SecurityRole[] {
  const siemIndices = `${INDEX_PREFIX}*`;
  return [
    {
      name: INGEST_ROLE,
      body: {
        description:
          'SIEM ingestion function: bulk-create documents in siem-* daily indices (managed by siem post-apply)',
        // The bulk action itself is authorized at cluster level; its items against index_permissions.
        cluster_permissions: ['indices:data/write/bulk'],
        index_permissions: [
          {
            index_patterns: [siemIndices],
            // Measured on OpenSearch 2.19 with the plugin (test/integration/security): a `create`
            // item needs `indices:data/write/index` and the shard-level `bulk[s]`; the first
            // document of a day needs `indices:admin/create` (auto-creation through the
            // templates, aliases included); a record with a field new to the mapping needs
            // `indices:admin/mapping/put`. Not the `index` action group: it adds
            // `indices:data/write/update*`. The plugin has no create-only permission (an `index`
            // action that overwrites is the same `indices:data/write/index`): that no document
            // is ever replaced is the writer's `create` action.
            allowed_actions: [
              'indices:data/write/index',
              'indices:data/write/bulk[s]',
              'indices:admin/create',
              'indices:admin/mapping/put',
            ],
          },
        ],
        tenant_permissions: [],
      },
    },
    {
      name: ANALYST_ROLE,
      body: {
        description:
          'SIEM analysts (Dashboards users): read-only search of siem-* and restored-siem-* (managed by siem post-apply)',
        // Dashboards sends _msearch/_mget; their items are checked against index_permissions.
        cluster_permissions: ['cluster_composite_ops_ro'],
        index_permissions: [
          {
            index_patterns: [siemIndices, `${RESTORED_PREFIX}${siemIndices}`],
            allowed_actions: ['read', 'search'],
          },
        ],
        tenant_permissions: [],
      },
    },
  ];
}

/** The IAM principals post-apply maps, as the log-archive stack outputs them. */
export interface MappedPrincipals {
  /** `ingestRoleArn` output: the ingestion function's execution role. */
  readonly ingestRoleArn?: string;
  /** `dashboardsUserRoleArn` output: the Cognito identity pool's authenticated role. */
  readonly dashboardsUserRoleArn?: string;
}

/** Backend roles one security role must (at least) be mapped from. */
export interface WantedMapping {
  readonly role: string;
  readonly backendRoles: readonly string[];
}

/** The mappings for the principals that are known; an unknown ARN maps nothing. */
export function roleMappings(principals: MappedPrincipals): WantedMapping[] {
  const wanted: WantedMapping[] = [];
  if (principals.ingestRoleArn) wanted.push({ role: INGEST_ROLE, backendRoles: [principals.ingestRoleArn] });
  if (principals.dashboardsUserRoleArn) {
    wanted.push({ role: ANALYST_ROLE, backendRoles: [principals.dashboardsUserRoleArn] });
    wanted.push({ role: DASHBOARDS_USER_ROLE, backendRoles: [principals.dashboardsUserRoleArn] });
  }
  for (const w of wanted)
    if (PROTECTED_ROLES.includes(w.role)) throw new Error(`refusing to manage the mapping of ${w.role}`);
  return wanted;
}

/** A mapping as `GET _plugins/_security/api/rolesmapping/<role>` returns it. */
export interface StoredRoleMapping {
  readonly backend_roles?: readonly string[];
  readonly and_backend_roles?: readonly string[];
  readonly users?: readonly string[];
  readonly hosts?: readonly string[];
  readonly description?: string;
  readonly reserved?: boolean;
  readonly hidden?: boolean;
}

/** Body of `PUT _plugins/_security/api/rolesmapping/<role>`. */
export interface RoleMappingBody {
  readonly backend_roles: readonly string[];
  readonly and_backend_roles: readonly string[];
  readonly users: readonly string[];
  readonly hosts: readonly string[];
  readonly description?: string;
}

/** True when every wanted backend role is already mapped. */
export function mappingHasAll(current: StoredRoleMapping, wanted: WantedMapping): boolean {
  const have = new Set(current.backend_roles ?? []);
  return wanted.backendRoles.every((r) => have.has(r));
}

/**
 * The mapping to PUT: what is there (other backend roles, users, hosts, added by hand or by
 * another tool) plus what we want. PUT replaces the whole mapping, so nothing may be dropped.
 */
export function mergedMapping(
  current: StoredRoleMapping | undefined,
  wanted: WantedMapping,
): RoleMappingBody {
  const backendRoles = [...(current?.backend_roles ?? [])];
  for (const r of wanted.backendRoles) if (!backendRoles.includes(r)) backendRoles.push(r);
  return {
    backend_roles: backendRoles,
    and_backend_roles: [...(current?.and_backend_roles ?? [])],
    users: [...(current?.users ?? [])],
    hosts: [...(current?.hosts ?? [])],
    ...(current?.description !== undefined ? { description: current.description } : {}),
  };
}

/** Body of `PUT _plugins/_security/api/audit/config` (the `config` of `GET .../api/audit`). */
export interface AuditConfig {
  readonly enabled: boolean;
  readonly audit: {
    readonly enable_rest: boolean;
    readonly enable_transport: boolean;
    readonly disabled_rest_categories: readonly string[];
    readonly disabled_transport_categories: readonly string[];
    readonly resolve_bulk_requests: boolean;
    readonly log_request_body: boolean;
    readonly resolve_indices: boolean;
    readonly exclude_sensitive_headers: boolean;
    readonly ignore_users: readonly string[];
    readonly ignore_requests: readonly string[];
  };
  readonly compliance: {
    readonly enabled: boolean;
    readonly internal_config: boolean;
    readonly external_config: boolean;
    readonly read_metadata_only: boolean;
    readonly read_watched_fields: Readonly<Record<string, readonly string[]>>;
    readonly read_ignore_users: readonly string[];
    readonly write_metadata_only: boolean;
    readonly write_log_diffs: boolean;
    readonly write_watched_indices: readonly string[];
    readonly write_ignore_users: readonly string[];
  };
}

/** Dashboards' own service user: its housekeeping would drown everything else. */
const DASHBOARDS_SERVER_USER = 'kibanaserver';

/**
 * The audit log (on Amazon OpenSearch Service the second step after the domain publishes
 * AUDIT_LOGS to CloudWatch Logs; on a self-managed node it lands in `security-auditlog-*`).
 * Logged: failed logins, refused requests (MISSING_PRIVILEGES: the ingest role writing outside
 * siem-*, an analyst trying to delete), index administration (INDEX_EVENT: an index deleted or
 * its settings changed), bad headers and TLS errors, attempts on the security index, and every
 * change to the security configuration itself (compliance `internal_config`: who changed a role
 * or mapping). Not logged: AUTHENTICATED and GRANTED_PRIVILEGES (one event per allowed request:
 * every bulk of the ingestion, every Dashboards search), request bodies (a `_bulk` body is the
 * logs themselves), per-item bulk events, and document-level read/write watching of siem-*:
 * every ingested document and every search hit would be an event, doubling the stored volume
 * for nothing the refused-request and index events do not already show (the ingest role can
 * create documents but neither update nor delete them).
 */
export function auditConfig(): AuditConfig {
  return {
    enabled: true,
    audit: {
      enable_rest: true,
      enable_transport: true,
      disabled_rest_categories: ['AUTHENTICATED', 'GRANTED_PRIVILEGES'],
      disabled_transport_categories: ['AUTHENTICATED', 'GRANTED_PRIVILEGES'],
      resolve_bulk_requests: false,
      log_request_body: false,
      resolve_indices: true,
      exclude_sensitive_headers: true,
      ignore_users: [DASHBOARDS_SERVER_USER],
      ignore_requests: [],
    },
    compliance: {
      enabled: true,
      internal_config: true,
      external_config: false,
      read_metadata_only: true,
      read_watched_fields: {},
      read_ignore_users: [DASHBOARDS_SERVER_USER],
      write_metadata_only: true,
      write_log_diffs: false,
      write_watched_indices: [],
      write_ignore_users: [DASHBOARDS_SERVER_USER],
    },
  };
}

const asSet = (v: unknown): string | undefined =>
  Array.isArray(v) ? JSON.stringify([...(v as unknown[]).map(String)].sort()) : undefined;

/** Every value we set is stored (lists as sets); fields the plugin adds do not count. */
export function isAuditCurrent(stored: unknown, desired: AuditConfig): boolean {
  const same = (have: unknown, want: unknown): boolean => {
    if (Array.isArray(want)) return asSet(have) === asSet(want);
    if (typeof want === 'object' && want !== null) {
      if (typeof have !== 'object' || have === null || Array.isArray(have)) return false;
      const h = have as Record<string, unknown>;
      const w = want as Record<string, unknown>;
      // A map (read_watched_fields) must not have extra keys either.
      if (Object.keys(w).length === 0) return Object.keys(h).length === 0;
      return Object.keys(w).every((k) => same(h[k], w[k]));
    }
    return have === want;
  };
  return same(stored, desired);
}
