import { ocsfApiActivity, ocsfFinding } from '../../../detections/ocsf';
import { MINUTE, byTime, workloadAccount, type DemoContext, type DemoObject } from './context';
import { OCSF_SCHEMAS, writeOcsfParquet } from './ocsf-parquet';
import { seededRandom } from './random';
import { ATTACKER_IP, LEAKED_KEY_USER, MINER_INSTANCE_ID, STORY_MINUTES } from './story';

/*
 * Amazon Security Lake objects of the workload account (OCSF 1.1 Parquet, GZIP pages, in the
 * lake's `aws/<SOURCE>/2.0/region=…/accountId=…/eventDay=…/` layout): CloudTrail management events
 * as API Activity, with the attack's StopLogging among them, and Security Hub findings as Detection
 * Findings, with the GuardDuty Bitcoin finding. The bucket is the config's lake, or a demo name.
 */

const API_EVENTS = 40;
const READS = [
  'DescribeInstances',
  'GetBucketAcl',
  'ListRoles',
  'DescribeSecurityGroups',
  'GetCallerIdentity',
];
const DEMO_LAKE_SUFFIX = 'demo0lake';

function lakeKey(source: string, account: string, region: string, now: number): string {
  const day = new Date(now).toISOString().slice(0, 10).replaceAll('-', '');
  return `aws/${source}/2.0/region=${region}/accountId=${account}/eventDay=${day}/${source.toLowerCase()}-${now}.gz.parquet`;
}

export function ocsfObjects(ctx: DemoContext): DemoObject[] {
  const account = workloadAccount(ctx.config);
  const bucket =
    ctx.config.securityLake?.bucketName ??
    `aws-security-data-lake-${ctx.config.homeRegion}-${DEMO_LAKE_SUFFIX}`;
  const random = seededRandom(6003);
  const cloud = { region: account.region, provider: 'AWS', account: { uid: account.id } };
  const apiEvents = Array.from({ length: API_EVENTS }, (_, i) =>
    ocsfApiActivity(random.pick(READS), {
      time: ctx.now - random.int(1 * MINUTE, 55 * MINUTE),
      cloud,
      metadata: { uid: `demo-api-${i}` },
      activity_name: 'Read',
      activity_id: 2,
      actor: {
        user: { name: random.pick(['deploy', 'ops-admin', 'ci-runner']), account: { uid: account.id } },
      },
      src_endpoint: { ip: `10.0.1.${random.int(10, 60)}` },
    }),
  );
  apiEvents.push(
    ocsfApiActivity('StopLogging', {
      time: ctx.now - STORY_MINUTES.stopLogging * MINUTE,
      cloud,
      metadata: { uid: 'demo-stop-logging' },
      actor: {
        user: {
          type: 'IAMUser',
          name: LEAKED_KEY_USER,
          uid: 'AIDADEMOBUILDBOT',
          account: { uid: account.id },
        },
      },
      src_endpoint: { ip: ATTACKER_IP },
    }),
  );
  const findings = [
    ocsfFinding('EC2 instance is querying a domain name associated with Bitcoin', 4, {
      time: ctx.now - STORY_MINUTES.finding * MINUTE,
      cloud,
      resources: [{ uid: MINER_INSTANCE_ID, type: 'AwsEc2Instance', region: account.region }],
    }),
    ocsfFinding('S3 general purpose buckets should block public access', 3, {
      time: ctx.now - 30 * MINUTE,
      cloud,
    }),
  ];
  const sortedApi = byTime(apiEvents, (e) => e.time as number);
  return [
    {
      bucket,
      key: lakeKey('CLOUD_TRAIL_MGMT', account.id, account.region, ctx.now),
      body: writeOcsfParquet(OCSF_SCHEMAS.apiActivity, sortedApi, { rowGroupSize: 16 }),
      documents: { ocsf: sortedApi.length },
    },
    {
      bucket,
      key: lakeKey('SH_FINDINGS', account.id, account.region, ctx.now),
      body: writeOcsfParquet(OCSF_SCHEMAS.detectionFinding, findings),
      documents: { ocsf: findings.length },
    },
  ];
}
