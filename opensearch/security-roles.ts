import { INDEX_PREFIX } from './log-types';

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
/** Built-in role giving Dashboards itself (the `.kibana` indices, tenants) to a user. */
export const DASHBOARDS_USER_ROLE = 'opensearch_dashboards_user';
/**
 * The master user's mappings. Post-apply never writes them: a mistake there locks the
 * administrators out of the security plugin.
 */
export const PROTECTED_ROLES: readonly string[] = ['all_access', 'security_manager'];

/** Restored indices are named `restored-<index>` (see scripts/restore). */
const RESTORED_PREFIX = 'restored-';

/**
 * `siem_ingest` can do exactly what the ingestion writer does (`functions/ingest/bulk-writer.ts`:
 * `POST _bulk` of `index` actions into daily `siem-<type>-<day>` and `siem-deadletter-<day>`
 * indices, created on first write from the index templates) and nothing else: no read, no
 * delete, no alias or template changes, so a leaked function credential cannot erase evidence.
 * `siem_analyst` reads live and restored indices; Dashboards itself comes from the built-in
 * `opensearch_dashboards_user` role it is mapped to alongside.
 */
export function securityRoles(): SecurityRole[] {
  const siemIndices = `${INDEX_PREFIX}*`;
  return [
    {
      name: INGEST_ROLE,
      body: {
        description:
          'SIEM ingestion function: bulk-index into siem-* daily indices (managed by siem post-apply)',
        // The bulk action itself is authorized at cluster level; its items against index_permissions.
        cluster_permissions: ['indices:data/write/bulk'],
        index_permissions: [
          {
            index_patterns: [siemIndices],
            // `index`: index/update/bulk items and dynamic mapping updates; `create_index` and
            // `auto_create`: the first document of a day creates that day's index.
            allowed_actions: ['index', 'create_index', 'indices:admin/auto_create'],
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
