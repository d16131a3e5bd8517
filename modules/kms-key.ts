import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey as AwsKmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { PolicyStatement, policyJson } from './iam-policy';

/**
 * Key administrators apart from key users. Without it the account root is granted `kms:*`, so
 * any IAM principal with a broad KMS grant administers and uses the key.
 */
export interface KmsKeyAdministration {
  /** Manage the key (policy, rotation, tags, description), but cannot encrypt or decrypt. */
  readonly administratorArns: readonly string[];
  /** The only principals that may disable the key, disable its rotation or schedule its deletion. */
  readonly breakGlassArns: readonly string[];
  /** Besides the break-glass principals, the only ones that may change the key policy. */
  readonly policyEditorArns: readonly string[];
  /** The account's own principals use the key only through this service (`kms:ViaService`), as their IAM policies allow. */
  readonly accountUseViaService: string;
}

/** Key administration actions (AWS's default "key administrators" set): no cryptographic use. */
const ADMINISTRATION_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];

/**
 * Principals are named in conditions (`aws:PrincipalArn`), not as `Principal`: KMS rejects a key
 * policy whose principal does not exist, and the break-glass role may be created only when needed.
 */
function administrationStatements(accountId: string, admin: KmsKeyAdministration): PolicyStatement[] {
  const account = { AWS: `arn:aws:iam::${accountId}:root` };
  return [
    {
      Sid: 'KeyAdministrators',
      Principal: account,
      Action: ADMINISTRATION_ACTIONS,
      Resource: '*',
      Condition: { ArnEquals: { 'aws:PrincipalArn': admin.administratorArns } },
    },
    {
      Sid: 'AccountUsesKeyThroughService',
      Principal: account,
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': admin.accountUseViaService },
      },
    },
    {
      Sid: 'DenyKeyDestructionExceptBreakGlass',
      Effect: 'Deny',
      Principal: '*',
      Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:DisableKeyRotation'],
      Resource: '*',
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': admin.breakGlassArns } },
    },
    {
      Sid: 'DenyKeyPolicyChangesExceptEditorsAndBreakGlass',
      Effect: 'Deny',
      Principal: '*',
      Action: 'kms:PutKeyPolicy',
      Resource: '*',
      Condition: {
        ArnNotEquals: { 'aws:PrincipalArn': [...admin.policyEditorArns, ...admin.breakGlassArns] },
      },
    },
  ];
}

export interface KmsKeyProps {
  /** Alias without the `alias/` prefix. */
  readonly aliasName: string;
  readonly description: string;
  /** Account that owns the key; its IAM policies administer it (the AWS default key policy). */
  readonly accountId: string;
  /**
   * Separate administrators from users, and keep destruction to break-glass principals.
   * @default undefined: the account root administers and uses the key (the AWS default policy)
   */
  readonly administration?: KmsKeyAdministration;
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
        ...(props.administration
          ? administrationStatements(props.accountId, props.administration)
          : [
              {
                Sid: 'AccountAdministersKey',
                Principal: { AWS: `arn:aws:iam::${props.accountId}:root` },
                Action: 'kms:*',
                Resource: '*',
              },
            ]),
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
