import { MITRE } from '../mitre';
import type { Detection, DslQuery } from '../types';
import {
  CLOUDTRAIL_LOOKBACK_MINUTES,
  CLOUDTRAIL_SCHEDULE_MINUTES,
  apiCallDetection,
  type ApiCallDetectionSpec,
} from './define';
import { ASSUMED_ROLE_IDENTITY, ROOT_IDENTITY, cloudTrailRecord } from './records';
import { TRAIL_CHANGES_WITH_OWN_DETECTION } from './tampering';

/*
 * The CloudWatch metric-filter monitoring controls of the CIS AWS Foundations Benchmark
 * (section "Monitoring", 4.1-4.15 in v1.4-v1.5, 3.x in v3), as OpenSearch queries. Event lists
 * are the benchmark's filter patterns; like the benchmark's alarms, attempts count whether or not
 * they succeeded.
 */

const cis = (spec: Omit<ApiCallDetectionSpec, 'includeFailures'>): Detection =>
  apiCallDetection({ ...spec, includeFailures: true });

/**
 * CIS 4.1's filter: calls failing with *UnauthorizedOperation or AccessDenied*, except those of
 * log delivery and HeadBucket (tools probe a bucket's existence with it, and 403 is a normal answer).
 * Shared with `unauthorized-api-calls-burst`, which counts them per principal.
 */
export const UNAUTHORIZED_CALLS_QUERY: Detection['query'] = {
  bool: {
    filter: [
      {
        bool: {
          should: [
            { wildcard: { errorCode: { value: '*UnauthorizedOperation' } } },
            { prefix: { errorCode: 'AccessDenied' } },
          ],
          minimum_should_match: 1,
        },
      },
    ],
    must_not: [
      { term: { sourceIPAddress: 'delivery.logs.amazonaws.com' } },
      { term: { eventName: 'HeadBucket' } },
    ],
  },
};

const unauthorizedApiCalls: Detection = {
  id: 'cis-unauthorized-api-calls',
  title: 'Unauthorized API call',
  description:
    'CIS 4.1: an API call failed with *UnauthorizedOperation or AccessDenied* (log delivery, HeadBucket and data events excluded). ' +
    "Fires on one call, as the benchmark's alarm does (threshold >= 1), and keeps the alert for the record. A single " +
    'denied call is routine (a console page probing permissions, a CI job): on the benign day of `npm run bench:noise` it ' +
    'alerted 67 times, so it is severity 5, informational, and notifies no one. ' +
    'Runs of denied calls by one principal raise unauthorized-api-calls-burst (severity 3), which does notify.',
  severity: 5,
  mitre: MITRE.cloudInfraDiscovery,
  logType: 'cloudtrail',
  query: {
    bool: {
      ...UNAUTHORIZED_CALLS_QUERY.bool,
      // Data events (S3 object reads, Lambda invocations) where a trail logs them: a role without
      // s3:ListBucket reading a missing key gets AccessDenied, all day long. Bursts of denied data
      // calls raise s3-access-denied-burst and unauthorized-api-calls-burst.
      must_not: [
        ...(UNAUTHORIZED_CALLS_QUERY.bool.must_not as DslQuery[]),
        { term: { eventCategory: 'Data' } },
      ],
    },
  },
  condition: { kind: 'threshold', minCount: 1 },
  scheduleMinutes: CLOUDTRAIL_SCHEDULE_MINUTES,
  lookbackMinutes: CLOUDTRAIL_LOOKBACK_MINUTES,
  positiveSamples: [
    cloudTrailRecord('ec2.amazonaws.com', 'RunInstances', { errorCode: 'Client.UnauthorizedOperation' }),
    cloudTrailRecord('iam.amazonaws.com', 'ListUsers', { errorCode: 'AccessDenied' }),
    cloudTrailRecord('secretsmanager.amazonaws.com', 'GetSecretValue', {
      userIdentity: ASSUMED_ROLE_IDENTITY,
      errorCode: 'AccessDeniedException',
    }),
  ],
  negativeSamples: [
    cloudTrailRecord('s3.amazonaws.com', 'HeadBucket', { errorCode: 'AccessDenied' }),
    cloudTrailRecord('s3.amazonaws.com', 'PutObject', {
      errorCode: 'AccessDenied',
      sourceIPAddress: 'delivery.logs.amazonaws.com',
      userIdentity: { type: 'AWSService', invokedBy: 'delivery.logs.amazonaws.com' },
    }),
    cloudTrailRecord('iam.amazonaws.com', 'ListUsers'),
    cloudTrailRecord('ec2.amazonaws.com', 'RunInstances', { errorCode: 'InsufficientInstanceCapacity' }),
    // An S3 data event: a read of a key that does not exist by a role without s3:ListBucket (noise budget).
    cloudTrailRecord('s3.amazonaws.com', 'GetObject', {
      userIdentity: ASSUMED_ROLE_IDENTITY,
      errorCode: 'AccessDenied',
      errorMessage: 'Access Denied',
      eventCategory: 'Data',
      managementEvent: false,
      readOnly: true,
      requestParameters: { bucketName: 'orders-exports', key: 'exports/2026/orders-404.json' },
    }),
  ],
};

