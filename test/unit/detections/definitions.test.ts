import { parseConfig } from '../../../config/load';
import type { SiemConfig } from '../../../config/schema';
import { allDetections } from '../../../detections';
import { AWS_SERVICE_CALLERS } from '../../../detections/cloudtrail/define';
import { buildMonitor } from '../../../detections/monitors';
import type { Detection } from '../../../detections/types';
import { LOG_TYPES, isLogType } from '../../../opensearch/log-types';
import { testOrganization } from '../../support/config';

const baseConfig = {
  ...testOrganization(),
  memberAccounts: [{ id: '333333333333', name: 'workloads' }],
};

function config(overrides: Record<string, unknown> = {}): SiemConfig {
  return parseConfig({ ...baseConfig, ...overrides });
}

const detections = allDetections(config());
const byId = new Map(detections.map((d) => [d.id, d]));
const table = detections.map((d) => [d.id, d] as const);

/** Event id that makes a sample a distinct document (CloudTrail eventID, WAF requestId, the line itself). */
function sampleKey(sample: Detection['positiveSamples'][number]): string {
  if (typeof sample === 'string') return sample;
  const request = sample.httpRequest as { requestId?: string } | undefined;
  return String(sample.eventID ?? request?.requestId ?? sample.Id ?? JSON.stringify(sample));
}

describe('detection registry', () => {
  it('gives every detection a unique id', () => {
    // Act
    const ids = detections.map((d) => d.id);

    // Assess
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has at least 60 CloudTrail detections and at least 2 on every other ingested log type', () => {
    // Act
    const count = (logType: string) => detections.filter((d) => d.logType === logType).length;

    // Assess
    expect(count('cloudtrail')).toBeGreaterThanOrEqual(60);
    for (const logType of LOG_TYPES.filter((t) => t !== 'cloudtrail')) {
      expect(count(logType)).toBeGreaterThanOrEqual(2);
    }
  });

  it('keeps informational detections (severity 5, notify no one) to those with a notifying companion', () => {
    // Assess: a severity-5 detection is only recorded, so its signal must reach people through another one.
    expect(detections.filter((d) => d.severity > 4).map((d) => d.id)).toEqual(['cis-unauthorized-api-calls']);
    expect(byId.get('unauthorized-api-calls-burst')?.severity).toBeLessThanOrEqual(4);
  });

  it.each([
    'cis-unauthorized-api-calls',
    'unauthorized-api-calls-burst',
    'cis-console-signin-without-mfa',
    'cis-root-account-usage',
    'cis-iam-policy-changes',
    'cis-cloudtrail-configuration-changes',
    'cis-console-authentication-failures',
    'cis-kms-key-disabled-or-scheduled-deletion',
    'cis-s3-bucket-policy-changes',
    'cis-aws-config-changes',
    'cis-security-group-changes',
    'cis-nacl-changes',
    'cis-network-gateway-changes',
    'cis-route-table-changes',
    'cis-vpc-changes',
    'cis-organizations-changes',
    'cloudtrail-stop-logging',
    'cloudtrail-delete-trail',
    'cloudtrail-update-trail',
    'cloudtrail-remove-tags',
    'ec2-unapproved-instance-type',
    'ec2-instance-launch-burst',
    'lambda-invocation-burst',
    's3-access-denied-burst',
    'dynamodb-table-changed',
    'rds-instance-changed',
    'secretsmanager-secret-changed',
    'ssm-parameter-changed',
    'acm-certificate-exported',
    'waf-ip-blocked-repeatedly',
    'guardduty-high-severity-finding',
    'securityhub-cis-control-failed',
    'vpcflow-ssh-accepted-from-internet',
  ])('includes the required detection %s', (id) => {
    // Assess
    expect(byId.has(id)).toBe(true);
  });
});

