import { MITRE } from './mitre';
import { SAMPLE_ACCOUNT_ID, SAMPLE_REGION, merge, sampleUuid } from './samples';
import type { Detection } from './types';

/*
 * Route 53 Resolver query logs: DNS Firewall blocks, queries to crypto-mining pools, DNS
 * tunnelling (many distinct long names under one domain) and DGA-like NXDOMAIN bursts.
 */

/** Resolver query logs are delivered every few minutes; a 15-minute lookback catches a late file. */
const DNS_SCHEDULE_MINUTES = 5;
const DNS_LOOKBACK_MINUTES = 15;
/** A label this long is rare in names people or CDNs choose, common in encoded payloads. */
const TUNNEL_LABEL_LENGTH = 40;
/** Distinct long names under one domain from one source. */
const TUNNEL_NAMES = 30;
/** Distinct names one source got NXDOMAIN for. */
const DGA_NXDOMAIN_NAMES = 50;

/** Registered domains of well-known crypto-mining pools (Monero, Ethereum Classic, Ravencoin...). */
export const MINING_POOL_DOMAINS = [
  'minergate.com',
  'nanopool.org',
  'supportxmr.com',
  'minexmr.com',
  'moneroocean.stream',
  'hashvault.pro',
  '2miners.com',
  'f2pool.com',
  'ethermine.org',
  'herominers.com',
  'c3pool.com',
  'xmrpool.eu',
  'unmineable.com',
  'nicehash.com',
  'viabtc.com',
  'antpool.com',
  'miningpoolhub.com',
  'kryptex.network',
] as const;

const SAMPLE_INSTANCE_IP = '10.20.1.15';
const OTHER_INSTANCE_IP = '10.20.1.16';

type QueryLog = { readonly [field: string]: unknown };

/** One Resolver query log record (format version 1.100000); `overrides` are deep-merged. */
export function dnsQueryLog(overrides: QueryLog = {}): QueryLog {
  return merge(
    {
      version: '1.100000',
      account_id: SAMPLE_ACCOUNT_ID,
      region: SAMPLE_REGION,
      vpc_id: 'vpc-0a1b2c3d4e5f60718',
      query_timestamp: '2026-01-15T10:00:00Z',
      query_name: 'shop.example.com.',
      query_type: 'A',
      query_class: 'IN',
      rcode: 'NOERROR',
      answers: [{ Rdata: '192.0.2.80', Type: 'A', Class: 'IN' }],
      srcaddr: SAMPLE_INSTANCE_IP,
      srcport: '53211',
      transport: 'UDP',
      srcids: { instance: 'i-0a1b2c3d4e5f60718' },
    },
    overrides,
  );
}

/** A label of `length` hex characters, different for each seed. */
const hexLabel = (seed: string, length: number) => {
  let out = '';
  for (let i = 0; out.length < length; i++) out += sampleUuid(`${seed}/${i}`).replace(/-/g, '');
  return out.slice(0, length);
};

const tunnelQueries = (count: number, domain: string, labelLength: number, srcaddr = SAMPLE_INSTANCE_IP) =>
  Array.from({ length: count }, (_, i) =>
    dnsQueryLog({
      query_name: `${hexLabel(`${domain}/${srcaddr}/${i}`, labelLength)}.t.${domain}.`,
      query_type: 'TXT',
      answers: [{ Rdata: '"ok"', Type: 'TXT', Class: 'IN' }],
      srcaddr,
    }),
  );

const nxdomains = (count: number, srcaddr: string, rcode = 'NXDOMAIN') =>
  Array.from({ length: count }, (_, i) =>
    dnsQueryLog({
      query_name: `${hexLabel(`dga/${srcaddr}/${i}`, 14)}.${['com', 'net', 'info', 'biz'][i % 4]}.`,
      rcode,
      answers: [],
      srcaddr,
    }),
  );

const firewall = (action: string) =>
  dnsQueryLog({
    query_name: 'c2.malicious.example.',
    answers: [],
    firewall_rule_action: action,
    firewall_rule_group_id: 'rslvr-frg-0a1b2c3d4example',
    firewall_domain_list_id: 'rslvr-fdl-0a1b2c3d4example',
  });

