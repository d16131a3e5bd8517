/** Smoke test of the moto server: S3 event notifications reach an SQS queue, as the log movers expect. */
import {
  CreateBucketCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { awsTestClientConfig } from '../../support/env';

interface S3EventBody {
  Records?: { eventName: string; s3: { bucket: { name: string }; object: { key: string } } }[];
}

async function receiveUntil(
  sqs: SQSClient,
  queueUrl: string,
  found: (m: Message) => boolean,
): Promise<Message> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    const match = Messages.find(found);
    if (match) return match;
  }
  throw new Error(`no matching message on ${queueUrl}`);
}

it('delivers an S3 ObjectCreated event for a new object to the configured SQS queue', async () => {
  const s3 = new S3Client(awsTestClientConfig());
  const sqs = new SQSClient(awsTestClientConfig());
  const name = `harness-${Date.now()}-${process.pid}`;
  const key = 'AWSLogs/111111111111/CloudTrail/us-east-1/2026/01/01/trail.json.gz';

  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: name,
      NotificationConfiguration: {
        QueueConfigurations: [{ QueueArn: Attributes?.QueueArn, Events: ['s3:ObjectCreated:*'] }],
      },
    }),
  );
  await s3.send(new PutObjectCommand({ Bucket: name, Key: key, Body: 'log line' }));

  // S3 also sends an s3:TestEvent when the configuration is set; look for the record of the object.
  const message = await receiveUntil(sqs, QueueUrl!, (m) => (m.Body ?? '').includes('"Records"'));
  const [record] = (JSON.parse(message.Body!) as S3EventBody).Records ?? [];
  expect(record.eventName).toMatch(/^ObjectCreated:/);
  expect(record.s3.bucket.name).toBe(name);
  expect(decodeURIComponent(record.s3.object.key)).toBe(key);
});
