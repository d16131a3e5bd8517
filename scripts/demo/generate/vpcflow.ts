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
import {
  ATTACKER_IP,
  MINER_ENI,
  MINER_PRIVATE_IP,
  MINING_POOL_IP,
  MINING_POOL_PORT,
  STORY_MINUTES,
} from './story';

/* VPC flow logs of the workload VPC, default (version 2) format, as delivered to S3 with a header line. */

const HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const BACKGROUND_FLOWS = 150;
const TCP = 6;

interface Flow {
  readonly eni: string;
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly action: 'ACCEPT' | 'REJECT';
  /** End of the aggregation interval, epoch ms. */
  readonly end: number;
  readonly packets: number;
  readonly bytes: number;
}

function line(accountId: string, f: Flow): string {
  const end = Math.floor(f.end / 1000);
  return [
    2,
    accountId,
    f.eni,
    f.src,
    f.dst,
    f.srcPort,
    f.dstPort,
    TCP,
    f.packets,
    f.bytes,
    end - 60,
    end,
    f.action,
    'OK',
  ].join(' ');
}

/** Service-to-service traffic inside the VPC and responses to the internet; nothing worth an alert. */
function background(ctx: DemoContext): Flow[] {
  const random = seededRandom(20261125);
  const services = [
    { ip: '10.0.2.14', eni: 'eni-0a1b2c3d4e5f60001', port: 443 },
    { ip: '10.0.2.37', eni: 'eni-0a1b2c3d4e5f60002', port: 8080 },
    { ip: '10.0.3.5', eni: 'eni-0a1b2c3d4e5f60003', port: 5432 },
  ];
  const flows: Flow[] = [];
  for (let i = 0; i < BACKGROUND_FLOWS; i++) {
    const to = random.pick(services);
    const internal = random.next() < 0.8;
    flows.push({
      eni: to.eni,
      src: internal ? `10.0.${random.int(1, 3)}.${random.int(10, 250)}` : `192.0.2.${random.int(1, 250)}`,
      dst: to.ip,
      srcPort: random.int(32768, 60999),
      dstPort: internal ? to.port : 443,
      action: 'ACCEPT',
      end: ctx.now - random.int(1 * MINUTE, 55 * MINUTE),
      packets: random.int(4, 400),
      bytes: random.int(400, 400_000),
    });
  }
  return flows;
}

function attack(ctx: DemoContext): Flow[] {
  const ssh = [0, 1, 2].map((i) => ({
    eni: MINER_ENI,
    src: ATTACKER_IP,
    dst: MINER_PRIVATE_IP,
    srcPort: 50514 + i,
    dstPort: 22,
    action: 'ACCEPT' as const,
    end: ctx.now - (STORY_MINUTES.sshStart - i) * MINUTE,
    packets: 48 + i,
    bytes: 9120 + 512 * i,
  }));
  const mining = [0, 1, 2, 3].map((i) => ({
    eni: MINER_ENI,
    src: MINER_PRIVATE_IP,
    dst: MINING_POOL_IP,
    srcPort: 41000 + i,
    dstPort: MINING_POOL_PORT,
    action: 'ACCEPT' as const,
    end: ctx.now - (STORY_MINUTES.sshStart - 1 - i) * MINUTE,
    packets: 900 + i,
    bytes: 180_000 + 1000 * i,
  }));
  return [...ssh, ...mining];
}

export function vpcFlowObjects(ctx: DemoContext): DemoObject[] {
  const account = workloadAccount(ctx.config);
  const flows = byTime([...background(ctx), ...attack(ctx)], (f) => f.end);
  const body = `${HEADER}\n${flows.map((f) => line(account.id, f)).join('\n')}\n`;
  const key =
    `AWSLogs/${account.id}/vpcflowlogs/${account.region}/${datePath(ctx.now)}/` +
    `${account.id}_vpcflowlogs_${account.region}_fl-0demo0flow0log01_${compactTime(ctx.now)}_demo.log.gz`;
  return [
    {
      bucket: archiveBucketName(ctx.config, 'vpcflow'),
      key,
      body: gzipSync(body),
      documents: { vpcflow: flows.length },
    },
  ];
}
