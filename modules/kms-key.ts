import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey as AwsKmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { PolicyStatement, policyJson } from './iam-policy';

export interface KmsKeyProps {
  /** Alias without the `alias/` prefix. */
  readonly aliasName: string;
  readonly description: string;
  /** Account that owns the key; its IAM policies administer it (the AWS default key policy). */
  readonly accountId: string;
  /** Grants to AWS services or other accounts' principals, each scoped by its own conditions. */
  readonly statements?: readonly PolicyStatement[];
  /**
   * Days before a scheduled deletion happens; the maximum leaves the most time to notice.
   * @default 30
   */
  readonly deletionWindowInDays?: number;
}

/** A customer managed key with automatic yearly rotation and a key policy that names its users. */
export class KmsKey extends Construct {
  readonly key: AwsKmsKey;
  readonly arn: string;
  readonly aliasArn: string;

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    this.key = new AwsKmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: policyJson([
        {
          Sid: 'AccountAdministersKey',
          Principal: { AWS: `arn:aws:iam::${props.accountId}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        ...(props.statements ?? []),
      ]),
    });
    const alias = new KmsAlias(this, 'alias', {
      name: `alias/${props.aliasName}`,
      targetKeyId: this.key.keyId,
    });
    this.arn = this.key.arn;
    this.aliasArn = alias.arn;
  }
}
