import { MITRE } from '../mitre';
import type { Detection } from '../types';
import {
  AWS_SERVICE_CALLERS,
  CLOUDTRAIL_LOOKBACK_MINUTES,
  CLOUDTRAIL_SCHEDULE_MINUTES,
  PRINCIPAL_KEY,
  apiCallDetection,
} from './define';
import { sampleUuid } from '../samples';
import { ASSUMED_ROLE_IDENTITY, cloudTrailRecord } from './records';

/* Secrets Manager, Parameter Store and ACM: who changes, reads or exports secrets and keys. */

/** Distinct secrets one principal reads in the window. */
const SECRET_READS_PER_PRINCIPAL = 20;

/**
 * The calls that return secret values. BatchGetSecretValue returns up to 20 at once; CloudTrail
 * records it as one BatchGetSecretValue event plus one GetSecretValue event per secret returned,
 * so the secrets of a batch are counted through those GetSecretValue events.
 */
const SECRET_VALUE_READS: readonly string[] = ['GetSecretValue', 'BatchGetSecretValue'];

const getSecretValue = (secretId: string) =>
  cloudTrailRecord('secretsmanager.amazonaws.com', 'GetSecretValue', { requestParameters: { secretId } });

const batchGetSecretValue = (secretIdList: readonly string[], overrides: Record<string, unknown> = {}) =>
  cloudTrailRecord('secretsmanager.amazonaws.com', 'BatchGetSecretValue', {
    requestParameters: { secretIdList },
    ...overrides,
  });

/** What one BatchGetSecretValue call of `count` secrets writes to CloudTrail. */
const batchRead = (count: number) => {
  const ids = Array.from({ length: count }, (_, i) => `prod/batch-${i}`);
  return [batchGetSecretValue(ids), ...ids.map(getSecretValue)];
};

const secretMassRetrieval: Detection = {
  id: 'secretsmanager-mass-secret-retrieval',
  title: 'Many secrets read by one principal',
  description: `One principal (its account and user or role name) read ${SECRET_READS_PER_PRINCIPAL} or more distinct secrets in the window (GetSecretValue, BatchGetSecretValue): harvesting of credentials. An application re-reading its few secrets at every start does not count; AWS services reading secrets for a principal are left out.`,
  severity: 2,
  mitre: MITRE.credentialsFromStores,
  logType: 'cloudtrail',
  query: {
    bool: {
      filter: [
        { term: { eventSource: 'secretsmanager.amazonaws.com' } },
        { terms: { eventName: [...SECRET_VALUE_READS] } },
      ],
      must_not: [{ exists: { field: 'errorCode' } }, ...AWS_SERVICE_CALLERS],
    },
  },
  condition: {
    kind: 'cardinality',
    ...PRINCIPAL_KEY,
    distinctField: 'requestParameters.secretId',
    minCount: SECRET_READS_PER_PRINCIPAL,
  },
  scheduleMinutes: CLOUDTRAIL_SCHEDULE_MINUTES,
  lookbackMinutes: CLOUDTRAIL_LOOKBACK_MINUTES,
  // One batch of 20 secrets, read in one call: as many secrets as 20 single reads.
  positiveSamples: batchRead(SECRET_READS_PER_PRINCIPAL),
  negativeSamples: [
    ...Array.from({ length: SECRET_READS_PER_PRINCIPAL - 1 }, (_, i) => getSecretValue(`prod/db-${i}`)),
    // An application reading its 3 secrets at each of 20 restarts: many reads, few secrets.
    ...Array.from({ length: SECRET_READS_PER_PRINCIPAL * 3 }, (_, i) =>
      cloudTrailRecord('secretsmanager.amazonaws.com', 'GetSecretValue', {
        userIdentity: ASSUMED_ROLE_IDENTITY,
        requestParameters: { secretId: `prod/app-${i % 3}` },
        eventID: sampleUuid(`app-restart/${i}`),
      }),
    ),
    // A denied batch read returned nothing.
    batchGetSecretValue(['prod/db-0', 'prod/db-1'], { errorCode: 'AccessDeniedException' }),
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
    description:
      'An IAM user (a person or a long-lived key, not a workload role) read a secret value (GetSecretValue, BatchGetSecretValue).',
    severity: 3,
    mitre: MITRE.credentialsFromStores,
    eventSource: 'secretsmanager.amazonaws.com',
    eventNames: SECRET_VALUE_READS,
    benignEventName: 'DescribeSecret',
    extraFilters: [{ term: { 'userIdentity.type': 'IAMUser' } }],
    extraNegatives: SECRET_VALUE_READS.map((eventName) =>
      cloudTrailRecord('secretsmanager.amazonaws.com', eventName, { userIdentity: ASSUMED_ROLE_IDENTITY }),
    ),
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
