import { gzipSync } from 'node:zlib';
import { archiveBucketName } from '../../../config/archive-names';
import { guardDutyFinding } from '../../../detections/guardduty';
import { MINUTE, datePath, workloadAccount, type DemoContext, type DemoObject } from './context';
import { MINER_INSTANCE_ID, MINER_PRIVATE_IP, STORY_MINUTES } from './story';

/*
 * GuardDuty findings as the administrator's publishing destination exports them (GuardDuty's own
 * format, one finding a line, gzip): the same two findings Security Hub carries in the demo's
 * CloudWatch objects (the mining instance's Bitcoin DNS finding, an older port probe), and a low
 * finding of another account, in the security account's prefix of the guardduty bucket.
 */

const DETECTOR = '0d1e2f3a4b5c6d7e8f901a2b3c4d5e6f';

export function guardDutyObjects(ctx: DemoContext): DemoObject[] {
  const account = workloadAccount(ctx.config);
  const administrator = ctx.config.organization.securityAccountId;
  const other = ctx.config.memberAccounts[1] ?? ctx.config.memberAccounts[0]!;
  const finding = (accountId: string, id: string, minutesAgo: number, overrides: Record<string, unknown>) => {
    const time = new Date(ctx.now - minutesAgo * MINUTE).toISOString();
    return guardDutyFinding({
      accountId,
      region: account.region,
      id,
      arn: `arn:aws:guardduty:${account.region}:${accountId}:detector/${DETECTOR}/finding/${id}`,
      createdAt: time,
      updatedAt: time,
      service: { detectorId: DETECTOR, eventFirstSeen: time, eventLastSeen: time },
      ...overrides,
    });
  };
  const findings = [
    finding(account.id, '2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d', 45, {
      resource: { instanceDetails: { instanceId: 'i-0a1b2c3d4e5f60001' } },
      title: 'Unprotected port on EC2 instance i-0a1b2c3d4e5f60001 is being probed.',
    }),
    finding(other.id, '3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e', 30, {
      type: 'Recon:EC2/Portscan',
      severity: 2,
      resource: { instanceDetails: { instanceId: 'i-0b1c2d3e4f5a60002' } },
      title: 'EC2 instance i-0b1c2d3e4f5a60002 is performing outbound port scans.',
    }),
    finding(account.id, '6cc0ffee0c0ffee0c0ffee0c0ffee001', STORY_MINUTES.finding, {
      type: 'CryptoCurrency:EC2/BitcoinTool.B!DNS',
      severity: 8,
      resource: {
        instanceDetails: {
          instanceId: MINER_INSTANCE_ID,
          instanceType: 'p3.16xlarge',
          networkInterfaces: [{ privateIpAddress: MINER_PRIVATE_IP }],
        },
      },
      service: {
        action: {
          actionType: 'DNS_REQUEST',
          portProbeAction: undefined,
          dnsRequestAction: { domain: 'pool.supportxmr.com', protocol: 'UDP', blocked: false },
        },
      },
      title: `EC2 instance ${MINER_INSTANCE_ID} is querying a domain name that is associated with Bitcoin-related activity.`,
    }),
  ].map((f) => JSON.parse(JSON.stringify(f)) as Record<string, unknown>);
  return [
    {
      bucket: archiveBucketName(ctx.config, 'guardduty'),
      key: `AWSLogs/${administrator}/GuardDuty/${account.region}/${datePath(ctx.now)}/5c9a3e1f-2b4d-4c6e-8f0a-1b2c3d4e5f60.jsonl.gz`,
      body: gzipSync(findings.map((f) => JSON.stringify(f)).join('\n') + '\n'),
      documents: { guardduty: findings.length },
    },
  ];
}
