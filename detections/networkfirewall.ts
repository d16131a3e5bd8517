import { MITRE } from './mitre';
import { SAMPLE_EXTERNAL_IP, SAMPLE_OTHER_EXTERNAL_IP, merge } from './samples';
import type { Detection, DslQuery } from './types';

/*
 * AWS Network Firewall alert and flow logs (Suricata EVE under `event`): high-severity IPS
 * signatures, a source blocked over and over, and a host sending a lot out through the firewall.
 */

/** Network Firewall delivers log files every few minutes; look back 15 to catch a late file. */
const NFW_SCHEDULE_MINUTES = 5;
const NFW_LOOKBACK_MINUTES = 15;
const BLOCKS_PER_SOURCE = 50;
/** Bytes one internal host sent to the internet through the firewall in the window. */
const OUTBOUND_BYTES = 1024 ** 3;

const SAMPLE_HOST_IP = '10.20.1.15';

type FirewallRecord = { readonly [field: string]: unknown };

/** One Network Firewall log record; `event` overrides are deep-merged. */
export function networkFirewallRecord(event: FirewallRecord = {}): FirewallRecord {
  return {
    firewall_name: 'egress-fw',
    availability_zone: 'eu-west-1a',
    event_timestamp: '1768471200',
    event: merge(
      {
        timestamp: '2026-01-15T10:00:00.000000+0000',
        flow_id: 1582438383425873,
        event_type: 'alert',
        src_ip: SAMPLE_EXTERNAL_IP,
        src_port: 55555,
        dest_ip: '10.20.1.30',
        dest_port: 443,
        proto: 'TCP',
        app_proto: 'tls',
        alert: {
          action: 'allowed',
          signature_id: 2024897,
          rev: 3,
          signature: 'ET POLICY Observed suspicious TLS client',
          category: 'Potentially Bad Traffic',
          severity: 2,
        },
      },
      event,
    ),
  };
}

const alert = (severity: number, action: string, srcIp = SAMPLE_EXTERNAL_IP, i = 0) =>
  networkFirewallRecord({ src_ip: srcIp, flow_id: 1000 + i, alert: { severity, action } });

const flow = (srcIp: string, destIp: string, bytes: number, i: number) => {
  const record = networkFirewallRecord({
    event_type: 'netflow',
    src_ip: srcIp,
    dest_ip: destIp,
    flow_id: 2000 + i,
    netflow: { pkts: Math.ceil(bytes / 1400), bytes, start: '2026-01-15T09:58:00.000000+0000', age: 120 },
  });
  const { alert: _alert, ...event } = record.event as Record<string, unknown>;
  return { ...record, event };
};

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];
const inPrivateRange = (field: string): DslQuery => ({
  bool: { should: PRIVATE_RANGES.map((cidr) => ({ term: { [field]: cidr } })), minimum_should_match: 1 },
});

const hundredsOfMegabytes = (n: number) => n * 100 * 1024 ** 2;

