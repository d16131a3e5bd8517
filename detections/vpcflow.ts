import { MITRE } from './mitre';
import { SAMPLE_ACCOUNT_ID, SAMPLE_EXTERNAL_IP, SAMPLE_OTHER_EXTERNAL_IP } from './samples';
import type { Detection, DslQuery } from './types';

/* VPC flow logs (default v2 format): reject spikes, scans, remote access from the internet. */

/** Flow logs aggregate over up to 10 minutes and deliver every 5: look back 20 minutes. */
const FLOW_SCHEDULE_MINUTES = 5;
const FLOW_LOOKBACK_MINUTES = 20;
/** Rejected flows in one account. */
const REJECT_SPIKE = 200;
/** Distinct destination ports one source was rejected on. */
const REJECTED_PORTS_PER_SOURCE = 50;
const OTHER_ACCOUNT_ID = '444444444444';

const SAMPLE_INSTANCE_IP = '10.20.1.15';

export interface FlowRecord {
  readonly srcaddr: string;
  readonly dstaddr: string;
  readonly srcport: number;
  readonly dstport: number;
  /** IANA protocol number: 6 TCP, 17 UDP. @default 6 */
  readonly protocol?: number;
  readonly action: 'ACCEPT' | 'REJECT';
  /** @default the sample account */
  readonly accountId?: string;
}

/** One flow log line in the default format (`version account-id interface-id srcaddr ... log-status`). */
export function flowLogLine(flow: FlowRecord): string {
  const start = 1768471200;
  return [
    2,
    flow.accountId ?? SAMPLE_ACCOUNT_ID,
    'eni-0a1b2c3d4e5f60718',
    flow.srcaddr,
    flow.dstaddr,
    flow.srcport,
    flow.dstport,
    flow.protocol ?? 6,
    flow.action === 'ACCEPT' ? 12 : 1,
    flow.action === 'ACCEPT' ? 4280 : 44,
    start,
    start + 60,
    flow.action,
    'OK',
  ].join(' ');
}

/** Internal (RFC 1918) and carrier-grade NAT sources are not "the internet". */
const notFromPrivateNetworks: DslQuery[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
].map((cidr) => ({ term: { srcaddr: cidr } }));

function acceptedFromInternet(
  id: string,
  title: string,
  ports: readonly number[],
  mitre: Detection['mitre'],
): Detection {
  return {
    id,
    title,
    description: `A connection from an internet address to port ${ports.join('/')} was accepted: the port is exposed, and someone used it.`,
    severity: 2,
    mitre,
    logType: 'vpcflow',
    query: {
      bool: {
        filter: [
          { terms: { dstport: [...ports] } },
          { term: { action: 'ACCEPT' } },
          { term: { protocol: 6 } },
        ],
        must_not: notFromPrivateNetworks,
      },
    },
    condition: { kind: 'threshold', minCount: 1 },
    scheduleMinutes: FLOW_SCHEDULE_MINUTES,
    lookbackMinutes: FLOW_LOOKBACK_MINUTES,
    positiveSamples: ports.map((dstport) =>
      flowLogLine({
        srcaddr: SAMPLE_EXTERNAL_IP,
        dstaddr: SAMPLE_INSTANCE_IP,
        srcport: 51234,
        dstport,
        action: 'ACCEPT',
      }),
    ),
    negativeSamples: ports.flatMap((dstport) => [
      flowLogLine({
        srcaddr: SAMPLE_EXTERNAL_IP,
        dstaddr: SAMPLE_INSTANCE_IP,
        srcport: 51234,
        dstport,
        action: 'REJECT',
      }),
      flowLogLine({
        srcaddr: '10.20.2.9',
        dstaddr: SAMPLE_INSTANCE_IP,
        srcport: 51234,
        dstport,
        action: 'ACCEPT',
      }),
      // The return leg of an outbound connection: the remote port is the "source" port.
      flowLogLine({
        srcaddr: SAMPLE_OTHER_EXTERNAL_IP,
        dstaddr: SAMPLE_INSTANCE_IP,
        srcport: dstport,
        dstport: 51234,
        action: 'ACCEPT',
      }),
    ]),
  };
}

