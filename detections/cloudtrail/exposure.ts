import { containsAny } from '../http';
import { MITRE } from '../mitre';
import type { Detection, DslQuery } from '../types';
import {
  AWS_SERVICE_CALLERS,
  CLOUDTRAIL_LOOKBACK_MINUTES,
  CLOUDTRAIL_SCHEDULE_MINUTES,
  PRINCIPAL_KEY,
  apiCallDetection,
  hasValue,
} from './define';
import { cloudTrailRecord, repeatRecord } from './records';

/*
 * Exposure of resources and data: policies granting everyone, trust opened to any principal,
 * copies to other accounts, encryption under keys the owner does not hold.
 */

/**
 * How a policy document written as a string says "anyone" (`"Principal": "*"`,
 * `"Principal": {"AWS": "*"}`, `"AWS": ["*"]`), with or without the space JSON writers put after `:`.
 * A Condition may still narrow such a statement (aws:SourceOrgID...): the alert says to review it.
 */
const ANYONE_IN_POLICY_TEXT = [
  '"Principal":"*"',
  '"Principal": "*"',
  '"AWS":"*"',
  '"AWS": "*"',
  '"AWS":["*"]',
  '"AWS": ["*"]',
];

const anyoneIn = (field: string) => containsAny([field], ANYONE_IN_POLICY_TEXT, { caseSensitive: true });

const policy = (principal: unknown, action: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'Share', Effect: 'Allow', Principal: principal, Action: action, Resource: '*' }],
  });

/** Pretty-printed, as the console and most tools send policies. */
const prettyPolicy = (principal: unknown, action: string) =>
  JSON.stringify(JSON.parse(policy(principal, action)), null, 2);

const OTHER_ACCOUNT = { AWS: 'arn:aws:iam::444444444444:root' };

/** Each service's policy-setting call and where its policy lands in `requestParameters`. */
const PUBLIC_POLICY_CALLS: ReadonlyArray<{ eventSource: string; eventName: string; clause: DslQuery }> = [
  {
    eventSource: 's3.amazonaws.com',
    eventName: 'PutBucketPolicy',
    // CloudTrail records a bucket policy as an object, not text.
    clause: {
      bool: {
        should: [
          { term: { 'requestParameters.bucketPolicy.Statement.Principal': '*' } },
          { term: { 'requestParameters.bucketPolicy.Statement.Principal.AWS': '*' } },
        ],
        minimum_should_match: 1,
      },
    },
  },
  {
    eventSource: 'sns.amazonaws.com',
    eventName: 'SetTopicAttributes',
    clause: anyoneIn('requestParameters.attributeValue'),
  },
  {
    eventSource: 'sqs.amazonaws.com',
    eventName: 'SetQueueAttributes',
    clause: anyoneIn('requestParameters.attributes.Policy'),
  },
  {
    eventSource: 'ecr.amazonaws.com',
    eventName: 'SetRepositoryPolicy',
    clause: anyoneIn('requestParameters.policyText'),
  },
  {
    eventSource: 'secretsmanager.amazonaws.com',
    eventName: 'PutResourcePolicy',
    clause: anyoneIn('requestParameters.resourcePolicy'),
  },
];

const publicPolicySamples = (principal: unknown) => [
  cloudTrailRecord('s3.amazonaws.com', 'PutBucketPolicy', {
    requestParameters: {
      bucketName: 'shop-exports',
      bucketPolicy: JSON.parse(policy(principal, 's3:GetObject')) as unknown,
      policy: [''],
      Host: 'shop-exports.s3.eu-west-1.amazonaws.com',
    },
  }),
  cloudTrailRecord('sns.amazonaws.com', 'SetTopicAttributes', {
    requestParameters: {
      topicArn: 'arn:aws:sns:eu-west-1:333333333333:orders',
      attributeName: 'Policy',
      attributeValue: policy(principal, 'SNS:Subscribe'),
    },
  }),
  cloudTrailRecord('sqs.amazonaws.com', 'SetQueueAttributes', {
    requestParameters: {
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/333333333333/orders',
      attributes: { Policy: prettyPolicy(principal, 'sqs:SendMessage') },
    },
  }),
  cloudTrailRecord('ecr.amazonaws.com', 'SetRepositoryPolicy', {
    requestParameters: {
      repositoryName: 'shop-web',
      policyText: policy(principal, 'ecr:BatchGetImage'),
      force: false,
    },
  }),
  cloudTrailRecord('secretsmanager.amazonaws.com', 'PutResourcePolicy', {
    requestParameters: {
      secretId: 'prod/db',
      resourcePolicy: prettyPolicy(principal, 'secretsmanager:GetSecretValue'),
      blockPublicPolicy: false,
    },
  }),
];

