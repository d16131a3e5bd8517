import {
  ANALYST_ROLE,
  auditConfig,
  isAuditCurrent,
  DASHBOARDS_USER_ROLE,
  INGEST_ROLE,
  mappingHasAll,
  mergedMapping,
  PROTECTED_ROLES,
  roleMappings,
  securityRoles,
} from '../../../opensearch/security-roles';
import { isRoleCurrent } from '../../../operations/post-apply/steps/security';

const INGEST_ARN = 'arn:aws:iam::222222222222:role/siem-ingest-eu-west-1';
const DASHBOARDS_ARN = 'arn:aws:iam::222222222222:role/siem-dashboards-authenticated';

const roleNamed = (name: string) => securityRoles().find((r) => r.name === name)!.body;

describe('securityRoles', () => {
  it('lets the ingestion function bulk-create into siem-* and create the day index, nothing more', () => {
    // Act
    const ingest = roleNamed(INGEST_ROLE);

    // Assess
    expect(ingest.cluster_permissions).toEqual(['indices:data/write/bulk']);
    expect(ingest.index_permissions).toEqual([
      {
        index_patterns: ['siem-*'],
        allowed_actions: [
          'indices:data/write/index',
          'indices:data/write/bulk[s]',
          'indices:admin/create',
          'indices:admin/mapping/put',
        ],
      },
    ]);
  });

  it.each([
    ['read'],
    ['crud'],
    ['delete'],
    ['manage'],
    ['indices_all'],
    ['manage_aliases'],
    ['write'],
    ['index'],
    ['indices:data/write/update*'],
  ])('does not give the ingestion function %s', (action) => {
    // Act
    const actions = roleNamed(INGEST_ROLE).index_permissions.flatMap((p) => p.allowed_actions);

    // Assess
    expect(actions).not.toContain(action);
  });

  it('gives analysts read and search on live and restored SIEM indices only', () => {
    // Act
    const analyst = roleNamed(ANALYST_ROLE);

    // Assess
    expect(analyst.index_permissions).toEqual([
      { index_patterns: ['siem-*', 'restored-siem-*'], allowed_actions: ['read', 'search'] },
    ]);
    expect(analyst.cluster_permissions).toEqual(['cluster_composite_ops_ro']);
    expect(analyst.tenant_permissions).toEqual([]);
  });
});

describe('roleMappings', () => {
  it('maps the ingestion role to siem_ingest and the Cognito role to siem_analyst and Dashboards', () => {
    // Act
    const mappings = roleMappings({ ingestRoleArn: INGEST_ARN, dashboardsUserRoleArn: DASHBOARDS_ARN });

    // Assess
    expect(mappings).toEqual([
      { role: INGEST_ROLE, backendRoles: [INGEST_ARN] },
      { role: ANALYST_ROLE, backendRoles: [DASHBOARDS_ARN] },
      { role: DASHBOARDS_USER_ROLE, backendRoles: [DASHBOARDS_ARN] },
    ]);
    expect(mappings.map((m) => m.role)).not.toEqual(expect.arrayContaining([...PROTECTED_ROLES]));
  });

  it.each([
    [{ ingestRoleArn: INGEST_ARN }, [INGEST_ROLE]],
    [{ dashboardsUserRoleArn: DASHBOARDS_ARN }, [ANALYST_ROLE, DASHBOARDS_USER_ROLE]],
    [{}, []],
  ])('maps only the known principals of %j', (principals, roles) => {
    expect(roleMappings(principals).map((m) => m.role)).toEqual(roles);
  });
});

