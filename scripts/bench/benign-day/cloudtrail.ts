import type { CloudTrailRecord } from '../../../detections/cloudtrail/records';
import { cloudTrailRecord } from '../../../detections/cloudtrail/records';
import { sampleUuid } from '../../../detections/samples';
import type { Random } from '../../demo/generate/random';
import { MINUTE, dailyTimes, timesAt, type Span } from './clock';
import { awsService, ciRole, iamUser, roleSession, serviceLinkedRole, ssoUser } from './identities';
import type { BenignAccount } from './organization';

/*
 * A benign day of CloudTrail in one account: what runs there without anyone attacking it.
 * Rates are per hour (see clock.ts) and scale with the kind of account: prod serves traffic all day,
 * dev deploys often, the management and security accounts mostly see people and AWS services.
 *
 * AccessDenied: people browsing the console with a read-only or power-user permission set (4% of
 * their reads), a CI job probing for a stack (one deploy in five), and S3 reads of keys that do not
 * exist by roles without s3:ListBucket (0.5% of reads: S3 answers 403, not 404). Over the day that is
 * about 0.3% of management events and 0.1% of all records; no published per-account rate was found
 * (see the noise-budget notes).
 */

const OFFICE_IPS = ['192.0.2.10', '192.0.2.11', '192.0.2.12', '192.0.2.13'];
const GITHUB_RUNNER_IPS = ['198.51.100.40', '198.51.100.41', '198.51.100.42'];
const BROWSER = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Safari/605.1.15';
const SDK = 'aws-sdk-js/3.700.0 ua/2.1 os/linux#5.10 lang/js md/nodejs#20.18.0 api/ssm#3.700.0';
const CLI_CI =
  'aws-cli/2.22.0 md/awscrt#0.23.0 ua/2.0 os/linux#6.8.0-1017-azure md/arch#x86_64 lang/python#3.12.6';
const INSTANCE_TYPES = ['m6i.large', 't3.medium'];

interface Rates {
  readonly people: number;
  readonly services: number;
  readonly app: number;
  readonly deploysPerDay: number;
  readonly scalingPerDay: number;
  readonly s3DataPerHour: number;
  readonly invokesPerHour: number;
}

const RATES: Readonly<Record<BenignAccount['kind'], Rates>> = {
  prod: {
    people: 1,
    services: 60,
    app: 30,
    deploysPerDay: 3,
    scalingPerDay: 6,
    s3DataPerHour: 120,
    invokesPerHour: 400,
  },
  staging: {
    people: 1,
    services: 30,
    app: 10,
    deploysPerDay: 6,
    scalingPerDay: 2,
    s3DataPerHour: 30,
    invokesPerHour: 60,
  },
  dev: {
    people: 2,
    services: 20,
    app: 6,
    deploysPerDay: 10,
    scalingPerDay: 0,
    s3DataPerHour: 20,
    invokesPerHour: 30,
  },
  sandbox: {
    people: 1,
    services: 6,
    app: 0,
    deploysPerDay: 0,
    scalingPerDay: 0,
    s3DataPerHour: 0,
    invokesPerHour: 0,
  },
  network: {
    people: 0,
    services: 12,
    app: 0,
    deploysPerDay: 1,
    scalingPerDay: 0,
    s3DataPerHour: 0,
    invokesPerHour: 0,
  },
  management: {
    people: 2,
    services: 10,
    app: 0,
    deploysPerDay: 0,
    scalingPerDay: 0,
    s3DataPerHour: 0,
    invokesPerHour: 0,
  },
  'log-archive': {
    people: 0,
    services: 30,
    app: 0,
    deploysPerDay: 0,
    scalingPerDay: 0,
    s3DataPerHour: 0,
    invokesPerHour: 0,
  },
  security: {
    people: 1,
    services: 20,
    app: 0,
    deploysPerDay: 0,
    scalingPerDay: 0,
    s3DataPerHour: 0,
    invokesPerHour: 0,
  },
};

/** What a person's console session reads; the last ones a read-only permission set may not. */
const CONSOLE_READS: ReadonlyArray<readonly [string, string]> = [
  ['ec2.amazonaws.com', 'DescribeInstances'],
  ['ec2.amazonaws.com', 'DescribeSecurityGroups'],
  ['ec2.amazonaws.com', 'DescribeVpcs'],
  ['cloudwatch.amazonaws.com', 'GetMetricData'],
  ['cloudwatch.amazonaws.com', 'DescribeAlarms'],
  ['logs.amazonaws.com', 'DescribeLogGroups'],
  ['logs.amazonaws.com', 'FilterLogEvents'],
  ['lambda.amazonaws.com', 'ListFunctions20150331'],
  ['cloudformation.amazonaws.com', 'DescribeStacks'],
  ['s3.amazonaws.com', 'ListBuckets'],
  ['iam.amazonaws.com', 'ListRoles'],
  ['health.amazonaws.com', 'DescribeEventAggregates'],
  ['ce.amazonaws.com', 'GetCostAndUsage'],
  ['s3.amazonaws.com', 'GetBucketPolicy'],
  ['secretsmanager.amazonaws.com', 'DescribeSecret'],
];
/** Share of a person's console reads that are denied (read-only permission set). */
const CONSOLE_DENIED = 0.04;

