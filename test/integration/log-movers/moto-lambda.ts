/**
 * moto checks that a subscription filter's Lambda destination exists (PutSubscriptionFilter fails
 * with InvalidParameterException otherwise), so the tests create real, if empty, functions in moto.
 * They are never invoked: moto would need Docker for that, and the tests call the handlers directly.
 */
import { CreateRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { AwsTestClientConfig } from '../../support/env';

/** The harness's client settings, in the region the calling test file owns. */
export type RegionalTestClientConfig = Omit<AwsTestClientConfig, 'region'> & { region: string };

/** The smallest valid zip archive (an end-of-central-directory record): moto stores it, never runs it. */
const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);

function errorName(err: unknown): string | undefined {
  return err instanceof Error ? err.name : undefined;
}

async function ensureRole(iam: IAMClient, roleName: string): Promise<string> {
  try {
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: roleName,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'lambda.amazonaws.com' },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    );
    return created.Role?.Arn ?? '';
  } catch (err) {
    if (errorName(err) !== 'EntityAlreadyExistsException') throw err;
    return (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role?.Arn ?? '';
  }
}

/** Creates (or finds) a function called `functionName` and returns its ARN. */
export async function ensureMotoFunction(
  config: RegionalTestClientConfig,
  functionName: string,
): Promise<string> {
  const iam = new IAMClient(config);
  const lambda = new LambdaClient(config);
  try {
    const role = await ensureRole(iam, `${functionName}-role`);
    try {
      const created = await lambda.send(
        new CreateFunctionCommand({
          FunctionName: functionName,
          Role: role,
          Runtime: 'nodejs22.x',
          Handler: 'handler.handler',
          Code: { ZipFile: EMPTY_ZIP },
        }),
      );
      return created.FunctionArn ?? '';
    } catch (err) {
      if (errorName(err) !== 'ResourceConflictException') throw err;
      return (
        (await lambda.send(new GetFunctionCommand({ FunctionName: functionName }))).Configuration
          ?.FunctionArn ?? ''
      );
    }
  } finally {
    iam.destroy();
    lambda.destroy();
  }
}
