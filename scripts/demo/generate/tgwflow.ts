import { gzipSync } from 'node:zlib';
import { archiveBucketName } from '../../../config/archive-names';
import { TGW_FLOW_DEFAULT_FIELDS } from '../../../functions/ingest/parsers/tgwflow';
import { MINUTE, byTime, compactTime, datePath, type DemoContext, type DemoObject } from './context';
import { seededRandom } from './random';

/*
 * Transit Gateway flow logs of the network account's transit gateway (default format, as the log
 * delivery service writes them to the archive's tgwflow bucket): the workload VPC calling shared
 * services in the network VPC, and a few flows to a decommissioned range dropped on its blackhole
 * route, fewer than the dropped-flows detection needs.
 */

const FLOWS = 48;
const DROPPED = 4;
const WORKLOAD_HOSTS = ['10.0.1.11', '10.0.1.12', '10.0.1.13'];
const SHARED_SERVICES: ReadonlyArray<readonly [string, number]> = [
  ['10.100.0.10', 53],
  ['10.100.0.20', 443],
  ['10.100.0.30', 8443],
  ['10.100.1.15', 5432],
];
const TGW = 'tgw-0a1b2c3d4e5f60718';

export function tgwFlowObjects(ctx: DemoContext): DemoObject[] {
  // The transit gateway belongs to the last member (the shared network account of the example).
  const owner = ctx.config.memberAccounts.at(-1) ?? ctx.config.memberAccounts[0]!;
  const workload = ctx.config.memberAccounts[0]!;
  const region = workload.regions[0] ?? ctx.config.homeRegion;
  const random = seededRandom(6006);
  const line = (at: number, src: string, dst: string, dstport: number, lostBlackhole: number) => {
    const start = Math.floor(at / 1000) - 60;
    const packets = lostBlackhole > 0 ? lostBlackhole : random.int(4, 400);
    const values: Record<(typeof TGW_FLOW_DEFAULT_FIELDS)[number], string | number> = {
      version: 6,
      'resource-type': 'TransitGateway',
      'account-id': owner.id,
      'tgw-id': TGW,
      'tgw-attachment-id': 'tgw-attach-0aa11bb22cc33dd44',
      'tgw-src-vpc-account-id': workload.id,
      'tgw-dst-vpc-account-id': owner.id,
      'tgw-src-vpc-id': 'vpc-0a1b2c3d4e5f60718',
      'tgw-dst-vpc-id': 'vpc-0e1f2a3b4c5d60999',
      'tgw-src-subnet-id': 'subnet-0a1b2c3d4e5f60011',
      'tgw-dst-subnet-id': lostBlackhole > 0 ? '-' : 'subnet-0e1f2a3b4c5d60022',
      'tgw-src-eni': 'eni-0a1b2c3d4e5f60101',
      'tgw-dst-eni': lostBlackhole > 0 ? '-' : 'eni-0e1f2a3b4c5d60202',
      'tgw-src-az-id': 'euw1-az1',
      'tgw-dst-az-id': lostBlackhole > 0 ? '-' : 'euw1-az1',
      'tgw-pair-attachment-id': lostBlackhole > 0 ? '-' : 'tgw-attach-0ee55ff66aa77bb88',
      srcaddr: src,
      dstaddr: dst,
      srcport: random.int(32768, 60999),
      dstport,
      protocol: dstport === 53 ? 17 : 6,
      packets,
      bytes: packets * random.int(60, 1400),
      start,
      end: start + 60,
      'log-status': 'OK',
      type: 'IPv4',
      'packets-lost-no-route': 0,
      'packets-lost-blackhole': lostBlackhole,
      'packets-lost-mtu-exceeded': 0,
      'packets-lost-ttl-expired': 0,
      'tcp-flags': dstport === 53 ? 0 : 19,
      region,
      'flow-direction': 'egress',
      'pkt-src-aws-service': '-',
      'pkt-dst-aws-service': '-',
    };
    return { start, text: TGW_FLOW_DEFAULT_FIELDS.map((f) => values[f]).join(' ') };
  };
  const lines = [
    ...Array.from({ length: FLOWS }, () => {
      const [dst, port] = random.pick(SHARED_SERVICES);
      return line(ctx.now - random.int(2 * MINUTE, 55 * MINUTE), random.pick(WORKLOAD_HOSTS), dst, port, 0);
    }),
    ...Array.from({ length: DROPPED }, (_, i) =>
      line(ctx.now - random.int(2 * MINUTE, 55 * MINUTE), WORKLOAD_HOSTS[0]!, `10.200.0.${10 + i}`, 443, 3),
    ),
  ];
  const sorted = byTime(lines, (l) => l.start);
  const key =
    `AWSLogs/${owner.id}/vpcflowlogs/${region}/${datePath(ctx.now)}/` +
    `${owner.id}_vpcflowlogs_${region}_fl-0c1d2e3f4a5b60777_${compactTime(ctx.now)}_demo.log.gz`;
  return [
    {
      bucket: archiveBucketName(ctx.config, 'tgwflow'),
      key,
      body: gzipSync(`${TGW_FLOW_DEFAULT_FIELDS.join(' ')}\n${sorted.map((l) => l.text).join('\n')}\n`),
      documents: { tgwflow: sorted.length },
    },
  ];
}