export const dnsDetections: readonly Detection[] = [
  {
    id: 'dns-firewall-block',
    title: 'DNS Firewall blocked or alerted on a query',
    description:
      'A Route 53 Resolver DNS Firewall rule blocked a query or raised an alert on it (a deny-listed, AWS-managed threat-list or DNS Firewall Advanced match): a workload is resolving a known-bad domain.',
    severity: 2,
    mitre: MITRE.applicationLayerDns,
    logType: 'dns',
    query: { bool: { filter: [{ terms: { firewall_rule_action: ['BLOCK', 'ALERT'] } }] } },
    condition: { kind: 'bucket', field: 'srcaddr', minCount: 1 },
    scheduleMinutes: DNS_SCHEDULE_MINUTES,
    lookbackMinutes: DNS_LOOKBACK_MINUTES,
    positiveSamples: [firewall('BLOCK'), firewall('ALERT')],
    negativeSamples: [firewall('ALLOW'), dnsQueryLog()],
  },
  {
    id: 'dns-mining-pool-query',
    title: 'Query for a crypto-mining pool',
    description: `A workload resolved a domain of a well-known crypto-mining pool (${MINING_POOL_DOMAINS.slice(0, 4).join(', ')}…): a sign of cryptojacking on an instance, container or function.`,
    severity: 2,
    mitre: MITRE.resourceHijacking,
    logType: 'dns',
    query: { bool: { filter: [{ terms: { 'siem.dns.base_domain': [...MINING_POOL_DOMAINS] } }] } },
    condition: { kind: 'bucket', field: 'srcaddr', minCount: 1 },
    scheduleMinutes: DNS_SCHEDULE_MINUTES,
    lookbackMinutes: DNS_LOOKBACK_MINUTES,
    positiveSamples: [
      dnsQueryLog({ query_name: 'xmr-eu1.nanopool.org.', answers: [] }),
      dnsQueryLog({ query_name: 'POOL.SupportXMR.com.', srcaddr: OTHER_INSTANCE_IP }),
    ],
    negativeSamples: [
      // Look-alikes: the pool's name inside another registered domain, or a longer one.
      dnsQueryLog({ query_name: 'nanopool.org.example.com.' }),
      dnsQueryLog({ query_name: 'notnanopool.org.' }),
      dnsQueryLog({ query_name: 'docs.aws.amazon.com.' }),
    ],
  },
  {
    id: 'dns-tunneling-long-names',
    title: 'DNS tunnelling: many long unique names under one domain',
    description: `One source queried ${TUNNEL_NAMES} or more distinct names with a label of ${TUNNEL_LABEL_LENGTH}+ characters under the same domain: data encoded into DNS queries (iodine, dnscat2, exfiltration through a resolver that is allowed out).`,
    severity: 2,
    mitre: MITRE.exfilOverAlternativeProtocol,
    logType: 'dns',
    query: { bool: { filter: [{ range: { 'siem.dns.longest_label': { gte: TUNNEL_LABEL_LENGTH } } }] } },
    condition: {
      kind: 'cardinality',
      field: 'siem.dns.base_domain',
      alsoBy: ['srcaddr'],
      distinctField: 'query_name',
      minCount: TUNNEL_NAMES,
    },
    scheduleMinutes: DNS_SCHEDULE_MINUTES,
    lookbackMinutes: DNS_LOOKBACK_MINUTES,
    positiveSamples: tunnelQueries(TUNNEL_NAMES, 'exfil.example', 60),
    negativeSamples: [
      // One short of the threshold; the same names split over two sources; shorter labels.
      ...tunnelQueries(TUNNEL_NAMES - 1, 'exfil.example', 60),
      ...tunnelQueries(TUNNEL_NAMES / 2, 'split.example', 60, OTHER_INSTANCE_IP),
      ...tunnelQueries(TUNNEL_NAMES / 2, 'split.example', 60),
      ...tunnelQueries(TUNNEL_NAMES * 2, 'cdn.example', TUNNEL_LABEL_LENGTH - 1),
    ],
  },
  {
    id: 'dns-dga-nxdomain-burst',
    title: 'Burst of NXDOMAIN answers for distinct names from one source',
    description: `One source got NXDOMAIN for ${DGA_NXDOMAIN_NAMES} or more distinct names in the window: malware walking a domain generation algorithm to find its command and control server.`,
    severity: 3,
    mitre: MITRE.dynamicResolution,
    logType: 'dns',
    query: { bool: { filter: [{ term: { rcode: 'NXDOMAIN' } }] } },
    condition: {
      kind: 'cardinality',
      field: 'srcaddr',
      distinctField: 'query_name',
      minCount: DGA_NXDOMAIN_NAMES,
    },
    scheduleMinutes: DNS_SCHEDULE_MINUTES,
    lookbackMinutes: DNS_LOOKBACK_MINUTES,
    positiveSamples: nxdomains(DGA_NXDOMAIN_NAMES, SAMPLE_INSTANCE_IP),
    negativeSamples: [
      ...nxdomains(DGA_NXDOMAIN_NAMES - 1, SAMPLE_INSTANCE_IP),
      ...nxdomains(DGA_NXDOMAIN_NAMES, OTHER_INSTANCE_IP, 'NOERROR'),
      // The same missing name asked again and again (a misconfigured client) is not a DGA.
      ...Array.from({ length: DGA_NXDOMAIN_NAMES * 2 }, () =>
        dnsQueryLog({
          query_name: 'db.internal.example.',
          rcode: 'NXDOMAIN',
          answers: [],
          srcaddr: '10.20.1.17',
        }),
      ),
    ],
  },
];
