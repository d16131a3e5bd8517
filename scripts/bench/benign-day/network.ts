import { gzipSync } from 'node:zlib';
import { archiveBucketName } from '../../../config/archive-names';
import type { SiemConfig } from '../../../config/schema';
import { compactTime, datePath, type DemoObject } from '../../demo/generate/context';
import { eveTime, netflowFields, tlsAllowlistBlock } from '../../demo/generate/firewall-eve';
import type { Random } from '../../demo/generate/random';
import { timesAt, type Span } from './clock';
import type { BenignAccount } from './organization';

/*
 * A benign day of network logs in one account: VPC flow logs (service traffic, and the internet's
 * background scanning rejected at the edge: every public address is probed all day, a few ports
 * per source), Route 53 Resolver query logs (with the NXDOMAIN answers of search-domain expansion)
 * and Network Firewall flow and alert logs (egress allowlist blocks now and then).
 */

const FLOW_HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const PROBED_PORTS = [22, 23, 80, 443, 445, 1433, 3306, 3389, 5900, 6379, 8080, 8443];

interface Volume {
  readonly flowsPerHour: number;
  readonly rejectsPerHour: number;
  readonly queriesPerHour: number;
  readonly firewallPerHour: number;
}

const VOLUME: Readonly<Record<BenignAccount['kind'], Volume>> = {
  prod: { flowsPerHour: 300, rejectsPerHour: 120, queriesPerHour: 240, firewallPerHour: 60 },
  staging: { flowsPerHour: 80, rejectsPerHour: 40, queriesPerHour: 60, firewallPerHour: 10 },
  dev: { flowsPerHour: 60, rejectsPerHour: 20, queriesPerHour: 60, firewallPerHour: 10 },
  sandbox: { flowsPerHour: 10, rejectsPerHour: 10, queriesPerHour: 10, firewallPerHour: 0 },
  network: { flowsPerHour: 200, rejectsPerHour: 80, queriesPerHour: 30, firewallPerHour: 120 },
  management: { flowsPerHour: 0, rejectsPerHour: 0, queriesPerHour: 0, firewallPerHour: 0 },
  'log-archive': { flowsPerHour: 0, rejectsPerHour: 0, queriesPerHour: 0, firewallPerHour: 0 },
  security: { flowsPerHour: 0, rejectsPerHour: 0, queriesPerHour: 0, firewallPerHour: 0 },
};

const RESOLVED: ReadonlyArray<readonly [string, string]> = [
  ['dynamodb.eu-west-1.amazonaws.com.', '52.94.25.10'],
  ['s3.eu-west-1.amazonaws.com.', '52.218.48.12'],
  ['sqs.eu-west-1.amazonaws.com.', '52.94.8.44'],
  ['secretsmanager.eu-west-1.amazonaws.com.', '52.94.9.20'],
  ['api.payments.example.com.', '192.0.2.40'],
  ['orders-db.cluster-c1a2b3.eu-west-1.rds.amazonaws.com.', '10.0.2.10'],
  ['registry.npmjs.org.', '198.51.100.30'],
];
const SEARCH_SUFFIXES = ['eu-west-1.compute.internal.', 'orders.svc.cluster.local.', 'svc.cluster.local.'];

export interface NetworkDayOptions {
  readonly config: SiemConfig;
  readonly account: BenignAccount;
  readonly span: Span;
  readonly random: Random;
}

const hourKey = (span: Span) => compactTime(span.start);

