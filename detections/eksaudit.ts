import { MITRE } from './mitre';
import { SAMPLE_EXTERNAL_IP, SAMPLE_OTHER_EXTERNAL_IP, merge, sampleUuid } from './samples';
import type { Detection, DslQuery } from './types';

/*
 * EKS control-plane audit logs (Kubernetes audit events through CloudWatch Logs): the API server
 * answering anonymous callers, pods that can escape to their node, shells opened in running
 * containers, and cluster-admin handed out.
 */

/** CloudWatch Logs subscriptions deliver within seconds to minutes. */
const EKS_SCHEDULE_MINUTES = 5;
const EKS_LOOKBACK_MINUTES = 15;

const CLUSTER_LOG_GROUP = '/aws/eks/prod/cluster';
const AUDIT_STREAM = 'kube-apiserver-audit-1f2e3d4c5b6a7980a1b2c3d4e5f60718';
const ADMIN_ARN = 'arn:aws:iam::333333333333:role/platform-admin';

type AuditEvent = { readonly [field: string]: unknown };

/** One audit.k8s.io/v1 Event at ResponseComplete; overrides are deep-merged. */
export function eksAuditEvent(overrides: AuditEvent = {}, seed = 'eks'): AuditEvent {
  return merge(
    {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID: sampleUuid(seed),
      stage: 'ResponseComplete',
      requestURI: '/api/v1/namespaces/default/pods',
      verb: 'list',
      user: {
        username: ADMIN_ARN,
        uid: 'aws-iam-authenticator:333333333333:AROAEXAMPLEID',
        groups: ['system:authenticated'],
        extra: {
          sessionName: ['alice'],
          arn: [`${ADMIN_ARN.replace(':iam:', ':sts:').replace(':role/', ':assumed-role/')}/alice`],
        },
      },
      sourceIPs: [SAMPLE_EXTERNAL_IP],
      userAgent: 'kubectl/v1.29.0 (linux/amd64) kubernetes/3f7a50f',
      objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1' },
      responseStatus: { metadata: {}, code: 200 },
      requestReceivedTimestamp: '2026-01-15T10:00:00.000000Z',
      stageTimestamp: '2026-01-15T10:00:00.010000Z',
      annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
    },
    overrides,
  );
}

/** The CloudWatch Logs event that carries an audit event (the sample writer adds id and time). */
export const eksAuditLogEvent = (event: AuditEvent, logStream = AUDIT_STREAM) => ({
  logGroup: CLUSTER_LOG_GROUP,
  logStream,
  message: JSON.stringify(event),
});

const anonymous = (requestURI: string, code: number, decision: string, i: number) =>
  eksAuditLogEvent(
    eksAuditEvent(
      {
        requestURI,
        verb: 'get',
        user: { username: 'system:anonymous', groups: ['system:unauthenticated'], uid: '', extra: {} },
        sourceIPs: [SAMPLE_OTHER_EXTERNAL_IP],
        userAgent: 'curl/8.4.0',
        objectRef: { resource: 'secrets', namespace: 'kube-system' },
        responseStatus: { code },
        annotations: { 'authorization.k8s.io/decision': decision },
      },
      `anonymous-${i}`,
    ),
  );

const podSpec = (securityContext: AuditEvent, host: AuditEvent = {}) => ({
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name: 'debug', namespace: 'default' },
  spec: { ...host, containers: [{ name: 'debug', image: 'alpine:3.19', securityContext }] },
});

const podCreated = (requestObject: AuditEvent, i: number, username = ADMIN_ARN, code = 201) =>
  eksAuditLogEvent(
    eksAuditEvent(
      {
        level: 'Request',
        verb: 'create',
        user: { username },
        objectRef: { resource: 'pods', name: 'debug' },
        responseStatus: { code },
        requestObject,
      },
      `pod-${i}`,
    ),
  );

const exec = (subresource: string, verb: string, code: number, i: number, username = ADMIN_ARN) =>
  eksAuditLogEvent(
    eksAuditEvent(
      {
        requestURI: `/api/v1/namespaces/payments/pods/api-7d9c/${subresource}?command=sh&stdin=true&tty=true`,
        verb,
        user: { username },
        objectRef: { resource: 'pods', namespace: 'payments', name: 'api-7d9c', subresource },
        responseStatus: { code },
      },
      `exec-${i}`,
    ),
  );

const binding = (resource: string, roleRef: string, verb: string, i: number) =>
  eksAuditLogEvent(
    eksAuditEvent(
      {
        level: 'Request',
        requestURI: `/apis/rbac.authorization.k8s.io/v1/${resource}`,
        verb,
        objectRef: { resource, name: 'ci-admin', apiGroup: 'rbac.authorization.k8s.io' },
        responseStatus: { code: 201 },
        requestObject: {
          kind: resource === 'clusterrolebindings' ? 'ClusterRoleBinding' : 'RoleBinding',
          metadata: { name: 'ci-admin' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleRef },
          subjects: [{ kind: 'ServiceAccount', name: 'ci', namespace: 'ci' }],
        },
      },
      `binding-${i}`,
    ),
  );

/** Endpoints the API server serves to anonymous callers by default (health and discovery). */
const PUBLIC_PATHS = ['/healthz', '/livez', '/readyz', '/version', '/openid/', '/.well-known/'];
const isPublicPath: DslQuery = {
  bool: { should: PUBLIC_PATHS.map((path) => ({ prefix: { requestURI: path } })), minimum_should_match: 1 },
};

/** System controllers create privileged pods in kube-system (aws-node, kube-proxy): not an escape. */
const SYSTEM_CREATORS: DslQuery[] = [
  { prefix: { 'user.name': 'system:serviceaccount:kube-system:' } },
  { prefix: { 'user.name': 'system:node:' } },
];

