import { gzipSync } from 'node:zlib';
import { archiveBucketName } from '../../../config/archive-names';
import { configItem } from '../../../detections/config';
import { MINUTE, workloadAccount, type DemoContext, type DemoObject } from './context';
import { MINER_INSTANCE_ID, MINER_INSTANCE_TYPE, STORY_MINUTES } from './story';

/*
 * AWS Config history of the workload account (one history file per resource type, as the
 * delivery channel writes them, `YYYY/M/D` unpadded), and the writability check file Config
 * writes when the channel is created. Among the changes: the mining instance's security group
 * opened to the internet for SSH, a minute before the SSH session.
 */

const SG = 'sg-0c0ffee0c0ffee001';

export function configObjects(ctx: DemoContext): DemoObject[] {
  const account = workloadAccount(ctx.config);
  const at = (minutesAgo: number) => ctx.now - minutesAgo * MINUTE;
  const item = (minutesAgo: number, overrides: Record<string, unknown>) => {
    const time = at(minutesAgo);
    return configItem({
      awsAccountId: account.id,
      awsRegion: account.region,
      configurationItemCaptureTime: new Date(time).toISOString(),
      configurationStateId: time,
      ...overrides,
    });
  };
  const arn = (type: string, id: string) => `arn:aws:ec2:${account.region}:${account.id}:${type}/${id}`;
  const byType: Record<string, Record<string, unknown>[]> = {
    'AWS::EC2::SecurityGroup': [
      item(50, {
        resourceId: 'sg-0a1b2c3d4e5f60101',
        resourceName: 'shop-web',
        ARN: arn('security-group', 'sg-0a1b2c3d4e5f60101'),
        configuration: {
          groupId: 'sg-0a1b2c3d4e5f60101',
          groupName: 'shop-web',
          ipPermissions: [
            { fromPort: 443, toPort: 443, ipProtocol: 'tcp', ipv4Ranges: [{ cidrIp: '10.0.0.0/16' }] },
          ],
          ipPermissionsEgress: [{ ipProtocol: '-1', ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }] }],
        },
      }),
      item(STORY_MINUTES.sshStart + 1, {
        resourceId: SG,
        resourceName: 'gpu-build',
        ARN: arn('security-group', SG),
        relatedEvents: ['5d1c0ffe-0c0f-4fee-8c0f-fee0c0ffee01'],
        configuration: {
          groupId: SG,
          groupName: 'gpu-build',
          ipPermissions: [
            {
              fromPort: 22,
              toPort: 22,
              ipProtocol: 'tcp',
              ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }],
              ipRanges: ['0.0.0.0/0'],
            },
          ],
          ipPermissionsEgress: [{ ipProtocol: '-1', ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }] }],
        },
      }),
    ],
    'AWS::EC2::Instance': [
      item(STORY_MINUTES.runInstances - 1, {
        resourceType: 'AWS::EC2::Instance',
        resourceId: MINER_INSTANCE_ID,
        resourceName: null,
        ARN: arn('instance', MINER_INSTANCE_ID),
        configurationItemStatus: 'ResourceDiscovered',
        relationships: [
          {
            resourceType: 'AWS::EC2::SecurityGroup',
            resourceId: SG,
            name: 'Is associated with SecurityGroup',
          },
        ],
        configuration: {
          instanceId: MINER_INSTANCE_ID,
          instanceType: MINER_INSTANCE_TYPE,
          state: { name: 'running' },
        },
      }),
    ],
    'AWS::S3::Bucket': [
      item(40, {
        resourceType: 'AWS::S3::Bucket',
        resourceId: 'shop-assets',
        resourceName: 'shop-assets',
        ARN: 'arn:aws:s3:::shop-assets',
        configuration: { name: 'shop-assets' },
        supplementaryConfiguration: {
          PublicAccessBlockConfiguration: {
            blockPublicAcls: true,
            ignorePublicAcls: true,
            blockPublicPolicy: true,
            restrictPublicBuckets: true,
          },
          BucketVersioningConfiguration: { status: 'Enabled' },
        },
      }),
    ],
  };
  const day = new Date(ctx.now);
  const path = `${day.getUTCFullYear()}/${day.getUTCMonth() + 1}/${day.getUTCDate()}`;
  const stamp = new Date(ctx.now).toISOString().replace(/[-:]|\.\d+/g, '');
  const prefix = `AWSLogs/${account.id}/Config/${account.region}/${path}/ConfigHistory`;
  const bucket = archiveBucketName(ctx.config, 'config');
  return [
    ...Object.entries(byType).map(([type, configurationItems]) => ({
      bucket,
      key: `${prefix}/${account.id}_Config_${account.region}_ConfigHistory_${type}_${stamp}_${stamp}_1.json.gz`,
      body: gzipSync(JSON.stringify({ fileVersion: '1.0', configurationItems })),
      documents: { config: configurationItems.length },
    })),
    {
      bucket,
      key: `AWSLogs/${account.id}/Config/ConfigWritabilityCheckFile`,
      body: Buffer.from(''),
      documents: {},
    },
  ];
}
