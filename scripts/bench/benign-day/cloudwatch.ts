import { archiveBucketName } from '../../../config/archive-names';
import { securityHubFindingsLogGroupName } from '../../../config/member-names';
import type { SiemConfig } from '../../../config/schema';
import { asffFinding } from '../../../detections/findings';
import type { CloudWatchLogsPayload } from '../../../functions/log-transfer/decode-payload';
import { archiveObjectKey } from '../../../functions/log-transfer/object-key';
import { encodeArchiveObject } from '../../../functions/log-transfer/transfer';
import type { DemoObject } from '../../demo/generate/context';
import type { Random } from '../../demo/generate/random';
import { timesAt, type Span } from './clock';
import type { BenignAccount } from './organization';

/*
 * A benign day of CloudWatch Logs in one account, as the log-transfer function archives them: the
 * API function's logs (an error now and then), the instances' OS logs through the CloudWatch agent
 * (engineers' SSH sessions with keys, and their sudo), and the findings EventBridge delivers:
 * Security Hub's foundational best-practice controls re-evaluated, and GuardDuty's low findings.
 */

type LogEvent = { id: string; timestamp: number; message: string };

interface CloudWatchDayOptions {
  readonly config: SiemConfig;
  readonly account: BenignAccount;
  readonly span: Span;
  readonly random: Random;
}

const eventId = (stream: number, time: number, ordinal: number) =>
  `3${String(stream).padStart(4, '0')}${String(time).padStart(15, '0')}${String(ordinal).padStart(36, '0')}`;

function archived(
  config: SiemConfig,
  account: BenignAccount,
  payload: CloudWatchLogsPayload,
  findings: boolean,
): DemoObject {
  return {
    bucket: archiveBucketName(config, findings ? 'securityhub' : 'cloudwatch'),
    key: archiveObjectKey({ accountId: account.id, region: account.region, payload }),
    body: encodeArchiveObject(payload),
    documents: findings ? { findings: payload.logEvents.length } : { cloudwatch: payload.logEvents.length },
  };
}