export const networkFirewallDetections: readonly Detection[] = [
  {
    id: 'networkfirewall-high-severity-alert',
    title: 'High-severity Network Firewall IPS alert',
    description:
      "A stateful rule of severity 1 (Suricata's highest: exploit, malware command and control, known-bad host) matched traffic through Network Firewall, whether it was blocked or only alerted on.",
    severity: 2,
    mitre: MITRE.exploitPublicFacingApp,
    logType: 'networkfirewall',
    query: {
      bool: { filter: [{ term: { 'event.event_type': 'alert' } }, { term: { 'event.alert.severity': 1 } }] },
    },
    condition: { kind: 'bucket', field: 'event.src_ip', minCount: 1 },
    scheduleMinutes: NFW_SCHEDULE_MINUTES,
    lookbackMinutes: NFW_LOOKBACK_MINUTES,
    positiveSamples: [alert(1, 'blocked'), alert(1, 'allowed', SAMPLE_OTHER_EXTERNAL_IP, 1)],
    negativeSamples: [
      alert(2, 'blocked', SAMPLE_EXTERNAL_IP, 2),
      alert(3, 'allowed', SAMPLE_EXTERNAL_IP, 3),
      flow(SAMPLE_HOST_IP, SAMPLE_EXTERNAL_IP, 500, 4),
    ],
  },
  {
    id: 'networkfirewall-blocked-burst-from-source',
    title: 'One address blocked by Network Firewall many times',
    description: `Network Firewall blocked traffic from a single address ${BLOCKS_PER_SOURCE} or more times in the window: a scanner, a brute force, or an infected host retrying its command and control server.`,
    severity: 3,
    mitre: MITRE.networkServiceDiscovery,
    logType: 'networkfirewall',
    query: { bool: { filter: [{ term: { 'event.alert.action': 'blocked' } }] } },
    condition: { kind: 'bucket', field: 'event.src_ip', minCount: BLOCKS_PER_SOURCE },
    scheduleMinutes: NFW_SCHEDULE_MINUTES,
    lookbackMinutes: NFW_LOOKBACK_MINUTES,
    positiveSamples: Array.from({ length: BLOCKS_PER_SOURCE }, (_, i) =>
      alert(3, 'blocked', SAMPLE_EXTERNAL_IP, i),
    ),
    negativeSamples: [
      ...Array.from({ length: BLOCKS_PER_SOURCE - 1 }, (_, i) => alert(3, 'blocked', SAMPLE_EXTERNAL_IP, i)),
      ...Array.from({ length: BLOCKS_PER_SOURCE }, (_, i) =>
        alert(3, 'allowed', SAMPLE_OTHER_EXTERNAL_IP, 100 + i),
      ),
    ],
  },
  {
    id: 'networkfirewall-large-outbound-transfer',
    title: 'Large outbound transfer through Network Firewall from one host',
    description: `An internal host sent ${OUTBOUND_BYTES / 1024 ** 3} GiB or more to internet addresses through Network Firewall in the window (flow logs): exfiltration, or a workload that should go through a VPC endpoint.`,
    severity: 3,
    mitre: MITRE.exfilOverAlternativeProtocol,
    logType: 'networkfirewall',
    query: {
      bool: {
        filter: [{ term: { 'event.event_type': 'netflow' } }, inPrivateRange('event.src_ip')],
        must_not: [inPrivateRange('event.dest_ip')],
      },
    },
    condition: {
      kind: 'sum',
      field: 'event.netflow.bytes',
      minCount: OUTBOUND_BYTES,
      groupBy: ['event.src_ip'],
    },
    scheduleMinutes: NFW_SCHEDULE_MINUTES,
    lookbackMinutes: NFW_LOOKBACK_MINUTES,
    // 1.2 GiB in three flows of one host.
    positiveSamples: [0, 1, 2].map((i) =>
      flow(SAMPLE_HOST_IP, SAMPLE_EXTERNAL_IP, hundredsOfMegabytes(4.1), i),
    ),
    negativeSamples: [
      // Two flows of 410 MiB; the same volume inbound; the same volume between internal hosts;
      // 1.2 GiB split over two hosts.
      ...[0, 1].map((i) => flow(SAMPLE_HOST_IP, SAMPLE_EXTERNAL_IP, hundredsOfMegabytes(4.1), 10 + i)),
      ...[0, 1, 2].map((i) => flow(SAMPLE_EXTERNAL_IP, SAMPLE_HOST_IP, hundredsOfMegabytes(4.1), 20 + i)),
      ...[0, 1, 2].map((i) => flow(SAMPLE_HOST_IP, '10.20.2.40', hundredsOfMegabytes(4.1), 30 + i)),
      flow('10.20.1.16', SAMPLE_EXTERNAL_IP, hundredsOfMegabytes(6), 40),
      flow('10.20.1.17', SAMPLE_EXTERNAL_IP, hundredsOfMegabytes(6), 41),
    ],
  },
];
