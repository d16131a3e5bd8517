import { gzipSync } from 'node:zlib';
import { organizationTrailArn, archiveBucketName } from '../../../config/archive-names';
import { cloudTrailRecord, type CloudTrailRecord } from '../../../detections/cloudtrail/records';
import { sampleUuid } from '../../../detections/samples';
import {
  MINUTE,
  byTime,
  compactTime,
  datePath,
  workloadAccount,
  type DemoContext,
  type DemoObject,
} from './context';
import { seededRandom } from './random';
import {
  ATTACKER_IP,
  LEAKED_KEY_USER,
  MINER_INSTANCE_ID,
  MINER_INSTANCE_TYPE,
  MINER_PRIVATE_IP,
  PROBED_BUCKET,
  S3_DENIED_GET_OBJECT,
  S3_DENIED_LIST_OBJECTS,
  STORY_MINUTES,
} from './story';

/* CloudTrail log files of the organization trail: everyday API activity plus the attack's calls. */

const BACKGROUND_RECORDS_PER_ACCOUNT = 60;
const OFFICE_IPS = ['192.0.2.10', '192.0.2.11', '192.0.2.12'];
const BROWSER = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Safari/605.1.15';

const iamUser = (accountId: string, userName: string) => ({
  type: 'IAMUser',
  principalId: `AIDA${sampleUuid(`${accountId}/${userName}`).replaceAll('-', '').slice(0, 17).toUpperCase()}`,
  arn: `arn:aws:iam::${accountId}:user/${userName}`,
  accountId,
  accessKeyId: `AKIA${sampleUuid(`key/${accountId}/${userName}`).replaceAll('-', '').slice(0, 16).toUpperCase()}`,
  userName,
});

const assumedRole = (accountId: string, role: string, session: string) => ({
  type: 'AssumedRole',
  principalId: `AROA${role.toUpperCase().replaceAll('-', '')}:${session}`,
  arn: `arn:aws:sts::${accountId}:assumed-role/${role}/${session}`,
  accountId,
  sessionContext: {
    sessionIssuer: {
      type: 'Role',
      principalId: `AROA${role.toUpperCase().replaceAll('-', '')}`,
      arn: `arn:aws:iam::${accountId}:role/${role}`,
      accountId,
      userName: role,
    },
  },
});

const rootIdentity = (accountId: string) => ({
  type: 'Root',
  principalId: accountId,
  arn: `arn:aws:iam::${accountId}:root`,
  accountId,
});

interface Call {
  readonly source: string;
  readonly name: string;
  readonly overrides?: CloudTrailRecord;
}

/** Routine calls: deployments, applications, people reading the console. None is an alert on its own. */
const ROUTINE_CALLS: readonly Call[] = [
  { source: 'ec2.amazonaws.com', name: 'DescribeInstances' },
  { source: 'ec2.amazonaws.com', name: 'DescribeSecurityGroups' },
  { source: 'sts.amazonaws.com', name: 'GetCallerIdentity' },
  { source: 'iam.amazonaws.com', name: 'ListRoles' },
  {
    source: 'ssm.amazonaws.com',
    name: 'GetParameter',
    overrides: { requestParameters: { name: '/orders/db-host' } },
  },
  { source: 'logs.amazonaws.com', name: 'DescribeLogGroups' },
  { source: 'lambda.amazonaws.com', name: 'ListFunctions20150331' },
  { source: 'cloudformation.amazonaws.com', name: 'DescribeStacks' },
  { source: 's3.amazonaws.com', name: 'ListBuckets' },
  { source: 'kms.amazonaws.com', name: 'Decrypt', overrides: { readOnly: true } },
];

/** A console sign-in that succeeded, with or without MFA. */
const consoleSignIn = (mfa: 'Yes' | 'No'): Call => ({
  source: 'signin.amazonaws.com',
  name: 'ConsoleLogin',
  overrides: {
    eventType: 'AwsConsoleSignIn',
    readOnly: false,
    userAgent: BROWSER,
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: {
      LoginTo: 'https://console.aws.amazon.com/console/home',
      MobileVersion: 'No',
      MFAUsed: mfa,
    },
  },
});

function record(
  call: Call,
  account: { id: string; region: string },
  time: number,
  identity: Record<string, unknown>,
  sourceIPAddress: string,
  eventId: string,
): CloudTrailRecord {
  return {
    ...cloudTrailRecord(call.source, call.name, {
      ...call.overrides,
      userIdentity: identity,
      awsRegion: account.region,
      sourceIPAddress,
      recipientAccountId: account.id,
    }),
    eventTime: new Date(time).toISOString(),
    eventID: sampleUuid(`demo/${eventId}`),
    requestID: sampleUuid(`demo/request/${eventId}`),
  };
}

function background(ctx: DemoContext, account: { id: string; region: string }): CloudTrailRecord[] {
  const random = seededRandom(Number(account.id.slice(-6)));
  const people = [iamUser(account.id, 'alice'), iamUser(account.id, 'bob')];
  const records: CloudTrailRecord[] = [];
  for (let i = 0; i < BACKGROUND_RECORDS_PER_ACCOUNT; i++) {
    const time = ctx.now - random.int(1 * MINUTE, 55 * MINUTE);
    const byPerson = random.next() < 0.3;
    const identity = byPerson
      ? random.pick(people)
      : assumedRole(account.id, random.pick(['deploy', 'orders-api']), `session-${random.int(1, 9)}`);
    const ip = byPerson ? random.pick(OFFICE_IPS) : `10.0.${random.int(1, 3)}.${random.int(10, 250)}`;
    records.push(record(random.pick(ROUTINE_CALLS), account, time, identity, ip, `${account.id}/bg/${i}`));
  }
  // A person signing in to the console the proper way: with MFA.
  records.push({
    ...record(
      consoleSignIn('Yes'),
      account,
      ctx.now - 40 * MINUTE,
      people[0] ?? {},
      OFFICE_IPS[0] ?? '192.0.2.10',
      `${account.id}/signin/alice`,
    ),
  });
  return records;
}

