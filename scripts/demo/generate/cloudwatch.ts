import { archiveBucketName } from '../../../config/archive-names';
import { asffFinding } from '../../../detections/findings';
import type { CloudWatchLogsPayload } from '../../../functions/log-transfer/decode-payload';
import { archiveObjectKey } from '../../../functions/log-transfer/object-key';
import { destinationBucket, encodeArchiveObject } from '../../../functions/log-transfer/transfer';
import { securityHubFindingsLogGroupName } from '../../../config/member-names';
import { MINUTE, workloadAccount, type DemoContext, type DemoObject } from './context';
import { seededRandom } from './random';
import { MINER_INSTANCE_ID, STORY_MINUTES } from './story';

/*
 * CloudWatch Logs objects exactly as our log-transfer function writes them (its key layout and
 * body encoding are reused): application logs of a Lambda function, and Security Hub findings
 * that EventBridge delivers to the findings log group.
 */

const INVOCATIONS = 12;

/** CloudWatch event ids are 56-digit strings; these are stable per (stream, ordinal). */
const eventId = (stream: number, ordinal: number) =>
  `3${String(stream).padStart(6, '0')}${String(ordinal).padStart(49, '0')}`;

function lambdaPayload(ctx: DemoContext, accountId: string): CloudWatchLogsPayload {
  const random = seededRandom(7);
  const logEvents = [];
  let ordinal = 0;
  for (let i = 0; i < INVOCATIONS; i++) {
    const start = ctx.now - (50 - i * 4) * MINUTE;
    const requestId = `5c2b2c35-${String(i).padStart(4, '0')}-4d1b-9a6e-0d1e2f3a4b5c`;
    const status = random.next() < 0.15 ? 'ERROR' : 'INFO';
    for (const [offset, message] of [
      [0, `START RequestId: ${requestId} Version: $LATEST\n`],
      [
        120,
        JSON.stringify({
          level: status,
          requestId,
          message: status === 'ERROR' ? 'payment provider timed out' : 'order accepted',
          orderId: `ord-${1000 + i}`,
          amount: random.int(5, 500),
        }),
      ],
      [240, `END RequestId: ${requestId}\n`],
    ] as const) {
      logEvents.push({ id: eventId(1, ordinal++), timestamp: start + offset, message });
    }
  }
  return {
    messageType: 'DATA_MESSAGE',
    owner: accountId,
    logGroup: '/aws/lambda/orders-api',
    logStream: `${new Date(ctx.now).toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]0d1e2f3a4b5c`,
    subscriptionFilters: [`${ctx.config.namePrefix}-log-subscription`],
    logEvents,
  };
}

function findings(ctx: DemoContext, account: { id: string; region: string }): Record<string, unknown>[] {
  const at = new Date(ctx.now - STORY_MINUTES.finding * MINUTE).toISOString();
  const earlier = new Date(ctx.now - 45 * MINUTE).toISOString();
  const detector = `arn:aws:guardduty:${account.region}:${account.id}:detector/0d1e2f3a4b5c6d7e8f901a2b3c4d5e6f`;
  const instance = {
    Type: 'AwsEc2Instance',
    Id: `arn:aws:ec2:${account.region}:${account.id}:instance/${MINER_INSTANCE_ID}`,
    Partition: 'aws',
    Region: account.region,
  };
  const guardDuty = (id: string, time: string, overrides: Record<string, unknown>) =>
    asffFinding({
      Id: `${detector}/finding/${id}`,
      ProductArn: `arn:aws:securityhub:${account.region}::product/aws/guardduty`,
      GeneratorId: detector,
      AwsAccountId: account.id,
      Region: account.region,
      CreatedAt: time,
      UpdatedAt: time,
      FirstObservedAt: time,
      LastObservedAt: time,
      ...overrides,
    });
  return [
    guardDuty('6cc0ffee0c0ffee0c0ffee0c0ffee001', at, {
      Types: ['TTPs/Command and Control/CryptoCurrency:EC2-BitcoinTool.B!DNS'],
      Severity: { Product: 8, Label: 'HIGH', Normalized: 60 },
      Title: `EC2 instance ${MINER_INSTANCE_ID} is querying a domain name that is associated with Bitcoin-related activity.`,
      Description: `EC2 instance ${MINER_INSTANCE_ID} is querying a domain name associated with cryptocurrency mining.`,
      Resources: [instance],
    }),
    guardDuty('2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d', earlier, {
      Types: ['TTPs/Discovery/Recon:EC2-PortProbeUnprotectedPort'],
      Severity: { Product: 2, Label: 'LOW', Normalized: 20 },
      Title: 'Unprotected port on EC2 instance i-0a1b2c3d4e5f60001 is being probed.',
      Description:
        'EC2 instance i-0a1b2c3d4e5f60001 has an unprotected port which is being probed by a known malicious host.',
      Resources: [
        { ...instance, Id: `arn:aws:ec2:${account.region}:${account.id}:instance/i-0a1b2c3d4e5f60001` },
      ],
    }),
  ];
}

function findingsPayload(ctx: DemoContext, account: { id: string; region: string }): CloudWatchLogsPayload {
  const logEvents = findings(ctx, account).map((finding, i) => {
    const time = String(finding.UpdatedAt);
    const event = {
      version: '0',
      id: `8e5622f9-d81c-4d81-612a-9319e7ee25${String(i).padStart(2, '0')}`,
      'detail-type': 'Security Hub Findings - Imported',
      source: 'aws.securityhub',
      account: account.id,
      time,
      region: account.region,
      resources: [String(finding.Id)],
      detail: { findings: [finding] },
    };
    return { id: eventId(2, i), timestamp: Date.parse(time), message: JSON.stringify(event) };
  });
  return {
    messageType: 'DATA_MESSAGE',
    owner: account.id,
    logGroup: securityHubFindingsLogGroupName(ctx.config.namePrefix),
    logStream: '0d1e2f3a-4b5c-6d7e-8f90-1a2b3c4d5e6f',
    subscriptionFilters: [`${ctx.config.namePrefix}-log-subscription`],
    logEvents: logEvents.sort((a, b) => a.timestamp - b.timestamp),
  };
}

function archived(
  ctx: DemoContext,
  account: { id: string; region: string },
  payload: CloudWatchLogsPayload,
  documents: DemoObject['documents'],
): DemoObject {
  return {
    // The log-transfer function's routing, configured as modules/log-movers.ts configures it.
    bucket: destinationBucket(payload.logGroup, {
      bucket: archiveBucketName(ctx.config, 'cloudwatch'),
      findings: {
        bucket: archiveBucketName(ctx.config, 'securityhub'),
        logGroup: securityHubFindingsLogGroupName(ctx.config.namePrefix),
      },
    }),
    key: archiveObjectKey({ accountId: account.id, region: account.region, payload }),
    body: encodeArchiveObject(payload),
    documents,
  };
}

export function cloudWatchObjects(ctx: DemoContext): DemoObject[] {
  const account = workloadAccount(ctx.config);
  const lambda = lambdaPayload(ctx, account.id);
  const findingEvents = findingsPayload(ctx, account);
  return [
    archived(ctx, account, lambda, { cloudwatch: lambda.logEvents.length }),
    // Each finding event becomes a `findings` document, not a `cloudwatch` one.
    archived(ctx, account, findingEvents, { findings: findingEvents.logEvents.length }),
  ];
}
