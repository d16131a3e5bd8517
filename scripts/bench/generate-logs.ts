/**
 * Seeded generators of realistic log records (CloudTrail, VPC flow, WAF) for the ingestion
 * benchmark and the large-object tests. Same seed, same bytes.
 */
import { Readable } from 'node:stream';

/** mulberry32: small, fast, good enough to vary synthetic records reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACCOUNTS = ['111122223333', '444455556666', '123456789012', '210987654321'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];
const USERS = ['alice', 'bob', 'carol', 'deploy-bot', 'ci-runner', 'dave'];
const ROLES = [
  'OrganizationAccountAccessRole',
  'AWSReservedSSO_Admin_0123456789abcdef',
  'lambda-exec',
  'eks-node',
];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

function hex(rand: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rand() * 16)];
  return s;
}

function uuid(rand: () => number): string {
  return `${hex(rand, 8)}-${hex(rand, 4)}-4${hex(rand, 3)}-a${hex(rand, 3)}-${hex(rand, 12)}`;
}

function ip(rand: () => number): string {
  return `${Math.floor(rand() * 223) + 1}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 254) + 1}`;
}

export function cloudTrailRecord(rand: () => number, epochMs: number): Record<string, unknown> {
  const account = pick(rand, ACCOUNTS);
  const region = pick(rand, REGIONS);
  const assumed = rand() < 0.6;
  const user = pick(rand, USERS);
  const role = pick(rand, ROLES);
  const userIdentity = assumed
    ? {
        type: 'AssumedRole',
        principalId: `AROA${hex(rand, 16).toUpperCase()}:${user}`,
        arn: `arn:aws:sts::${account}:assumed-role/${role}/${user}`,
        accountId: account,
        accessKeyId: `ASIA${hex(rand, 16).toUpperCase()}`,
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: `AROA${hex(rand, 16).toUpperCase()}`,
            arn: `arn:aws:iam::${account}:role/${role}`,
            accountId: account,
            userName: role,
          },
          webIdFederationData: {},
          attributes: { creationDate: new Date(epochMs - 600_000).toISOString(), mfaAuthenticated: 'false' },
        },
      }
    : {
        type: 'IAMUser',
        principalId: `AIDA${hex(rand, 16).toUpperCase()}`,
        arn: `arn:aws:iam::${account}:user/${user}`,
        accountId: account,
        accessKeyId: `AKIA${hex(rand, 16).toUpperCase()}`,
        userName: user,
      };
  const kind = rand();
  let eventSource: string;
  let eventName: string;
  let requestParameters: unknown;
  let responseElements: unknown = null;
  let additionalEventData: unknown;
  let resources: unknown;
  if (kind < 0.35) {
    eventSource = 's3.amazonaws.com';
    eventName = rand() < 0.7 ? 'GetObject' : 'PutObject';
    const bucket = `data-${account}-${region}`;
    const key = `exports/${hex(rand, 6)}/part-${Math.floor(rand() * 1000)}.parquet`;
    requestParameters = { bucketName: bucket, Host: `${bucket}.s3.${region}.amazonaws.com`, key };
    additionalEventData = {
      SignatureVersion: 'SigV4',
      CipherSuite: 'ECDHE-RSA-AES128-GCM-SHA256',
      bytesTransferredIn: 0,
      AuthenticationMethod: 'AuthHeader',
      'x-amz-id-2': hex(rand, 40),
      bytesTransferredOut: Math.floor(rand() * 1e6),
    };
    resources = [
      { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` },
      { accountId: account, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` },
    ];
  } else if (kind < 0.6) {
    eventSource = 'ec2.amazonaws.com';
    eventName = 'DescribeInstances';
    requestParameters = {
      instancesSet: {},
      filterSet: { items: [{ name: 'tag:team', valueSet: { items: [{ value: 'core' }] } }] },
    };
  } else if (kind < 0.75) {
    eventSource = 'sts.amazonaws.com';
    eventName = 'AssumeRole';
    requestParameters = {
      roleArn: `arn:aws:iam::${account}:role/${role}`,
      roleSessionName: user,
      durationSeconds: 3600,
    };
    responseElements = {
      credentials: {
        accessKeyId: `ASIA${hex(rand, 16).toUpperCase()}`,
        sessionToken: hex(rand, 120),
        expiration: new Date(epochMs + 3_600_000).toUTCString(),
      },
      assumedRoleUser: {
        assumedRoleId: `AROA${hex(rand, 16).toUpperCase()}:${user}`,
        arn: `arn:aws:sts::${account}:assumed-role/${role}/${user}`,
      },
    };
  } else if (kind < 0.9) {
    eventSource = 'kms.amazonaws.com';
    eventName = 'Decrypt';
    requestParameters = {
      encryptionContext: {
        'aws:lambda:FunctionArn': `arn:aws:lambda:${region}:${account}:function:fn-${hex(rand, 4)}`,
      },
      encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    };
    resources = [
      {
        accountId: account,
        type: 'AWS::KMS::Key',
        ARN: `arn:aws:kms:${region}:${account}:key/${uuid(rand)}`,
      },
    ];
  } else {
    eventSource = 'ec2.amazonaws.com';
    eventName = 'RunInstances';
    requestParameters = {
      instancesSet: { items: [{ imageId: `ami-${hex(rand, 17)}`, minCount: 1, maxCount: 1 }] },
      instanceType: pick(rand, ['t3.micro', 'm5.large', 'c6g.xlarge']),
      blockDeviceMapping: {},
      monitoring: { enabled: false },
      disableApiTermination: false,
      tagSpecificationSet: {
        items: [{ resourceType: 'instance', tags: [{ key: 'Name', value: `worker-${hex(rand, 4)}` }] }],
      },
    };
    responseElements = {
      requestId: uuid(rand),
      reservationId: `r-${hex(rand, 17)}`,
      ownerId: account,
      instancesSet: {
        items: [
          {
            instanceId: `i-${hex(rand, 17)}`,
            imageId: `ami-${hex(rand, 17)}`,
            instanceState: { code: 0, name: 'pending' },
            privateIpAddress: `10.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}`,
          },
        ],
      },
    };
  }
  const denied = rand() < 0.05;
  return {
    eventVersion: '1.09',
    userIdentity,
    eventTime: new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource,
    eventName,
    awsRegion: region,
    sourceIPAddress: rand() < 0.1 ? 'AWS Internal' : ip(rand),
    userAgent: pick(rand, [
      'aws-cli/2.15.0 Python/3.11.6 Linux/6.1',
      'Boto3/1.34.0 md/Botocore#1.34.0',
      'aws-sdk-js/3.500.0',
    ]),
    ...(denied
      ? { errorCode: 'AccessDenied', errorMessage: 'User is not authorized to perform this operation' }
      : {}),
    requestParameters,
    responseElements,
    ...(additionalEventData ? { additionalEventData } : {}),
    requestID: uuid(rand),
    eventID: uuid(rand),
    readOnly: eventName.startsWith('Describe') || eventName.startsWith('Get'),
    ...(resources ? { resources } : {}),
    eventType: 'AwsApiCall',
    managementEvent: eventSource !== 's3.amazonaws.com',
    recipientAccountId: account,
    eventCategory: eventSource === 's3.amazonaws.com' ? 'Data' : 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: `${eventSource.split('.')[0]}.${region}.amazonaws.com`,
    },
  };
}

export function cloudTrailFile(seed: number, count: number, startMs = Date.UTC(2024, 4, 1)): string {
  const rand = seededRandom(seed);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(JSON.stringify(cloudTrailRecord(rand, startMs + i * 37)));
  return `{"Records":[${parts.join(',')}]}`;
}

export const VPC_V5_HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path';

export function vpcFlowLine(rand: () => number, epochSeconds: number): string {
  const src = rand() < 0.5 ? `10.0.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}` : ip(rand);
  const dst = rand() < 0.5 ? `10.0.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}` : ip(rand);
  const accept = rand() < 0.85;
  return [
    5,
    pick(rand, ACCOUNTS),
    `eni-${hex(rand, 17)}`,
    src,
    dst,
    Math.floor(rand() * 65535),
    pick(rand, [443, 80, 22, 3389, 53, 5432]),
    pick(rand, [6, 17, 1]),
    Math.floor(rand() * 500) + 1,
    Math.floor(rand() * 500_000) + 40,
    epochSeconds,
    epochSeconds + 60,
    accept ? 'ACCEPT' : 'REJECT',
    'OK',
    `vpc-${hex(rand, 17)}`,
    `subnet-${hex(rand, 17)}`,
    rand() < 0.8 ? `i-${hex(rand, 17)}` : '-',
    Math.floor(rand() * 32),
    'IPv4',
    src,
    dst,
    pick(rand, REGIONS),
    'use1-az1',
    '-',
    '-',
    rand() < 0.1 ? 'S3' : '-',
    '-',
    rand() < 0.5 ? 'ingress' : 'egress',
    rand() < 0.3 ? Math.floor(rand() * 8) + 1 : '-',
  ].join(' ');
}

export function vpcFlowFile(seed: number, count: number, startSeconds = Date.UTC(2024, 4, 1) / 1000): string {
  const rand = seededRandom(seed);
  const lines = [VPC_V5_HEADER];
  for (let i = 0; i < count; i++) lines.push(vpcFlowLine(rand, startSeconds + Math.floor(i / 100)));
  return `${lines.join('\n')}\n`;
}

export function wafRecord(rand: () => number, epochMs: number): Record<string, unknown> {
  const blocked = rand() < 0.2;
  return {
    timestamp: epochMs,
    formatVersion: 1,
    webaclId: `arn:aws:wafv2:us-east-1:${pick(rand, ACCOUNTS)}:regional/webacl/prod-acl/${uuid(rand)}`,
    terminatingRuleId: blocked ? 'AWS-AWSManagedRulesCommonRuleSet' : 'Default_Action',
    terminatingRuleType: blocked ? 'MANAGED_RULE_GROUP' : 'REGULAR',
    action: blocked ? 'BLOCK' : 'ALLOW',
    terminatingRuleMatchDetails: [],
    httpSourceName: 'ALB',
    httpSourceId: `${pick(rand, ACCOUNTS)}-app/prod-alb/${hex(rand, 16)}`,
    ruleGroupList: [
      {
        ruleGroupId: 'AWS#AWSManagedRulesCommonRuleSet',
        terminatingRule: blocked
          ? { ruleId: 'SizeRestrictions_BODY', action: 'BLOCK', ruleMatchDetails: null }
          : null,
        nonTerminatingMatchingRules: [],
        excludedRules: null,
        customerConfig: null,
      },
    ],
    rateBasedRuleList: [],
    nonTerminatingMatchingRules: [],
    requestHeadersInserted: null,
    responseCodeSent: null,
    httpRequest: {
      clientIp: ip(rand),
      country: pick(rand, ['US', 'DE', 'FR', 'BR', 'IN', 'JP']),
      headers: [
        { name: 'Host', value: 'api.example.com' },
        {
          name: 'User-Agent',
          value: pick(rand, [
            'curl/8.4.0',
            'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)',
            'python-requests/2.31',
          ]),
        },
        { name: 'Accept', value: '*/*' },
        { name: 'X-Forwarded-For', value: ip(rand) },
        { name: 'Content-Type', value: 'application/json' },
      ],
      uri: pick(rand, ['/api/v1/orders', '/login', '/api/v1/users/me', '/health']),
      args: rand() < 0.3 ? `id=${Math.floor(rand() * 1e6)}` : '',
      httpVersion: 'HTTP/1.1',
      httpMethod: pick(rand, ['GET', 'POST', 'PUT']),
      requestId: `1-${hex(rand, 8)}-${hex(rand, 24)}`,
    },
    labels: blocked ? [{ name: 'awswaf:managed:aws:core-rule-set:SizeRestrictions_Body' }] : [],
  };
}

