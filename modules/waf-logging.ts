import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KinesisFirehoseDeliveryStream } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { Construct } from 'constructs';
import { PolicyStatement, assumeRolePolicyJson, policyJson } from './iam-policy';
import { wafDeliveryRoleName } from '../config/member-names';

export interface WafLoggingProps {
  readonly namePrefix: string;
  readonly accountId: string;
  /** Region of the web ACL (us-east-1 for CloudFront ACLs); the stream must be in the same region. */
  readonly region: string;
  readonly webAclArn: string;
  /** The archive's WAF bucket, in the home region. */
  readonly bucketArn: string;
  /** Grant to encrypt with the archive bucket's key (a `kms:ViaService`-scoped statement). */
  readonly archiveKeyStatement: PolicyStatement;
  /** Member key encrypting records while they are buffered in Firehose. */
  readonly streamKmsKeyArn: string;
  /** @default 300 */
  readonly bufferingIntervalSeconds?: number;
}

/** Sends one web ACL's logs through a Firehose stream (`aws-waf-logs-…`) to the archive. */
export class WafLogging extends Construct {
  readonly stream: KinesisFirehoseDeliveryStream;

  constructor(scope: Construct, id: string, props: WafLoggingProps) {
    super(scope, id);
    const aclName = props.webAclArn.split('/').at(-2) ?? 'acl';
    // WAF only logs to streams whose name starts with aws-waf-logs-; Firehose names end at 64 chars.
    const streamName = `aws-waf-logs-${props.namePrefix}-${aclName}`.slice(0, 64);
    const role = new IamRole(this, 'role', {
      // The archive's WAF bucket and key admit only roles named like this (see member-names.ts).
      name: wafDeliveryRoleName(props.namePrefix, aclName, props.region),
      description: `Firehose delivery of WAF logs of ${aclName} to the log archive`,
      assumeRolePolicy: assumeRolePolicyJson('firehose.amazonaws.com', {
        StringEquals: { 'aws:SourceAccount': props.accountId },
      }),
    });
    const prefix = `AWSLogs/${props.accountId}/WAFLogs/${props.region}/${aclName}/`;
    const errorPrefix = `AWSLogs/${props.accountId}/WAFLogs-errors/${props.region}/${aclName}/`;
    const policy = new IamRolePolicy(this, 'role-policy', {
      role: role.id,
      name: 'deliver-to-archive',
      policy: policyJson([
        {
          Sid: 'LocateBucket',
          Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
          Resource: props.bucketArn,
        },
        {
          Sid: 'WriteOwnPrefix',
          Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
          Resource: [`${props.bucketArn}/${prefix}*`, `${props.bucketArn}/${errorPrefix}*`],
        },
        props.archiveKeyStatement,
      ]),
    });
    this.stream = new KinesisFirehoseDeliveryStream(this, 'stream', {
      name: streamName,
      destination: 'extended_s3',
      serverSideEncryption: { enabled: true, keyType: 'CUSTOMER_MANAGED_CMK', keyArn: props.streamKmsKeyArn },
      extendedS3Configuration: {
        bucketArn: props.bucketArn,
        roleArn: role.arn,
        prefix,
        errorOutputPrefix: errorPrefix,
        compressionFormat: 'GZIP',
        bufferingInterval: props.bufferingIntervalSeconds ?? 300,
        bufferingSize: 5,
      },
      dependsOn: [policy],
    });
    new Wafv2WebAclLoggingConfiguration(this, 'logging', {
      resourceArn: props.webAclArn,
      logDestinationConfigs: [this.stream.arn],
    });
  }
}
