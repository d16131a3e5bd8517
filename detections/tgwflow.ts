import { TGW_FLOW_DEFAULT_FIELDS } from '../functions/ingest/parsers/tgwflow';
import { MITRE } from './mitre';
import { SAMPLE_ACCOUNT_ID, SAMPLE_REGION } from './samples';
import type { Detection } from './types';

/*
 * Transit Gateway flow logs (default format): the traffic between VPCs and accounts, where
 * segmentation is enforced by routes. A compromised host probing other VPCs shows as flows the
 * transit gateway dropped (no route, blackhole route) and as one address reaching many hosts.
 */

/** Transit gateway flow logs aggregate over 60 s and are delivered every few minutes. */
const TGW_SCHEDULE_MINUTES = 5;
const TGW_LOOKBACK_MINUTES = 20;
/** Flows from one address the transit gateway dropped for want of a route. */
const DROPPED_FLOWS_PER_SOURCE = 20;
/** Distinct hosts in other VPCs one address reached through the transit gateway. */
const HOSTS_PER_SOURCE = 50;

const SAMPLE_HOST_IP = '10.20.1.15';
const OTHER_HOST_IP = '10.20.1.16';

export interface TgwFlow {
  readonly srcaddr: string;
  readonly dstaddr: string;
  readonly dstport?: number;
  /** Packets dropped for want of a route and by a blackhole route. @default 0 */
  readonly lostNoRoute?: number;
  readonly lostBlackhole?: number;
}

/** One Transit Gateway flow log line in the default format (tgwflow.ts `TGW_FLOW_DEFAULT_FIELDS`). */
export function tgwFlowLine(flow: TgwFlow): string {
  const start = 1768471200;
  const values: Record<(typeof TGW_FLOW_DEFAULT_FIELDS)[number], string | number> = {
    version: 6,
    'resource-type': 'TransitGateway',
    'account-id': SAMPLE_ACCOUNT_ID,
    'tgw-id': 'tgw-0a1b2c3d4e5f60718',
    'tgw-attachment-id': 'tgw-attach-0aa11bb22cc33dd44',
    'tgw-src-vpc-account-id': SAMPLE_ACCOUNT_ID,
    'tgw-dst-vpc-account-id': '444444444444',
    'tgw-src-vpc-id': 'vpc-0a1b2c3d4e5f60001',
    'tgw-dst-vpc-id': 'vpc-0a1b2c3d4e5f60002',
    'tgw-src-subnet-id': 'subnet-0a1b2c3d4e5f60011',
    'tgw-dst-subnet-id': 'subnet-0a1b2c3d4e5f60022',
    'tgw-src-eni': 'eni-0a1b2c3d4e5f60101',
    'tgw-dst-eni': 'eni-0a1b2c3d4e5f60202',
    'tgw-src-az-id': 'euw1-az1',
    'tgw-dst-az-id': 'euw1-az2',
    'tgw-pair-attachment-id': 'tgw-attach-0ee55ff66aa77bb88',
    srcaddr: flow.srcaddr,
    dstaddr: flow.dstaddr,
    srcport: 49152,
    dstport: flow.dstport ?? 443,
    protocol: 6,
    packets: 4,
    bytes: 240,
    start,
    end: start + 60,
    'log-status': 'OK',
    type: 'IPv4',
    'packets-lost-no-route': flow.lostNoRoute ?? 0,
    'packets-lost-blackhole': flow.lostBlackhole ?? 0,
    'packets-lost-mtu-exceeded': 0,
    'packets-lost-ttl-expired': 0,
    'tcp-flags': 2,
    region: SAMPLE_REGION,
    'flow-direction': 'egress',
    'pkt-src-aws-service': '-',
    'pkt-dst-aws-service': '-',
  };
  return TGW_FLOW_DEFAULT_FIELDS.map((field) => values[field]).join(' ');
}

const hostIn = (n: number) => `10.30.${Math.floor(n / 250)}.${(n % 250) + 1}`;