/** Firehose style: records concatenated with no separator. */
export function wafFile(seed: number, count: number, startMs = Date.UTC(2024, 4, 1)): string {
  const rand = seededRandom(seed);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(JSON.stringify(wafRecord(rand, startMs + i * 11)));
  return parts.join('');
}

/**
 * A CloudTrail log object of about `totalBytes` uncompressed, generated as it is read: the
 * large-object memory check never holds (or writes) the whole thing.
 */
export function cloudTrailStream(seed: number, totalBytes: number): Readable {
  const rand = seededRandom(seed);
  let produced = 0;
  let i = 0;
  let done = false;
  return new Readable({
    read() {
      if (done) return;
      if (produced === 0) {
        produced += 12;
        this.push('{"Records":[');
      }
      const parts: string[] = [];
      let size = 0;
      while (size < 1 << 20 && produced + size < totalBytes) {
        const rec = JSON.stringify(cloudTrailRecord(rand, Date.UTC(2024, 4, 1) + i * 37));
        parts.push(i === 0 ? rec : `,${rec}`);
        size += rec.length + 1;
        i++;
      }
      produced += size;
      this.push(parts.join(''));
      if (produced >= totalBytes) {
        this.push(']}');
        this.push(null);
        done = true;
      }
    },
  });
}
