import { objectsInMessage } from '../../../functions/ingest/sqs-handler';
import { AWS_LOGS_DELIVERY_CANONICAL_ID } from '../../../modules/cloudfront-log-delivery-acl';
import {
  archiveBucketName,
  cloudFrontLogRegion,
  elbLogBucketName,
  elbLogRegions,
} from '../../../config/archive-names';
import { LogArchiveStack } from '../../../stacks/log-archive-stack';
import {
  SynthesizedStack,
  asList,
  exampleSiemConfig,
  fakeBundler,
  onlyResource,
  reference,
  resourcesOf,
  statementsOf,
  synthStack,
  testApp,
} from './synth-helpers';

const config = exampleSiemConfig();
let stack: SynthesizedStack;

beforeAll(() => {
  stack = synthStack(new LogArchiveStack(testApp(), { config, functionBundler: fakeBundler }));
});

/** [logical name, body] of the bucket resource named `bucketName`. */
function bucketNamed(synthesized: SynthesizedStack, bucketName: string): [string, Record<string, unknown>] {
  const match = resourcesOf(synthesized, 'aws_s3_bucket').find(([, body]) => body.bucket === bucketName);
  if (!match) throw new Error(`no bucket ${bucketName}`);
  return match;
}

function attachedTo(type: string, bucketName: string, synthesized = stack): Record<string, unknown> {
  const ref = `\${aws_s3_bucket.${bucketNamed(synthesized, bucketName)[0]}`;
  const matches = resourcesOf(synthesized, type).filter(
    ([, body]) => body.bucket === `${ref}.id}` || body.bucket === `${ref}.bucket}`,
  );
  expect(matches).toHaveLength(1);
  return matches[0]![1];
}

/** Bucket names inside an event pattern, with Terraform references resolved to the names they hold. */
function patternBucketNames(pattern: unknown, synthesized = stack): string[] {
  const parsed = JSON.parse(String(pattern)) as { detail: { bucket: { name: string[] } } };
  return parsed.detail.bucket.name.map((ref) => {
    const logical = /^\$\{aws_s3_bucket\.([^.]+)\.bucket\}$/.exec(ref)?.[1];
    return String(synthesized.resource.aws_s3_bucket?.[logical ?? '']?.bucket ?? ref);
  });
}

const HOME = 'eu-west-1';
const elbBuckets = ['eu-central-1', 'eu-west-1', 'us-east-1'].map((region) => ({
  region,
  name: `siem-222222222222-elb-${region}`,
}));
const cloudFrontBucket = 'siem-222222222222-cloudfront';
const sseS3Buckets = [...elbBuckets.map((b) => b.name), cloudFrontBucket];

describe('archive naming of ELB and CloudFront buckets', () => {
  it('lists every member region once, sorted', () => {
    // Act & Assess
    expect(elbLogRegions(config)).toEqual(['eu-central-1', 'eu-west-1', 'us-east-1']);
  });

  it('names ELB buckets <prefix>-<archive account>-elb-<region> and CloudFront <prefix>-<archive account>-cloudfront', () => {
    // Act & Assess
    expect(elbLogBucketName(config, 'eu-central-1')).toBe('siem-222222222222-elb-eu-central-1');
    expect(archiveBucketName(config, 'cloudfront')).toBe(cloudFrontBucket);
  });

  it.each([
    ['eu-west-1', 'eu-west-1'],
    ['us-east-2', 'us-east-2'],
    ['me-south-1', 'us-east-1'],
    ['eu-south-2', 'us-east-1'],
  ])(
    'keeps the CloudFront bucket in home region %s when CloudFront can deliver there (→ %s)',
    (home, expected) => {
      // Act & Assess
      expect(cloudFrontLogRegion({ homeRegion: home as typeof config.homeRegion })).toBe(expected);
    },
  );
});

