import { parseRouted } from './cloudwatch-routed';

const FIXTURE = 'eksaudit/audit.json';

describe('EKS audit logs (routed out of CloudWatch Logs)', () => {
  it('makes one eksaudit document per audit event of the kube-apiserver-audit streams only', () => {
    // Act
    const { records, dead } = parseRouted(FIXTURE);

    // Assess
    expect(records.map((r) => r.logType)).toEqual([
      'eksaudit',
      'eksaudit',
      'eksaudit',
      'eksaudit',
      'eksaudit',
      'eksaudit',
      'cloudwatch',
    ]);
    expect(dead).toEqual([]);
    expect(new Set(records.map((r) => r.id)).size).toBe(7);
    expect(records[6].ordinal).toBe(7);
  });

  it('fills the common fields from the event, the account and region from where it came from', () => {
    // Act
    const [list, , anonymous] = parseRouted(FIXTURE).docs;

    // Assess
    expect(list).toMatchObject({
      '@timestamp': '2025-01-15T10:00:00.000Z',
      event: { dataset: 'eksaudit', action: 'list', outcome: 'success' },
      cloud: { account: { id: '123456789012' }, region: 'eu-west-1' },
      source: { ip: '203.0.113.10' },
      user: { name: 'arn:aws:iam::123456789012:role/platform-admin', groups: ['system:authenticated'] },
      logGroup: '/aws/eks/prod/cluster',
      verb: 'list',
      objectRef: { resource: 'pods', namespace: 'default' },
      siem: { eks: { cluster: 'prod', decision: 'allow' } },
    });
    expect(anonymous).toMatchObject({
      event: { outcome: 'failure' },
      user: { name: 'system:anonymous' },
      siem: { eks: { anonymous: true, decision: 'forbid' } },
      responseStatus: { code: 403, reason: 'Forbidden' },
    });
  });

  it('marks privileged and host-namespace pods and the role a binding grants', () => {
    // Act
    const docs = parseRouted(FIXTURE).docs;

    // Assess
    expect(docs[1].siem.eks).toMatchObject({ privileged: true, host_namespaces: true });
    expect(docs[1].requestObject.spec.containers[0].securityContext.privileged).toBe(true);
    expect(docs[1].responseObject.metadata.name).toBe('debug');
    expect(docs[3].siem.eks.privileged).toBeUndefined();
    expect(docs[3].objectRef.subresource).toBe('exec');
    expect(docs[4].siem.eks.role_ref).toBe('cluster-admin');
  });

  it('keeps v1beta1 members whose names the document uses under siem.shadowed, and appended members as they are', () => {
    // Act
    const docs = parseRouted(FIXTURE).docs;

    // Assess: the v1beta1 `timestamp` does not overwrite the log event's
    expect(docs[4].apiVersion).toBe('audit.k8s.io/v1beta1');
    expect(docs[4].timestamp).toBe(1736935204000);
    expect(JSON.parse(docs[4].siem.shadowed)).toEqual({ timestamp: '2019-06-01T08:00:00Z' });
    expect(docs[4].metadata).toEqual({ creationTimestamp: '2019-06-01T08:00:00Z' });
    expect(docs[5].futureMember).toEqual({ added: 'in a later Kubernetes release' });
    expect(docs[5].source).toBeUndefined();
    expect(docs[5].event.outcome).toBeUndefined();
  });

  it('writes the same bytes whatever the chunk size', () => {
    // Act
    const whole = parseRouted(FIXTURE).texts;
    const chunked = parseRouted(FIXTURE, 13).texts;

    // Assess
    expect(chunked).toEqual(whole);
  });
});
