import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { Construct } from 'constructs';
import { checkovSkip } from './checkov';
import { FunctionBundler, LAMBDA_RUNTIME, bundleFunction } from './function-bundle';
import { PolicyStatement, assumeRolePolicyJson, policyJson } from './iam-policy';
import { regionalRoleName } from '../config/member-names';
import { SharedFunctionAsset } from './shared-asset';

export interface BundledLambdaFunctionProps {
  /** Folder under `functions/` whose `handler.ts` exports `handler`. */
  readonly source: string;
  /**
   * Builds the deployment package; tests pass a stand-in so they need not bundle the handlers.
   * @default bundleFunction (esbuild)
   */
  readonly bundler?: FunctionBundler;
  readonly functionName: string;
  readonly description: string;
  readonly accountId: string;
  readonly region: string;
  /** Least-privilege grants beyond writing its own logs and traces; never `*` on `*`. */
  readonly statements: readonly PolicyStatement[];
  /** Encrypts the environment variables, the function's log group and its dead-letter queue. */
  readonly kmsKeyArn: string;
  readonly environment?: Readonly<Record<string, string>>;
  /** @default 60 */
  readonly timeoutSeconds?: number;
  /** @default 256 */
  readonly memorySizeMb?: number;
  /** @default 365 */
  readonly logRetentionDays?: number;
  /**
   * Caps concurrent executions so a flood of events cannot starve the account's other functions.
   * @default 5
   */
  readonly reservedConcurrency?: number;
  /**
   * SQS queue for events an asynchronous invocation could not process after Lambda's retries.
   * Leave out for functions fed by an event source mapping: their queue's redrive policy applies.
   */
  readonly deadLetterQueueArn?: string;
}

/**
 * A Node.js Lambda function (`LAMBDA_RUNTIME`) built from `functions/<source>/handler.ts` by esbuild at synth
 * time (see `bundleFunction`), with its own role, KMS-encrypted log group and environment, and X-Ray tracing.
 */
export class BundledLambdaFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  readonly rolePolicy: IamRolePolicy;
  readonly arn: string;
  readonly functionName: string;

  constructor(scope: Construct, id: string, props: BundledLambdaFunctionProps) {
    super(scope, id);
    const bundle = (props.bundler ?? bundleFunction)(props.source);
    // One copy of the zip for the whole app, not one per stack (see SharedFunctionAsset).
    const asset = new SharedFunctionAsset(this, 'code', bundle);
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/lambda/${props.functionName}`,
      retentionInDays: props.logRetentionDays ?? 365,
      kmsKeyId: props.kmsKeyArn,
    });
    this.role = new IamRole(this, 'role', {
      // IAM is global: a function deployed to several regions of an account needs a role per region.
      // The archive's policies match the log-transfer role by this name (see member-names.ts).
      name: regionalRoleName(props.functionName, props.region),
      description: props.description,
      assumeRolePolicy: assumeRolePolicyJson('lambda.amazonaws.com'),
    });
    this.rolePolicy = new IamRolePolicy(this, 'policy', {
      role: this.role.id,
      name: 'least-privilege',
      policy: policyJson([
        {
          Sid: 'OwnLogs',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `${this.logGroup.arn}:*`,
        },
        // X-Ray accepts no resource narrower than "*" for these two actions.
        { Sid: 'Tracing', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
        {
          Sid: 'FunctionKey',
          Action: props.deadLetterQueueArn ? ['kms:Decrypt', 'kms:GenerateDataKey'] : 'kms:Decrypt',
          Resource: props.kmsKeyArn,
        },
        ...(props.deadLetterQueueArn
          ? [{ Sid: 'DeadLetterQueue', Action: 'sqs:SendMessage', Resource: props.deadLetterQueueArn }]
          : []),
        ...props.statements,
      ]),
    });
    this.function = new LambdaFunction(this, 'function', {
      functionName: props.functionName,
      description: props.description,
      role: this.role.arn,
      runtime: LAMBDA_RUNTIME,
      architectures: ['arm64'],
      handler: 'index.handler',
      filename: asset.path,
      sourceCodeHash: bundle.sha256Base64,
      timeout: props.timeoutSeconds ?? 60,
      memorySize: props.memorySizeMb ?? 256,
      reservedConcurrentExecutions: props.reservedConcurrency ?? 5,
      kmsKeyArn: props.kmsKeyArn,
      tracingConfig: { mode: 'Active' },
      environment: {
        variables: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      },
      deadLetterConfig: props.deadLetterQueueArn ? { targetArn: props.deadLetterQueueArn } : undefined,
      // The policy must exist before an event source mapping validates the role's permissions.
      dependsOn: [this.logGroup, this.rolePolicy],
    });
    checkovSkip(this.function, {
      CKV_AWS_117:
        'Calls only AWS APIs (S3, SQS, CloudWatch Logs, the OpenSearch public endpoint with fine-grained access control); no VPC resource to reach.',
      CKV_AWS_272:
        'Code is built from this repository at synth time and deployed by Terraform from the same commit; no separately signed artifact exists.',
      ...(props.deadLetterQueueArn
        ? {}
        : {
            CKV_AWS_116:
              'Fed by an SQS event source mapping: failed messages go to that queue’s dead-letter queue.',
          }),
    });
    this.arn = this.function.arn;
    this.functionName = this.function.functionName;
  }
}
