import { archiveBucketName } from '../../../config/archive-names';
import { LogArchiveStack } from '../../../stacks/log-archive-stack';
import { MemberAccountStack } from '../../../stacks/member-account-stack';
import {
  exampleSiemConfig,
  fakeBundler,
  resourcesOf,
  statementsOf,
  synthStack,
  testApp,
  type SynthesizedStack,
} from './synth-helpers';

const LAKE = {
  bucketName: 'aws-security-data-lake-eu-west-1-a1b2c3d4e5',
  accountId: '666666666666',
  region: 'eu-west-1',
  subscriberRoleArn: 'arn:aws:iam::666666666666:role/AmazonSecurityLake-Subscriber-siem',
  externalId: 'siem-ingest-7f3a',
} as const;

const withSources = exampleSiemConfig((raw) => {
  raw.securityLake = { ...LAKE };
  raw.memberAccounts[0]!.bedrockInvocationLogs = {};
});
const plain = exampleSiemConfig();

const archive = (config = withSources): SynthesizedStack =>
  synthStack(new LogArchiveStack(testApp(), { config, functionBundler: fakeBundler }));
const member = (name: string, config = withSources): SynthesizedStack =>
  synthStack(
    new MemberAccountStack(testApp(), {
      config,
      account: config.memberAccounts.find((a) => a.name === name)!,
      functionBundler: fakeBundler,
    }),
  );

const bucketPolicyOf = (stack: SynthesizedStack, bucket: string) => {
  const ref = resourcesOf(stack, 'aws_s3_bucket').find(([, b]) => b.bucket === bucket)![0];
  const [, policy] = resourcesOf(stack, 'aws_s3_bucket_policy').find(([, p]) =>
    String(p.bucket).includes(`.${ref}.`),
  )!;
  return statementsOf(policy.policy);
};

describe('Bedrock model invocation logs: collection', () => {
  it('log the opted-in member in the archive home region only, to the bedrock bucket', () => {
    // Act
    const configs = resourcesOf(
      member('workloads-prod'),
      'aws_bedrock_model_invocation_logging_configuration',
    );

    // Assess
    expect(
      configs.map(([, c]) => [c.provider, (c.logging_config as Array<{ s3_config: unknown }>)[0].s3_config]),
    ).toEqual([['aws.eu-west-1', [{ bucket_name: 'siem-222222222222-bedrock' }]]]);
  });

  it('are off for members that do not opt in, and everywhere by default', () => {
    for (const stack of [member('workloads-dev'), member('workloads-prod', plain)]) {
      expect(resourcesOf(stack, 'aws_bedrock_model_invocation_logging_configuration')).toEqual([]);
    }
  });

  it("let Bedrock write each opted-in member's own prefix only, from that member's account", () => {
    // Act
    const statements = bucketPolicyOf(archive(), archiveBucketName(withSources, 'bedrock')).filter((s) =>
      String(s.Sid).startsWith('BedrockInvocationLogs'),
    );

    // Assess
    expect(statements).toEqual([
      expect.objectContaining({
        Principal: { Service: 'bedrock.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::siem-222222222222-bedrock/AWSLogs/333333333333/BedrockModelInvocationLogs/*',
        Condition: {
          StringEquals: { 'aws:SourceAccount': '333333333333' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:bedrock:*:333333333333:*' },
        },
      }),
    ]);
    expect(
      bucketPolicyOf(archive(plain), archiveBucketName(plain, 'bedrock')).filter((s) =>
        String(s.Sid).startsWith('Bedrock'),
      ),
    ).toEqual([]);
  });

  it('let Bedrock use the archive key for the opted-in members only', () => {
    // Act
    const keys = resourcesOf(archive(), 'aws_kms_key').flatMap(([, k]) => statementsOf(k.policy));

    // Assess
    const bedrock = keys.filter((s) => s.Sid === 'BedrockEncryptsInvocationLogs');
    expect(bedrock).toHaveLength(1);
    expect(bedrock[0]!.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': ['333333333333'] },
      ArnLike: { 'aws:SourceArn': ['arn:aws:bedrock:*:333333333333:*'] },
    });
  });
});

describe('Security Lake: collection', () => {
  const stack = archive();
  const ingest = resourcesOf(stack, 'aws_lambda_function').find(
    ([, f]) => f.function_name === 'siem-ingest',
  )![1];

  it('admits the lake bucket notifications to the ingestion queue, from that bucket and account only', () => {
    // Act
    const statements = resourcesOf(stack, 'aws_sqs_queue_policy').flatMap(([, p]) => statementsOf(p.policy));

    // Assess
    expect(statements.find((s) => s.Sid === 'SecurityLakeNotifications')).toMatchObject({
      Principal: { Service: 's3.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Condition: {
        ArnEquals: { 'aws:SourceArn': `arn:aws:s3:::${LAKE.bucketName}` },
        StringEquals: { 'aws:SourceAccount': LAKE.accountId },
      },
    });
  });

  it('gives the function the lake, its region, the subscriber role and the external id, and lets it assume that role only', () => {
    // Assess
    const variables = (ingest.environment as { variables: Record<string, string> }).variables;
    expect(variables).toMatchObject({
      SECURITY_LAKE_BUCKET: LAKE.bucketName,
      SECURITY_LAKE_REGION: LAKE.region,
      SECURITY_LAKE_ROLE_ARN: LAKE.subscriberRoleArn,
      SECURITY_LAKE_EXTERNAL_ID: LAKE.externalId,
    });
    const assume = resourcesOf(stack, 'aws_iam_role_policy')
      .flatMap(([, p]) => statementsOf(p.policy))
      .filter((s) => s.Action === 'sts:AssumeRole');
    expect(assume).toEqual([expect.objectContaining({ Resource: LAKE.subscriberRoleArn })]);
  });

  it('is off by default', () => {
    // Act
    const off = archive(plain);

    // Assess
    const statements = resourcesOf(off, 'aws_sqs_queue_policy').flatMap(([, p]) => statementsOf(p.policy));
    expect(statements.map((s) => s.Sid)).not.toContain('SecurityLakeNotifications');
    const fn = resourcesOf(off, 'aws_lambda_function').find(([, f]) => f.function_name === 'siem-ingest')![1];
    expect(JSON.stringify(fn.environment)).not.toContain('SECURITY_LAKE');
  });

  it.each([
    [{ bucketName: 'my-bucket' }, 'securityLake.bucketName: must be a Security Lake bucket name'],
    [
      { subscriberRoleArn: 'arn:aws:iam::777777777777:role/x' },
      'securityLake.subscriberRoleArn: subscriberRoleArn must be a role of the Security Lake account',
    ],
    [{ region: 'us-east-1' }, 'securityLake.bucketName: bucketName must name the lake region'],
  ])('rejects a lake config %j', (change, message) => {
    expect(() =>
      exampleSiemConfig((raw) => void (raw.securityLake = { ...LAKE, ...change } as typeof LAKE)),
    ).toThrow(message);
  });
});