const publicResourcePolicy: Detection = {
  id: 'resource-policy-made-public',
  title: 'Bucket, topic, queue, repository or secret policy open to everyone',
  description:
    'A resource policy granting any principal ("Principal": "*") was put on an S3 bucket, SNS topic, SQS queue, ECR repository or Secrets Manager secret. ' +
    'Unless a Condition narrows it (to the organization...), anyone on the internet has that access.',
  severity: 2,
  mitre: MITRE.cloudStorageObject,
  logType: 'cloudtrail',
  query: {
    bool: {
      filter: [
        {
          bool: {
            should: PUBLIC_POLICY_CALLS.map(({ eventSource, eventName, clause }) => ({
              bool: { filter: [{ term: { eventSource } }, { term: { eventName } }, clause] },
            })),
            minimum_should_match: 1,
          },
        },
      ],
      must_not: [{ exists: { field: 'errorCode' } }],
    },
  },
  condition: { kind: 'threshold', minCount: 1 },
  scheduleMinutes: CLOUDTRAIL_SCHEDULE_MINUTES,
  lookbackMinutes: CLOUDTRAIL_LOOKBACK_MINUTES,
  positiveSamples: [...publicPolicySamples('*'), ...publicPolicySamples({ AWS: '*' }).slice(0, 2)],
  negativeSamples: [
    ...publicPolicySamples(OTHER_ACCOUNT),
    ...publicPolicySamples('*').map((record) => ({ ...record, errorCode: 'AccessDenied' })),
    cloudTrailRecord('sns.amazonaws.com', 'SetTopicAttributes', {
      requestParameters: {
        topicArn: 'arn:aws:sns:eu-west-1:333333333333:orders',
        attributeName: 'DisplayName',
        attributeValue: 'Orders "*" feed',
      },
    }),
  ],
};

const IAM_POLICY_WITH_EVERYTHING = ['"Action":"*"', '"Action": "*"', '"Action":["*"]', '"Action": ["*"]'];

const inlinePolicy = (eventName: string, action: string, pretty = false) =>
  cloudTrailRecord('iam.amazonaws.com', eventName, {
    requestParameters: {
      ...(eventName === 'PutUserPolicy' ? { userName: 'mallory' } : { roleName: 'ci-runner' }),
      policyName: 'ops',
      policyDocument: pretty
        ? JSON.stringify(
            { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] },
            null,
            2,
          )
        : JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
          }),
    },
  });

/** S3 data events writing objects under customer-provided keys (SSE-C). */
const SSE_C_WRITES_PER_PRINCIPAL = 20;
const sseCWrite = (eventName: string, key: string, sse: string) =>
  cloudTrailRecord('s3.amazonaws.com', eventName, {
    eventCategory: 'Data',
    managementEvent: false,
    readOnly: false,
    requestParameters: {
      bucketName: 'finance-exports',
      key,
      Host: 'finance-exports.s3.eu-west-1.amazonaws.com',
      ...(sse === 'SSE_C' ? { 'x-amz-server-side-encryption-customer-algorithm': 'AES256' } : {}),
    },
    additionalEventData: { SSEApplied: sse, bytesTransferredIn: 20480, 'x-amz-id-2': 'EXAMPLE' },
  });