const rejected = (
  srcaddr: string,
  dstport: number,
  accountId?: string,
  srcport = 40000 + (dstport % 20000),
) => flowLogLine({ srcaddr, dstaddr: SAMPLE_INSTANCE_IP, srcport, dstport, action: 'REJECT', accountId });

export const vpcFlowDetections: readonly Detection[] = [
  {
    id: 'vpcflow-reject-spike',
    title: 'Spike of rejected flows in one account',
    description: `${REJECT_SPIKE} or more flows rejected by security groups or NACLs in one account in the window: a scan or a broken deployment. Per account, so the organization's background of rejects does not add up to an alert.`,
    severity: 4,
    mitre: MITRE.networkServiceDiscovery,
    logType: 'vpcflow',
    query: { bool: { filter: [{ term: { action: 'REJECT' } }] } },
    condition: { kind: 'bucket', field: 'cloud.account.id', minCount: REJECT_SPIKE },
    scheduleMinutes: FLOW_SCHEDULE_MINUTES,
    lookbackMinutes: FLOW_LOOKBACK_MINUTES,
    positiveSamples: Array.from({ length: REJECT_SPIKE }, (_, i) =>
      rejected(`198.51.100.${i % 250}`, 1000 + i),
    ),
    // As many rejects in all, spread over two accounts.
    negativeSamples: Array.from({ length: REJECT_SPIKE + 2 }, (_, i) =>
      rejected(`198.51.100.${i % 250}`, 1000 + i, i % 2 ? OTHER_ACCOUNT_ID : undefined),
    ),
  },
  {
    id: 'vpcflow-port-scan',
    title: 'Port scan from one address',
    description: `One source was rejected on ${REJECTED_PORTS_PER_SOURCE} or more distinct destination ports in the window: a port scan. A client retrying one blocked port is not one.`,
    severity: 3,
    mitre: MITRE.networkServiceDiscovery,
    logType: 'vpcflow',
    query: { bool: { filter: [{ term: { action: 'REJECT' } }] } },
    condition: {
      kind: 'cardinality',
      field: 'srcaddr',
      distinctField: 'dstport',
      minCount: REJECTED_PORTS_PER_SOURCE,
    },
    scheduleMinutes: FLOW_SCHEDULE_MINUTES,
    lookbackMinutes: FLOW_LOOKBACK_MINUTES,
    positiveSamples: Array.from({ length: REJECTED_PORTS_PER_SOURCE }, (_, i) =>
      rejected(SAMPLE_EXTERNAL_IP, 1 + i),
    ),
    negativeSamples: [
      ...Array.from({ length: REJECTED_PORTS_PER_SOURCE * 2 }, (_, i) =>
        rejected(i % 2 ? SAMPLE_OTHER_EXTERNAL_IP : '192.0.2.77', 1 + i),
      ).slice(0, 2 * (REJECTED_PORTS_PER_SOURCE - 1)),
      // A client retrying a blocked database port from new source ports: many rejects, one port.
      ...Array.from({ length: REJECTED_PORTS_PER_SOURCE * 2 }, (_, i) =>
        rejected('192.0.2.99', 5432, undefined, 50000 + i),
      ),
    ],
  },
  acceptedFromInternet(
    'vpcflow-ssh-accepted-from-internet',
    'SSH accepted from the internet',
    [22],
    MITRE.ssh,
  ),
  acceptedFromInternet(
    'vpcflow-rdp-accepted-from-internet',
    'RDP accepted from the internet',
    [3389],
    MITRE.remoteDesktop,
  ),
  acceptedFromInternet(
    'vpcflow-database-accepted-from-internet',
    'Database port accepted from the internet',
    [1433, 3306, 5432, 6379, 27017],
    MITRE.exploitPublicFacingApp,
  ),
];
