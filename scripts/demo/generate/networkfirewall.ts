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
import { eveTime, netflowFields, tlsAllowlistBlock } from './firewall-eve';
import { seededRandom } from './random';

/*
 * AWS Network Firewall logs of the workload VPC's egress firewall (newline-delimited JSON, as the
 * log delivery service writes them): flow records of the shop's outbound traffic, and a few
 * low-severity alerts, each below every detection's threshold.
 */

const FIREWALL = 'egress-fw';
const FLOWS = 40;
const ALERTS = 6;
const HOSTS = ['10.0.1.11', '10.0.1.12', '10.0.1.13'];
const DESTINATIONS = ['52.94.25.10', '52.218.48.12', '192.0.2.40', '198.51.100.30'];

export function networkFirewallObjects(ctx: DemoContext): DemoObject[] {
  const account = workloadAccount(ctx.config);
  const random = seededRandom(7007);
  const record = (at: number, event: Record<string, unknown>) => ({
    firewall_name: FIREWALL,
    availability_zone: `${account.region}a`,
    event_timestamp: String(Math.floor(at / 1000)),
    event: {
      timestamp: eveTime(at),
      flow_id: 1_000_000_000_000 + random.int(0, 999_999_999),
      src_ip: random.pick(HOSTS),
      src_port: random.int(32768, 60999),
      dest_ip: random.pick(DESTINATIONS),
      dest_port: 443,
      proto: 'TCP',
      app_proto: 'tls',
      ...event,
    },
  });
  const flows = Array.from({ length: FLOWS }, () => {
    const at = ctx.now - random.int(1 * MINUTE, 55 * MINUTE);
    const bytes = random.int(2_000, 900_000);
    return record(at, netflowFields(at, bytes));
  });
  const alerts = Array.from({ length: ALERTS }, () =>
    record(ctx.now - random.int(1 * MINUTE, 55 * MINUTE), tlsAllowlistBlock('updates.example.org')),
  );
  const object = (type: 'flow' | 'alert', records: ReturnType<typeof record>[]): DemoObject => {
    const sorted = byTime(records, (r) => Number(r.event_timestamp));
    const hour = new Date(ctx.now).toISOString().slice(11, 13);
    return {
      bucket: archiveBucketName(ctx.config, 'networkfirewall'),
      key:
        `AWSLogs/${account.id}/network-firewall/${type}/${account.region}/${FIREWALL}/${datePath(ctx.now)}/${hour}/` +
        `${account.id}_network-firewall_${type}_${account.region}_${FIREWALL}_${compactTime(ctx.now)}_demo.log.gz`,
      body: gzipSync(sorted.map((r) => JSON.stringify(r)).join('\n') + '\n'),
      documents: { networkfirewall: sorted.length },
    };
  };
  return [object('flow', flows), object('alert', alerts)];
}
