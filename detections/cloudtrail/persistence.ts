import type { SiemConfig } from '../../config/schema';
import { containsAny } from '../http';
import { MITRE } from '../mitre';
import { SAMPLE_ACCOUNT_ID, SAMPLE_EXTERNAL_IP, SAMPLE_OTHER_EXTERNAL_IP, sampleUuid } from '../samples';
import type { Detection, DslQuery } from '../types';
import {
  AWS_SERVICE_CALLERS,
  CLOUDTRAIL_LOOKBACK_MINUTES,
  CLOUDTRAIL_SCHEDULE_MINUTES,
  apiCallDetection,
  hasValue,
} from './define';
import { onlyAccountsIn, organizationAccounts } from './organization';
import {
  ASSUMED_ROLE_IDENTITY,
  IAM_USER,
  ROOT_IDENTITY,
  cloudTrailRecord,
  type CloudTrailRecord,
} from './records';
import { MORE_MITRE } from './techniques';

/*
 * Persistence and credential access through identities: credentials made for someone else,
 * trust granted outside the organization, instance credentials carried off the instance, and
 * the tools and sign-in paths that go with them. Several rest on fields derived at ingestion
 * (functions/ingest/parsers/cloudtrail-derived.ts).
 */

const IAM = 'iam.amazonaws.com';

const alice = IAM_USER;

const credentialCall = (eventName: string, userName: string | undefined, overrides: CloudTrailRecord = {}) =>
  cloudTrailRecord(IAM, eventName, {
    requestParameters: userName === undefined ? null : { userName },
    ...overrides,
  });

/** An instance profile's session: EC2 names it after the instance. */
const instanceIdentity = (instanceId: string) => ({
  type: 'AssumedRole',
  principalId: `AROAQEXAMPLEWEBROLE1:${instanceId}`,
  arn: `arn:aws:sts::${SAMPLE_ACCOUNT_ID}:assumed-role/web/${instanceId}`,
  accountId: SAMPLE_ACCOUNT_ID,
  accessKeyId: 'ASIAQEXAMPLEWEBINST1',
  sessionContext: {
    sessionIssuer: {
      type: 'Role',
      principalId: 'AROAQEXAMPLEWEBROLE1',
      arn: `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:role/web`,
      accountId: SAMPLE_ACCOUNT_ID,
      userName: 'web',
    },
    ec2RoleDelivery: '2.0',
  },
});

const instanceCall = (
  instanceId: string,
  sourceIPAddress: string,
  eventName: string,
  extra: CloudTrailRecord = {},
) =>
  cloudTrailRecord('s3.amazonaws.com', eventName, {
    userIdentity: instanceIdentity(instanceId),
    sourceIPAddress,
    userAgent: 'aws-sdk-java/2.25.0 Linux/6.1',
    eventID: sampleUuid(`instance/${instanceId}/${sourceIPAddress}/${eventName}`),
    ...extra,
  });

const trustPolicy = (principal: unknown) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }],
  });

const FOREIGN_ACCOUNT = '999988887777';