/** The root user as a console sign-in records it: no access key, unlike its API calls. */
const ROOT_CONSOLE_IDENTITY = {
  type: ROOT_IDENTITY.type,
  principalId: ROOT_IDENTITY.principalId,
  arn: ROOT_IDENTITY.arn,
  accountId: ROOT_IDENTITY.accountId,
};

const consoleLogin = (overrides: Record<string, unknown>) =>
  cloudTrailRecord('signin.amazonaws.com', 'ConsoleLogin', {
    eventType: 'AwsConsoleSignIn',
    readOnly: false,
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: {
      LoginTo: 'https://console.aws.amazon.com/console/home',
      MobileVersion: 'No',
      MFAUsed: 'No',
    },
    ...overrides,
  });

const consoleSignInWithoutMfa: Detection = {
  id: 'cis-console-signin-without-mfa',
  title: 'Console sign-in without MFA',
  description:
    'CIS 4.2: an IAM user or the root user signed in to the console successfully without MFA. ' +
    'The benchmark filters on userIdentity.type IAMUser, so that federated (SSO) sign-ins, whose MFA ' +
    'happens at the identity provider, do not fire; root is kept, since a root password alone is the ' +
    'worst case (cis-root-account-usage fires as well).',
  severity: 2,
  mitre: MITRE.validAccounts,
  logType: 'cloudtrail',
  query: {
    bool: {
      filter: [
        { term: { eventName: 'ConsoleLogin' } },
        { terms: { 'userIdentity.type': ['IAMUser', 'Root'] } },
        { term: { 'responseElements.ConsoleLogin': 'Success' } },
      ],
      must_not: [{ term: { 'additionalEventData.MFAUsed': 'Yes' } }],
    },
  },
  condition: { kind: 'threshold', minCount: 1 },
  scheduleMinutes: CLOUDTRAIL_SCHEDULE_MINUTES,
  lookbackMinutes: CLOUDTRAIL_LOOKBACK_MINUTES,
  positiveSamples: [
    consoleLogin({}),
    // As the root user's sign-in is recorded: in us-east-1, without an access key.
    consoleLogin({ userIdentity: ROOT_CONSOLE_IDENTITY, awsRegion: 'us-east-1' }),
  ],
  negativeSamples: [
    consoleLogin({ additionalEventData: { MFAUsed: 'Yes' } }),
    consoleLogin({
      userIdentity: ROOT_CONSOLE_IDENTITY,
      awsRegion: 'us-east-1',
      additionalEventData: { MFAUsed: 'Yes' },
    }),
    consoleLogin({
      responseElements: { ConsoleLogin: 'Failure' },
      errorMessage: 'Failed authentication',
    }),
    consoleLogin({ userIdentity: ASSUMED_ROLE_IDENTITY }),
  ],
};

