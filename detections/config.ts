import { MITRE } from './mitre';
import { SAMPLE_ACCOUNT_ID, SAMPLE_REGION, SAMPLE_TIME, merge } from './samples';
import type { Detection, DslQuery } from './types';

/*
 * AWS Config configuration items: the state a resource was left in, whoever changed it and
 * through whatever path (console, API, CloudFormation, another account). CloudTrail detections
 * see the call; these see the resulting configuration, including changes a rule allowed.
 */

/** Config delivers history files every 6 hours at most, snapshots per its frequency: look back a day, every 30 minutes (the longest warm interval of the schedule plan). */
const CONFIG_SCHEDULE_MINUTES = 30;
const CONFIG_LOOKBACK_MINUTES = 24 * 60;

type Item = { readonly [field: string]: unknown };

/** Security controls whose deletion blinds the SIEM or the organization's defences. */
export const SECURITY_CONTROL_RESOURCE_TYPES = [
  'AWS::CloudTrail::Trail',
  'AWS::Config::ConfigurationRecorder',
  'AWS::GuardDuty::Detector',
  'AWS::SecurityHub::Hub',
  'AWS::EC2::FlowLog',
  'AWS::KMS::Key',
  'AWS::WAFv2::WebACL',
  'AWS::NetworkFirewall::Firewall',
  'AWS::AccessAnalyzer::Analyzer',
];

/** One configuration item as a history file holds it (a security group unless overridden, deep-merged). */
export function configItem(overrides: Item = {}): Item {
  const base: Item = {
    configurationItemVersion: '1.3',
    configurationItemCaptureTime: SAMPLE_TIME,
    configurationStateId: 1768471200000,
    awsAccountId: SAMPLE_ACCOUNT_ID,
    configurationItemStatus: 'OK',
    resourceType: 'AWS::EC2::SecurityGroup',
    resourceId: 'sg-0a1b2c3d4e5f60718',
    resourceName: 'web',
    ARN: `arn:aws:ec2:${SAMPLE_REGION}:${SAMPLE_ACCOUNT_ID}:security-group/sg-0a1b2c3d4e5f60718`,
    awsRegion: SAMPLE_REGION,
    availabilityZone: 'Not Applicable',
    configurationStateMd5Hash: '',
    tags: {},
    relatedEvents: [],
    relationships: [],
    configuration: {},
    supplementaryConfiguration: {},
  };
  // `configuration` is replaced, not merged: each sample states the whole configuration it means.
  const { configuration, ...rest } = overrides;
  const merged = merge(base, rest);
  return configuration === undefined ? merged : { ...merged, configuration };
}

const ingress = (cidrIp: string, port: number, cidrIpv6?: string) => ({
  fromPort: port,
  toPort: port,
  ipProtocol: 'tcp',
  ipv4Ranges: cidrIp === '' ? [] : [{ cidrIp }],
  ipRanges: cidrIp === '' ? [] : [cidrIp],
  ipv6Ranges: cidrIpv6 === undefined ? [] : [{ cidrIpv6 }],
  prefixListIds: [],
  userIdGroupPairs: [],
});
const ALL_EGRESS = [{ ipProtocol: '-1', ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }], ipRanges: ['0.0.0.0/0'] }];

const securityGroup = (id: string, permissions: unknown[], status = 'OK') =>
  configItem({
    resourceId: id,
    ARN: `arn:aws:ec2:${SAMPLE_REGION}:${SAMPLE_ACCOUNT_ID}:security-group/${id}`,
    configurationItemStatus: status,
    configuration: {
      groupId: id,
      groupName: id,
      ipPermissions: permissions,
      ipPermissionsEgress: ALL_EGRESS,
    },
  });

const deleted = (resourceType: string, resourceId: string, status = 'ResourceDeleted') =>
  configItem({
    resourceType,
    resourceId,
    ARN: `arn:aws:x:${SAMPLE_REGION}:${SAMPLE_ACCOUNT_ID}:${resourceId}`,
    configurationItemStatus: status,
    configuration: null,
  });

const bucket = (name: string, blockPublicPolicy: boolean, status = 'OK') =>
  configItem({
    resourceType: 'AWS::S3::Bucket',
    resourceId: name,
    resourceName: name,
    ARN: `arn:aws:s3:::${name}`,
    configurationItemStatus: status,
    configuration: { name },
    supplementaryConfiguration: {
      PublicAccessBlockConfiguration: {
        blockPublicAcls: blockPublicPolicy,
        ignorePublicAcls: blockPublicPolicy,
        blockPublicPolicy,
        restrictPublicBuckets: blockPublicPolicy,
      },
    },
  });

