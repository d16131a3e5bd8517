/**
 * The archive's delivery path on moto: a bucket whose ObjectCreated notifications go to an SQS
 * queue, and the event Lambda's SQS poller hands the ingestion function. Shared by the end-to-end
 * bench and the end-to-end integration test, so both drive the handler the same way.
 */
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  PutBucketNotificationConfigurationCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';

export interface NotifiedBucket {
  readonly bucket: string;
  readonly queueUrl: string;
  readonly queueArn: string;
  /** Deletes the objects, the bucket and the queue; errors are ignored (moto's state is thrown away anyway). */
  remove(): Promise<void>;
}

/** Creates `queueName` and `bucket`, the bucket sending every ObjectCreated event to the queue. */
export async function createNotifiedBucket(
  s3: S3Client,
  sqs: SQSClient,
  names: { readonly bucket: string; readonly queueName: string },
): Promise<NotifiedBucket> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: names.queueName }));
  const queueUrl = QueueUrl as string;
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queueArn = Attributes?.QueueArn as string;
  await s3.send(new CreateBucketCommand({ Bucket: names.bucket }));
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: names.bucket,
      NotificationConfiguration: {
        QueueConfigurations: [{ QueueArn: queueArn, Events: ['s3:ObjectCreated:*'] }],
      },
    }),
  );
  const remove = async (): Promise<void> => {
    await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl })).catch(() => undefined);
    const listed = await s3
      .send(new ListObjectsV2Command({ Bucket: names.bucket }))
      .catch(() => ({ Contents: [] }));
    for (const { Key } of listed.Contents ?? [])
      await s3.send(new DeleteObjectCommand({ Bucket: names.bucket, Key })).catch(() => undefined);
    await s3.send(new DeleteBucketCommand({ Bucket: names.bucket })).catch(() => undefined);
  };
  return { bucket: names.bucket, queueUrl, queueArn, remove };
}

/** The event Lambda's SQS event source delivers for `messages` received from `queueArn`. */
export function sqsEventOf(messages: readonly Message[], queueArn: string): SQSEvent {
  const region = queueArn.split(':')[3] ?? 'us-east-1';
  return {
    Records: messages.map((m) => ({
      messageId: m.MessageId as string,
      receiptHandle: m.ReceiptHandle as string,
      body: m.Body as string,
      attributes: {} as never,
      messageAttributes: {},
      md5OfBody: m.MD5OfBody as string,
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: region,
    })),
  };
}

/**
 * The object key an S3 notification message names, decoded (S3 URL-encodes keys in events, spaces
 * as `+`); undefined for messages without records, such as S3's `s3:TestEvent`.
 */
export function notifiedKeyOf(message: Message): string | undefined {
  const body = JSON.parse(message.Body as string) as { Records?: Array<{ s3: { object: { key: string } } }> };
  const key = body.Records?.[0]?.s3.object.key;
  return key === undefined ? undefined : decodeURIComponent(key.replace(/\+/g, ' '));
}
