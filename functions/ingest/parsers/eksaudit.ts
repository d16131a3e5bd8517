import {
  deadLetterAs,
  isObject,
  jsonMessageParser,
  type LogEventContext,
  type MessageParser,
  type RoutedDocument,
} from './cloudwatch-event';
import { ipOf } from './safe-json';

/*
 * EKS control-plane audit logs: log group `/aws/eks/<cluster>/cluster`, streams
 * `kube-apiserver-audit-<id>`, one Kubernetes `audit.k8s.io/v1` Event (JSON) per log event. The
 * Event's members are kept as they are; `user.name` is merged into its `user` object, and
 * `siem.eks` holds the facts detections need without reaching into the free-form request object
 * (the cluster, the authorizer's decision, privileged or host-namespace pod specs, the role a
 * binding grants).
 */

export const EKS_AUDIT_LOG_GROUP = /^\/aws\/eks\/([^/]+)\/cluster$/;
export const EKS_AUDIT_LOG_STREAM = /^kube-apiserver-audit-/;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const at = (value: unknown, key: string): unknown => (isObject(value) ? value[key] : undefined);

/** The pod spec of a pod, or of a workload's pod template (deployments, jobs, daemon sets...). */
function podSpecs(requestObject: unknown): Record<string, unknown>[] {
  const spec = at(requestObject, 'spec');
  const specs = [
    spec,
    at(at(spec, 'template'), 'spec'),
    at(at(at(at(spec, 'jobTemplate'), 'spec'), 'template'), 'spec'),
  ];
  return specs.filter(isObject);
}

function containers(spec: Record<string, unknown>): unknown[] {
  return ['containers', 'initContainers', 'ephemeralContainers'].flatMap((key) => {
    const list = spec[key];
    return Array.isArray(list) ? list : [];
  });
}

/** Facts of the request object that mark a pod able to escape to its node. */
function podFacts(requestObject: unknown): { privileged?: true; host_namespaces?: true } {
  const facts: { privileged?: true; host_namespaces?: true } = {};
  for (const spec of podSpecs(requestObject)) {
    if (spec.hostPID === true || spec.hostIPC === true || spec.hostNetwork === true)
      facts.host_namespaces = true;
    for (const container of containers(spec)) {
      const context = at(container, 'securityContext');
      if (at(context, 'privileged') === true) facts.privileged = true;
    }
  }
  return facts;
}

function outcomeOf(code: unknown): 'success' | 'failure' | undefined {
  if (typeof code !== 'number' || !Number.isFinite(code)) return undefined;
  return code > 0 && code < 400 ? 'success' : 'failure';
}

/** Every audit event is a JSON object: any other message is dead-lettered, not kept as text. */
const notJson = deadLetterAs('EKS audit log event is not a JSON object');

function auditEventDocument(message: Record<string, unknown>, ctx: LogEventContext): RoutedDocument {
  const { user, ...body } = message;
  const annotations = body.annotations;
  const objectRef = body.objectRef;
  const sourceIPs = body.sourceIPs;
  const userName = text(at(user, 'username'));
  const cluster = ctx.logGroup === undefined ? undefined : EKS_AUDIT_LOG_GROUP.exec(ctx.logGroup)?.[1];
  const resource = text(at(objectRef, 'resource'));
  const roleRef =
    resource === 'clusterrolebindings' || resource === 'rolebindings'
      ? text(at(at(body.requestObject, 'roleRef'), 'name'))
      : undefined;
  return {
    common: {
      logType: 'eksaudit',
      sourceIp: Array.isArray(sourceIPs) ? ipOf(sourceIPs[0]) : undefined,
      action: text(body.verb),
      outcome: outcomeOf(at(body.responseStatus, 'code')),
    },
    userName,
    user: isObject(user) ? user : undefined,
    siem: {
      eks: {
        cluster,
        decision: text(at(annotations, 'authorization.k8s.io/decision')),
        reason: text(at(annotations, 'authorization.k8s.io/reason')),
        anonymous: userName === 'system:anonymous' ? true : undefined,
        role_ref: roleRef,
        ...(resource === 'pods' || podSpecs(body.requestObject).length > 0
          ? podFacts(body.requestObject)
          : {}),
      },
    },
    body: user === undefined || isObject(user) ? body : { ...body, user },
  };
}

export const parseEksAuditLogEvent: MessageParser = jsonMessageParser(notJson, auditEventDocument);
