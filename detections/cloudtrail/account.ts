import { MITRE } from '../mitre';
import type { Detection } from '../types';
import { apiCallDetection } from './define';
import { cloudTrailRecord } from './records';

/*
 * Accounts, regions, domains and trust: changes that hand over or widen control of the estate,
 * and quieter ways to hide findings or reach the console.
 */

const findingsWorkflow = (status: string) =>
  cloudTrailRecord('securityhub.amazonaws.com', 'BatchUpdateFindings', {
    requestParameters: {
      FindingIdentifiers: [
        {
          Id: 'arn:aws:securityhub:eu-west-1:333333333333:subscription/aws-foundational-security-best-practices/v/1.0.0/S3.8/finding/0d5c2b8e',
          ProductArn: 'arn:aws:securityhub:eu-west-1::product/aws/securityhub',
        },
      ],
      Workflow: { Status: status },
      Note: { Text: 'accepted risk', UpdatedBy: 'alice' },
    },
  });

const automationRule = (status: string) =>
  cloudTrailRecord('securityhub.amazonaws.com', 'CreateAutomationRule', {
    requestParameters: {
      RuleName: 'quiet-s3',
      RuleOrder: 1,
      RuleStatus: 'ENABLED',
      Criteria: { ResourceType: [{ Value: 'AwsS3Bucket', Comparison: 'EQUALS' }] },
      Actions: [{ Type: 'FINDING_FIELDS_UPDATE', FindingFieldsUpdate: { Workflow: { Status: status } } }],
    },
  });

const signinToken = (userAgent: string) =>
  cloudTrailRecord('signin.amazonaws.com', 'GetSigninToken', {
    eventType: 'AwsConsoleSignIn',
    userAgent,
    userIdentity: {
      type: 'FederatedUser',
      principalId: '333333333333:alice',
      arn: 'arn:aws:sts::333333333333:federated-user/alice',
      accountId: '333333333333',
      sessionContext: {
        sessionIssuer: {
          type: 'IAMUser',
          principalId: 'AIDAQEXAMPLEALICE0001',
          arn: 'arn:aws:iam::333333333333:user/alice',
          accountId: '333333333333',
          userName: 'alice',
        },
      },
    },
    responseElements: { GetSigninToken: 'Success' },
  });

