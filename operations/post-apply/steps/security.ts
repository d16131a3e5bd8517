import {
  type AuditConfig,
  auditConfig,
  isAuditCurrent,
  mappingHasAll,
  mergedMapping,
  type MappedPrincipals,
  roleMappings,
  type SecurityRole,
  securityRoles,
  type StoredRoleMapping,
  type WantedMapping,
} from '../../../opensearch/security-roles';
import { HttpError, type HttpClient } from '../../../opensearch/http-client';
import {
  reconcile,
  skippedStep,
  type ManagedResource,
  type ReconcileOptions,
  type StepReport,
} from '../reconcile';

export const SECURITY_STEP = 'security roles';

const API = '/_plugins/_security/api';

/** A role as the security plugin returns it (with the fields it adds). */
export interface StoredRole {
  readonly description?: string;
  readonly cluster_permissions?: readonly string[];
  readonly index_permissions?: ReadonlyArray<{
    readonly index_patterns?: readonly string[];
    readonly allowed_actions?: readonly string[];
    readonly dls?: string;
    readonly fls?: readonly string[];
    readonly masked_fields?: readonly string[];
  }>;
  readonly tenant_permissions?: ReadonlyArray<{
    readonly tenant_patterns?: readonly string[];
    readonly allowed_actions?: readonly string[];
  }>;
}

const sortedKey = (values: readonly string[] | undefined) => JSON.stringify([...(values ?? [])].sort());

/** Permission lists are sets: order does not matter, but a permission or restriction added by hand does. */
export function isRoleCurrent(current: StoredRole, desired: SecurityRole['body']): boolean {
  const indexKey = (p: NonNullable<StoredRole['index_permissions']>[number]) =>
    `${sortedKey(p.index_patterns)}|${sortedKey(p.allowed_actions)}|${p.dls ?? ''}|${sortedKey(p.fls)}|${sortedKey(p.masked_fields)}`;
  const tenantKey = (p: NonNullable<StoredRole['tenant_permissions']>[number]) =>
    `${sortedKey(p.tenant_patterns)}|${sortedKey(p.allowed_actions)}`;
  return (
    // Only compared when returned: some plugin versions leave it out, which is no drift.
    (current.description === undefined || current.description === desired.description) &&
    sortedKey(current.cluster_permissions) === sortedKey(desired.cluster_permissions) &&
    sortedKey((current.index_permissions ?? []).map(indexKey)) ===
      sortedKey(desired.index_permissions.map(indexKey)) &&
    sortedKey((current.tenant_permissions ?? []).map(tenantKey)) ===
      sortedKey(desired.tenant_permissions.map(tenantKey))
  );
}

/** GET of one security resource: `{<name>: {...}}`, or undefined when it does not exist. */
async function readNamed<T>(client: HttpClient, path: string, name: string): Promise<T | undefined> {
  const found = await client.getIfExists<Record<string, T>>(path);
  return found?.[name];
}

export function securityRoleResources(
  client: HttpClient,
  roles: readonly SecurityRole[],
): ManagedResource<StoredRole>[] {
  return roles.map((role) => {
    const path = `${API}/roles/${encodeURIComponent(role.name)}`;
    const put = async () => {
      await client.request('PUT', path, { body: role.body });
    };
    return {
      label: `security role ${role.name}`,
      read: () => readNamed<StoredRole>(client, path, role.name),
      isCurrent: (current) => isRoleCurrent(current, role.body),
      create: put,
      update: put,
    };
  });
}

export function roleMappingResources(
  client: HttpClient,
  mappings: readonly WantedMapping[],
): ManagedResource<StoredRoleMapping>[] {
  return mappings.map((wanted) => {
    const path = `${API}/rolesmapping/${encodeURIComponent(wanted.role)}`;
    return {
      label: `role mapping ${wanted.role} ← ${wanted.backendRoles.join(', ')}`,
      read: () => readNamed<StoredRoleMapping>(client, path, wanted.role),
      isCurrent: (current) => mappingHasAll(current, wanted),
      async create() {
        await client.request('PUT', path, { body: mergedMapping(undefined, wanted) });
      },
      async update(current) {
        await client.request('PUT', path, { body: mergedMapping(current, wanted) });
      },
    };
  });
}

/**
 * The audit configuration: it always exists (the plugin's defaults, or `enabled: false` on a new
 * managed domain), so it is only ever found current or updated.
 */
export function auditConfigResource(client: HttpClient, desired: AuditConfig): ManagedResource<unknown> {
  return {
    label: 'audit log configuration',
    async read() {
      const found = await client.getIfExists<{ config?: unknown }>(`${API}/audit`);
      return found?.config ?? {};
    },
    isCurrent: (current) => isAuditCurrent(current, desired),
    async create() {
      await client.request('PUT', `${API}/audit/config`, { body: desired });
    },
    async update() {
      await client.request('PUT', `${API}/audit/config`, { body: desired });
    },
  };
}

/**
 * Why the cluster has no security plugin API, or undefined when it has one. A node without the
 * plugin answers 404, or 400 "no handler found" (the local test node); anything else (403 for a
 * caller that is not the master user, say) is a real error.
 */
export async function securityPluginAbsence(client: HttpClient): Promise<string | undefined> {
  try {
    await client.request('GET', `${API}/roles`);
    return undefined;
  } catch (err) {
    if (
      err instanceof HttpError &&
      (err.status === 404 || (err.status === 400 && err.responseBody.includes('no handler found')))
    )
      return `no security plugin on the cluster: GET ${API}/roles answered HTTP ${err.status}`;
    throw err;
  }
}

/**
 * Creates the SIEM's security roles, maps the ingestion function's and the Dashboards users'
 * IAM roles to them (adding to existing mappings, never removing anything), and turns the audit
 * log on with the SIEM's configuration (see `auditConfig`).
 */
export async function applySecurityRoles(
  client: HttpClient,
  principals: MappedPrincipals,
  opts: ReconcileOptions,
): Promise<StepReport> {
  const absent = await securityPluginAbsence(client);
  if (absent) return skippedStep(SECURITY_STEP, absent);
  // Roles first: a mapping to a role that does not exist yet is refused.
  const resources: ManagedResource<unknown>[] = [
    ...(securityRoleResources(client, securityRoles()) as ManagedResource<unknown>[]),
    ...(roleMappingResources(client, roleMappings(principals)) as ManagedResource<unknown>[]),
    auditConfigResource(client, auditConfig()),
  ];
  const report = await reconcile(SECURITY_STEP, resources, opts);
  const notes = [
    ...(principals.ingestRoleArn ? [] : ['ingestRoleArn unknown: the ingestion function is not mapped']),
    ...(principals.dashboardsUserRoleArn
      ? []
      : ['dashboardsUserRoleArn unknown: Dashboards users are not mapped']),
  ];
  return notes.length > 0 ? { ...report, notes } : report;
}