export const eksAuditDetections: readonly Detection[] = [
  {
    id: 'eks-anonymous-request-allowed',
    title: 'EKS API server allowed an anonymous request',
    description:
      'The Kubernetes API server authorized a request from system:anonymous beyond the health and discovery endpoints: an RBAC binding grants something to system:anonymous or system:unauthenticated, so anyone who reaches the endpoint can use it.',
    severity: 2,
    mitre: MITRE.exploitPublicFacingApp,
    logType: 'eksaudit',
    query: {
      bool: {
        filter: [{ term: { 'user.name': 'system:anonymous' } }, { term: { 'siem.eks.decision': 'allow' } }],
        must_not: [isPublicPath],
      },
    },
    condition: { kind: 'bucket', field: 'siem.eks.cluster', minCount: 1 },
    scheduleMinutes: EKS_SCHEDULE_MINUTES,
    lookbackMinutes: EKS_LOOKBACK_MINUTES,
    positiveSamples: [anonymous('/api/v1/namespaces/kube-system/secrets', 200, 'allow', 0)],
    negativeSamples: [
      anonymous('/api/v1/namespaces/kube-system/secrets', 403, 'forbid', 1),
      anonymous('/healthz', 200, 'allow', 2),
      anonymous('/version?timeout=32s', 200, 'allow', 3),
      eksAuditLogEvent(eksAuditEvent({}, 'admin-list')),
    ],
  },
  {
    id: 'eks-privileged-pod-created',
    title: 'Privileged or host-namespace pod created in EKS',
    description:
      'A pod (or a workload template) with a privileged container or the host PID, IPC or network namespace was admitted, by someone other than the kube-system controllers: such a container can take over its node and every secret on it.',
    severity: 2,
    mitre: MITRE.escapeToHost,
    logType: 'eksaudit',
    query: {
      bool: {
        filter: [
          { term: { verb: 'create' } },
          { term: { 'event.outcome': 'success' } },
          {
            bool: {
              should: [
                { term: { 'siem.eks.privileged': true } },
                { term: { 'siem.eks.host_namespaces': true } },
              ],
              minimum_should_match: 1,
            },
          },
        ],
        must_not: SYSTEM_CREATORS,
      },
    },
    condition: { kind: 'bucket', field: 'user.name', alsoBy: ['siem.eks.cluster'], minCount: 1 },
    scheduleMinutes: EKS_SCHEDULE_MINUTES,
    lookbackMinutes: EKS_LOOKBACK_MINUTES,
    positiveSamples: [
      podCreated(podSpec({ privileged: true }), 0),
      podCreated(podSpec({}, { hostPID: true }), 1),
    ],
    negativeSamples: [
      podCreated(podSpec({ privileged: false, runAsNonRoot: true }), 2),
      podCreated(podSpec({ privileged: true }), 3, 'system:serviceaccount:kube-system:daemon-set-controller'),
      // Refused by admission (Pod Security): nothing ran.
      podCreated(podSpec({ privileged: true }), 4, ADMIN_ARN, 403),
    ],
  },
  {
    id: 'eks-exec-into-pod',
    title: 'Shell opened in a running EKS container',
    description:
      'Someone ran kubectl exec or attach into a running pod: a shell inside a workload, with its service account token and its network position. Routine for some teams during incidents; everywhere else a strong sign of hands-on-keyboard activity.',
    severity: 3,
    mitre: MITRE.containerAdministrationCommand,
    logType: 'eksaudit',
    query: {
      bool: {
        filter: [
          { terms: { 'objectRef.subresource': ['exec', 'attach'] } },
          { terms: { verb: ['create', 'get'] } },
          { term: { 'event.outcome': 'success' } },
        ],
      },
    },
    condition: { kind: 'bucket', field: 'user.name', alsoBy: ['siem.eks.cluster'], minCount: 1 },
    scheduleMinutes: EKS_SCHEDULE_MINUTES,
    lookbackMinutes: EKS_LOOKBACK_MINUTES,
    positiveSamples: [exec('exec', 'create', 101, 0), exec('attach', 'get', 101, 1)],
    negativeSamples: [exec('exec', 'create', 403, 2), exec('log', 'get', 200, 3)],
  },
  {
    id: 'eks-cluster-admin-binding',
    title: 'cluster-admin granted in EKS',
    description:
      'A ClusterRoleBinding or RoleBinding to the cluster-admin role was created or changed: full control of the cluster to a user, group or service account. A common persistence step after a first foothold.',
    severity: 2,
    mitre: MITRE.additionalContainerClusterRoles,
    logType: 'eksaudit',
    query: {
      bool: {
        filter: [
          { terms: { 'objectRef.resource': ['clusterrolebindings', 'rolebindings'] } },
          { terms: { verb: ['create', 'update', 'patch'] } },
          { term: { 'siem.eks.role_ref': 'cluster-admin' } },
          { term: { 'event.outcome': 'success' } },
        ],
      },
    },
    condition: { kind: 'bucket', field: 'user.name', alsoBy: ['siem.eks.cluster'], minCount: 1 },
    scheduleMinutes: EKS_SCHEDULE_MINUTES,
    lookbackMinutes: EKS_LOOKBACK_MINUTES,
    positiveSamples: [binding('clusterrolebindings', 'cluster-admin', 'create', 0)],
    negativeSamples: [
      binding('clusterrolebindings', 'view', 'create', 1),
      binding('clusterrolebindings', 'cluster-admin', 'delete', 2),
    ],
  },
];