function roleTrustOutsideOrganization(config: SiemConfig): Detection {
  const knownAccount = config.organization.managementAccountId;
  const trust = (roleName: string, principal: unknown, eventName = 'UpdateAssumeRolePolicy') =>
    cloudTrailRecord(IAM, eventName, {
      requestParameters:
        eventName === 'CreateRole'
          ? { roleName, assumeRolePolicyDocument: trustPolicy(principal) }
          : { roleName, policyDocument: trustPolicy(principal) },
    });
  return apiCallDetection({
    id: 'iam-role-trust-outside-organization',
    title: 'IAM role trust policy names an account outside the organization',
    description:
      'A role was created or its trust policy changed so that principals of an account the SIEM does not know (not the management, log-archive, security or a member account) may assume it. ' +
      'Read from siem.policy.otherAccounts, which ingestion derives from the policy text.',
    severity: 2,
    mitre: MITRE.additionalCloudRoles,
    eventSource: IAM,
    eventNames: ['UpdateAssumeRolePolicy', 'CreateRole'],
    benignEventName: 'GetRole',
    extraFilters: [{ exists: { field: 'siem.policy.otherAccounts' } }],
    mustNot: [onlyAccountsIn(organizationAccounts(config))],
    positives: [
      trust('deploy', { AWS: `arn:aws:iam::${FOREIGN_ACCOUNT}:root` }),
      trust('audit', { AWS: [`arn:aws:iam::${knownAccount}:role/ci`, FOREIGN_ACCOUNT] }, 'CreateRole'),
    ],
    extraNegatives: [
      // Near miss: another account, but one of the organization's.
      trust('deploy', { AWS: `arn:aws:iam::${knownAccount}:role/ci` }),
      trust('lambda-exec', { Service: 'lambda.amazonaws.com' }, 'CreateRole'),
      trust('self', { AWS: `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:root` }),
    ],
  });
}

const TRUFFLEHOG = ['TruffleHog'];
const S3_BROWSER = ['S3 Browser'];

const withAgent = (eventSource: string, eventName: string, userAgent: string, extra: CloudTrailRecord = {}) =>
  cloudTrailRecord(eventSource, eventName, { userAgent, ...extra });

const instanceCredentialsElsewhere: Detection = {
  id: 'ec2-instance-credentials-used-elsewhere',
  title: 'Instance credentials used from more than one address',
  description:
    "An instance profile's session (one instance's role credentials) made calls from two or more source addresses in the window. " +
    'An instance reaches AWS through one address (its public address or its NAT gateway), so a second one is usually the credentials copied off the instance (SSRF, IMDS theft) and used elsewhere. ' +
    'Calls through a VPC endpoint (private addresses) and by AWS services are left out. Keyed by siem.ec2.instanceSession, derived at ingestion.',
  severity: 2,
  mitre: MORE_MITRE.instanceMetadataApi,
  logType: 'cloudtrail',
  query: {
    bool: {
      filter: [{ exists: { field: 'siem.ec2.instanceSession' } }, { exists: { field: 'source.ip' } }],
      must_not: [{ exists: { field: 'vpcEndpointId' } }, ...AWS_SERVICE_CALLERS],
    },
  },
  condition: {
    kind: 'cardinality',
    field: 'userIdentity.accountId',
    alsoBy: ['siem.ec2.instanceSession'],
    distinctField: 'source.ip',
    minCount: 2,
  },
  scheduleMinutes: CLOUDTRAIL_SCHEDULE_MINUTES,
  lookbackMinutes: CLOUDTRAIL_LOOKBACK_MINUTES,
  positiveSamples: [
    instanceCall('i-0a1b2c3d4e5f60718', SAMPLE_OTHER_EXTERNAL_IP, 'GetObject'),
    // The same session from an attacker's host, denied or not.
    instanceCall('i-0a1b2c3d4e5f60718', SAMPLE_EXTERNAL_IP, 'ListBuckets', { errorCode: 'AccessDenied' }),
  ],
  negativeSamples: [
    instanceCall('i-0a1b2c3d4e5f60718', SAMPLE_OTHER_EXTERNAL_IP, 'GetObject'),
    instanceCall('i-0a1b2c3d4e5f60718', SAMPLE_OTHER_EXTERNAL_IP, 'PutObject'),
    // Near miss: the same instance through a gateway endpoint, from its private address.
    instanceCall('i-0a1b2c3d4e5f60718', '10.0.1.25', 'GetObject', {
      vpcEndpointId: 'vpce-0a1b2c3d4e5f60718',
    }),
    // Another instance of the same role, from its own address: one address per instance.
    instanceCall('i-0fedcba9876543210', SAMPLE_EXTERNAL_IP, 'GetObject'),
  ],
};

const SSM_DECRYPTED_PER_PRINCIPAL = 30;