describe('ELB access log buckets', () => {
  it.each(elbBuckets)('creates $name with the provider of $region', ({ region, name }) => {
    // Act
    const [, bucket] = bucketNamed(stack, name);

    // Assess
    expect(bucket.provider).toBe(region === HOME ? undefined : `aws.${region}`);
  });

  it.each(['eu-central-1', 'us-east-1'])(
    'gives %s a provider that assumes the deployment role in the archive account only',
    (region) => {
      // Act
      const provider = stack.provider.aws?.find((p) => p.alias === region);

      // Assess
      expect(provider).toMatchObject({
        region,
        allowed_account_ids: ['222222222222'],
        assume_role: [{ role_arn: 'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole' }],
      });
    },
  );

  it('follows the member regions of the config', () => {
    // Prepare
    const wider = exampleSiemConfig((raw) => {
      raw.memberAccounts[0]!.regions = ['eu-west-1', 'eu-central-1', 'ap-southeast-5'];
    });

    // Act
    const synthesized = synthStack(
      new LogArchiveStack(testApp(), { config: wider, functionBundler: fakeBundler }),
    );

    // Assess
    const names = resourcesOf(synthesized, 'aws_s3_bucket')
      .map(([, body]) => String(body.bucket))
      .filter((name) => name.includes('-elb-'));
    expect(names.sort()).toEqual(
      ['ap-southeast-5', 'eu-central-1', 'eu-west-1', 'us-east-1'].map((r) => `siem-222222222222-elb-${r}`),
    );
  });

  it.each([
    ['eu-west-1', ['333333333333', '444444444444', '555555555555'], '156460612806'],
    ['eu-central-1', ['333333333333'], '054676820928'],
    ['us-east-1', ['555555555555'], '127311923021'],
  ])(
    'lets ELB write the %s bucket only under AWSLogs/<member account>/ of the accounts in that region',
    (region, accounts, legacyElbAccount) => {
      // Prepare
      const name = `siem-222222222222-elb-${region}`;
      const prefixes = accounts.map((id) => `arn:aws:s3:::${name}/AWSLogs/${id}/*`);

      // Act
      const statements = statementsOf(attachedTo('aws_s3_bucket_policy', name).policy);

      // Assess
      const writers = statements.filter((s) => (s.Effect ?? 'Allow') === 'Allow');
      expect(writers).toEqual([
        expect.objectContaining({
          Principal: { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: prefixes,
        }),
        expect.objectContaining({
          Principal: { AWS: `arn:aws:iam::${legacyElbAccount}:root` },
          Action: 's3:PutObject',
          Resource: prefixes,
        }),
      ]);
    },
  );

  it('admits only the ELB service principal in a region opened after August 2022', () => {
    // Prepare
    const newer = exampleSiemConfig((raw) => {
      raw.memberAccounts[0]!.regions = ['eu-west-1', 'ap-southeast-5'];
    });
    const synthesized = synthStack(
      new LogArchiveStack(testApp(), { config: newer, functionBundler: fakeBundler }),
    );

    // Act
    const statements = statementsOf(
      attachedTo('aws_s3_bucket_policy', 'siem-222222222222-elb-ap-southeast-5', synthesized).policy,
    );

    // Assess
    const principals = statements.filter((s) => (s.Effect ?? 'Allow') === 'Allow').map((s) => s.Principal);
    expect(principals).toEqual([{ Service: 'logdelivery.elasticloadbalancing.amazonaws.com' }]);
  });
});

describe('ELB and CloudFront buckets', () => {
  it.each(sseS3Buckets)(
    '%s is encrypted with SSE-S3 (the only encryption its writer supports) and versioned',
    (name) => {
      // Act
      const encryption = attachedTo('aws_s3_bucket_server_side_encryption_configuration', name);
      const versioning = attachedTo('aws_s3_bucket_versioning', name);

      // Assess
      expect(encryption).toMatchObject({
        rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
      });
      expect(versioning).toMatchObject({ versioning_configuration: { status: 'Enabled' } });
    },
  );

  it.each(sseS3Buckets)('%s blocks all public access', (name) => {
    // Act
    const block = attachedTo('aws_s3_bucket_public_access_block', name);

    // Assess
    expect(block).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it.each(sseS3Buckets)('%s denies every request made without TLS', (name) => {
    // Prepare
    const arn = `\${aws_s3_bucket.${bucketNamed(stack, name)[0]}.arn}`;

    // Act
    const statements = statementsOf(attachedTo('aws_s3_bucket_policy', name).policy);

    // Assess
    expect(statements).toContainEqual({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [arn, `${arn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  it.each(sseS3Buckets)('%s moves objects to Glacier and expires them per the retention config', (name) => {
    // Act
    const lifecycle = attachedTo('aws_s3_bucket_lifecycle_configuration', name);

    // Assess
    expect((lifecycle.rule as unknown[])[0]).toMatchObject({
      status: 'Enabled',
      transition: [{ days: config.retention.glacierAfterDays, storage_class: 'GLACIER' }],
      expiration: [{ days: config.retention.expireAfterDays }],
      noncurrent_version_expiration: [{ noncurrent_days: config.retention.expireAfterDays }],
    });
  });

  it.each(elbBuckets.map((b) => b.name))('%s disables ACLs (BucketOwnerEnforced)', (name) => {
    // Act & Assess
    expect(attachedTo('aws_s3_bucket_ownership_controls', name)).toMatchObject({
      rule: { object_ownership: 'BucketOwnerEnforced' },
    });
  });
});

describe('CloudFront standard log bucket', () => {
  it('lives in the home region with ACLs enabled but objects owned by the bucket owner', () => {
    // Act
    const [, bucket] = bucketNamed(stack, cloudFrontBucket);
    const ownership = attachedTo('aws_s3_bucket_ownership_controls', cloudFrontBucket);

    // Assess
    expect(bucket.provider).toBeUndefined();
    expect(ownership).toMatchObject({ rule: { object_ownership: 'BucketOwnerPreferred' } });
  });

  it('grants FULL_CONTROL to the owner and awslogsdelivery only, after ACLs are enabled', () => {
    // Prepare
    const owner = `\${data.aws_canonical_user_id.${Object.keys(stack.data.aws_canonical_user_id ?? {})[0]}.id}`;

    // Act
    const acl = onlyResource(stack, 'aws_s3_bucket_acl', 'cloudfront');

    // Assess
    expect(acl.access_control_policy).toEqual({
      owner: { id: owner },
      grant: [
        { grantee: { type: 'CanonicalUser', id: owner }, permission: 'FULL_CONTROL' },
        {
          grantee: { type: 'CanonicalUser', id: AWS_LOGS_DELIVERY_CANONICAL_ID },
          permission: 'FULL_CONTROL',
        },
      ],
    });
    expect(acl.depends_on).toEqual([
      reference(stack, 'aws_s3_bucket_ownership_controls', 'bucket-cloudfront'),
    ]);
  });

  it('moves to us-east-1 and is forwarded when the home region is one CloudFront cannot deliver to', () => {
    // Prepare
    const optIn = exampleSiemConfig((raw) => {
      raw.homeRegion = 'me-south-1';
    });

    // Act
    const synthesized = synthStack(
      new LogArchiveStack(testApp(), { config: optIn, functionBundler: fakeBundler }),
    );

    // Assess
    expect(bucketNamed(synthesized, cloudFrontBucket)[1].provider).toBe('aws.us-east-1');
    const rule = onlyResource(synthesized, 'aws_cloudwatch_event_rule', 'us-east-1_forward-objects');
    expect(patternBucketNames(rule.event_pattern, synthesized).sort()).toEqual([
      cloudFrontBucket,
      'siem-222222222222-elb-us-east-1',
    ]);
  });
});

describe('ingestion of ELB and CloudFront objects', () => {
  it('notifies the ingestion queue directly from the home-region buckets', () => {
    // Prepare
    const queueArn = `\${${reference(stack, 'aws_sqs_queue', 'ingestion_queue')}.arn}`;

    // Act & Assess
    for (const name of ['siem-222222222222-elb-eu-west-1', cloudFrontBucket]) {
      expect(attachedTo('aws_s3_bucket_notification', name)).toMatchObject({
        queue: [{ queue_arn: queueArn, events: ['s3:ObjectCreated:*'] }],
      });
    }
  });

  it.each(['eu-central-1', 'us-east-1'])(
    'sends Object Created events of the %s bucket through EventBridge to the home region bus',
    (region) => {
      // Prepare
      const name = `siem-222222222222-elb-${region}`;

      // Act
      const notification = attachedTo('aws_s3_bucket_notification', name);
      const rule = onlyResource(stack, 'aws_cloudwatch_event_rule', `${region}_forward-objects`);
      const target = onlyResource(stack, 'aws_cloudwatch_event_target', `${region}_forward-objects`);

      // Assess
      expect(notification).toMatchObject({ eventbridge: true, provider: `aws.${region}` });
      expect(notification.queue).toBeUndefined();
      expect(rule.provider).toBe(`aws.${region}`);
      expect(patternBucketNames(rule.event_pattern)).toEqual([name]);
      expect(target).toMatchObject({
        provider: `aws.${region}`,
        arn: 'arn:aws:events:eu-west-1:222222222222:event-bus/default',
        role_arn: `\${${reference(stack, 'aws_iam_role', 'forwarding-role')}.arn}`,
      });
    },
  );

  it('lets only EventBridge of the archive account assume the forwarding role, to put events on the home bus', () => {
    // Act
    const role = onlyResource(stack, 'aws_iam_role', 'forwarding-role');
    const policy = onlyResource(stack, 'aws_iam_role_policy', 'forwarding-role');

    // Assess
    expect(statementsOf(role.assume_role_policy)).toEqual([
      expect.objectContaining({
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } },
      }),
    ]);
    expect(statementsOf(policy.policy)).toEqual([
      expect.objectContaining({
        Action: 'events:PutEvents',
        Resource: 'arn:aws:events:eu-west-1:222222222222:event-bus/default',
      }),
    ]);
  });

  it('puts forwarded events of the other-region buckets on the queue, which admits only that rule', () => {
    // Prepare
    const ruleRef = reference(stack, 'aws_cloudwatch_event_rule', 'ingestion_forwarded-objects');
    const queueArn = `\${${reference(stack, 'aws_sqs_queue', 'ingestion_queue')}.arn}`;

    // Act
    const rule = onlyResource(stack, 'aws_cloudwatch_event_rule', 'ingestion_forwarded-objects');
    const target = onlyResource(stack, 'aws_cloudwatch_event_target', 'ingestion_forwarded-objects');
    const statements = statementsOf(
      onlyResource(stack, 'aws_sqs_queue_policy', 'ingestion_queue-policy').policy,
    );

    // Assess
    expect(rule.provider).toBeUndefined();
    expect(patternBucketNames(rule.event_pattern).sort()).toEqual([
      'siem-222222222222-elb-eu-central-1',
      'siem-222222222222-elb-us-east-1',
    ]);
    expect(target).toMatchObject({ arn: queueArn, rule: `\${${ruleRef}.name}` });
    expect(statements.find((s) => s.Sid === 'ForwardedObjectCreatedEvents')).toEqual(
      expect.objectContaining({
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': `\${${ruleRef}.arn}` } },
      }),
    );
  });

  it('dead-letters forwarded events EventBridge cannot deliver, admitting only that rule on the DLQ', () => {
    // Prepare
    const ruleRef = reference(stack, 'aws_cloudwatch_event_rule', 'ingestion_forwarded-objects');
    const dlqArn = `\${${reference(stack, 'aws_sqs_queue', 'ingestion_dead-letter-queue')}.arn}`;

    // Act
    const target = onlyResource(stack, 'aws_cloudwatch_event_target', 'ingestion_forwarded-objects');
    const dlqPolicy = onlyResource(stack, 'aws_sqs_queue_policy', 'dead-letter-queue-policy');

    // Assess
    expect(target.dead_letter_config).toEqual({ arn: dlqArn });
    expect(statementsOf(dlqPolicy.policy)).toEqual([
      expect.objectContaining({
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: dlqArn,
        Condition: { ArnEquals: { 'aws:SourceArn': `\${${ruleRef}.arn}` } },
      }),
    ]);
  });

  it('accepts S3 notifications from the home-region ELB and CloudFront buckets on the queue', () => {
    // Act
    const [statement] = statementsOf(
      onlyResource(stack, 'aws_sqs_queue_policy', 'ingestion_queue-policy').policy,
    );

    // Assess
    const sources = asList(statement?.Condition?.ArnEquals?.['aws:SourceArn'] as string[]);
    for (const name of ['siem-222222222222-elb-eu-west-1', cloudFrontBucket]) {
      expect(sources).toContain(`\${aws_s3_bucket.${bucketNamed(stack, name)[0]}.arn}`);
    }
  });

  it('lets the ingestion function read every ELB and CloudFront bucket', () => {
    // Act
    const policies = resourcesOf(stack, 'aws_iam_role_policy').filter(([name]) =>
      name.startsWith('ingestion_'),
    );
    const read = policies.flatMap(([, p]) => statementsOf(p.policy)).find((s) => s.Sid === 'ReadArchive');

    // Assess
    for (const name of sseS3Buckets) {
      expect(asList(read?.Resource)).toContain(`\${aws_s3_bucket.${bucketNamed(stack, name)[0]}.arn}/*`);
    }
  });

  it('delivers a forwarded ELB event that the ingestion function reads as an object pointer', () => {
    // Prepare: the SQS body EventBridge writes for an S3 "Object Created" event.
    const key =
      'AWSLogs/333333333333/elasticloadbalancing/eu-central-1/2026/11/25/333333333333_elasticloadbalancing_eu-central-1_app.shop.50dc6c495c0c9188_20261125T0955Z_10.0.1.7_2et2e1mx.log.gz';
    const event = {
      version: '0',
      id: '17793124-05d4-b198-2fde-7ededc63b103',
      'detail-type': 'Object Created',
      source: 'aws.s3',
      account: '222222222222',
      time: '2026-11-25T09:55:12Z',
      region: 'eu-central-1',
      resources: ['arn:aws:s3:::siem-222222222222-elb-eu-central-1'],
      detail: {
        version: '0',
        bucket: { name: 'siem-222222222222-elb-eu-central-1' },
        object: {
          key,
          size: 5731,
          etag: 'b1946ac92492d2347c6235b4d2611184',
          sequencer: '00617F08299329D189',
        },
        'request-id': 'N4N7GDK58NMKJ12R',
        requester: '054676820928',
        'source-ip-address': '10.0.1.7',
        reason: 'PutObject',
      },
    };
    const rule = onlyResource(stack, 'aws_cloudwatch_event_rule', 'ingestion_forwarded-objects');
    const pattern = JSON.parse(String(rule.event_pattern)) as Record<string, unknown>;

    // Act
    const pointers = objectsInMessage(JSON.stringify(event));

    // Assess
    expect(pattern.source).toContain(event.source);
    expect(pattern['detail-type']).toContain(event['detail-type']);
    expect(patternBucketNames(rule.event_pattern)).toContain(event.detail.bucket.name);
    expect(pointers).toEqual([{ bucket: 'siem-222222222222-elb-eu-central-1', key }]);
  });
});
