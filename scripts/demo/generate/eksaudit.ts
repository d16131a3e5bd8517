import { eksAuditEvent } from '../../../detections/eksaudit';
import { archivedPayload, type TimedMessage } from './cloudwatch-payload';
import { MINUTE, workloadAccount, type DemoContext, type DemoObject } from './context';
import { seededRandom } from './random';
import { ATTACKER_IP, STORY_MINUTES } from './story';

/*
 * EKS audit logs of the workload account's `orders` cluster: a CI deployer and an operator using
 * kubectl, the kubelet-facing noise of health checks, and in the story the leaked identity
 * starting a privileged pod that shares the node's PID namespace.
 */

const CLUSTER = 'orders';
const CI_ROLE = (account: string) => `arn:aws:iam::${account}:role/ci-deployer`;
const OPERATOR_ROLE = (account: string) => `arn:aws:iam::${account}:role/platform-operator`;

export function eksAuditObjects(ctx: DemoContext): DemoObject[] {
  const account = workloadAccount(ctx.config);
  const random = seededRandom(41);
  const messages: TimedMessage[] = [];
  const add = (minutesAgo: number, event: Record<string, unknown>) =>
    messages.push({ timestamp: ctx.now - minutesAgo * MINUTE, message: JSON.stringify(event) });
  for (let i = 0; i < 30; i++) {
    const ci = random.next() < 0.5;
    const verb = random.pick(['get', 'list', 'watch', 'patch']);
    const resource = random.pick(['deployments', 'pods', 'services', 'configmaps']);
    add(
      55 - i * 1.5,
      eksAuditEvent(
        {
          verb,
          requestURI: `/apis/apps/v1/namespaces/orders/${resource}`,
          user: { username: ci ? CI_ROLE(account.id) : OPERATOR_ROLE(account.id) },
          sourceIPs: [ci ? '10.0.2.15' : '10.0.2.40'],
          objectRef: { resource, namespace: 'orders' },
          responseStatus: { code: verb === 'patch' && random.next() < 0.2 ? 409 : 200 },
        },
        `demo-eks-${i}`,
      ),
    );
  }
  // Anonymous scanners are refused beyond the health endpoints.
  for (let i = 0; i < 4; i++) {
    add(
      40 - i * 5,
      eksAuditEvent(
        {
          verb: 'get',
          requestURI: i % 2 ? '/healthz' : '/api/v1/namespaces/kube-system/secrets',
          user: { username: 'system:anonymous', groups: ['system:unauthenticated'], uid: '', extra: {} },
          sourceIPs: ['192.0.2.99'],
          objectRef: { resource: 'secrets', namespace: 'kube-system' },
          responseStatus: { code: i % 2 ? 200 : 403 },
          annotations: { 'authorization.k8s.io/decision': i % 2 ? 'allow' : 'forbid' },
        },
        `demo-eks-anonymous-${i}`,
      ),
    );
  }
  // The story: the leaked identity reaches the cluster and starts a pod able to take the node.
  add(
    STORY_MINUTES.sshStart - 1,
    eksAuditEvent(
      {
        level: 'Request',
        verb: 'create',
        requestURI: '/api/v1/namespaces/default/pods',
        user: { username: `arn:aws:iam::${account.id}:user/build-bot` },
        sourceIPs: [ATTACKER_IP],
        objectRef: { resource: 'pods', namespace: 'default', name: 'node-shell' },
        responseStatus: { code: 201 },
        requestObject: {
          kind: 'Pod',
          apiVersion: 'v1',
          metadata: { name: 'node-shell', namespace: 'default' },
          spec: {
            hostPID: true,
            containers: [{ name: 'shell', image: 'alpine:3.19', securityContext: { privileged: true } }],
          },
        },
      },
      'demo-eks-node-shell',
    ),
  );
  return [
    archivedPayload(
      ctx,
      account,
      {
        logGroup: `/aws/eks/${CLUSTER}/cluster`,
        logStream: 'kube-apiserver-audit-0c0ffee0c0ffee0c0ffee0c0ffee0c0f',
        id: 40,
      },
      messages,
      { eksaudit: messages.length },
    ),
  ];
}
