import { MITRE } from '../mitre';
import type { Detection } from '../types';
import {
  AWS_SERVICE_CALLERS,
  CLOUDTRAIL_LOOKBACK_MINUTES,
  CLOUDTRAIL_SCHEDULE_MINUTES,
  PRINCIPAL_KEY,
  apiCallDetection,
  hasValue,
} from './define';
import { UNAUTHORIZED_CALLS_QUERY } from './cis';
import {
  ASSUMED_ROLE_IDENTITY,
  ROOT_IDENTITY,
  cloudTrailRecord,
  inOtherAccount,
  repeatRecord,
  serviceCall,
} from './records';

/* Identities and credentials: new users and keys, weakened authentication, privilege grants. */

const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
const CONSOLE_BRUTE_FORCE_FAILURES = 10;

const consoleFailure = (sourceIPAddress: string) =>
  cloudTrailRecord('signin.amazonaws.com', 'ConsoleLogin', {
    eventType: 'AwsConsoleSignIn',
    sourceIPAddress,
    responseElements: { ConsoleLogin: 'Failure' },
    errorMessage: 'Failed authentication',
    additionalEventData: { MFAUsed: 'No' },
  });

const consoleBruteForce: Detection = {
  id: 'console-login-brute-force',
  title: 'Console sign-in failures from one address',
  description: `${CONSOLE_BRUTE_FORCE_FAILURES} or more failed console sign-ins from one source address: password guessing or credential stuffing.`,
  severity: 2,
  mitre: MITRE.bruteForce,
  logType: 'cloudtrail',
  query: {
    bool: {
      filter: [
        { term: { eventName: 'ConsoleLogin' } },
        { term: { 'responseElements.ConsoleLogin': 'Failure' } },
      ],
    },
  },
  condition: { kind: 'bucket', field: 'source.ip', minCount: CONSOLE_BRUTE_FORCE_FAILURES },
  scheduleMinutes: CLOUDTRAIL_SCHEDULE_MINUTES,
  lookbackMinutes: CLOUDTRAIL_LOOKBACK_MINUTES,
  positiveSamples: repeatRecord(consoleFailure('203.0.113.66'), CONSOLE_BRUTE_FORCE_FAILURES),
  // As many failures in total, but spread over two addresses, neither reaching the threshold.
  negativeSamples: [
    ...repeatRecord(consoleFailure('198.51.100.7'), CONSOLE_BRUTE_FORCE_FAILURES - 1),
    ...repeatRecord(consoleFailure('198.51.100.8'), CONSOLE_BRUTE_FORCE_FAILURES - 1),
  ],
};

const UNAUTHORIZED_PER_PRINCIPAL = 5;

const unauthorizedQuery = UNAUTHORIZED_CALLS_QUERY.bool as { filter: unknown[]; must_not: unknown[] };
const deniedForDeployRole = (eventName: string) =>
  cloudTrailRecord('ec2.amazonaws.com', eventName, {
    userIdentity: ASSUMED_ROLE_IDENTITY,
    errorCode: 'Client.UnauthorizedOperation',
  });

/** The urgent companion of CIS 4.1 (which fires on any single denied call, at severity 4). */
const unauthorizedApiCallsBurst: Detection = {
  id: 'unauthorized-api-calls-burst',
  title: 'Repeated unauthorized API calls by one principal',
  description:
    `${UNAUTHORIZED_PER_PRINCIPAL} or more calls by one principal (its account and user or role name) failing with *UnauthorizedOperation or AccessDenied* in the window ` +
    '(the CIS 4.1 filter), calls by AWS services left out: one denied call is routine, a run of them is permission probing or a stolen key being tried.',
  severity: 3,
  mitre: MITRE.cloudInfraDiscovery,
  logType: 'cloudtrail',
  query: {
    bool: {
      filter: unauthorizedQuery.filter,
      must_not: [...unauthorizedQuery.must_not, ...AWS_SERVICE_CALLERS],
    },
  },
  condition: { kind: 'bucket', ...PRINCIPAL_KEY, minCount: UNAUTHORIZED_PER_PRINCIPAL },
  scheduleMinutes: CLOUDTRAIL_SCHEDULE_MINUTES,
  lookbackMinutes: CLOUDTRAIL_LOOKBACK_MINUTES,
  positiveSamples: [
    ...repeatRecord(
      cloudTrailRecord('ec2.amazonaws.com', 'RunInstances', { errorCode: 'Client.UnauthorizedOperation' }),
      3,
    ),
    ...repeatRecord(cloudTrailRecord('iam.amazonaws.com', 'ListUsers', { errorCode: 'AccessDenied' }), 2),
  ],
  negativeSamples: [
    ...repeatRecord(cloudTrailRecord('s3.amazonaws.com', 'HeadBucket', { errorCode: 'AccessDenied' }), 5),
    ...repeatRecord(
      cloudTrailRecord('s3.amazonaws.com', 'PutObject', {
        errorCode: 'AccessDenied',
        sourceIPAddress: 'delivery.logs.amazonaws.com',
        userIdentity: { type: 'AWSService', invokedBy: 'delivery.logs.amazonaws.com' },
      }),
      5,
    ),
    ...repeatRecord(
      cloudTrailRecord('iam.amazonaws.com', 'ListUsers', { errorCode: 'AccessDenied' }),
      UNAUTHORIZED_PER_PRINCIPAL - 1,
    ),
    ...repeatRecord(cloudTrailRecord('iam.amazonaws.com', 'ListUsers'), 5),
    // The `deploy` role of two accounts: one user.name, two principals, neither reaching the count.
    ...repeatRecord(deniedForDeployRole('DescribeInstances'), 3),
    ...repeatRecord(inOtherAccount(deniedForDeployRole('DescribeInstances')), 3),
    // Auto Scaling's service-linked role refused (a missing KMS grant...): AWS's problem to retry.
    ...repeatRecord(
      serviceCall('ec2.amazonaws.com', 'RunInstances', { errorCode: 'Client.UnauthorizedOperation' }),
      UNAUTHORIZED_PER_PRINCIPAL + 1,
    ),
  ],
};

