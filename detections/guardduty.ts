import { MITRE } from './mitre';
import { SAMPLE_ACCOUNT_ID, SAMPLE_EXTERNAL_IP, SAMPLE_REGION, SAMPLE_TIME, merge } from './samples';
import type { Detection, DslQuery } from './types';

/*
 * GuardDuty findings in GuardDuty's own format, as the administrator exports them to S3. The
 * `findings` detections already alert on each new high-severity finding through Security Hub;
 * these read what that path does not group: the same instance's findings of several kinds, and
 * the finding types that call for an answer whatever their severity.
 */

/** New findings are exported within 5 minutes, updates every 15 (the detector's frequency). */
const GD_SCHEDULE_MINUTES = 5;
const GD_LOOKBACK_MINUTES = 30;
/** Distinct finding types on one instance within a day: a compromise moving through its stages. */
const TYPES_PER_INSTANCE = 3;
const DAY_MINUTES = 24 * 60;

type Finding = { readonly [field: string]: unknown };

const SAMPLE_INSTANCE = 'i-0a1b2c3d4e5f60718';
const OTHER_INSTANCE = 'i-0f1e2d3c4b5a69788';
const DETECTOR = '12abc34d567e8fa901bc2d34e56789f0';

/** One exported GuardDuty finding (a port probe of an instance unless overridden, deep-merged). */
export function guardDutyFinding(overrides: Finding = {}): Finding {
  const id = String(overrides.id ?? 'f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6');
  return merge(
    {
      schemaVersion: '2.0',
      accountId: SAMPLE_ACCOUNT_ID,
      region: SAMPLE_REGION,
      partition: 'aws',
      id,
      arn: `arn:aws:guardduty:${SAMPLE_REGION}:${SAMPLE_ACCOUNT_ID}:detector/${DETECTOR}/finding/${id}`,
      type: 'Recon:EC2/PortProbeUnprotectedPort',
      resource: {
        resourceType: 'Instance',
        instanceDetails: { instanceId: SAMPLE_INSTANCE, instanceType: 't3.micro' },
      },
      service: {
        serviceName: 'guardduty',
        detectorId: DETECTOR,
        action: {
          actionType: 'PORT_PROBE',
          portProbeAction: {
            blocked: false,
            portProbeDetails: [
              {
                localPortDetails: { port: 22, portName: 'SSH' },
                remoteIpDetails: { ipAddressV4: SAMPLE_EXTERNAL_IP },
              },
            ],
          },
        },
        resourceRole: 'TARGET',
        archived: false,
        count: 1,
        eventFirstSeen: SAMPLE_TIME,
        eventLastSeen: SAMPLE_TIME,
      },
      severity: 2,
      createdAt: SAMPLE_TIME,
      updatedAt: SAMPLE_TIME,
      title: 'Unprotected port on EC2 instance is being probed',
      description: 'An unprotected port on an EC2 instance is being probed by a known malicious host.',
    },
    overrides,
  );
}

const onInstance = (instanceId: string, type: string, i: number) =>
  guardDutyFinding({
    id: `${instanceId.slice(2)}${i}`.padEnd(32, '0'),
    type,
    resource: { instanceDetails: { instanceId } },
  });

const notArchived: DslQuery = { bool: { must_not: [{ term: { 'service.archived': true } }] } };
/** Two days before the sample time: an old finding exported again on its update. */
const LONG_AGO = new Date(Date.parse(SAMPLE_TIME) - 2 * 24 * 60 * 60 * 1000).toISOString();

const credentialFinding = (overrides: Finding = {}) =>
  guardDutyFinding(
    merge(
      {
        id: 'a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7',
        type: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
        severity: 8,
        resource: {
          resourceType: 'AccessKey',
          accessKeyDetails: {
            accessKeyId: 'ASIAEXAMPLEEXAMPLE12',
            userName: 'web-instance-role',
            userType: 'AssumedRole',
          },
        },
        service: {
          action: {
            actionType: 'AWS_API_CALL',
            awsApiCallAction: {
              api: 'ListBuckets',
              serviceName: 's3.amazonaws.com',
              remoteIpDetails: { ipAddressV4: SAMPLE_EXTERNAL_IP },
            },
          },
        },
      },
      overrides,
    ),
  );

const STAGES = [
  'Recon:EC2/PortProbeUnprotectedPort',
  'UnauthorizedAccess:EC2/SSHBruteForce',
  'CryptoCurrency:EC2/BitcoinTool.B!DNS',
  'Backdoor:EC2/C&CActivity.B',
];