export function networkDay(opts: NetworkDayOptions): DemoObject[] {
  const { config, account, span, random } = opts;
  const volume = VOLUME[account.kind];
  const objects: DemoObject[] = [];
  const hosts = Array.from({ length: 6 }, (_, i) => `10.0.${1 + (i % 3)}.${11 + i}`);
  const eni = (i: number) => `eni-0${account.id.slice(-8)}${String(i).padStart(8, '0')}`;

  // VPC flow logs.
  const flows: Array<{ end: number; line: string }> = [];
  const flowLine = (end: number, f: readonly (string | number)[], action: string) => {
    const s = Math.floor(end / 1000);
    return { end, line: [2, account.id, ...f, s - 60, s, action, 'OK'].join(' ') };
  };
  for (const end of timesAt(random, span, volume.flowsPerHour)) {
    const h = random.int(0, hosts.length - 1);
    const out = random.next() < 0.4;
    const [name, ip] = random.pick(RESOLVED);
    void name;
    flows.push(
      flowLine(
        end,
        out
          ? [
              eni(h),
              hosts[h]!,
              ip,
              random.int(32768, 60999),
              443,
              6,
              random.int(4, 400),
              random.int(400, 400_000),
            ]
          : [
              eni(h),
              `10.0.${random.int(1, 3)}.${random.int(20, 250)}`,
              hosts[h]!,
              random.int(32768, 60999),
              random.pick([443, 8080, 5432]),
              6,
              random.int(4, 400),
              random.int(400, 400_000),
            ],
        'ACCEPT',
      ),
    );
  }
  for (const end of timesAt(random, span, volume.rejectsPerHour)) {
    // Internet background scanning: each source tries one to three ports on the public interface.
    const source = `${random.pick([45, 80, 89, 185, 193, 194])}.${random.int(1, 254)}.${random.int(1, 254)}.${random.int(1, 254)}`;
    for (let p = random.int(1, 3); p > 0; p--)
      flows.push(
        flowLine(
          end + p * 1000,
          [eni(0), source, hosts[0]!, random.int(1024, 65000), random.pick(PROBED_PORTS), 6, 1, 40],
          'REJECT',
        ),
      );
  }
  if (flows.length > 0) {
    flows.sort((a, b) => a.end - b.end);
    objects.push({
      bucket: archiveBucketName(config, 'vpcflow'),
      key:
        `AWSLogs/${account.id}/vpcflowlogs/${account.region}/${datePath(span.start)}/` +
        `${account.id}_vpcflowlogs_${account.region}_fl-0benign${account.id.slice(-6)}_${hourKey(span)}_benign.log.gz`,
      body: gzipSync(`${FLOW_HEADER}\n${flows.map((f) => f.line).join('\n')}\n`),
      documents: { vpcflow: flows.length },
    });
  }

  // Resolver query logs.
  const vpc = `vpc-0${account.id.slice(-9)}benign`.slice(0, 21);
  const queries = timesAt(random, span, volume.queriesPerHour).map((time) => {
    const h = random.int(0, hosts.length - 1);
    const [name, answer] = random.pick(RESOLVED);
    // Search-domain expansion: the resolver first tries the name under each search suffix.
    const expanded = random.next() < 0.25;
    const queryName = expanded ? `${name.slice(0, -1)}.${random.pick(SEARCH_SUFFIXES)}` : name;
    return {
      version: '1.100000',
      account_id: account.id,
      region: account.region,
      vpc_id: vpc,
      query_timestamp: new Date(Math.floor(time / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
      query_name: queryName,
      query_type: 'A',
      query_class: 'IN',
      rcode: expanded ? 'NXDOMAIN' : 'NOERROR',
      answers: expanded ? [] : [{ Rdata: answer, Type: 'A', Class: 'IN' }],
      srcaddr: hosts[h]!,
      srcport: String(random.int(32768, 60999)),
      transport: 'UDP',
      srcids: { instance: `i-0${account.id.slice(-6)}00000${h}` },
    };
  });
  if (queries.length > 0)
    objects.push({
      bucket: archiveBucketName(config, 'dns'),
      key:
        `AWSLogs/${account.id}/vpcdnsquerylogs/${vpc}/${datePath(span.start)}/` +
        `${account.id}_vpcdnsquerylogs_${vpc}_${hourKey(span)}_benign.log.gz`,
      body: gzipSync(queries.map((q) => JSON.stringify(q)).join('\n') + '\n'),
      documents: { dns: queries.length },
    });

  // Network Firewall: egress flows, and now and then a TLS name outside the allowlist blocked.
  const firewall = 'egress-fw';
  const records = { flow: [] as object[], alert: [] as object[] };
  for (const at of timesAt(random, span, volume.firewallPerHour)) {
    const [, dest] = random.pick(RESOLVED);
    const base = {
      firewall_name: firewall,
      availability_zone: `${account.region}a`,
      event_timestamp: String(Math.floor(at / 1000)),
    };
    const event = {
      timestamp: eveTime(at),
      flow_id: 1_000_000_000_000 + random.int(0, 999_999_999),
      src_ip: random.pick(hosts),
      src_port: random.int(32768, 60999),
      dest_ip: dest,
      dest_port: 443,
      proto: 'TCP',
      app_proto: 'tls',
    };
    if (random.next() < 0.02) {
      records.alert.push({
        ...base,
        event: { ...event, ...tlsAllowlistBlock('telemetry.vendor.example.org') },
      });
    } else {
      const bytes = random.int(2_000, 2_000_000);
      records.flow.push({
        ...base,
        event: { ...event, ...netflowFields(at, bytes) },
      });
    }
  }
  for (const type of ['flow', 'alert'] as const) {
    if (records[type].length === 0) continue;
    objects.push({
      bucket: archiveBucketName(config, 'networkfirewall'),
      key:
        `AWSLogs/${account.id}/network-firewall/${type}/${account.region}/${firewall}/${datePath(span.start)}/${new Date(span.start).toISOString().slice(11, 13)}/` +
        `${account.id}_network-firewall_${type}_${account.region}_${firewall}_${hourKey(span)}_benign.log.gz`,
      body: gzipSync(records[type].map((r) => JSON.stringify(r)).join('\n') + '\n'),
      documents: { networkfirewall: records[type].length },
    });
  }
  return objects;
}