const decryptingRead = (
  name: string,
  identity: unknown = ASSUMED_ROLE_IDENTITY,
  extra: CloudTrailRecord = {},
) =>
  cloudTrailRecord('ssm.amazonaws.com', 'GetParameter', {
    userIdentity: identity,
    requestParameters: { name, withDecryption: true },
    eventID: sampleUuid(`ssm/${name}/${JSON.stringify(extra)}`),
    ...extra,
  });

const ssmMassDecryption: Detection = {
  id: 'ssm-securestring-mass-decryption',
  title: 'Many SSM SecureString parameters decrypted by one principal',
  description:
    `One principal (its account and user or role name) asked ${SSM_DECRYPTED_PER_PRINCIPAL} or more distinct parameters decrypted in the window (GetParameter, GetParameters, GetParametersByPath with withDecryption): harvesting of stored credentials. ` +
    'An application re-reading its parameters at each start counts each once; a path read counts once. Counted on siem.ssm.decryptedParameters, derived at ingestion.',
  severity: 2,
  mitre: MITRE.credentialsFromStores,
  logType: 'cloudtrail',
  query: {
    bool: {
      filter: [
        { term: { eventSource: 'ssm.amazonaws.com' } },
        { exists: { field: 'siem.ssm.decryptedParameters' } },
      ],
      must_not: [{ exists: { field: 'errorCode' } }, ...AWS_SERVICE_CALLERS],
    },
  },
  condition: {
    kind: 'cardinality',
    field: 'userIdentity.accountId',
    alsoBy: ['user.name'],
    distinctField: 'siem.ssm.decryptedParameters',
    minCount: SSM_DECRYPTED_PER_PRINCIPAL,
  },
  scheduleMinutes: CLOUDTRAIL_SCHEDULE_MINUTES,
  lookbackMinutes: CLOUDTRAIL_LOOKBACK_MINUTES,
  // One short of the threshold in single reads (the near miss below), then one batch read.
  positiveSamples: [
    ...Array.from({ length: SSM_DECRYPTED_PER_PRINCIPAL - 1 }, (_, i) =>
      decryptingRead(`/prod/app-${i}/password`),
    ),
    cloudTrailRecord('ssm.amazonaws.com', 'GetParameters', {
      userIdentity: ASSUMED_ROLE_IDENTITY,
      requestParameters: {
        names: Array.from({ length: 10 }, (_, i) => `/prod/batch-${i}`),
        withDecryption: true,
      },
    }),
  ],
  negativeSamples: [
    // Near miss: one parameter short.
    ...Array.from({ length: SSM_DECRYPTED_PER_PRINCIPAL - 1 }, (_, i) =>
      decryptingRead(`/prod/app-${i}/password`),
    ),
    // The same principal re-reading 3 of those parameters 20 times: reads, not new parameters.
    ...Array.from({ length: 60 }, (_, i) =>
      decryptingRead(`/prod/app-${i % 3}/password`, ASSUMED_ROLE_IDENTITY, { requestID: `r${i}` }),
    ),
    // Reads without decryption.
    ...Array.from({ length: SSM_DECRYPTED_PER_PRINCIPAL }, (_, i) =>
      cloudTrailRecord('ssm.amazonaws.com', 'GetParameter', {
        userIdentity: ASSUMED_ROLE_IDENTITY,
        requestParameters: { name: `/prod/plain-${i}`, withDecryption: false },
      }),
    ),
  ],
};