export const exposureDetections: readonly Detection[] = [
  publicResourcePolicy,
  apiCallDetection({
    id: 'iam-role-trust-open-to-anyone',
    title: 'IAM role trust policy open to any principal',
    description:
      'A role was created or its trust policy changed so that any AWS principal ("AWS": "*") may assume it: anyone with an AWS account can, unless a Condition narrows it.',
    severity: 1,
    mitre: MITRE.additionalCloudRoles,
    eventSource: 'iam.amazonaws.com',
    eventNames: ['UpdateAssumeRolePolicy', 'CreateRole'],
    benignEventName: 'GetRole',
    extraFilters: [
      anyoneInAny(['requestParameters.policyDocument', 'requestParameters.assumeRolePolicyDocument']),
    ],
    positives: [
      cloudTrailRecord('iam.amazonaws.com', 'UpdateAssumeRolePolicy', {
        requestParameters: {
          roleName: 'deploy',
          policyDocument: prettyPolicy({ AWS: '*' }, 'sts:AssumeRole'),
        },
      }),
      cloudTrailRecord('iam.amazonaws.com', 'CreateRole', {
        requestParameters: { roleName: 'support', assumeRolePolicyDocument: policy('*', 'sts:AssumeRole') },
      }),
    ],
    extraNegatives: [
      cloudTrailRecord('iam.amazonaws.com', 'UpdateAssumeRolePolicy', {
        requestParameters: {
          roleName: 'deploy',
          policyDocument: prettyPolicy(OTHER_ACCOUNT, 'sts:AssumeRole'),
        },
      }),
      cloudTrailRecord('iam.amazonaws.com', 'CreateRole', {
        requestParameters: {
          roleName: 'lambda-exec',
          assumeRolePolicyDocument: policy({ Service: 'lambda.amazonaws.com' }, 'sts:AssumeRole'),
        },
      }),
    ],
  }),
  apiCallDetection({
    id: 'iam-inline-admin-policy',
    title: 'Inline policy allowing every action',
    description:
      'An inline policy allowing "Action": "*" was put on a user, role or group: administrator rights that no managed-policy review sees. (cis-iam-policy-changes reports every policy change.)',
    severity: 2,
    mitre: MITRE.additionalCloudRoles,
    eventSource: 'iam.amazonaws.com',
    eventNames: ['PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy'],
    benignEventName: 'GetUserPolicy',
    extraFilters: [
      containsAny(['requestParameters.policyDocument'], IAM_POLICY_WITH_EVERYTHING, { caseSensitive: true }),
    ],
    positives: [inlinePolicy('PutUserPolicy', '*'), inlinePolicy('PutRolePolicy', '*', true)],
    extraNegatives: [
      inlinePolicy('PutUserPolicy', 's3:GetObject'),
      inlinePolicy('PutRolePolicy', 'ec2:*', true),
    ],
  }),
  apiCallDetection({
    id: 's3-replication-to-other-account',
    title: 'S3 replication to another account configured',
    description:
      'A bucket replication rule names a destination account: every new object is copied to a bucket that account owns. (cis-s3-bucket-policy-changes reports any replication change.)',
    severity: 2,
    mitre: MITRE.transferToCloudAccount,
    eventSource: 's3.amazonaws.com',
    eventNames: ['PutBucketReplication'],
    benignEventName: 'GetBucketReplication',
    extraFilters: [hasValue('requestParameters.ReplicationConfiguration.Rule.Destination.Account')],
    positiveOverrides: replication('444444444444'),
    extraNegatives: [cloudTrailRecord('s3.amazonaws.com', 'PutBucketReplication', replication(undefined))],
  }),
  apiCallDetection({
    id: 'ec2-ami-shared',
    title: 'AMI shared with another account or made public',
    description:
      'The launch permission of an AMI was given to another account or to everyone (group all): its disks, and any secrets baked in, can be copied.',
    severity: 2,
    mitre: MITRE.transferToCloudAccount,
    eventSource: 'ec2.amazonaws.com',
    eventNames: ['ModifyImageAttribute'],
    benignEventName: 'DescribeImageAttribute',
    extraFilters: [
      {
        bool: {
          should: [
            hasValue('requestParameters.launchPermission.add.items.userId'),
            hasValue('requestParameters.launchPermission.add.items.group'),
            hasValue('requestParameters.launchPermission.add.items.organizationArn'),
          ],
          minimum_should_match: 1,
        },
      },
    ],
    positives: [
      cloudTrailRecord(
        'ec2.amazonaws.com',
        'ModifyImageAttribute',
        launchPermission('add', { userId: '444444444444' }),
      ),
      cloudTrailRecord(
        'ec2.amazonaws.com',
        'ModifyImageAttribute',
        launchPermission('add', { group: 'all' }),
      ),
    ],
    extraNegatives: [
      cloudTrailRecord(
        'ec2.amazonaws.com',
        'ModifyImageAttribute',
        launchPermission('remove', { userId: '444444444444' }),
      ),
      cloudTrailRecord('ec2.amazonaws.com', 'ModifyImageAttribute', {
        requestParameters: {
          imageId: 'ami-0abcdef1234567890',
          attributeType: 'description',
          description: { value: 'web' },
        },
      }),
    ],
  }),
  apiCallDetection({
    id: 'ec2-nacl-allows-all-inbound',
    title: 'Network ACL entry allowing all inbound traffic',
    description:
      'A network ACL ingress entry now allows every protocol and port from 0.0.0.0/0 or ::/0: the subnet-level firewall is open.',
    severity: 3,
    mitre: MITRE.disableCloudFirewall,
    eventSource: 'ec2.amazonaws.com',
    eventNames: ['CreateNetworkAclEntry', 'ReplaceNetworkAclEntry'],
    benignEventName: 'DescribeNetworkAcls',
    extraFilters: [
      { term: { 'requestParameters.ruleAction': 'allow' } },
      { term: { 'requestParameters.egress': false } },
      { term: { 'requestParameters.aclProtocol': '-1' } },
      {
        bool: {
          should: [
            { term: { 'requestParameters.cidrBlock': '0.0.0.0/0' } },
            { term: { 'requestParameters.ipv6CidrBlock': '::/0' } },
          ],
          minimum_should_match: 1,
        },
      },
    ],
    positiveOverrides: naclEntry({ cidrBlock: '0.0.0.0/0' }),
    positives: [
      cloudTrailRecord('ec2.amazonaws.com', 'CreateNetworkAclEntry', naclEntry({ cidrBlock: '0.0.0.0/0' })),
      cloudTrailRecord('ec2.amazonaws.com', 'ReplaceNetworkAclEntry', naclEntry({ ipv6CidrBlock: '::/0' })),
    ],
    extraNegatives: [
      cloudTrailRecord(
        'ec2.amazonaws.com',
        'CreateNetworkAclEntry',
        naclEntry({ cidrBlock: '0.0.0.0/0' }, 'deny'),
      ),
      cloudTrailRecord(
        'ec2.amazonaws.com',
        'CreateNetworkAclEntry',
        naclEntry({ cidrBlock: '0.0.0.0/0' }, 'allow', '6'),
      ),
      cloudTrailRecord(
        'ec2.amazonaws.com',
        'CreateNetworkAclEntry',
        naclEntry({ cidrBlock: '0.0.0.0/0' }, 'allow', '-1', true),
      ),
      cloudTrailRecord('ec2.amazonaws.com', 'CreateNetworkAclEntry', naclEntry({ cidrBlock: '10.0.0.0/8' })),
    ],
  }),
  apiCallDetection({
    id: 's3-bucket-versioning-suspended',
    title: 'S3 bucket versioning suspended',
    description:
      'Versioning was suspended on a bucket: overwritten or deleted objects can no longer be recovered, often a step before destroying or ransoming data.',
    severity: 2,
    mitre: MITRE.inhibitRecovery,
    eventSource: 's3.amazonaws.com',
    eventNames: ['PutBucketVersioning'],
    benignEventName: 'GetBucketVersioning',
    extraFilters: [{ term: { 'requestParameters.VersioningConfiguration.Status': 'Suspended' } }],
    positiveOverrides: versioning('Suspended'),
    extraNegatives: [cloudTrailRecord('s3.amazonaws.com', 'PutBucketVersioning', versioning('Enabled'))],
  }),
  apiCallDetection({
    id: 's3-bucket-access-logging-disabled',
    title: 'S3 server access logging disabled',
    description:
      "A bucket's server access logging was turned off: requests to it, anonymous ones included, are no longer recorded.",
    severity: 3,
    mitre: MITRE.disableCloudLogs,
    eventSource: 's3.amazonaws.com',
    eventNames: ['PutBucketLogging'],
    benignEventName: 'GetBucketLogging',
    mustNot: [hasValue('requestParameters.BucketLoggingStatus.LoggingEnabled.TargetBucket')],
    positiveOverrides: bucketLogging(undefined),
    extraNegatives: [
      cloudTrailRecord('s3.amazonaws.com', 'PutBucketLogging', bucketLogging('org-s3-access-logs')),
    ],
  }),
  {
    id: 's3-sse-c-encryption-burst',
    title: 'Objects rewritten under customer-provided keys (SSE-C)',
    description:
      `One principal wrote ${SSE_C_WRITES_PER_PRINCIPAL} or more objects encrypted with keys it supplied (SSE-C) in the window (needs S3 data events): ` +
      'the ransomware technique of re-encrypting a bucket with a key AWS never stores.',
    severity: 1,
    mitre: MITRE.dataEncryptedForImpact,
    logType: 'cloudtrail',
    query: {
      bool: {
        filter: [
          { term: { eventSource: 's3.amazonaws.com' } },
          { terms: { eventName: ['PutObject', 'CopyObject', 'CreateMultipartUpload'] } },
          // The indexed request header (additionalEventData.SSEApplied is kept in _source only).
          hasValue('requestParameters.x-amz-server-side-encryption-customer-algorithm'),
        ],
        must_not: [{ exists: { field: 'errorCode' } }, ...AWS_SERVICE_CALLERS],
      },
    },
    condition: { kind: 'bucket', ...PRINCIPAL_KEY, minCount: SSE_C_WRITES_PER_PRINCIPAL },
    scheduleMinutes: CLOUDTRAIL_SCHEDULE_MINUTES,
    lookbackMinutes: CLOUDTRAIL_LOOKBACK_MINUTES,
    positiveSamples: Array.from({ length: SSE_C_WRITES_PER_PRINCIPAL }, (_, i) =>
      sseCWrite('CopyObject', `q${i}/report.csv`, 'SSE_C'),
    ),
    negativeSamples: [
      ...Array.from({ length: SSE_C_WRITES_PER_PRINCIPAL - 1 }, (_, i) =>
        sseCWrite('PutObject', `a${i}.csv`, 'SSE_C'),
      ),
      ...repeatRecord(sseCWrite('PutObject', 'b.csv', 'SSE_KMS'), SSE_C_WRITES_PER_PRINCIPAL),
    ],
  },
];