const present: DslQuery = { terms: { configurationItemStatus: ['OK', 'ResourceDiscovered'] } };

export const configDetections: readonly Detection[] = [
  {
    id: 'config-security-group-open-to-internet',
    title: 'Security group admits inbound traffic from the whole internet (AWS Config)',
    description:
      "A security group's recorded configuration has an inbound rule from 0.0.0.0/0 or ::/0, however it was made (console, API, CloudFormation, another account): every port it opens is reachable from anywhere.",
    severity: 2,
    mitre: MITRE.disableCloudFirewall,
    logType: 'config',
    query: {
      bool: {
        filter: [
          { term: { resourceType: 'AWS::EC2::SecurityGroup' } },
          present,
          {
            bool: {
              should: [
                { term: { 'configuration.ipPermissions.ipv4Ranges.cidrIp': '0.0.0.0/0' } },
                { term: { 'configuration.ipPermissions.ipv6Ranges.cidrIpv6': '::/0' } },
              ],
              minimum_should_match: 1,
            },
          },
        ],
      },
    },
    condition: { kind: 'bucket', field: 'resourceId', minCount: 1 },
    scheduleMinutes: CONFIG_SCHEDULE_MINUTES,
    lookbackMinutes: CONFIG_LOOKBACK_MINUTES,
    positiveSamples: [
      securityGroup('sg-0a1b2c3d4e5f60718', [ingress('0.0.0.0/0', 22)]),
      securityGroup('sg-0a1b2c3d4e5f60719', [ingress('', 3389, '::/0')]),
    ],
    negativeSamples: [
      // open egress only (every default group); inbound from a private range; deleted
      securityGroup('sg-0a1b2c3d4e5f60720', []),
      securityGroup('sg-0a1b2c3d4e5f60721', [ingress('10.0.0.0/8', 22)]),
      securityGroup('sg-0a1b2c3d4e5f60722', [ingress('0.0.0.0/0', 22)], 'ResourceDeleted'),
    ],
  },
  {
    id: 'config-security-control-deleted',
    title: 'A security control resource was deleted (AWS Config)',
    description:
      'AWS Config recorded the deletion of a trail, recorder, GuardDuty detector, Security Hub, flow log, KMS key, WAF web ACL, Network Firewall or Access Analyzer: defences or their records are being removed.',
    severity: 2,
    mitre: MITRE.impairDefenses,
    logType: 'config',
    query: {
      bool: {
        filter: [
          { terms: { configurationItemStatus: ['ResourceDeleted', 'ResourceDeletedNotRecorded'] } },
          { terms: { resourceType: SECURITY_CONTROL_RESOURCE_TYPES } },
        ],
      },
    },
    condition: { kind: 'bucket', field: 'resourceType', alsoBy: ['cloud.account.id'], minCount: 1 },
    scheduleMinutes: CONFIG_SCHEDULE_MINUTES,
    lookbackMinutes: CONFIG_LOOKBACK_MINUTES,
    positiveSamples: [
      deleted('AWS::CloudTrail::Trail', 'audit'),
      deleted('AWS::EC2::FlowLog', 'fl-0a1b2c3d4e5f60718', 'ResourceDeletedNotRecorded'),
    ],
    negativeSamples: [
      // a deleted application resource; a trail changed, not deleted
      deleted('AWS::EC2::Instance', 'i-0a1b2c3d4e5f60718'),
      configItem({
        resourceType: 'AWS::CloudTrail::Trail',
        resourceId: 'audit',
        configuration: { name: 'audit' },
      }),
    ],
  },
  {
    id: 'config-s3-public-access-block-off',
    title: "S3 bucket's Block Public Access turned off (AWS Config)",
    description:
      "A bucket's recorded configuration no longer blocks public bucket policies: one policy change away from exposing its objects to everyone.",
    severity: 3,
    mitre: MITRE.cloudStorageObject,
    logType: 'config',
    query: {
      bool: {
        filter: [
          { term: { resourceType: 'AWS::S3::Bucket' } },
          present,
          {
            term: { 'supplementaryConfiguration.PublicAccessBlockConfiguration.blockPublicPolicy': 'false' },
          },
        ],
      },
    },
    condition: { kind: 'bucket', field: 'resourceId', minCount: 1 },
    scheduleMinutes: CONFIG_SCHEDULE_MINUTES,
    lookbackMinutes: CONFIG_LOOKBACK_MINUTES,
    positiveSamples: [bucket('finance-reports', false)],
    negativeSamples: [bucket('shop-assets', true), bucket('old-exports', false, 'ResourceDeleted')],
  },
];