const rootAccountUsage: Detection = {
  id: 'cis-root-account-usage',
  title: 'Root user activity',
  description:
    'CIS 4.3: the root user made a call itself (not an AWS service acting for it). Root bypasses every IAM policy; it should be locked away.',
  severity: 1,
  mitre: MITRE.defaultAccounts,
  logType: 'cloudtrail',
  query: {
    bool: {
      filter: [{ term: { 'userIdentity.type': 'Root' } }],
      must_not: [{ exists: { field: 'userIdentity.invokedBy' } }, { term: { eventType: 'AwsServiceEvent' } }],
    },
  },
  condition: { kind: 'threshold', minCount: 1 },
  scheduleMinutes: CLOUDTRAIL_SCHEDULE_MINUTES,
  lookbackMinutes: CLOUDTRAIL_LOOKBACK_MINUTES,
  positiveSamples: [cloudTrailRecord('iam.amazonaws.com', 'ListUsers', { userIdentity: ROOT_IDENTITY })],
  negativeSamples: [
    cloudTrailRecord('s3.amazonaws.com', 'GetBucketAcl', {
      userIdentity: { ...ROOT_IDENTITY, invokedBy: 'cloudtrail.amazonaws.com' },
    }),
    cloudTrailRecord('kms.amazonaws.com', 'RotateKey', {
      userIdentity: { accountId: '333333333333', invokedBy: 'kms.amazonaws.com', type: 'Root' },
      eventType: 'AwsServiceEvent',
    }),
    cloudTrailRecord('iam.amazonaws.com', 'ListUsers'),
  ],
};

const iamPolicyChanges = cis({
  id: 'cis-iam-policy-changes',
  title: 'IAM policy changed',
  description: 'CIS 4.4: an IAM policy was created, changed, deleted, attached or detached.',
  severity: 3,
  mitre: MITRE.additionalCloudRoles,
  eventSource: 'iam.amazonaws.com',
  eventNames: [
    'DeleteGroupPolicy',
    'DeleteRolePolicy',
    'DeleteUserPolicy',
    'PutGroupPolicy',
    'PutRolePolicy',
    'PutUserPolicy',
    'CreatePolicy',
    'DeletePolicy',
    'CreatePolicyVersion',
    'DeletePolicyVersion',
    'SetDefaultPolicyVersion',
    'AttachRolePolicy',
    'DetachRolePolicy',
    'AttachUserPolicy',
    'DetachUserPolicy',
    'AttachGroupPolicy',
    'DetachGroupPolicy',
  ],
  benignEventName: 'GetPolicy',
});

const CIS_TRAIL_EVENTS = ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'];
const trailChangesElsewhere: readonly string[] = TRAIL_CHANGES_WITH_OWN_DETECTION;

/**
 * CIS 4.5's filter, less the successful calls that have their own detection (cloudtrail-stop-logging,
 * -delete-trail, -update-trail, each citing CIS 4.5): together they cover the filter exactly, and a
 * call alerts once.
 */
const cloudTrailConfigChanges: Detection = {
  id: 'cis-cloudtrail-configuration-changes',
  title: 'CloudTrail configuration changed',
  description:
    'CIS 4.5: a trail was created or its logging started, or an attempt to stop, delete or update a trail failed. ' +
    'Successful StopLogging, DeleteTrail and UpdateTrail calls raise cloudtrail-stop-logging, cloudtrail-delete-trail ' +
    'and cloudtrail-update-trail instead (they cite CIS 4.5 too), so one call alerts once.',
  severity: 2,
  mitre: MITRE.disableCloudLogs,
  logType: 'cloudtrail',
  query: {
    bool: {
      filter: [
        { term: { eventSource: 'cloudtrail.amazonaws.com' } },
        { terms: { eventName: CIS_TRAIL_EVENTS } },
        {
          bool: {
            should: [
              { bool: { must_not: [{ terms: { eventName: trailChangesElsewhere } }] } },
              { exists: { field: 'errorCode' } },
            ],
            minimum_should_match: 1,
          },
        },
      ],
    },
  },
  condition: { kind: 'threshold', minCount: 1 },
  scheduleMinutes: CLOUDTRAIL_SCHEDULE_MINUTES,
  lookbackMinutes: CLOUDTRAIL_LOOKBACK_MINUTES,
  positiveSamples: [
    cloudTrailRecord('cloudtrail.amazonaws.com', 'CreateTrail'),
    cloudTrailRecord('cloudtrail.amazonaws.com', 'StartLogging'),
    ...trailChangesElsewhere.map((eventName) =>
      cloudTrailRecord('cloudtrail.amazonaws.com', eventName, { errorCode: 'AccessDenied' }),
    ),
  ],
  negativeSamples: [
    cloudTrailRecord('cloudtrail.amazonaws.com', 'DescribeTrails'),
    // Alerted by their own detection.
    ...trailChangesElsewhere.map((eventName) => cloudTrailRecord('cloudtrail.amazonaws.com', eventName)),
  ],
};

