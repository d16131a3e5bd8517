import { gzipSync } from 'node:zlib';
import { archiveBucketName } from '../../../config/archive-names';
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
import { MINER_INSTANCE_ID, MINER_PRIVATE_IP, MINING_POOL_IP, STORY_MINUTES } from './story';

/*
 * Route 53 Resolver query logs of the workload VPC (newline-delimited JSON, format 1.100000, as
 * the log delivery service writes them to the archive's dns bucket): the shop's ordinary lookups,
 * and the mining instance resolving its pool a minute after the SSH session starts.
 */

const QUERIES = 60;
const NAMES: ReadonlyArray<readonly [string, string]> = [
  ['dynamodb.eu-west-1.amazonaws.com.', '52.94.25.10'],
  ['s3.eu-west-1.amazonaws.com.', '52.218.48.12'],
  ['sqs.eu-west-1.amazonaws.com.', '52.94.8.44'],
  ['api.payments.example.com.', '192.0.2.40'],
  ['shop-db.cluster-c1a2b3.eu-west-1.rds.amazonaws.com.', '10.0.2.10'],
  ['repo.maven.apache.org.', '198.51.100.30'],
];
const INSTANCES = [
  { ip: '10.0.1.11', id: 'i-0a1b2c3d4e5f60011' },
  { ip: '10.0.1.12', id: 'i-0a1b2c3d4e5f60012' },
  { ip: '10.0.1.13', id: 'i-0a1b2c3d4e5f60013' },
];
export const DEMO_MINING_POOL_NAME = 'pool.supportxmr.com.';
const DEFAULT_VPC = 'vpc-0a1b2c3d4e5f60718';

export function dnsObjects(ctx: DemoContext): DemoObject[] {
  const account = workloadAccount(ctx.config);
  const vpcs = ctx.config.memberAccounts[0]?.vpcs;
  const vpc = Array.isArray(vpcs) && vpcs[0] ? vpcs[0] : DEFAULT_VPC;
  const random = seededRandom(5353);
  const record = (
    time: number,
    name: string,
    answer: string | undefined,
    src: { ip: string; id: string },
  ) => ({
    version: '1.100000',
    account_id: account.id,
    region: account.region,
    vpc_id: vpc,
    query_timestamp: new Date(Math.floor(time / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    query_name: name,
    query_type: 'A',
    query_class: 'IN',
    rcode: answer === undefined ? 'NXDOMAIN' : 'NOERROR',
    answers: answer === undefined ? [] : [{ Rdata: answer, Type: 'A', Class: 'IN' }],
    srcaddr: src.ip,
    srcport: String(random.int(32768, 60999)),
    transport: 'UDP',
    srcids: { instance: src.id },
  });
  const records = Array.from({ length: QUERIES }, (_, i) => {
    const time = ctx.now - random.int(1 * MINUTE, 55 * MINUTE);
    // Now and then a typo'd internal name: NXDOMAIN, far below the DGA threshold.
    if (i % 20 === 19) return record(time, 'shop-cache.internal.example.', undefined, random.pick(INSTANCES));
    const [name, answer] = random.pick(NAMES);
    return record(time, name, answer, random.pick(INSTANCES));
  });
  const minerAt = ctx.now - (STORY_MINUTES.sshStart - 1) * MINUTE;
  records.push(
    record(minerAt, DEMO_MINING_POOL_NAME, MINING_POOL_IP, { ip: MINER_PRIVATE_IP, id: MINER_INSTANCE_ID }),
  );
  const sorted = byTime(records, (r) => Date.parse(r.query_timestamp));
  const key =
    `AWSLogs/${account.id}/vpcdnsquerylogs/${vpc}/${datePath(ctx.now)}/` +
    `${account.id}_vpcdnsquerylogs_${vpc}_${compactTime(ctx.now)}_demo.log.gz`;
  return [
    {
      bucket: archiveBucketName(ctx.config, 'dns'),
      key,
      body: gzipSync(sorted.map((r) => JSON.stringify(r)).join('\n') + '\n'),
      documents: { dns: sorted.length },
    },
  ];
}