export function persistenceDetections(config: SiemConfig): readonly Detection[] {
  return [
    apiCallDetection({
      id: 'iam-access-key-created-for-other-user',
      title: 'Access key created for another IAM user',
      description:
        'A principal created an access key for an IAM user other than itself (a role session or root doing it for a user, or one user for another): a backdoor key on an existing identity. ' +
        'Read from siem.iam.otherUser, which ingestion derives by comparing the caller with requestParameters.userName.',
      severity: 3,
      mitre: MITRE.additionalCloudCredentials,
      eventSource: IAM,
      eventNames: ['CreateAccessKey'],
      benignEventName: 'ListAccessKeys',
      extraFilters: [{ exists: { field: 'siem.iam.otherUser' } }],
      positives: [
        credentialCall('CreateAccessKey', 'bob'),
        credentialCall('CreateAccessKey', 'alice', { userIdentity: ASSUMED_ROLE_IDENTITY }),
        credentialCall('CreateAccessKey', 'svc-backup', { userIdentity: ROOT_IDENTITY }),
      ],
      positiveOverrides: { requestParameters: { userName: 'bob' } },
      extraNegatives: [
        // Near miss: alice naming herself, and alice with no userName (her own key).
        credentialCall('CreateAccessKey', 'alice', { userIdentity: alice }),
        credentialCall('CreateAccessKey', undefined),
      ],
    }),
    apiCallDetection({
      id: 'iam-login-profile-for-other-user',
      title: 'Console password set for another IAM user',
      description:
        "A principal created or changed the console password of an IAM user other than itself: whoever set it can sign in as that user. (Sigma's field comparison of the caller with requestParameters.userName, derived at ingestion as siem.iam.otherUser.)",
      severity: 2,
      mitre: MITRE.accountManipulation,
      eventSource: IAM,
      eventNames: ['CreateLoginProfile', 'UpdateLoginProfile'],
      benignEventName: 'GetLoginProfile',
      extraFilters: [{ exists: { field: 'siem.iam.otherUser' } }],
      positives: [
        credentialCall('UpdateLoginProfile', 'bob'),
        credentialCall('CreateLoginProfile', 'carol', { userIdentity: ASSUMED_ROLE_IDENTITY }),
      ],
      positiveOverrides: { requestParameters: { userName: 'bob' } },
      extraNegatives: [credentialCall('UpdateLoginProfile', 'alice', { userIdentity: alice })],
    }),
    roleTrustOutsideOrganization(config),
    instanceCredentialsElsewhere,
    ssmMassDecryption,
    apiCallDetection({
      id: 'iam-policy-default-version-set',
      title: 'Managed policy version made the default',
      description:
        'A customer managed policy got a new default version (SetDefaultPolicyVersion, or CreatePolicyVersion with setAsDefault): every user and role it is attached to gets the new rights at once, a known privilege-escalation path. (cis-iam-policy-changes reports every policy change at a lower urgency.)',
      severity: 3,
      mitre: MITRE.additionalCloudRoles,
      eventSource: IAM,
      eventNames: ['SetDefaultPolicyVersion', 'CreatePolicyVersion'],
      benignEventName: 'GetPolicyVersion',
      extraFilters: [
        {
          bool: {
            should: [
              { term: { eventName: 'SetDefaultPolicyVersion' } },
              { term: { 'requestParameters.setAsDefault': true } },
            ],
            minimum_should_match: 1,
          },
        },
      ],
      positives: [
        cloudTrailRecord(IAM, 'SetDefaultPolicyVersion', {
          requestParameters: { policyArn: `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:policy/ops`, versionId: 'v2' },
        }),
        cloudTrailRecord(IAM, 'CreatePolicyVersion', {
          requestParameters: {
            policyArn: `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:policy/ops`,
            policyDocument:
              '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
            setAsDefault: true,
          },
        }),
      ],
      extraNegatives: [
        cloudTrailRecord(IAM, 'CreatePolicyVersion', {
          requestParameters: {
            policyArn: `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:policy/ops`,
            policyDocument: '{"Version":"2012-10-17","Statement":[]}',
            setAsDefault: false,
          },
        }),
      ],
    }),
    apiCallDetection({
      id: 'iam-identity-provider-deleted',
      title: 'IAM SAML or OIDC identity provider deleted',
      description:
        "A SAML or OpenID Connect identity provider was deleted: everyone who signs in through it (the security team's federation included) loses access. (iam-identity-provider-changed covers creation and updates.)",
      severity: 3,
      mitre: MITRE.accountAccessRemoval,
      eventSource: IAM,
      eventNames: ['DeleteSAMLProvider', 'DeleteOpenIDConnectProvider'],
      benignEventName: 'ListSAMLProviders',
    }),
    {
      ...apiCallDetection({
        id: 'sso-identity-source-changed',
        title: 'IAM Identity Center identity source changed',
        description:
          "IAM Identity Center's identity source was switched or its external identity provider turned on or off (AssociateDirectory, DisassociateDirectory, Enable/DisableExternalIdPConfigurationForDirectory): whoever controls the new source can sign in as any user.",
        severity: 2,
        mitre: MITRE.domainPolicyModification,
        eventSource: 'sso.amazonaws.com',
        eventNames: [
          'AssociateDirectory',
          'DisassociateDirectory',
          'EnableExternalIdPConfigurationForDirectory',
          'DisableExternalIdPConfigurationForDirectory',
        ],
        benignEventName: 'ListInstances',
        positives: [
          cloudTrailRecord('sso.amazonaws.com', 'AssociateDirectory', {
            requestParameters: { directoryId: 'd-1234567890' },
          }),
          cloudTrailRecord('sso-directory.amazonaws.com', 'EnableExternalIdPConfigurationForDirectory', {
            requestParameters: { directoryId: 'd-1234567890' },
          }),
        ],
      }),
      query: {
        bool: {
          filter: [
            { terms: { eventSource: ['sso.amazonaws.com', 'sso-directory.amazonaws.com'] } },
            {
              terms: {
                eventName: [
                  'AssociateDirectory',
                  'DisassociateDirectory',
                  'EnableExternalIdPConfigurationForDirectory',
                  'DisableExternalIdPConfigurationForDirectory',
                ],
              },
            },
          ],
          must_not: [{ exists: { field: 'errorCode' } }],
        },
      },
    },
    apiCallDetection({
      id: 'sts-session-token-without-mfa',
      title: 'Session token issued to an IAM user without MFA',
      description:
        "An IAM user's long-term key obtained a session token without an MFA device (GetSessionToken with no serialNumber): temporary credentials that outlive the key being disabled, a way to keep access after the key is found. Sessions taken with MFA, as CLI profiles do, are left out.",
      severity: 4,
      mitre: MITRE.useAlternateAuth,
      eventSource: 'sts.amazonaws.com',
      eventNames: ['GetSessionToken'],
      benignEventName: 'GetCallerIdentity',
      extraFilters: [{ term: { 'userIdentity.type': 'IAMUser' } }],
      mustNot: [hasValue('requestParameters.serialNumber')],
      positiveOverrides: { requestParameters: { durationSeconds: 129600 } },
      extraNegatives: [
        cloudTrailRecord('sts.amazonaws.com', 'GetSessionToken', {
          requestParameters: {
            durationSeconds: 43200,
            serialNumber: `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:mfa/alice`,
          },
        }),
      ],
    }),
    {
      id: 'trufflehog-key-check',
      title: 'Access key tested by TruffleHog',
      description:
        'A call came with the TruffleHog user agent, whatever its outcome: the secret scanner, run by a security team or by someone who found the key in code or a leak, is checking that the key works (GetCallerIdentity).',
      severity: 2,
      mitre: MITRE.validAccounts,
      logType: 'cloudtrail',
      query: { bool: { filter: [userAgentContains(TRUFFLEHOG)] } },
      condition: { kind: 'threshold', minCount: 1 },
      scheduleMinutes: CLOUDTRAIL_SCHEDULE_MINUTES,
      lookbackMinutes: CLOUDTRAIL_LOOKBACK_MINUTES,
      positiveSamples: [
        withAgent('sts.amazonaws.com', 'GetCallerIdentity', 'TruffleHog'),
        withAgent('s3.amazonaws.com', 'ListBuckets', 'trufflehog/3.63.2', { errorCode: 'AccessDenied' }),
      ],
      negativeSamples: [
        withAgent('sts.amazonaws.com', 'GetCallerIdentity', 'aws-cli/2.15.30 md/Botocore#1.34.60'),
        withAgent('sts.amazonaws.com', 'GetCallerIdentity', 'Truffle/1.0 (fruit shop)'),
      ],
    },
    apiCallDetection({
      id: 's3-browser-iam-changes',
      title: 'IAM users, keys or policies changed with S3 Browser',
      description:
        'The S3 Browser desktop client changed IAM (CreateUser, CreateAccessKey, CreateLoginProfile, PutUserPolicy): a tool seen in intrusions that use stolen keys to make users for themselves, rarely how administrators manage IAM.',
      severity: 2,
      mitre: MITRE.additionalCloudCredentials,
      eventSource: IAM,
      eventNames: ['CreateUser', 'CreateAccessKey', 'CreateLoginProfile', 'PutUserPolicy'],
      benignEventName: 'ListUsers',
      extraFilters: [userAgentContains(S3_BROWSER)],
      positiveOverrides: {
        userAgent: 'S3 Browser 11.5.7 https://s3browser.com',
        requestParameters: { userName: 'backup' },
      },
      extraNegatives: [
        cloudTrailRecord(IAM, 'CreateUser', { requestParameters: { userName: 'backup' } }),
        withAgent('s3.amazonaws.com', 'ListBuckets', 'S3 Browser 11.5.7 https://s3browser.com'),
      ],
    }),
    apiCallDetection({
      id: 'root-console-signin-failed',
      title: 'Failed root console sign-in',
      description:
        "A console sign-in as the root user failed: someone has the account's root e-mail address and is trying passwords. Nobody should be signing in as root in day-to-day work.",
      severity: 2,
      mitre: MITRE.passwordGuessing,
      eventSource: 'signin.amazonaws.com',
      eventNames: ['ConsoleLogin'],
      benignEventName: 'CheckMfa',
      includeFailures: true,
      extraFilters: [
        { term: { 'userIdentity.type': 'Root' } },
        { term: { 'responseElements.ConsoleLogin': 'Failure' } },
      ],
      positiveOverrides: rootSignIn('Failure'),
      extraNegatives: [
        cloudTrailRecord('signin.amazonaws.com', 'ConsoleLogin', rootSignIn('Success')),
        cloudTrailRecord('signin.amazonaws.com', 'ConsoleLogin', {
          ...rootSignIn('Failure'),
          userIdentity: {
            type: 'IAMUser',
            principalId: 'AIDAQEXAMPLEALICE0001',
            accountId: SAMPLE_ACCOUNT_ID,
            userName: 'alice',
          },
        }),
      ],
    }),
    apiCallDetection({
      id: 'root-password-recovery',
      title: 'Root password recovery requested or completed',
      description:
        "The root user's password was reset through the forgotten-password flow: whoever controls the account's e-mail address is taking over root.",
      severity: 2,
      mitre: MITRE.accountManipulation,
      eventSource: 'signin.amazonaws.com',
      eventNames: ['PasswordRecoveryRequested', 'PasswordRecoveryCompleted'],
      benignEventName: 'CheckMfa',
      positiveOverrides: {
        userIdentity: ROOT_IDENTITY,
        eventType: 'AwsConsoleSignIn',
        responseElements: { PasswordRecoveryRequested: 'Success' },
      },
    }),
  ];
}

function userAgentContains(patterns: readonly string[]): DslQuery {
  return containsAny(['userAgent'], patterns);
}

function rootSignIn(result: 'Success' | 'Failure'): CloudTrailRecord {
  return {
    userIdentity: ROOT_IDENTITY,
    eventType: 'AwsConsoleSignIn',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/122.0 Safari/537.36',
    responseElements: { ConsoleLogin: result },
    additionalEventData: {
      LoginTo: 'https://console.aws.amazon.com/console/home',
      MobileVersion: 'No',
      MFAUsed: 'No',
    },
    ...(result === 'Failure' ? { errorMessage: 'Failed authentication' } : {}),
  };
}
