import { MITRE } from '../mitre';
import type { Detection } from '../types';
import { CLOUDTRAIL_LOOKBACK_MINUTES, CLOUDTRAIL_SCHEDULE_MINUTES, apiCallDetection } from './define';
import { ASSUMED_ROLE_IDENTITY, cloudTrailRecord, repeatRecord } from './records';

/* Secrets Manager, Parameter Store and ACM: who changes, reads or exports secrets and keys. */

const SECRET_READS_PER_PRINCIPAL = 20;

const getSecretValue = (secretId: string) =>
  cloudTrailRecord('secretsmanager.amazonaws.com', 'GetSecretValue', { requestParameters: { secretId } });

const secretMassRetrieval: Detection = {
  id: 'secretsmanager-mass-secret-retrieval',
  title: 'Many secrets read by one principal',
  description: `One principal read ${SECRET_READS_PER_PRINCIPAL} or more secret values in the window: harvesting of credentials.`,
  severity: 2,
  mitre: MITRE.credentialsFromStores,
  logType: 'cloudtrail',
  query: {
    bool: {
      filter: [
        { term: { eventSource: 'secretsmanager.amazonaws.com' } },
        { term: { eventName: 'GetSecretValue' } },
      ],
      must_not: [{ exists: { field: 'errorCode' } }],
    },
  },
  condition: { kind: 'bucket', field: 'userIdentity.arn', minCount: SECRET_READS_PER_PRINCIPAL },
  scheduleMinutes: CLOUDTRAIL_SCHEDULE_MINUTES,
  lookbackMinutes: CLOUDTRAIL_LOOKBACK_MINUTES,
  positiveSamples: Array.from({ length: SECRET_READS_PER_PRINCIPAL }, (_, i) =>
    getSecretValue(`prod/db-${i}`),
  ),
  negativeSamples: [
    ...Array.from({ length: SECRET_READS_PER_PRINCIPAL - 1 }, (_, i) => getSecretValue(`prod/db-${i}`)),
    ...repeatRecord(
      cloudTrailRecord('secretsmanager.amazonaws.com', 'GetSecretValue', {
        userIdentity: ASSUMED_ROLE_IDENTITY,
        requestParameters: { secretId: 'prod/app' },
      }),
      SECRET_READS_PER_PRINCIPAL - 1,
    ),
  ],
};

export const secretsDetections: readonly Detection[] = [
  apiCallDetection({
    id: 'secretsmanager-secret-changed',
    title: 'Secrets Manager secret created, updated or tagged',
    description: 'A secret or its value, version stage or tags changed (Create*, Update*, Put*, Tag*).',
    severity: 4,
    mitre: MITRE.credentialsFromStores,
    eventSource: 'secretsmanager.amazonaws.com',
    eventNames: [
      'CreateSecret',
      'UpdateSecret',
      'PutSecretValue',
      'UpdateSecretVersionStage',
      'TagResource',
      'UntagResource',
    ],
    benignEventName: 'DescribeSecret',
  }),
  apiCallDetection({
    id: 'secretsmanager-secret-deleted',
    title: 'Secrets Manager secret deleted',
    description: 'A secret was scheduled for deletion; applications using it will fail once it is gone.',
    severity: 3,
    mitre: MITRE.dataDestruction,
    eventSource: 'secretsmanager.amazonaws.com',
    eventNames: ['DeleteSecret'],
    benignEventName: 'ListSecrets',
  }),
  apiCallDetection({
    id: 'secretsmanager-resource-policy-changed',
    title: 'Secrets Manager resource policy changed',
    description:
      'A secret resource policy was put or deleted: the secret may be readable from another account.',
    severity: 2,
    mitre: MITRE.credentialsFromStores,
    eventSource: 'secretsmanager.amazonaws.com',
    eventNames: ['PutResourcePolicy', 'DeleteResourcePolicy'],
    benignEventName: 'GetResourcePolicy',
  }),
  apiCallDetection({
    id: 'secretsmanager-secret-read-by-user',
    title: 'Secret value read by an IAM user',
    description: 'An IAM user (a person or a long-lived key, not a workload role) read a secret value.',
    severity: 3,
    mitre: MITRE.credentialsFromStores,
    eventSource: 'secretsmanager.amazonaws.com',
    eventNames: ['GetSecretValue'],
    benignEventName: 'DescribeSecret',
    extraFilters: [{ term: { 'userIdentity.type': 'IAMUser' } }],
    extraNegatives: [
      cloudTrailRecord('secretsmanager.amazonaws.com', 'GetSecretValue', {
        userIdentity: ASSUMED_ROLE_IDENTITY,
      }),
    ],
  }),
  secretMassRetrieval,
  apiCallDetection({
    id: 'ssm-parameter-changed',
    title: 'Parameter Store parameter created, updated or tagged',
    description: 'A Systems Manager parameter was put (created or updated), labelled or tagged.',
    severity: 4,
    mitre: MITRE.credentialsFromStores,
    eventSource: 'ssm.amazonaws.com',
    eventNames: ['PutParameter', 'LabelParameterVersion', 'AddTagsToResource'],
    benignEventName: 'DescribeParameters',
  }),
  apiCallDetection({
    id: 'ssm-parameter-deleted',
    title: 'Parameter Store parameter deleted',
    description: 'One or more Systems Manager parameters were deleted.',
    severity: 3,
    mitre: MITRE.dataDestruction,
    eventSource: 'ssm.amazonaws.com',
    eventNames: ['DeleteParameter', 'DeleteParameters'],
    benignEventName: 'GetParameter',
  }),
  apiCallDetection({
    id: 'acm-certificate-exported',
    title: 'ACM certificate exported',
    description: 'A private certificate and its private key were exported from ACM.',
    severity: 2,
    mitre: MITRE.privateKeys,
    eventSource: 'acm.amazonaws.com',
    eventNames: ['ExportCertificate'],
    benignEventName: 'DescribeCertificate',
  }),
  apiCallDetection({
    id: 'acm-certificate-imported-or-deleted',
    title: 'ACM certificate imported or deleted',
    description: 'A certificate was imported into ACM (replacing what clients trust) or deleted.',
    severity: 3,
    mitre: MITRE.modifyAuthProcess,
    eventSource: 'acm.amazonaws.com',
    eventNames: ['ImportCertificate', 'DeleteCertificate'],
    benignEventName: 'ListCertificates',
  }),
];