function anyoneInAny(fields: readonly string[]): DslQuery {
  return containsAny(fields, ANYONE_IN_POLICY_TEXT, { caseSensitive: true });
}

function replication(account: string | undefined) {
  return {
    requestParameters: {
      bucketName: 'finance-exports',
      replication: '',
      ReplicationConfiguration: {
        Role: 'arn:aws:iam::333333333333:role/s3-replication',
        Rule: {
          ID: 'copy-all',
          Status: 'Enabled',
          Priority: 1,
          Filter: { Prefix: '' },
          DeleteMarkerReplication: { Status: 'Disabled' },
          Destination: {
            Bucket: account ? 'arn:aws:s3:::partner-landing' : 'arn:aws:s3:::finance-exports-dr',
            ...(account ? { Account: account, AccessControlTranslation: { Owner: 'Destination' } } : {}),
          },
        },
      },
    },
  };
}

function launchPermission(change: 'add' | 'remove', item: Record<string, string>) {
  return {
    requestParameters: {
      imageId: 'ami-0abcdef1234567890',
      launchPermission: { [change]: { items: [item] } },
      attributeType: 'launchPermission',
    },
  };
}

function naclEntry(
  range: { cidrBlock: string } | { ipv6CidrBlock: string },
  ruleAction = 'allow',
  aclProtocol = '-1',
  egress = false,
) {
  return {
    requestParameters: {
      networkAclId: 'acl-0123456789abcdef0',
      ruleNumber: 100,
      egress,
      ruleAction,
      icmpTypeCode: {},
      aclProtocol,
      portRange: {},
      ...range,
    },
  };
}

function versioning(status: string) {
  return {
    requestParameters: {
      bucketName: 'finance-exports',
      versioning: '',
      VersioningConfiguration: { Status: status, xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' },
    },
  };
}

function bucketLogging(targetBucket: string | undefined) {
  return {
    requestParameters: {
      bucketName: 'finance-exports',
      logging: '',
      BucketLoggingStatus: {
        xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
        ...(targetBucket
          ? { LoggingEnabled: { TargetBucket: targetBucket, TargetPrefix: 'finance-exports/' } }
          : {}),
      },
    },
  };
}