describe.each(table)('detection %s', (_id, detection) => {
  it('has a stable kebab-case id, a title, a description and a severity from 1 to 5', () => {
    // Assess
    expect(detection.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(detection.title.length).toBeGreaterThan(5);
    expect(detection.description.length).toBeGreaterThan(20);
    expect([1, 2, 3, 4, 5]).toContain(detection.severity);
  });

  it('cites a MITRE ATT&CK technique', () => {
    // Assess
    expect(detection.mitre.id).toMatch(/^T\d{4}(\.\d{3})?$/);
    expect(detection.mitre.name.length).toBeGreaterThan(3);
  });

  it('runs no less often than it looks back, on a known log type', () => {
    // Assess
    expect(isLogType(detection.logType)).toBe(true);
    expect(detection.scheduleMinutes).toBeGreaterThanOrEqual(1);
    expect(detection.lookbackMinutes).toBeGreaterThanOrEqual(detection.scheduleMinutes);
    expect(detection.condition.minCount).toBeGreaterThanOrEqual(1);
  });

  it('has positive samples reaching its threshold, and negative samples', () => {
    // Act
    const distinctPositives = new Set(detection.positiveSamples.map(sampleKey)).size;

    // Assess
    // A sum condition counts a field's total (instances launched...), which one event can reach.
    expect(distinctPositives).toBeGreaterThanOrEqual(
      detection.condition.kind === 'sum' ? 1 : detection.condition.minCount,
    );
    expect(detection.negativeSamples.length).toBeGreaterThan(0);
  });

  it('builds a monitor whose query is plain JSON', () => {
    // Act
    const monitor = buildMonitor(detection, { channels: [] });

    // Assess
    expect(JSON.parse(JSON.stringify(monitor))).toEqual(monitor);
    expect(Object.keys(detection.query)).toEqual(['bool']);
  });
});

describe('config-dependent detections', () => {
  it('reports the instance types outside the configured allow-list', () => {
    // Prepare
    const allowed = ['c7g.large', 'm7g.xlarge'];

    // Act
    const detection = allDetections(config({ detections: { allowedInstanceTypes: allowed } })).find(
      (d) => d.id === 'ec2-unapproved-instance-type',
    );

    // Assess
    const mustNot = (detection?.query.bool as { must_not: unknown[] }).must_not;
    expect(mustNot).toContainEqual({
      terms: { 'responseElements.instancesSet.items.instanceType': allowed },
    });
    expect(JSON.stringify(detection?.positiveSamples)).not.toMatch(/c7g\.large|m7g\.xlarge/);
  });
});

describe('CIS and secrets detections that follow the benchmark and the APIs', () => {
  const filters = (id: string) => (byId.get(id)?.query.bool as { filter: unknown[] }).filter;

  it('fires CIS 4.1 on a single unauthorized call, as the benchmark alarm (threshold >= 1) does, informational only', () => {
    // Act
    const detection = byId.get('cis-unauthorized-api-calls');

    // Assess
    expect(detection?.condition).toEqual({ kind: 'threshold', minCount: 1 });
    expect(detection?.severity).toBe(5);
    expect(detection?.positiveSamples).toHaveLength(3);
  });

  it('keeps the per-principal burst of denied calls at a more urgent severity, keyed on account and principal', () => {
    // Act
    const burst = byId.get('unauthorized-api-calls-burst');
    const cis = byId.get('cis-unauthorized-api-calls')!;
    const burstFilter = (burst?.query.bool as { filter: unknown[] }).filter;
    const burstMustNot = (burst?.query.bool as { must_not: unknown[] }).must_not;

    // Assess
    expect(burst?.condition).toEqual({
      kind: 'bucket',
      field: 'userIdentity.accountId',
      alsoBy: ['user.name'],
      minCount: 5,
    });
    expect(burst?.severity).toBeLessThan(cis.severity);
    expect(burstFilter).toEqual((cis.query.bool as { filter: unknown[] }).filter);
    expect(burstMustNot).toEqual(expect.arrayContaining(AWS_SERVICE_CALLERS as unknown[]));
  });

  it('fires CIS 4.2 for IAM users and the root user signing in without MFA, not for federated roles', () => {
    // Act
    const detection = byId.get('cis-console-signin-without-mfa')!;
    const positiveTypes = detection.positiveSamples.map(
      (s) => ((s as { userIdentity: { type: string } }).userIdentity ?? {}).type,
    );

    // Assess
    expect(filters(detection.id)).toContainEqual({ terms: { 'userIdentity.type': ['IAMUser', 'Root'] } });
    expect(positiveTypes).toEqual(['IAMUser', 'Root']);
    expect(
      detection.negativeSamples.some(
        (s) => (s as { userIdentity: { type: string } }).userIdentity.type === 'AssumedRole',
      ),
    ).toBe(true);
  });

  it.each(['secretsmanager-mass-secret-retrieval', 'secretsmanager-secret-read-by-user'])(
    '%s counts BatchGetSecretValue as well as GetSecretValue',
    (id) => {
      // Act
      const detection = byId.get(id)!;
      const positiveNames = detection.positiveSamples.map((s) => (s as { eventName: string }).eventName);

      // Assess
      expect(filters(id)).toContainEqual({ terms: { eventName: ['GetSecretValue', 'BatchGetSecretValue'] } });
      expect(positiveNames).toContain('BatchGetSecretValue');
    },
  );
});