describe('mergedMapping', () => {
  const wanted = { role: DASHBOARDS_USER_ROLE, backendRoles: [DASHBOARDS_ARN] };

  it('keeps the backend roles, users, hosts and description already mapped and adds ours', () => {
    // Prepare
    const current = {
      backend_roles: ['arn:aws:iam::222222222222:role/other-team'],
      users: ['alice'],
      hosts: ['10.0.0.*'],
      and_backend_roles: [],
      description: 'set by hand',
      reserved: false,
      hidden: false,
    };

    // Act
    const merged = mergedMapping(current, wanted);

    // Assess
    expect(merged).toEqual({
      backend_roles: ['arn:aws:iam::222222222222:role/other-team', DASHBOARDS_ARN],
      and_backend_roles: [],
      users: ['alice'],
      hosts: ['10.0.0.*'],
      description: 'set by hand',
    });
  });

  it('does not repeat a backend role that is already there', () => {
    expect(mergedMapping({ backend_roles: [DASHBOARDS_ARN] }, wanted).backend_roles).toEqual([
      DASHBOARDS_ARN,
    ]);
  });

  it.each([
    [{ backend_roles: [DASHBOARDS_ARN, 'other'] }, true],
    [{ backend_roles: ['other'], users: [DASHBOARDS_ARN] }, false],
    [{}, false],
  ])('mapping %j already has ours: %s', (current, expected) => {
    expect(mappingHasAll(current, wanted)).toBe(expected);
  });
});

describe('isRoleCurrent', () => {
  const desired = roleNamed(ANALYST_ROLE);
  const asStored = {
    ...desired,
    reserved: false,
    hidden: false,
    static: false,
    index_permissions: desired.index_permissions.map((p) => ({
      index_patterns: [...p.index_patterns].reverse(),
      fls: [],
      masked_fields: [],
      allowed_actions: [...p.allowed_actions].reverse(),
    })),
  };

  it('treats the role as stored (added fields, other order) as current', () => {
    expect(isRoleCurrent(asStored, desired)).toBe(true);
  });

  it('treats a role returned without its description as current', () => {
    // Prepare
    const { description: _description, ...withoutDescription } = asStored;

    // Act
    const current = isRoleCurrent(withoutDescription, desired);

    // Assess
    expect(current).toBe(true);
  });

  it.each([
    [
      'an index action added by hand',
      {
        index_permissions: [
          { ...asStored.index_permissions[0]!, allowed_actions: ['read', 'search', 'delete'] },
        ],
      },
    ],
    [
      'field-level security added by hand',
      { index_permissions: [{ ...asStored.index_permissions[0]!, fls: ['~user.name'] }] },
    ],
    ['a cluster permission added', { cluster_permissions: ['cluster_composite_ops_ro', 'cluster_all'] }],
    ['another description', { description: 'x' }],
  ])('sees %s as a change', (_what, edit) => {
    expect(isRoleCurrent({ ...asStored, ...edit }, desired)).toBe(false);
  });
});

describe('isAuditCurrent', () => {
  /** `GET _plugins/_security/api/audit` of OpenSearch 2.19.6 after our PUT: other order, added fields. */
  const stored = () => {
    const c = auditConfig();
    return {
      ...c,
      audit: {
        ...c.audit,
        disabled_rest_categories: [...c.audit.disabled_rest_categories].reverse(),
        ignore_headers: [],
        ignore_url_params: [],
      },
      compliance: { ...c.compliance },
    };
  };

  it('treats the stored configuration (lists in another order, fields added) as current', () => {
    expect(isAuditCurrent(stored(), auditConfig())).toBe(true);
  });

  it.each([
    ['audit logging off', (s: ReturnType<typeof stored>) => ({ ...s, enabled: false })],
    [
      'granted privileges logged again',
      (s: ReturnType<typeof stored>) => ({
        ...s,
        audit: { ...s.audit, disabled_rest_categories: ['AUTHENTICATED'] },
      }),
    ],
    [
      'a read-watched index added by hand',
      (s: ReturnType<typeof stored>) => ({
        ...s,
        compliance: { ...s.compliance, read_watched_fields: { 'siem-*': [] } },
      }),
    ],
    ['nothing stored yet', () => ({})],
  ])('sees %s as a change', (_what, edit) => {
    expect(isAuditCurrent(edit(stored()), auditConfig())).toBe(false);
  });
});
