import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import type { SiemConfig } from '../config/schema';

/**
 * Gives a stack its own state (local file or S3 key with DynamoDB locking) so each account's
 * resources can be planned, applied and rolled back independently.
 */
export function configureBackend(
  stack: TerraformStack,
  stackName: string,
  backend: SiemConfig['stateBackend'],
): void {
  if (backend.type === 'local') {
    new LocalBackend(stack, { path: `terraform.${stackName}.tfstate` });
    return;
  }
  new S3Backend(stack, {
    bucket: backend.bucket,
    key: `${backend.keyPrefix}/${stackName}.tfstate`,
    region: backend.region,
    dynamodbTable: backend.dynamodbTable,
    encrypt: true,
  });
}

export interface AccountProviderProps {
  readonly accountId: string;
  readonly region: string;
  readonly deploymentRoleName: string;
  readonly stackName: string;
  /** Set for every provider but a stack's default one. */
  readonly alias?: string;
}

/**
 * An AWS provider that assumes the deployment role in the target account and refuses to run
 * against any other account, so a wrong credential cannot apply one account's stack to another.
 */
export function accountProvider(stack: TerraformStack, id: string, props: AccountProviderProps): AwsProvider {
  return new AwsProvider(stack, id, {
    region: props.region,
    alias: props.alias,
    allowedAccountIds: [props.accountId],
    assumeRole: [
      {
        roleArn: `arn:aws:iam::${props.accountId}:role/${props.deploymentRoleName}`,
        sessionName: `cdktf-${props.stackName}`.slice(0, 64),
      },
    ],
    defaultTags: [{ tags: { Project: 'cdktf-aws-siem', Stack: props.stackName } }],
  });
}