const consoleAuthenticationFailures: Detection = {
  id: 'cis-console-authentication-failures',
  title: 'Console authentication failure',
  description: 'CIS 4.6: a console sign-in failed authentication (wrong password or MFA code).',
  severity: 4,
  mitre: MITRE.passwordGuessing,
  logType: 'cloudtrail',
  query: {
    bool: {
      filter: [{ term: { eventName: 'ConsoleLogin' } }, { term: { errorMessage: 'Failed authentication' } }],
    },
  },
  condition: { kind: 'threshold', minCount: 1 },
  scheduleMinutes: CLOUDTRAIL_SCHEDULE_MINUTES,
  lookbackMinutes: CLOUDTRAIL_LOOKBACK_MINUTES,
  positiveSamples: [
    consoleLogin({ responseElements: { ConsoleLogin: 'Failure' }, errorMessage: 'Failed authentication' }),
  ],
  negativeSamples: [consoleLogin({ additionalEventData: { MFAUsed: 'Yes' } })],
};

const kmsKeyDisabledOrDeleted = cis({
  id: 'cis-kms-key-disabled-or-scheduled-deletion',
  title: 'KMS key disabled or scheduled for deletion',
  description:
    'CIS 4.7: a customer managed KMS key was disabled or scheduled for deletion; data encrypted under it becomes unreadable.',
  severity: 2,
  mitre: MITRE.dataEncryptedForImpact,
  eventSource: 'kms.amazonaws.com',
  eventNames: ['DisableKey', 'ScheduleKeyDeletion'],
  benignEventName: 'DescribeKey',
});

const s3BucketPolicyChanges = cis({
  id: 'cis-s3-bucket-policy-changes',
  title: 'S3 bucket policy, ACL or configuration changed',
  description:
    'CIS 4.8: a bucket ACL, policy, CORS, lifecycle or replication configuration was put or deleted.',
  severity: 3,
  mitre: MITRE.cloudStorageObject,
  eventSource: 's3.amazonaws.com',
  eventNames: [
    'PutBucketAcl',
    'PutBucketPolicy',
    'PutBucketCors',
    'PutBucketLifecycle',
    'PutBucketReplication',
    'DeleteBucketPolicy',
    'DeleteBucketCors',
    'DeleteBucketLifecycle',
    'DeleteBucketReplication',
  ],
  benignEventName: 'GetBucketPolicy',
});

const awsConfigChanges = cis({
  id: 'cis-aws-config-changes',
  title: 'AWS Config recorder or delivery channel changed',
  description:
    'CIS 4.9: the AWS Config recorder was stopped or changed, or its delivery channel changed or deleted.',
  severity: 2,
  mitre: MITRE.disableTools,
  eventSource: 'config.amazonaws.com',
  eventNames: [
    'StopConfigurationRecorder',
    'DeleteDeliveryChannel',
    'PutDeliveryChannel',
    'PutConfigurationRecorder',
  ],
  benignEventName: 'DescribeConfigurationRecorders',
});

const securityGroupChanges = cis({
  id: 'cis-security-group-changes',
  title: 'Security group changed',
  description:
    'CIS 4.10: a security group was created or deleted, or an ingress or egress rule added or revoked.',
  severity: 4,
  mitre: MITRE.disableCloudFirewall,
  eventSource: 'ec2.amazonaws.com',
  eventNames: [
    'AuthorizeSecurityGroupIngress',
    'AuthorizeSecurityGroupEgress',
    'RevokeSecurityGroupIngress',
    'RevokeSecurityGroupEgress',
    'CreateSecurityGroup',
    'DeleteSecurityGroup',
  ],
  benignEventName: 'DescribeSecurityGroups',
});

