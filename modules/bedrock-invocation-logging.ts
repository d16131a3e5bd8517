import { BedrockModelInvocationLoggingConfiguration } from '@cdktf/provider-aws/lib/bedrock-model-invocation-logging-configuration';
import { Construct } from 'constructs';

export interface BedrockInvocationLoggingProps {
  /**
   * The archive's `bedrock` bucket; Bedrock writes under
   * `AWSLogs/<account>/BedrockModelInvocationLogs/<region>/YYYY/MM/DD/HH/` as its service principal.
   */
  readonly bucketName: string;
}

/**
 * Amazon Bedrock model invocation logging of one account and region to the archive: one logging
 * configuration per region (a second one replaces the first). Text, image, embedding and video
 * request and response bodies are delivered inline up to 100 KB; the ingestion function indexes
 * the ids and token counts and keeps the bodies unindexed.
 */
export class BedrockInvocationLogging extends Construct {
  constructor(scope: Construct, id: string, props: BedrockInvocationLoggingProps) {
    super(scope, id);
    new BedrockModelInvocationLoggingConfiguration(this, 'configuration', {
      loggingConfig: [
        {
          s3Config: [{ bucketName: props.bucketName }],
          textDataDeliveryEnabled: true,
          imageDataDeliveryEnabled: true,
          embeddingDataDeliveryEnabled: true,
          videoDataDeliveryEnabled: true,
        },
      ],
    });
  }
}
