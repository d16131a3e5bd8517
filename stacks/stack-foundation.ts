import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, LocalBackend, Manifest, S3Backend, TerraformStack } from 'cdktf';
import { isAbsolute, join, relative } from 'node:path';
import type { SiemConfig } from '../config/schema';
import type { FunctionBundler } from '../modules/function-bundle';

/** What every SIEM stack is built from. */
export interface SiemStackProps {
  readonly config: SiemConfig;
  /** @default bundleFunction (esbuild) */
  readonly functionBundler?: FunctionBundler;
}

/**
 * Where a stack's local state file is, as Terraform reads it: relative to the stack's working
 * directory (`<outdir>/stacks/<stack>`), so the synthesized JSON holds no machine-specific path.
 * The state itself stays outside the generated folder: `rm -rf cdktf.out` must not lose it.
 */
export function localStatePath(outdir: string, stackName: string, stateDirectory: string): string {
  const file = join(stateDirectory, `${stackName}.tfstate`);
  if (isAbsolute(stateDirectory)) return file;
  return relative(join(outdir, Manifest.stacksFolder, stackName), file);
}

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
    new LocalBackend(stack, { path: localStatePath(App.of(stack).outdir, stackName, backend.path) });
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