/** AWS services and service-linked roles at work. */
const SERVICE_CALLS: ReadonlyArray<readonly [string, string, string]> = [
  // [calling service, event source, event name]
  ['config.amazonaws.com', 'ec2.amazonaws.com', 'DescribeInstances'],
  ['config.amazonaws.com', 'ec2.amazonaws.com', 'DescribeSecurityGroups'],
  ['config.amazonaws.com', 'iam.amazonaws.com', 'GetRole'],
  ['config.amazonaws.com', 's3.amazonaws.com', 'GetBucketEncryption'],
  ['access-analyzer.amazonaws.com', 'iam.amazonaws.com', 'ListRoles'],
  ['securityhub.amazonaws.com', 'ec2.amazonaws.com', 'DescribeFlowLogs'],
  ['guardduty.amazonaws.com', 'ec2.amazonaws.com', 'DescribeInstances'],
];
const SERVICE_LINKED_ROLE: Readonly<Record<string, string>> = {
  'config.amazonaws.com': 'AWSServiceRoleForConfig',
  'access-analyzer.amazonaws.com': 'AWSServiceRoleForAccessAnalyzer',
  'securityhub.amazonaws.com': 'AWSServiceRoleForSecurityHub',
  'guardduty.amazonaws.com': 'AWSServiceRoleForAmazonGuardDuty',
};

export interface CloudTrailDayOptions {
  readonly account: BenignAccount;
  readonly span: Span;
  readonly random: Random;
  readonly s3DataEvents: boolean;
  readonly lambdaDataEvents: boolean;
}