export const tgwFlowDetections: readonly Detection[] = [
  {
    id: 'tgwflow-dropped-flows-from-source',
    title: 'One address repeatedly sending traffic the transit gateway cannot route',
    description: `The transit gateway dropped ${DROPPED_FLOWS_PER_SOURCE} or more flows from one address for want of a route or on a blackhole route: a host probing networks it was segmented from, or a routing change that broke an application.`,
    severity: 3,
    mitre: MITRE.networkServiceDiscovery,
    logType: 'tgwflow',
    query: {
      bool: {
        filter: [
          {
            bool: {
              should: [
                { range: { packets_lost_no_route: { gt: 0 } } },
                { range: { packets_lost_blackhole: { gt: 0 } } },
              ],
              minimum_should_match: 1,
            },
          },
        ],
      },
    },
    condition: { kind: 'bucket', field: 'srcaddr', minCount: DROPPED_FLOWS_PER_SOURCE },
    scheduleMinutes: TGW_SCHEDULE_MINUTES,
    lookbackMinutes: TGW_LOOKBACK_MINUTES,
    positiveSamples: [
      ...Array.from({ length: DROPPED_FLOWS_PER_SOURCE / 2 }, (_, i) =>
        tgwFlowLine({ srcaddr: SAMPLE_HOST_IP, dstaddr: hostIn(i), lostBlackhole: 4 }),
      ),
      ...Array.from({ length: DROPPED_FLOWS_PER_SOURCE / 2 }, (_, i) =>
        tgwFlowLine({ srcaddr: SAMPLE_HOST_IP, dstaddr: hostIn(100 + i), lostNoRoute: 4 }),
      ),
    ],
    negativeSamples: [
      // One flow short of the threshold; as many forwarded flows; drops spread over two sources.
      ...Array.from({ length: DROPPED_FLOWS_PER_SOURCE - 1 }, (_, i) =>
        tgwFlowLine({ srcaddr: SAMPLE_HOST_IP, dstaddr: hostIn(i), lostBlackhole: 4 }),
      ),
      ...Array.from({ length: DROPPED_FLOWS_PER_SOURCE }, (_, i) =>
        tgwFlowLine({ srcaddr: OTHER_HOST_IP, dstaddr: hostIn(200 + i) }),
      ),
      tgwFlowLine({ srcaddr: OTHER_HOST_IP, dstaddr: hostIn(300), lostNoRoute: 1 }),
    ],
  },
  {
    id: 'tgwflow-host-sweep-across-vpcs',
    title: 'One address reaching many hosts in other VPCs through the transit gateway',
    description: `One address sent traffic to ${HOSTS_PER_SOURCE} or more distinct hosts across the transit gateway in the window: a sweep for lateral movement between VPCs or accounts.`,
    severity: 3,
    mitre: MITRE.networkServiceDiscovery,
    logType: 'tgwflow',
    query: { bool: { filter: [{ exists: { field: 'dstaddr' } }] } },
    condition: {
      kind: 'cardinality',
      field: 'srcaddr',
      distinctField: 'dstaddr',
      minCount: HOSTS_PER_SOURCE,
    },
    scheduleMinutes: TGW_SCHEDULE_MINUTES,
    lookbackMinutes: TGW_LOOKBACK_MINUTES,
    positiveSamples: Array.from({ length: HOSTS_PER_SOURCE }, (_, i) =>
      tgwFlowLine({ srcaddr: SAMPLE_HOST_IP, dstaddr: hostIn(i), dstport: 445 }),
    ),
    negativeSamples: [
      // 49 hosts; many flows to one host.
      ...Array.from({ length: HOSTS_PER_SOURCE - 1 }, (_, i) =>
        tgwFlowLine({ srcaddr: SAMPLE_HOST_IP, dstaddr: hostIn(i), dstport: 445 }),
      ),
      ...Array.from({ length: HOSTS_PER_SOURCE }, () =>
        tgwFlowLine({ srcaddr: OTHER_HOST_IP, dstaddr: hostIn(1), dstport: 443 }),
      ),
    ],
  },
];