export const guardDutyDetections: readonly Detection[] = [
  {
    id: 'guardduty-instance-credentials-used-elsewhere',
    title: "An instance's role credentials used from outside it (GuardDuty)",
    description:
      "GuardDuty saw temporary credentials of an EC2 instance's role used from another address, inside or outside AWS: the credentials were stolen from the instance (SSRF, a compromised workload). Revoke the role's sessions.",
    severity: 1,
    mitre: MITRE.unsecuredCredentials,
    logType: 'guardduty',
    query: {
      bool: {
        filter: [
          { prefix: { type: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration' } },
          notArchived,
        ],
      },
    },
    condition: { kind: 'bucket', field: 'user.name', minCount: 1 },
    scheduleMinutes: GD_SCHEDULE_MINUTES,
    lookbackMinutes: GD_LOOKBACK_MINUTES,
    createdField: 'createdAt',
    positiveSamples: [
      credentialFinding(),
      credentialFinding({
        id: 'a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d8',
        type: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS',
      }),
    ],
    negativeSamples: [
      // archived by an analyst; created two days ago and only updated now; another finding type
      credentialFinding({ id: 'a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d9', service: { archived: true } }),
      credentialFinding({ id: 'a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6e0', createdAt: LONG_AGO }),
      credentialFinding({
        id: 'a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6e1',
        type: 'UnauthorizedAccess:IAMUser/MaliciousIPCaller',
      }),
    ],
  },
  {
    id: 'guardduty-crypto-mining-instance',
    title: 'Crypto-mining activity on an instance (GuardDuty)',
    description:
      'GuardDuty saw an instance talk to crypto-currency mining pools or resolve their domains: resource hijacking, usually after a compromise. Every severity alerts, as mining is rarely legitimate in a workload account.',
    severity: 2,
    mitre: MITRE.resourceHijacking,
    logType: 'guardduty',
    query: {
      bool: {
        filter: [
          {
            bool: {
              should: [
                { prefix: { type: 'CryptoCurrency:' } },
                { prefix: { type: 'Impact:EC2/BitcoinDomainRequest' } },
                { prefix: { type: 'CryptoCurrency:Runtime/' } },
              ],
              minimum_should_match: 1,
            },
          },
          notArchived,
        ],
      },
    },
    condition: { kind: 'bucket', field: 'resource.instanceDetails.instanceId', minCount: 1 },
    scheduleMinutes: GD_SCHEDULE_MINUTES,
    lookbackMinutes: GD_LOOKBACK_MINUTES,
    createdField: 'createdAt',
    positiveSamples: [onInstance(SAMPLE_INSTANCE, 'CryptoCurrency:EC2/BitcoinTool.B!DNS', 1)],
    negativeSamples: [
      onInstance(SAMPLE_INSTANCE, 'Backdoor:EC2/C&CActivity.B', 2),
      onInstance(OTHER_INSTANCE, 'Recon:EC2/PortProbeUnprotectedPort', 3),
    ],
  },
  {
    id: 'guardduty-instance-multiple-threat-types',
    title: 'One instance with findings of several kinds within a day (GuardDuty)',
    description: `GuardDuty raised findings of ${TYPES_PER_INSTANCE} or more different types on the same instance within 24 hours (probe, brute force, mining, command and control…): one compromise going through its stages, even when each finding alone is of low severity.`,
    severity: 2,
    mitre: MITRE.validAccounts,
    logType: 'guardduty',
    query: { bool: { filter: [{ exists: { field: 'resource.instanceDetails.instanceId' } }, notArchived] } },
    condition: {
      kind: 'cardinality',
      field: 'resource.instanceDetails.instanceId',
      distinctField: 'type',
      minCount: TYPES_PER_INSTANCE,
    },
    scheduleMinutes: 30,
    lookbackMinutes: DAY_MINUTES,
    positiveSamples: STAGES.slice(0, TYPES_PER_INSTANCE).map((type, i) =>
      onInstance(SAMPLE_INSTANCE, type, i),
    ),
    negativeSamples: [
      // two kinds, repeated; three kinds spread over two instances
      ...[0, 1, 0, 1].map((stage, i) => onInstance(SAMPLE_INSTANCE, STAGES[stage]!, 10 + i)),
      onInstance(OTHER_INSTANCE, STAGES[2]!, 20),
      onInstance(OTHER_INSTANCE, STAGES[3]!, 21),
    ],
  },
];
