import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { Construct } from 'constructs';

export interface ConfigDeliveryProps {
  readonly namePrefix: string;
  /**
   * The archive's `config` bucket; Config writes under `AWSLogs/<account>/Config/<region>/YYYY/M/D/`
   * (no key prefix: the archive's key contract starts at `AWSLogs/`). Its default encryption (the
   * archive key) encrypts the files.
   */
  readonly bucketName: string;
  /** How often Config writes a snapshot of every recorded resource. */
  readonly snapshotFrequency: 'One_Hour' | 'Three_Hours' | 'Six_Hours' | 'Twelve_Hours' | 'TwentyFour_Hours';
}

/**
 * An AWS Config delivery channel to the archive. The region's configuration recorder is not
 * created here: it is usually Control Tower's or an organization StackSet's, and a region holds
 * one recorder and one delivery channel (docs/deployment.md).
 */
export class ConfigDelivery extends Construct {
  constructor(scope: Construct, id: string, props: ConfigDeliveryProps) {
    super(scope, id);
    new ConfigDeliveryChannel(this, 'delivery-channel', {
      name: `${props.namePrefix}-archive`,
      s3BucketName: props.bucketName,
      snapshotDeliveryProperties: { deliveryFrequency: props.snapshotFrequency },
    });
  }
}