export function cloudTrailDay(opts: CloudTrailDayOptions): CloudTrailRecord[] {
  const { account, span, random } = opts;
  const rates = RATES[account.kind];
  const records: CloudTrailRecord[] = [];
  let n = 0;
  const add = (
    time: number,
    source: string,
    name: string,
    identity: Record<string, unknown>,
    ip: string,
    userAgent: string,
    extra: CloudTrailRecord = {},
  ) => {
    const id = `benign/${account.id}/${n++}`;
    records.push({
      ...cloudTrailRecord(source, name, {
        ...extra,
        userIdentity: identity,
        sourceIPAddress: ip,
        userAgent,
        awsRegion: account.region,
        recipientAccountId: account.id,
      }),
      eventTime: new Date(time).toISOString(),
      eventID: sampleUuid(id),
      requestID: sampleUuid(`${id}/request`),
    });
  };
  const denied = (principal: string, action: string) => ({
    errorCode: 'AccessDenied',
    errorMessage: `User: ${principal} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
  });

  // AWS services: Config, Access Analyzer, Security Hub and GuardDuty reading resources; Lambda and
  // ECS assuming the roles of functions and tasks; KMS used by S3 and Secrets Manager for the apps.
  for (const time of timesAt(random, span, rates.services)) {
    const [service, source, name] = random.pick(SERVICE_CALLS);
    add(
      time,
      source,
      name,
      serviceLinkedRole(account.id, SERVICE_LINKED_ROLE[service]!, service),
      service,
      service,
    );
  }
  for (const time of timesAt(random, span, rates.app > 0 ? rates.services / 2 : 0)) {
    const service = random.pick(['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com']);
    add(time, 'sts.amazonaws.com', 'AssumeRole', awsService(service), service, service, {
      requestParameters: {
        roleArn: `arn:aws:iam::${account.id}:role/orders-api`,
        roleSessionName: `${service.split('.')[0]}-${random.int(1000, 9999)}`,
      },
    });
  }
  for (const time of timesAt(random, span, rates.app)) {
    const via = random.pick(['s3.amazonaws.com', 'secretsmanager.amazonaws.com', 'ssm.amazonaws.com']);
    add(
      time,
      'kms.amazonaws.com',
      random.pick(['Decrypt', 'GenerateDataKey']),
      roleSession(account.id, 'orders-api', `task-${random.int(1, 12)}`, { invokedBy: via }),
      via,
      via,
      { readOnly: true },
    );
  }

  // The applications themselves: configuration and secrets at start-up, image pulls.
  for (const time of timesAt(random, span, rates.app / 3)) {
    const app = roleSession(account.id, 'orders-api', `task-${random.int(1, 12)}`);
    const ip = `10.0.${random.int(1, 3)}.${random.int(10, 250)}`;
    const [source, name, params] = random.pick([
      ['ssm.amazonaws.com', 'GetParameters', { names: ['/orders/db-host', '/orders/queue-url'] }],
      ['secretsmanager.amazonaws.com', 'GetSecretValue', { secretId: 'orders/db-password' }],
      ['ecr.amazonaws.com', 'GetAuthorizationToken', {}],
    ] as const);
    add(time, source, name, app, ip, SDK, { requestParameters: params });
  }

  // People in the console (office hours), through IAM Identity Center; IAM users with MFA in the
  // sandboxes and the management account sign in directly.
  const people = Array.from({ length: rates.people }, (_, i) => `person${i + 1}.${account.name}@example.com`);
  for (const [i, email] of people.entries()) {
    const direct = account.kind === 'sandbox' || account.kind === 'management';
    const who = direct
      ? iamUser(account.id, email.split('@')[0]!)
      : ssoUser(account.id, i === 0 ? 'ReadOnly' : 'PowerUser', email);
    const ip = OFFICE_IPS[i % OFFICE_IPS.length]!;
    const sessions = dailyTimes(random, span, 2, true);
    for (const start of sessions) {
      add(start, 'signin.amazonaws.com', 'ConsoleLogin', who, ip, BROWSER, {
        eventType: 'AwsConsoleSignIn',
        readOnly: false,
        responseElements: { ConsoleLogin: 'Success' },
        additionalEventData: {
          LoginTo: 'https://console.aws.amazon.com/console/home',
          MobileVersion: 'No',
          MFAUsed: direct ? 'Yes' : 'No',
        },
      });
      const reads = random.int(15, 60);
      for (let r = 0; r < reads; r++) {
        const [source, name] = random.pick(CONSOLE_READS);
        const time = start + random.int(1, 50) * MINUTE;
        const deny = random.next() < CONSOLE_DENIED;
        add(
          time,
          source,
          name,
          who,
          ip,
          BROWSER,
          deny ? denied(String(who.arn), `${source.split('.')[0]}:${name}`) : {},
        );
      }
    }
  }

  // Deployments: a GitHub Actions job assumes the deploy role (OIDC), pushes an image and runs a
  // CloudFormation change set; CloudFormation updates the function and the service with it.
  for (const [d, time] of dailyTimes(random, span, rates.deploysPerDay, true).entries()) {
    const run = 9_000_000 + Number(account.id.slice(-4)) * 100 + d;
    const ci = ciRole(account.id, run);
    const ip = random.pick(GITHUB_RUNNER_IPS);
    add(
      time,
      'sts.amazonaws.com',
      'AssumeRoleWithWebIdentity',
      {
        type: 'WebIdentityUser',
        principalId: `arn:aws:iam::${account.id}:oidc-provider/token.actions.githubusercontent.com:sts.amazonaws.com:repo:example/orders:ref:refs/heads/main`,
        userName: 'repo:example/orders:ref:refs/heads/main',
        identityProvider: `arn:aws:iam::${account.id}:oidc-provider/token.actions.githubusercontent.com`,
      },
      ip,
      CLI_CI,
      {
        requestParameters: {
          roleArn: `arn:aws:iam::${account.id}:role/github-deploy`,
          roleSessionName: `gha-${run}`,
        },
      },
    );
    let t = time + 20_000;
    const step = (source: string, name: string, extra: CloudTrailRecord = {}) => {
      t += random.int(2, 20) * 1000;
      add(t, source, name, ci, ip, CLI_CI, extra);
    };
    step('ecr.amazonaws.com', 'GetAuthorizationToken');
    step('ecr.amazonaws.com', 'InitiateLayerUpload');
    step('ecr.amazonaws.com', 'PutImage', {
      requestParameters: { repositoryName: 'orders', imageTag: `sha-${run}` },
    });
    // A job looking for a stack before creating it: denied for a stack outside its prefix, now and then.
    if (random.next() < 0.2)
      step(
        'cloudformation.amazonaws.com',
        'DescribeStacks',
        denied(String(ci.arn), 'cloudformation:DescribeStacks'),
      );
    step('cloudformation.amazonaws.com', 'CreateChangeSet', { requestParameters: { stackName: 'orders' } });
    step('cloudformation.amazonaws.com', 'DescribeChangeSet');
    step('cloudformation.amazonaws.com', 'ExecuteChangeSet', { requestParameters: { stackName: 'orders' } });
    const cfn = roleSession(account.id, 'github-deploy', `gha-${run}`, {
      invokedBy: 'cloudformation.amazonaws.com',
    });
    const byStack = (source: string, name: string, extra: CloudTrailRecord = {}) => {
      t += random.int(5, 40) * 1000;
      add(t, source, name, cfn, 'cloudformation.amazonaws.com', 'cloudformation.amazonaws.com', extra);
    };
    if (account.kind !== 'network') {
      byStack('lambda.amazonaws.com', 'UpdateFunctionCode20150331v2', {
        requestParameters: { functionName: 'orders-api' },
      });
      byStack('lambda.amazonaws.com', 'UpdateFunctionConfiguration20150331v2', {
        requestParameters: { functionName: 'orders-api' },
      });
      byStack('ecs.amazonaws.com', 'RegisterTaskDefinition', {
        requestParameters: { family: 'orders-worker' },
      });
      byStack('ecs.amazonaws.com', 'UpdateService', {
        requestParameters: { service: 'orders-worker', cluster: 'orders' },
      });
    } else {
      byStack('ec2.amazonaws.com', 'CreateTags');
    }
  }

  // Auto Scaling: scale out (instances launched by the service-linked role, their encrypted volumes
  // granted to EC2 by KMS) and back in a while later.
  for (const time of dailyTimes(random, span, rates.scalingPerDay)) {
    const asg = serviceLinkedRole(account.id, 'AWSServiceRoleForAutoScaling', 'autoscaling.amazonaws.com');
    const count = random.int(1, 3);
    const type = random.pick(INSTANCE_TYPES);
    const ids = Array.from(
      { length: count },
      (_, i) => `i-0${account.id.slice(-6)}${String(time % 1e7).padStart(7, '0')}${i}`,
    );
    add(
      time,
      'ec2.amazonaws.com',
      'RunInstances',
      asg,
      'autoscaling.amazonaws.com',
      'autoscaling.amazonaws.com',
      {
        requestParameters: { instanceType: type, minCount: count, maxCount: count },
        responseElements: {
          instancesSet: { items: ids.map((instanceId) => ({ instanceId, instanceType: type })) },
        },
      },
    );
    for (const _ of ids)
      add(
        time + 2000,
        'kms.amazonaws.com',
        'CreateGrant',
        asg,
        'autoscaling.amazonaws.com',
        'autoscaling.amazonaws.com',
        {
          requestParameters: {
            granteePrincipal: 'ec2.eu-west-1.amazonaws.com',
            operations: [
              'Decrypt',
              'GenerateDataKeyWithoutPlaintext',
              'ReEncryptFrom',
              'ReEncryptTo',
              'CreateGrant',
            ],
          },
        },
      );
    add(
      time + random.int(40, 180) * MINUTE,
      'ec2.amazonaws.com',
      'TerminateInstances',
      asg,
      'autoscaling.amazonaws.com',
      'autoscaling.amazonaws.com',
      {
        requestParameters: { instancesSet: { items: ids.map((instanceId) => ({ instanceId })) } },
      },
    );
  }

  // Data events where the trail logs them: the application's objects, and the API's invocations.
  if (opts.s3DataEvents) {
    for (const time of timesAt(random, span, rates.s3DataPerHour)) {
      const app = roleSession(account.id, 'orders-api', `task-${random.int(1, 12)}`);
      const name = random.pick(['GetObject', 'GetObject', 'PutObject']);
      const key = `exports/2026/orders-${random.int(1, 99999)}.json`;
      // A read of a key not (yet) written: 403 to a role without s3:ListBucket.
      const missing = name === 'GetObject' && random.next() < 0.005;
      add(time, 's3.amazonaws.com', name, app, `10.0.${random.int(1, 3)}.${random.int(10, 250)}`, SDK, {
        eventCategory: 'Data',
        managementEvent: false,
        readOnly: name === 'GetObject',
        requestParameters: { bucketName: `orders-exports-${account.id}`, key },
        resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::orders-exports-${account.id}/${key}` }],
        ...(missing ? { errorCode: 'AccessDenied', errorMessage: 'Access Denied' } : {}),
      });
    }
  }
  if (opts.lambdaDataEvents) {
    for (const time of timesAt(random, span, rates.invokesPerHour)) {
      add(
        time,
        'lambda.amazonaws.com',
        'Invoke',
        awsService('apigateway.amazonaws.com'),
        'apigateway.amazonaws.com',
        'apigateway.amazonaws.com',
        {
          eventCategory: 'Data',
          managementEvent: false,
          readOnly: false,
          requestParameters: {
            functionName: `arn:aws:lambda:${account.region}:${account.id}:function:orders-api`,
          },
        },
      );
    }
  }
  return records.sort((a, b) => String(a.eventTime).localeCompare(String(b.eventTime)));
}