export const iamDetections: readonly Detection[] = [
  apiCallDetection({
    id: 'iam-user-created',
    title: 'IAM user created',
    description:
      'A new IAM user was created. Users should come from the identity provider; a new one may be a backdoor.',
    severity: 3,
    mitre: MITRE.createCloudAccount,
    eventSource: 'iam.amazonaws.com',
    eventNames: ['CreateUser'],
    benignEventName: 'GetUser',
  }),
  apiCallDetection({
    id: 'iam-access-key-created',
    title: 'IAM access key created',
    description:
      'A long-lived access key was created; if for another user, it is a classic persistence step.',
    severity: 3,
    mitre: MITRE.additionalCloudCredentials,
    eventSource: 'iam.amazonaws.com',
    eventNames: ['CreateAccessKey'],
    benignEventName: 'ListAccessKeys',
  }),
  apiCallDetection({
    id: 'root-access-key-created',
    title: 'Root user access key created',
    description:
      'An access key was created for the root user itself: a credential with no IAM boundary at all. ' +
      '(Root creating a key for an IAM user names that user in the request and is not this; cis-root-account-usage reports any root call.)',
    severity: 1,
    mitre: MITRE.additionalCloudCredentials,
    eventSource: 'iam.amazonaws.com',
    eventNames: ['CreateAccessKey'],
    benignEventName: 'ListAccessKeys',
    extraFilters: [{ term: { 'userIdentity.type': 'Root' } }],
    mustNot: [hasValue('requestParameters.userName')],
    positiveOverrides: { userIdentity: ROOT_IDENTITY },
    extraNegatives: [
      cloudTrailRecord('iam.amazonaws.com', 'CreateAccessKey'),
      cloudTrailRecord('iam.amazonaws.com', 'CreateAccessKey', {
        userIdentity: ROOT_IDENTITY,
        requestParameters: { userName: 'bob' },
        responseElements: {
          accessKey: { accessKeyId: 'AKIAQEXAMPLEBOB00001', status: 'Active', userName: 'bob' },
        },
      }),
    ],
  }),
  apiCallDetection({
    id: 'iam-login-profile-changed',
    title: 'IAM console password created or changed',
    description:
      'A console password was created or reset for a user, possibly by someone other than that user.',
    severity: 3,
    mitre: MITRE.accountManipulation,
    eventSource: 'iam.amazonaws.com',
    eventNames: ['CreateLoginProfile', 'UpdateLoginProfile'],
    benignEventName: 'GetLoginProfile',
  }),
  apiCallDetection({
    id: 'iam-mfa-device-removed',
    title: 'MFA device deactivated or deleted',
    description: 'An MFA device was deactivated or deleted: the user is down to a password or key.',
    severity: 2,
    mitre: MITRE.modifyAuthProcess,
    eventSource: 'iam.amazonaws.com',
    eventNames: ['DeactivateMFADevice', 'DeleteVirtualMFADevice'],
    benignEventName: 'ListMFADevices',
  }),
  apiCallDetection({
    id: 'iam-administrator-policy-attached',
    title: 'AdministratorAccess attached',
    description: 'The AWS managed AdministratorAccess policy was attached to a user, group or role.',
    severity: 2,
    mitre: MITRE.additionalCloudRoles,
    eventSource: 'iam.amazonaws.com',
    eventNames: ['AttachUserPolicy', 'AttachGroupPolicy', 'AttachRolePolicy'],
    benignEventName: 'ListAttachedUserPolicies',
    extraFilters: [{ term: { 'requestParameters.policyArn': ADMINISTRATOR_ACCESS } }],
    positiveOverrides: { requestParameters: { userName: 'mallory', policyArn: ADMINISTRATOR_ACCESS } },
    extraNegatives: [
      cloudTrailRecord('iam.amazonaws.com', 'AttachUserPolicy', {
        requestParameters: { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      }),
    ],
  }),
  apiCallDetection({
    id: 'iam-role-trust-policy-changed',
    title: 'IAM role trust policy changed',
    description: 'Who may assume a role changed: an outside account or principal may have been trusted.',
    severity: 2,
    mitre: MITRE.additionalCloudRoles,
    eventSource: 'iam.amazonaws.com',
    eventNames: ['UpdateAssumeRolePolicy'],
    benignEventName: 'GetRole',
  }),
  apiCallDetection({
    id: 'iam-user-added-to-group',
    title: 'IAM user added to a group',
    description: 'A user gained the permissions of a group.',
    severity: 4,
    mitre: MITRE.additionalCloudRoles,
    eventSource: 'iam.amazonaws.com',
    eventNames: ['AddUserToGroup'],
    benignEventName: 'ListGroupsForUser',
  }),
  apiCallDetection({
    id: 'iam-identity-provider-changed',
    title: 'SAML or OIDC identity provider changed',
    description:
      'A federation trust was created or changed: a foreign identity provider can mint sessions in the account.',
    severity: 2,
    mitre: MITRE.domainPolicyModification,
    eventSource: 'iam.amazonaws.com',
    eventNames: [
      'CreateSAMLProvider',
      'UpdateSAMLProvider',
      'CreateOpenIDConnectProvider',
      'UpdateOpenIDConnectProviderThumbprint',
      'AddClientIDToOpenIDConnectProvider',
    ],
    benignEventName: 'ListSAMLProviders',
  }),
  apiCallDetection({
    id: 'iam-password-policy-changed',
    title: 'Account password policy changed or deleted',
    description:
      'The account password policy was changed or removed, possibly weakening password requirements.',
    severity: 3,
    mitre: MITRE.modifyAuthProcess,
    eventSource: 'iam.amazonaws.com',
    eventNames: ['UpdateAccountPasswordPolicy', 'DeleteAccountPasswordPolicy'],
    benignEventName: 'GetAccountPasswordPolicy',
  }),
  apiCallDetection({
    id: 'iam-permissions-boundary-removed',
    title: 'Permissions boundary removed',
    description:
      'A permissions boundary was removed from a user or role, lifting the cap on its permissions.',
    severity: 2,
    mitre: MITRE.additionalCloudRoles,
    eventSource: 'iam.amazonaws.com',
    eventNames: ['DeleteRolePermissionsBoundary', 'DeleteUserPermissionsBoundary'],
    benignEventName: 'GetRole',
  }),
  apiCallDetection({
    id: 'sts-federation-token-issued',
    title: 'Federation token issued to an IAM user',
    description:
      'GetFederationToken was called: its session survives deletion of the access key that created it, a known persistence trick.',
    severity: 3,
    mitre: MITRE.useAlternateAuth,
    eventSource: 'sts.amazonaws.com',
    eventNames: ['GetFederationToken'],
    benignEventName: 'GetCallerIdentity',
    extraNegatives: [
      cloudTrailRecord('sts.amazonaws.com', 'AssumeRole', { userIdentity: ASSUMED_ROLE_IDENTITY }),
    ],
  }),
  apiCallDetection({
    id: 'sso-permission-set-changed',
    title: 'IAM Identity Center permission set or assignment changed',
    description:
      'A permission set was created or changed, or an account assignment created: who gets what across the organization.',
    severity: 3,
    mitre: MITRE.additionalCloudRoles,
    eventSource: 'sso.amazonaws.com',
    eventNames: [
      'CreatePermissionSet',
      'UpdatePermissionSet',
      'PutInlinePolicyToPermissionSet',
      'AttachManagedPolicyToPermissionSet',
      'CreateAccountAssignment',
    ],
    benignEventName: 'ListPermissionSets',
  }),
  consoleBruteForce,
  unauthorizedApiCallsBurst,
];