const naclChanges = cis({
  id: 'cis-nacl-changes',
  title: 'Network ACL changed',
  description:
    'CIS 4.11: a network ACL or one of its entries or associations was created, replaced or deleted.',
  severity: 3,
  mitre: MITRE.disableCloudFirewall,
  eventSource: 'ec2.amazonaws.com',
  eventNames: [
    'CreateNetworkAcl',
    'CreateNetworkAclEntry',
    'DeleteNetworkAcl',
    'DeleteNetworkAclEntry',
    'ReplaceNetworkAclEntry',
    'ReplaceNetworkAclAssociation',
  ],
  benignEventName: 'DescribeNetworkAcls',
});

const networkGatewayChanges = cis({
  id: 'cis-network-gateway-changes',
  title: 'Network gateway changed',
  description: 'CIS 4.12: a customer or internet gateway was created, deleted, attached or detached.',
  severity: 3,
  mitre: MITRE.modifyCloudCompute,
  eventSource: 'ec2.amazonaws.com',
  eventNames: [
    'CreateCustomerGateway',
    'DeleteCustomerGateway',
    'AttachInternetGateway',
    'CreateInternetGateway',
    'DeleteInternetGateway',
    'DetachInternetGateway',
  ],
  benignEventName: 'DescribeInternetGateways',
});

const routeTableChanges = cis({
  id: 'cis-route-table-changes',
  title: 'Route table changed',
  description: 'CIS 4.13: a route or route table was created, replaced, deleted or (dis)associated.',
  severity: 3,
  mitre: MITRE.modifyCloudCompute,
  eventSource: 'ec2.amazonaws.com',
  eventNames: [
    'CreateRoute',
    'CreateRouteTable',
    'ReplaceRoute',
    'ReplaceRouteTableAssociation',
    'DeleteRouteTable',
    'DeleteRoute',
    'DisassociateRouteTable',
  ],
  benignEventName: 'DescribeRouteTables',
});

const vpcChanges = cis({
  id: 'cis-vpc-changes',
  title: 'VPC changed',
  description:
    'CIS 4.14: a VPC or VPC peering connection was created, modified or deleted, or ClassicLink changed.',
  severity: 3,
  mitre: MITRE.modifyCloudCompute,
  eventSource: 'ec2.amazonaws.com',
  eventNames: [
    'CreateVpc',
    'DeleteVpc',
    'ModifyVpcAttribute',
    'AcceptVpcPeeringConnection',
    'CreateVpcPeeringConnection',
    'DeleteVpcPeeringConnection',
    'RejectVpcPeeringConnection',
    'AttachClassicLinkVpc',
    'DetachClassicLinkVpc',
    'DisableVpcClassicLink',
    'EnableVpcClassicLink',
  ],
  benignEventName: 'DescribeVpcs',
});

const organizationsChanges = cis({
  id: 'cis-organizations-changes',
  title: 'AWS Organizations changed',
  description:
    'CIS 4.15: accounts, organizational units, policies or handshakes of the organization were changed.',
  severity: 2,
  mitre: MITRE.domainPolicyModification,
  eventSource: 'organizations.amazonaws.com',
  eventNames: [
    'AcceptHandshake',
    'AttachPolicy',
    'CreateAccount',
    'CreateOrganizationalUnit',
    'CreatePolicy',
    'DeclineHandshake',
    'DeleteOrganization',
    'DeleteOrganizationalUnit',
    'DeletePolicy',
    'DetachPolicy',
    'DisablePolicyType',
    'EnablePolicyType',
    'InviteAccountToOrganization',
    'LeaveOrganization',
    'MoveAccount',
    'RemoveAccountFromOrganization',
    'UpdatePolicy',
    'UpdateOrganizationalUnit',
  ],
  benignEventName: 'ListAccounts',
});

export const cisDetections: readonly Detection[] = [
  unauthorizedApiCalls,
  consoleSignInWithoutMfa,
  rootAccountUsage,
  iamPolicyChanges,
  cloudTrailConfigChanges,
  consoleAuthenticationFailures,
  kmsKeyDisabledOrDeleted,
  s3BucketPolicyChanges,
  awsConfigChanges,
  securityGroupChanges,
  naclChanges,
  networkGatewayChanges,
  routeTableChanges,
  vpcChanges,
  organizationsChanges,
];