function managementAttack(ctx: DemoContext, account: { id: string; region: string }): CloudTrailRecord[] {
  const root = rootIdentity(account.id);
  const signIn = record(
    consoleSignIn('No'),
    // Root sign-ins are recorded in us-east-1.
    { id: account.id, region: 'us-east-1' },
    ctx.now - STORY_MINUTES.rootSignIn * MINUTE,
    root,
    ATTACKER_IP,
    'attack/root-signin',
  );
  const stopLogging = record(
    {
      source: 'cloudtrail.amazonaws.com',
      name: 'StopLogging',
      overrides: {
        userAgent: BROWSER,
        requestParameters: { name: organizationTrailArn(ctx.config) },
      },
    },
    { id: account.id, region: ctx.config.homeRegion },
    ctx.now - STORY_MINUTES.stopLogging * MINUTE,
    root,
    ATTACKER_IP,
    'attack/stop-logging',
  );
  return [signIn, stopLogging];
}

function workloadAttack(ctx: DemoContext, account: { id: string; region: string }): CloudTrailRecord[] {
  const leaked = iamUser(account.id, LEAKED_KEY_USER);
  const launch = record(
    {
      source: 'ec2.amazonaws.com',
      name: 'RunInstances',
      overrides: {
        requestParameters: {
          instanceType: MINER_INSTANCE_TYPE,
          instancesSet: { items: [{ imageId: 'ami-0d1e2f3a4b5c6d7e8', minCount: 1, maxCount: 1 }] },
        },
        responseElements: {
          reservationId: 'r-0c0ffee0c0ffee001',
          instancesSet: {
            items: [
              {
                instanceId: MINER_INSTANCE_ID,
                instanceType: MINER_INSTANCE_TYPE,
                imageId: 'ami-0d1e2f3a4b5c6d7e8',
                privateIpAddress: MINER_PRIVATE_IP,
              },
            ],
          },
        },
      },
    },
    account,
    ctx.now - STORY_MINUTES.runInstances * MINUTE,
    leaked,
    ATTACKER_IP,
    'attack/run-instances',
  );
  const denied = (name: string, i: number, key?: string) =>
    record(
      {
        source: 's3.amazonaws.com',
        name,
        overrides: {
          errorCode: 'AccessDenied',
          errorMessage: 'Access Denied',
          eventCategory: 'Data',
          managementEvent: false,
          readOnly: true,
          requestParameters: { bucketName: `${PROBED_BUCKET}-${account.id}`, ...(key ? { key } : {}) },
        },
      },
      account,
      // Two calls every 10 seconds or so, from 11 minutes ago.
      ctx.now - STORY_MINUTES.s3ProbeStart * MINUTE + i * 5_000,
      leaked,
      ATTACKER_IP,
      `attack/s3/${name}/${i}`,
    );
  const probes = [
    ...Array.from({ length: S3_DENIED_GET_OBJECT }, (_, i) =>
      denied('GetObject', i, `exports/2026/q${(i % 4) + 1}/payroll-${i}.csv`),
    ),
    ...Array.from({ length: S3_DENIED_LIST_OBJECTS }, (_, i) =>
      denied('ListObjects', S3_DENIED_GET_OBJECT + i),
    ),
  ];
  return [launch, ...probes];
}

function trailFile(
  ctx: DemoContext,
  accountId: string,
  region: string,
  records: CloudTrailRecord[],
): DemoObject {
  const sorted = byTime(records, (r) => Date.parse(String(r.eventTime)));
  const key =
    `AWSLogs/${ctx.config.organization.id}/${accountId}/CloudTrail/${region}/${datePath(ctx.now)}/` +
    `${accountId}_CloudTrail_${region}_${compactTime(ctx.now)}_demo${accountId.slice(-4)}.json.gz`;
  return {
    bucket: archiveBucketName(ctx.config, 'cloudtrail'),
    key,
    body: gzipSync(JSON.stringify({ Records: sorted })),
    documents: { cloudtrail: sorted.length },
  };
}

/** One log file per account and region, as the organization trail delivers them. */
export function cloudTrailObjects(ctx: DemoContext): DemoObject[] {
  const management = { id: ctx.config.organization.managementAccountId, region: ctx.config.homeRegion };
  const workload = workloadAccount(ctx.config);
  const records = [
    ...background(ctx, management),
    ...managementAttack(ctx, management),
    ...background(ctx, workload),
    ...workloadAttack(ctx, workload),
  ];
  const files = new Map<string, CloudTrailRecord[]>();
  for (const r of records) {
    const where = `${String(r.recipientAccountId)}/${String(r.awsRegion)}`;
    files.set(where, [...(files.get(where) ?? []), r]);
  }
  return [...files].map(([where, list]) => {
    const [accountId = '', region = ''] = where.split('/');
    return trailFile(ctx, accountId, region, list);
  });
}
