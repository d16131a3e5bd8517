import { gzipSync } from 'node:zlib';
import { archiveBucketName } from '../../../config/archive-names';
import { bedrockInvocation } from '../../../detections/bedrock';
import {
  MINUTE,
  byTime,
  compactTime,
  datePath,
  workloadAccount,
  type DemoContext,
  type DemoObject,
} from './context';
import { seededRandom } from './random';
import { LEAKED_KEY_USER, STORY_MINUTES } from './story';

/*
 * Bedrock model invocation logs of the workload account (JSON lines, gzipped, as Bedrock writes
 * them to the archive's bedrock bucket): the shop's support assistant, and the leaked key trying
 * models it may not call (denied) after the S3 probing.
 */

const INVOCATIONS = 30;
const DENIED = 12;

export function bedrockObjects(ctx: DemoContext): DemoObject[] {
  const account = workloadAccount(ctx.config);
  const random = seededRandom(4242);
  const assistant = `arn:aws:sts::${account.id}:assumed-role/support-assistant/lambda`;
  const leaked = `arn:aws:iam::${account.id}:user/${LEAKED_KEY_USER}`;
  const at = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const records = Array.from({ length: INVOCATIONS }, (_, i) =>
    bedrockInvocation(`demo/${i}`, {
      timestamp: at(ctx.now - random.int(1 * MINUTE, 55 * MINUTE)),
      accountId: account.id,
      region: account.region,
      identity: { arn: assistant },
      input: { inputTokenCount: random.int(200, 1800) },
      output: { outputTokenCount: random.int(50, 600) },
    }),
  );
  const probeAt = ctx.now - (STORY_MINUTES.s3ProbeStart - 1) * MINUTE;
  for (let i = 0; i < DENIED; i++) {
    records.push(
      bedrockInvocation(`demo/denied/${i}`, {
        timestamp: at(probeAt + i * 5000),
        accountId: account.id,
        region: account.region,
        identity: { arn: leaked },
        modelId: ['anthropic.claude-3-5-sonnet-20240620-v1:0', 'anthropic.claude-3-opus-20240229-v1:0'][
          i % 2
        ],
        errorCode: 'AccessDeniedException',
        input: { inputTokenCount: 0 },
        output: { outputTokenCount: 0 },
      }),
    );
  }
  const sorted = byTime(records, (r) => Date.parse(r.timestamp as string));
  const key =
    `AWSLogs/${account.id}/BedrockModelInvocationLogs/${account.region}/${datePath(ctx.now)}/` +
    `${new Date(ctx.now).toISOString().slice(11, 13)}/${compactTime(ctx.now)}_demo.json.gz`;
  return [
    {
      bucket: archiveBucketName(ctx.config, 'bedrock'),
      key,
      body: gzipSync(sorted.map((r) => JSON.stringify(r)).join('\n') + '\n'),
      documents: { bedrock: sorted.length },
    },
  ];
}