export const accountDetections: readonly Detection[] = [
  apiCallDetection({
    id: 'securityhub-findings-suppressed',
    title: 'Security Hub findings suppressed',
    description:
      'Findings were set to the SUPPRESSED workflow status, by hand (BatchUpdateFindings) or by an automation rule that will keep doing it: they disappear from the default views.',
    severity: 3,
    mitre: MITRE.impairDefenses,
    eventSource: 'securityhub.amazonaws.com',
    eventNames: ['BatchUpdateFindings', 'CreateAutomationRule', 'BatchUpdateAutomationRules'],
    benignEventName: 'GetFindings',
    extraFilters: [
      {
        bool: {
          should: [
            { term: { 'requestParameters.Workflow.Status': 'SUPPRESSED' } },
            { term: { 'requestParameters.Actions.FindingFieldsUpdate.Workflow.Status': 'SUPPRESSED' } },
            {
              term: {
                'requestParameters.UpdateAutomationRulesRequestItems.Actions.FindingFieldsUpdate.Workflow.Status':
                  'SUPPRESSED',
              },
            },
          ],
          minimum_should_match: 1,
        },
      },
    ],
    positives: [findingsWorkflow('SUPPRESSED'), automationRule('SUPPRESSED')],
    positiveOverrides: findingsWorkflow('SUPPRESSED'),
    extraNegatives: [findingsWorkflow('RESOLVED'), findingsWorkflow('NOTIFIED'), automationRule('NOTIFIED')],
  }),
  apiCallDetection({
    id: 'signin-token-outside-browser',
    title: 'Console sign-in token requested by a script',
    description:
      'GetSigninToken, which turns API credentials into a console session, was called by something that is not a browser: the known path from a stolen access key to the console.',
    severity: 3,
    mitre: MITRE.webSessionCookie,
    eventSource: 'signin.amazonaws.com',
    eventNames: ['GetSigninToken'],
    benignEventName: 'CheckMfa',
    mustNot: [{ wildcard: { userAgent: { value: 'Mozilla/*' } } }],
    positives: [signinToken('python-requests/2.31.0'), signinToken('curl/8.5.0')],
    positiveOverrides: { userAgent: 'python-requests/2.31.0' },
    extraNegatives: [
      signinToken('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Safari/605.1.15'),
    ],
  }),
  apiCallDetection({
    id: 'ec2-instance-connect-key-pushed',
    title: 'SSH key pushed through EC2 Instance Connect',
    description:
      'A temporary SSH public key was pushed to an instance or its serial console through EC2 Instance Connect: whoever holds the private key can log in for 60 seconds.',
    severity: 4,
    mitre: MITRE.sshAuthorizedKeys,
    eventSource: 'ec2-instance-connect.amazonaws.com',
    eventNames: ['SendSSHPublicKey', 'SendSerialConsoleSSHPublicKey'],
    benignEventName: 'DescribeInstanceConnectEndpoints',
    positiveOverrides: {
      requestParameters: {
        instanceId: 'i-0a1b2c3d4e5f60718',
        instanceOSUser: 'ec2-user',
        sSHPublicKey: 'ssh-ed25519 AAAAC3Nza...',
      },
    },
  }),
  apiCallDetection({
    id: 'kms-key-material-imported',
    title: 'KMS key material imported or deleted',
    description:
      'Key material was imported into, or deleted from, a KMS key with external material: whoever holds the material controls the data, and deleting it makes the data unreadable at once.',
    severity: 2,
    mitre: MITRE.dataEncryptedForImpact,
    eventSource: 'kms.amazonaws.com',
    eventNames: ['ImportKeyMaterial', 'DeleteImportedKeyMaterial'],
    benignEventName: 'GetParametersForImport',
  }),
  apiCallDetection({
    id: 'account-region-enabled',
    title: 'Opt-in region enabled',
    description:
      'An opt-in region was enabled for an account: resources there may escape monitoring scoped to the usual regions.',
    severity: 3,
    mitre: MITRE.unusedCloudRegions,
    eventSource: 'account.amazonaws.com',
    eventNames: ['EnableRegion'],
    benignEventName: 'ListRegions',
    positiveOverrides: { requestParameters: { RegionName: 'me-central-1' } },
  }),
  apiCallDetection({
    id: 'organizations-account-closed',
    title: 'Member account closed',
    description:
      'A member account was closed: its resources stop and, after 90 days, are gone; an attacker can use it to destroy or to take an account out of the organization.',
    severity: 2,
    mitre: MITRE.accountAccessRemoval,
    eventSource: 'organizations.amazonaws.com',
    eventNames: ['CloseAccount'],
    benignEventName: 'DescribeAccount',
    positiveOverrides: { requestParameters: { accountId: '444444444444' } },
  }),
  apiCallDetection({
    id: 'route53-domain-transfer',
    title: 'Route 53 domain transfer prepared or name servers changed',
    description:
      "A registered domain's transfer lock was removed, its transfer code retrieved, it was given to another AWS account, or its name servers changed: the first steps of a domain hijack.",
    severity: 2,
    mitre: MITRE.compromiseDomains,
    eventSource: 'route53domains.amazonaws.com',
    eventNames: [
      'DisableDomainTransferLock',
      'RetrieveDomainAuthCode',
      'TransferDomainToAnotherAwsAccount',
      'UpdateDomainNameservers',
    ],
    benignEventName: 'GetDomainDetail',
    positiveOverrides: { requestParameters: { domainName: 'example.com' } },
  }),
  apiCallDetection({
    id: 'rolesanywhere-trust-changed',
    title: 'IAM Roles Anywhere trust anchor or profile changed',
    description:
      'A Roles Anywhere trust anchor or profile was created, updated or enabled: certificates from that authority can now obtain role credentials from outside AWS.',
    severity: 2,
    mitre: MITRE.domainPolicyModification,
    eventSource: 'rolesanywhere.amazonaws.com',
    eventNames: [
      'CreateTrustAnchor',
      'UpdateTrustAnchor',
      'EnableTrustAnchor',
      'CreateProfile',
      'UpdateProfile',
    ],
    benignEventName: 'ListTrustAnchors',
  }),
];