export function cloudWatchDay(opts: CloudWatchDayOptions): DemoObject[] {
  const { config, account, span, random } = opts;
  const objects: DemoObject[] = [];
  const payload = (logGroup: string, logStream: string, logEvents: readonly LogEvent[]) => ({
    messageType: 'DATA_MESSAGE' as const,
    owner: account.id,
    logGroup,
    logStream,
    subscriptionFilters: [`${config.namePrefix}-log-subscription`],
    logEvents,
  });
  const day = new Date(span.start).toISOString().slice(0, 10).replaceAll('-', '/');
  const workload = account.kind === 'prod' || account.kind === 'staging' || account.kind === 'dev';

  if (workload) {
    const events: LogEvent[] = [];
    for (const [i, start] of timesAt(random, span, account.kind === 'prod' ? 120 : 20).entries()) {
      const requestId = `5c2b2c35-${String(i).padStart(4, '0')}-4d1b-9a6e-${account.id}`;
      const level = random.next() < 0.005 ? 'ERROR' : 'INFO';
      const lines = [
        `START RequestId: ${requestId} Version: $LATEST\n`,
        JSON.stringify({
          level,
          requestId,
          message: level === 'ERROR' ? 'payment provider timed out' : 'order accepted',
        }),
        `END RequestId: ${requestId}\n`,
        `REPORT RequestId: ${requestId}\tDuration: ${random.int(20, 900)}.12 ms\tBilled Duration: 900 ms\tMemory Size: 512 MB\tMax Memory Used: 141 MB\n`,
      ];
      lines.forEach((message, o) =>
        events.push({ id: eventId(1, start, i * 4 + o), timestamp: start + o * 100, message }),
      );
    }
    if (events.length > 0)
      objects.push(
        archived(
          config,
          account,
          payload('/aws/lambda/orders-api', `${day}/[$LATEST]${account.id}`, events),
          false,
        ),
      );

    // Engineers on an instance now and then, in office hours: key-based SSH and sudo.
    const os: LogEvent[] = [];
    for (const [i, at] of timesAt(random, span, 0.5, true).entries()) {
      const syslog = (ms: number) =>
        new Date(ms)
          .toUTCString()
          .slice(8, 25)
          .replace(/^(\w+) (\d+) \d+/, '$1 $2');
      const pid = random.int(2000, 30000);
      const messages = [
        `${syslog(at)} ip-10-0-1-11 sshd[${pid}]: Accepted publickey for ec2-user from 10.0.0.${random.int(10, 40)} port ${random.int(40000, 60000)} ssh2: ED25519 SHA256:Zm9vYmFyYmF6`,
        `${syslog(at + 60_000)} ip-10-0-1-11 sudo: ec2-user : TTY=pts/0 ; PWD=/home/ec2-user ; USER=root ; COMMAND=/usr/bin/systemctl restart orders-worker`,
      ];
      messages.forEach((message, o) =>
        os.push({ id: eventId(2, at, i * 2 + o), timestamp: at + o * 60_000, message }),
      );
    }
    if (os.length > 0)
      objects.push(
        archived(config, account, payload('/ec2/var/log/secure', 'i-0a1b2c3d4e5f60011', os), false),
      );
  }

  // Findings: Security Hub re-evaluates its controls (PASSED, a few FAILED at LOW/MEDIUM), GuardDuty reports low ones.
  const findings: LogEvent[] = [];
  const controls = ['EC2.2', 'S3.8', 'IAM.6', 'Lambda.2', 'ECR.1', 'CloudTrail.5'];
  for (const [i, at] of timesAt(random, span, 2).entries()) {
    const control = random.pick(controls);
    const iso = new Date(at).toISOString();
    const failed = random.next() < 0.2;
    const finding = asffFinding({
      Id: `arn:aws:securityhub:${account.region}:${account.id}:security-control/${control}/finding/${account.id}-${control}`,
      ProductArn: `arn:aws:securityhub:${account.region}::product/aws/securityhub`,
      ProductName: 'Security Hub',
      GeneratorId: `security-control/${control}`,
      AwsAccountId: account.id,
      Region: account.region,
      Types: ['Software and Configuration Checks/Industry and Regulatory Standards'],
      // The control has been evaluated for weeks; this is a re-evaluation.
      CreatedAt: '2026-01-01T00:00:00.000Z',
      FirstObservedAt: '2026-01-01T00:00:00.000Z',
      UpdatedAt: iso,
      LastObservedAt: iso,
      Severity: {
        Label: failed ? random.pick(['LOW', 'MEDIUM']) : 'INFORMATIONAL',
        Normalized: failed ? 30 : 0,
      },
      Title: `${control} control evaluation`,
      Description: `Security Hub control ${control}`,
      Compliance: {
        Status: failed ? 'FAILED' : 'PASSED',
        SecurityControlId: control,
        AssociatedStandards: [{ StandardsId: 'standards/aws-foundational-security-best-practices/v/1.0.0' }],
      },
      Resources: [
        { Type: 'AwsAccount', Id: `AWS::::Account:${account.id}`, Partition: 'aws', Region: account.region },
      ],
      Workflow: { Status: failed ? 'NEW' : 'RESOLVED' },
      RecordState: 'ACTIVE',
    });
    findings.push(findingEvent(finding, account, at, i));
  }
  if (workload) {
    for (const [i, at] of timesAt(random, span, 0.2).entries()) {
      const iso = new Date(at).toISOString();
      const finding = asffFinding({
        Id: `arn:aws:guardduty:${account.region}:${account.id}:detector/0d1e2f3a/finding/${account.id}${at}`,
        AwsAccountId: account.id,
        Region: account.region,
        ProductArn: `arn:aws:securityhub:${account.region}::product/aws/guardduty`,
        Types: ['TTPs/Discovery/Recon:EC2-PortProbeUnprotectedPort'],
        CreatedAt: iso,
        UpdatedAt: iso,
        FirstObservedAt: iso,
        LastObservedAt: iso,
        Severity: { Product: 2, Label: 'LOW', Normalized: 20 },
        Title: 'Unprotected port on EC2 instance is being probed.',
        Description: 'An unprotected port of a public instance is being probed by a known scanner.',
      });
      findings.push(findingEvent(finding, account, at, 1000 + i));
    }
  }
  if (findings.length > 0)
    objects.push(
      archived(
        config,
        account,
        payload(
          securityHubFindingsLogGroupName(config.namePrefix),
          `findings-${account.id}`,
          findings.sort((a, b) => a.timestamp - b.timestamp),
        ),
        true,
      ),
    );
  return objects;
}

function findingEvent(finding: Record<string, unknown>, account: BenignAccount, at: number, i: number) {
  const event = {
    version: '0',
    id: `8e5622f9-d81c-4d81-612a-${account.id}`,
    'detail-type': 'Security Hub Findings - Imported',
    source: 'aws.securityhub',
    account: account.id,
    time: new Date(at).toISOString(),
    region: account.region,
    resources: [String(finding.Id)],
    detail: { findings: [finding] },
  };
  return { id: eventId(3, at, i), timestamp: at, message: JSON.stringify(event) };
}
