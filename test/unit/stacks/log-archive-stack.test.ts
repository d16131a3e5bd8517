import { Testing } from 'cdktf';
import type { SiemConfigInput } from '../../../config/schema';
import { ARCHIVE_LOG_SOURCE_NAMES, archiveBucketName } from '../../../config/archive-names';
import { collectSkips } from '../../../stacks/checkov-baseline';
import { LogArchiveStack } from '../../../stacks/log-archive-stack';
import {
  SynthesizedStack,
  arnLikeMatches,
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
const MEMBERS = ['333333333333', '444444444444', '555555555555'];
let stack: SynthesizedStack;

beforeAll(() => {
  stack = synthStack(new LogArchiveStack(testApp(), { config, functionBundler: fakeBundler }));
});

/** The logical name of the bucket resource holding `bucketName`. */
function bucketRef(bucketName: string): string {
  const match = resourcesOf(stack, 'aws_s3_bucket').find(([, body]) => body.bucket === bucketName);
  if (!match) throw new Error(`no bucket ${bucketName}`);
  return `\${aws_s3_bucket.${match[0]}.id}`;
}

function attachedTo(type: string, bucketName: string): Record<string, unknown> {
  const ref = bucketRef(bucketName);
  const matches = resourcesOf(stack, type).filter(([, body]) => body.bucket === ref);
  expect(matches).toHaveLength(1);
  return matches[0]![1];
}

const logBuckets = [...ARCHIVE_LOG_SOURCE_NAMES, 'snapshots' as const].map((source) =>
  archiveBucketName(config, source),
);

describe('LogArchiveStack buckets', () => {
  it('creates one bucket per log source (ELB: per member region) plus snapshots, named <prefix>-<archive account>-<source>', () => {
    // Act
    const names = resourcesOf(stack, 'aws_s3_bucket').map(([, body]) => body.bucket);

    // Assess
    expect(names.sort()).toEqual(
      [
        'bedrock',
        'cloudfront',
        'cloudtrail',
        'cloudwatch',
        'config',
        'dns',
        'elb-eu-central-1',
        'elb-eu-west-1',
        'elb-us-east-1',
        'guardduty',
        'networkfirewall',
        's3access',
        'securityhub',
        'snapshots',
        'tgwflow',
        'vpcflow',
        'waf',
      ].map((s) => `siem-222222222222-${s}`),
    );
  });

  it.each(logBuckets)('%s blocks all public access and enforces bucket-owner ownership', (bucketName) => {
    // Act
    const block = attachedTo('aws_s3_bucket_public_access_block', bucketName);
    const ownership = attachedTo('aws_s3_bucket_ownership_controls', bucketName);

    // Assess
    expect(block).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(ownership).toMatchObject({ rule: { object_ownership: 'BucketOwnerEnforced' } });
  });

  it.each(logBuckets.filter((name) => !name.endsWith('-s3access')))(
    '%s is encrypted with the archive or platform KMS key and versioned',
    (bucketName) => {
      // Act
      const encryption = attachedTo('aws_s3_bucket_server_side_encryption_configuration', bucketName);
      const versioning = attachedTo('aws_s3_bucket_versioning', bucketName);

      // Assess
      const [rule] = encryption.rule as Array<{
        apply_server_side_encryption_by_default: { sse_algorithm: string; kms_master_key_id: string };
        bucket_key_enabled: boolean;
      }>;
      expect(rule?.apply_server_side_encryption_by_default.sse_algorithm).toBe('aws:kms');
      expect(rule?.apply_server_side_encryption_by_default.kms_master_key_id).toMatch(/^\$\{aws_kms_key\./);
      expect(rule?.bucket_key_enabled).toBe(true);
      expect(versioning).toMatchObject({ versioning_configuration: { status: 'Enabled' } });
    },
  );

  it('encrypts the server access log bucket with SSE-S3, the only encryption S3 log delivery supports', () => {
    // Act
    const encryption = attachedTo(
      'aws_s3_bucket_server_side_encryption_configuration',
      'siem-222222222222-s3access',
    );

    // Assess
    expect(encryption).toMatchObject({
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
    });
  });

  it.each(logBuckets)('%s denies every request made without TLS', (bucketName) => {
    // Act
    const statements = statementsOf(attachedTo('aws_s3_bucket_policy', bucketName).policy);

    // Assess
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it.each(['cloudtrail', 'cloudwatch', 'securityhub', 'vpcflow', 'waf', 'dns', 'networkfirewall'] as const)(
    'the %s bucket moves objects to Glacier and expires them per the retention config',
    (source) => {
      // Act
      const lifecycle = attachedTo(
        'aws_s3_bucket_lifecycle_configuration',
        archiveBucketName(config, source),
      );

      // Assess
      const rule = (lifecycle.rule as Array<Record<string, unknown>>)[0];
      expect(rule).toMatchObject({
        status: 'Enabled',
        transition: [{ days: config.retention.glacierAfterDays, storage_class: 'GLACIER' }],
        expiration: [{ days: config.retention.expireAfterDays }],
        noncurrent_version_transition: [
          { noncurrent_days: config.retention.glacierAfterDays, storage_class: 'GLACIER' },
        ],
        noncurrent_version_expiration: [{ noncurrent_days: config.retention.expireAfterDays }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      });
    },
  );

  it('never expires snapshot objects by lifecycle (OpenSearch shares segment files between snapshots)', () => {
    // Act
    const lifecycle = attachedTo(
      'aws_s3_bucket_lifecycle_configuration',
      archiveBucketName(config, 'snapshots'),
    );

    // Assess
    const rule = (lifecycle.rule as Array<Record<string, unknown>>)[0]!;
    expect(rule.expiration).toBeUndefined();
    expect(rule.transition).toBeUndefined();
  });

  it('encrypts the securityhub bucket with the archive key, like the cloudwatch bucket', () => {
    // Act
    const keyOf = (source: 'cloudwatch' | 'securityhub') =>
      (
        attachedTo('aws_s3_bucket_server_side_encryption_configuration', archiveBucketName(config, source))
          .rule as Array<{ apply_server_side_encryption_by_default: { kms_master_key_id: string } }>
      )[0]?.apply_server_side_encryption_by_default.kms_master_key_id;

    // Assess
    expect(keyOf('securityhub')).toBe(`\${${reference(stack, 'aws_kms_key', 'archive-key')}.arn}`);
    expect(keyOf('securityhub')).toBe(keyOf('cloudwatch'));
  });

  it('admits only the configured member accounts’ log-transfer roles, each to its own prefix, never overwriting', () => {
    // Act
    const statements = statementsOf(
      attachedTo('aws_s3_bucket_policy', archiveBucketName(config, 'cloudwatch')).policy,
    );

    // Assess
    const write = statements.find((s) => s.Sid === 'MemberLogTransferWriteOwnPrefix');
    expect(write?.Principal).toEqual({ AWS: MEMBERS.map((id) => `arn:aws:iam::${id}:root`) });
    expect(write?.Condition).toEqual({
      StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
      ArnLike: { 'aws:PrincipalArn': MEMBERS.map((id) => `arn:aws:iam::${id}:role/siem-log-transfer-*`) },
      // S3 conditional writes: only a PutObject with If-None-Match (create, never replace).
      Null: { 's3:if-none-match': 'false' },
    });
    // `$${` is Terraform's escape: AWS receives the ${aws:PrincipalAccount} policy variable.
    expect(write?.Resource).toBe(
      'arn:aws:s3:::siem-222222222222-cloudwatch/AWSLogs/$${aws:PrincipalAccount}/CloudWatchLogs/*',
    );
  });

  it.each([
    ['dns', 'vpcdnsquerylogs'],
    ['networkfirewall', 'network-firewall'],
  ] as const)(
    'admits only the organization log delivery to the %s bucket, only under AWSLogs/*/%s/',
    (source, service) => {
      // Act
      const statements = statementsOf(
        attachedTo('aws_s3_bucket_policy', archiveBucketName(config, source)).policy,
      );

      // Assess
      const allowed = statements.filter((s) => s.Effect === 'Allow');
      expect(allowed).toEqual([
        expect.objectContaining({
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: ['s3:GetBucketAcl', 's3:ListBucket'],
          Resource: `arn:aws:s3:::siem-222222222222-${source}`,
          Condition: { StringEquals: { 'aws:SourceOrgID': 'o-a1b2c3d4e5' } },
        }),
        expect.objectContaining({
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `arn:aws:s3:::siem-222222222222-${source}/AWSLogs/*/${service}/*`,
          Condition: { StringEquals: { 'aws:SourceOrgID': 'o-a1b2c3d4e5' } },
        }),
      ]);
    },
  );

  it('admits the log-transfer roles of members, management and archive to the securityhub bucket only under the findings log group', () => {
    // Act
    const statements = statementsOf(
      attachedTo('aws_s3_bucket_policy', archiveBucketName(config, 'securityhub')).policy,
    );

    // Assess
    const writers = [...MEMBERS, '111111111111', '222222222222'];
    const allowed = statements.filter((s) => s.Effect === 'Allow');
    expect(allowed).toEqual([
      expect.objectContaining({
        Sid: 'LogTransferWriteOwnFindings',
        Principal: { AWS: writers.map((id) => `arn:aws:iam::${id}:root`) },
        Action: 's3:PutObject',
        Resource:
          'arn:aws:s3:::siem-222222222222-securityhub/AWSLogs/$${aws:PrincipalAccount}/CloudWatchLogs/*/aws/events/siem-securityhub-findings/*',
        Condition: {
          StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
          ArnLike: { 'aws:PrincipalArn': writers.map((id) => `arn:aws:iam::${id}:role/siem-log-transfer-*`) },
          Null: { 's3:if-none-match': 'false' },
        },
      }),
    ]);
  });

  it.each([
    ['cloudwatch', 'arn:aws:iam::333333333333:role/siem-log-transfer-eu-central-1'],
    ['securityhub', 'arn:aws:iam::333333333333:role/siem-log-transfer-eu-central-1'],
    ['waf', 'arn:aws:iam::555555555555:role/siem-waf-edge-us-east-1'],
  ] as const)(
    'admits to the %s bucket the member writer role, not other roles, not other organization accounts',
    (source, memberRole) => {
      // Act
      const statements = statementsOf(
        attachedTo('aws_s3_bucket_policy', archiveBucketName(config, source)).policy,
      );

      // Assess
      const allowed = statements.filter((s) => s.Effect === 'Allow');
      expect(allowed.length).toBeGreaterThan(0);
      const admits = (arn: string) =>
        allowed.some((s) => {
          const account = arn.split(':')[4];
          const principals = asList((s.Principal as { AWS: string | string[] }).AWS);
          const patterns = asList(s.Condition?.ArnLike?.['aws:PrincipalArn'] as string | string[]);
          return (
            principals.includes(`arn:aws:iam::${account}:root`) &&
            patterns.some((pattern) => arnLikeMatches(pattern, arn))
          );
        });
      for (const s of allowed) expect(s.Principal).not.toEqual({ AWS: '*' });
      expect(admits(memberRole)).toBe(true);
      // An organization account that is not a configured member (it was before: PrincipalOrgID).
      expect(admits(memberRole.replace(/::\d{12}:/, '::999999999999:'))).toBe(false);
      expect(admits('arn:aws:iam::333333333333:role/OrganizationAccountAccessRole')).toBe(false);
      expect(admits('arn:aws:iam::333333333333:role/siem-log-subscriber-eu-west-1')).toBe(false);
    },
  );

  it('needs no any-principal checkov skip on any bucket policy: writers are listed accounts', () => {
    // Prepare: Testing.synth drops the "//" comments the checkov baseline is built from.
    const archive = new LogArchiveStack(testApp(), { config, functionBundler: fakeBundler });

    // Act
    const skipped = collectSkips(archive.toTerraform()).filter((finding) =>
      finding.check_ids.includes('CKV_AWS_70'),
    );

    // Assess
    expect(skipped).toEqual([]);
  });

  it.each(['cloudwatch', 'securityhub'] as const)(
    'denies the %s bucket any log-transfer PutObject without If-None-Match, also from the archive account itself',
    (source) => {
      // Act
      const statements = statementsOf(
        attachedTo('aws_s3_bucket_policy', archiveBucketName(config, source)).policy,
      );

      // Assess
      expect(statements).toContainEqual({
        Sid: 'DenyLogTransferOverwrites',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${archiveBucketName(config, source)}/*`,
        Condition: {
          ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/siem-log-transfer-*' },
          Null: { 's3:if-none-match': 'true' },
        },
      });
    },
  );

  it('admits CloudTrail to the trail bucket only for the organization trail', () => {
    // Act
    const statements = statementsOf(
      attachedTo('aws_s3_bucket_policy', archiveBucketName(config, 'cloudtrail')).policy,
    );

    // Assess
    const write = statements.find((s) => s.Sid === 'CloudTrailWrite');
    expect(write?.Condition).toEqual({
      StringEquals: {
        'aws:SourceArn': 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/siem-organization-trail',
      },
    });
    expect(asList(write?.Resource)).toContain(
      'arn:aws:s3:::siem-222222222222-cloudtrail/AWSLogs/o-a1b2c3d4e5/*',
    );
  });

  it('logs server access of every other home-region bucket to the s3access bucket', () => {
    // Prepare
    const homeRegionBuckets = [
      ...logBuckets.filter((name) => !name.endsWith('-s3access')),
      'siem-222222222222-elb-eu-west-1',
      'siem-222222222222-cloudfront',
    ];

    // Act
    const logging = resourcesOf(stack, 'aws_s3_bucket_logging').map(([, body]) => body);

    // Assess
    expect(logging.map((l) => l.target_prefix).sort()).toEqual(homeRegionBuckets.map((b) => `${b}/`).sort());
    expect(new Set(logging.map((l) => l.target_bucket))).toEqual(new Set(['siem-222222222222-s3access']));
  });
});

describe('LogArchiveStack KMS keys', () => {
  it('rotates every key', () => {
    // Act
    const keys = resourcesOf(stack, 'aws_kms_key');

    // Assess
    expect(keys.length).toBeGreaterThanOrEqual(2);
    for (const [, key] of keys) expect(key.enable_key_rotation).toBe(true);
  });

  it('lets the writer roles of the listed accounts use the archive key only through S3 in the home region', () => {
    // Act
    const key = onlyResource(stack, 'aws_kms_key', 'archive-key');

    // Assess
    const writers = [...MEMBERS, '111111111111', '222222222222'];
    const use = statementsOf(key.policy).find((s) => s.Sid === 'WriterRolesThroughS3');
    expect(use?.Principal).toEqual({ AWS: writers.map((id) => `arn:aws:iam::${id}:root`) });
    expect(use?.Condition).toEqual({
      StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
      // Only the writer roles: the log-transfer functions and, in members, the WAF Firehose streams.
      ArnLike: {
        'aws:PrincipalArn': [
          'arn:aws:iam::333333333333:role/siem-log-transfer-*',
          'arn:aws:iam::333333333333:role/siem-waf-*',
          'arn:aws:iam::444444444444:role/siem-log-transfer-*',
          'arn:aws:iam::444444444444:role/siem-waf-*',
          'arn:aws:iam::555555555555:role/siem-log-transfer-*',
          'arn:aws:iam::555555555555:role/siem-waf-*',
          'arn:aws:iam::111111111111:role/siem-log-transfer-*',
          'arn:aws:iam::222222222222:role/siem-log-transfer-*',
        ],
      },
    });
    expect(onlyResource(stack, 'aws_kms_alias', 'archive-key').name).toBe('alias/siem-archive');
  });

  it('separates archive key administrators from users: no kms:* for the account root', () => {
    // Act
    const statements = statementsOf(onlyResource(stack, 'aws_kms_key', 'archive-key').policy);

    // Assess
    const allowed = statements.filter((s) => s.Effect === 'Allow');
    for (const s of allowed) expect(asList(s.Action)).not.toContain('kms:*');
    const admins = allowed.find((s) => s.Sid === 'KeyAdministrators');
    expect(admins?.Condition).toEqual({
      ArnEquals: {
        'aws:PrincipalArn': [
          'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole',
          'arn:aws:iam::222222222222:role/SiemArchiveBreakGlass',
        ],
      },
    });
    expect(asList(admins?.Action).filter((a) => /Decrypt|Encrypt|GenerateDataKey|ReEncrypt/.test(a))).toEqual(
      [],
    );
    // The account's own principals (ingestion, re-ingest) use it through S3 only.
    expect(allowed.find((s) => s.Sid === 'AccountUsesKeyThroughService')).toMatchObject({
      Principal: { AWS: 'arn:aws:iam::222222222222:root' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      Condition: {
        StringEquals: { 'kms:CallerAccount': '222222222222', 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
      },
    });
  });

  it('lets only the break-glass role disable or delete the archive key, and Terraform besides it change its policy', () => {
    // Act
    const denied = statementsOf(onlyResource(stack, 'aws_kms_key', 'archive-key').policy).filter(
      (s) => s.Effect === 'Deny',
    );

    // Assess
    expect(denied).toEqual([
      expect.objectContaining({
        Principal: '*',
        Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:DisableKeyRotation'],
        Condition: {
          ArnNotEquals: { 'aws:PrincipalArn': ['arn:aws:iam::222222222222:role/SiemArchiveBreakGlass'] },
        },
      }),
      expect.objectContaining({
        Principal: '*',
        Action: 'kms:PutKeyPolicy',
        Condition: {
          ArnNotEquals: {
            'aws:PrincipalArn': [
              'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole',
              'arn:aws:iam::222222222222:role/SiemArchiveBreakGlass',
            ],
          },
        },
      }),
    ]);
  });
});

describe('LogArchiveStack tamper resistance', () => {
  const protectedBuckets = [
    ...ARCHIVE_LOG_SOURCE_NAMES.map((source) => archiveBucketName(config, source)),
    'siem-222222222222-elb-eu-central-1',
    'siem-222222222222-elb-eu-west-1',
    'siem-222222222222-elb-us-east-1',
    'siem-222222222222-cloudfront',
  ];

  it.each(protectedBuckets)('%s denies deletion to all but the break-glass role', (bucketName) => {
    // Act
    const statements = statementsOf(attachedTo('aws_s3_bucket_policy', bucketName).policy);

    // Assess
    expect(statements).toContainEqual({
      Sid: 'DenyDeletionExceptBreakGlass',
      Effect: 'Deny',
      Principal: '*',
      Action: [
        's3:DeleteObject',
        's3:DeleteObjectVersion',
        's3:BypassGovernanceRetention',
        's3:DeleteBucketPolicy',
      ],
      Resource: [`arn:aws:s3:::${bucketName}`, `arn:aws:s3:::${bucketName}/*`],
      Condition: {
        ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/SiemArchiveBreakGlass' },
      },
    });
  });

  it.each(protectedBuckets)(
    '%s denies policy, lifecycle, versioning and Object Lock changes to all but Terraform and break-glass',
    (bucketName) => {
      // Act
      const statements = statementsOf(attachedTo('aws_s3_bucket_policy', bucketName).policy);

      // Assess
      expect(statements).toContainEqual({
        Sid: 'DenyProtectionChangesExceptDeploymentAndBreakGlass',
        Effect: 'Deny',
        Principal: '*',
        Action: [
          's3:PutLifecycleConfiguration',
          's3:PutBucketPolicy',
          's3:PutBucketObjectLockConfiguration',
          's3:PutBucketVersioning',
        ],
        Resource: `arn:aws:s3:::${bucketName}`,
        Condition: {
          ArnNotEquals: {
            'aws:PrincipalArn': [
              'arn:aws:iam::222222222222:role/SiemArchiveBreakGlass',
              'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole',
            ],
          },
        },
      });
    },
  );

  it('leaves the snapshot bucket deletable: OpenSearch removes its own snapshot files', () => {
    // Act
    const statements = statementsOf(
      attachedTo('aws_s3_bucket_policy', archiveBucketName(config, 'snapshots')).policy,
    );

    // Assess
    expect(statements.map((s) => s.Sid)).not.toContain('DenyDeletionExceptBreakGlass');
  });

  it('names a configured break-glass role (with its path) in the deny conditions', () => {
    // Prepare
    const custom = exampleSiemConfig((raw) => {
      raw.archive = { breakGlassRoleName: 'emergency/ArchiveBreakGlass' };
    });

    // Act
    const synth = synthStack(
      new LogArchiveStack(testApp(), { config: custom, functionBundler: fakeBundler }),
    );

    // Assess
    const policy = resourcesOf(synth, 'aws_s3_bucket_policy').find(([name]) =>
      name.includes('bucket-cloudtrail_'),
    );
    const deny = statementsOf(policy![1].policy).find((s) => s.Sid === 'DenyDeletionExceptBreakGlass');
    expect(deny?.Condition).toEqual({
      ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/emergency/ArchiveBreakGlass' },
    });
  });

  it('sets no Object Lock unless configured', () => {
    // Act
    const locks = resourcesOf(stack, 'aws_s3_bucket_object_lock_configuration');

    // Assess
    expect(locks).toEqual([]);
  });

  it('gives every log bucket but s3access and snapshots the configured Object Lock default retention', () => {
    // Prepare
    const locked = exampleSiemConfig((raw) => {
      raw.archive = { objectLock: { mode: 'COMPLIANCE', days: 365 } };
    });
    const synth = synthStack(
      new LogArchiveStack(testApp(), { config: locked, functionBundler: fakeBundler }),
    );
    const bucketNameOf = (ref: unknown): string => {
      const name = /^\$\{aws_s3_bucket\.(.+)\.id\}$/.exec(String(ref))![1]!;
      return String(synth.resource.aws_s3_bucket![name]!.bucket);
    };

    // Act
    const locks = resourcesOf(synth, 'aws_s3_bucket_object_lock_configuration').map(([, body]) => body);

    // Assess
    expect(locks.map((lock) => bucketNameOf(lock.bucket)).sort()).toEqual(
      [...protectedBuckets].filter((b) => !b.endsWith('-s3access')).sort(),
    );
    for (const lock of locks) {
      expect(lock.rule).toEqual({ default_retention: { mode: 'COMPLIANCE', days: 365 } });
      // Object Lock needs versioning first.
      expect(asList(lock.depends_on as string[]).some((d) => d.startsWith('aws_s3_bucket_versioning.'))).toBe(
        true,
      );
    }
  });
});

describe('LogArchiveStack ingestion pipeline', () => {
  it('sends object-created events of every home-region log bucket to the ingestion queue', () => {
    // Prepare
    const queue = reference(stack, 'aws_sqs_queue', 'ingestion_queue');
    const homeRegionSources = [...ARCHIVE_LOG_SOURCE_NAMES, 'elb-eu-west-1', 'cloudfront'];

    // Act
    const notifications = resourcesOf(stack, 'aws_s3_bucket_notification')
      .map(([, body]) => body)
      .filter((n) => n.queue !== undefined);

    // Assess
    expect(notifications.map((n) => n.bucket).sort()).toEqual(
      homeRegionSources
        .map(
          (s) =>
            `\${aws_s3_bucket.${reference(stack, 'aws_s3_bucket', `bucket-${s}_`).split('.')[1]}.bucket}`,
        )
        .sort(),
    );
    for (const n of notifications) {
      expect(n.queue).toEqual([{ queue_arn: `\${${queue}.arn}`, events: ['s3:ObjectCreated:*'] }]);
    }
  });

  it('keeps the notification numbers of the earlier buckets and adds the buckets that came later (securityhub, dns, networkfirewall) last', () => {
    // Prepare: a notification whose number moved to another bucket would be replaced, racing the
    // creation of that bucket's notification under its new number.
    const bucketOf = (source: string) =>
      `\${aws_s3_bucket.${reference(stack, 'aws_s3_bucket', `bucket-${source}_`).split('.')[1]}.bucket}`;

    // Act
    const numbered = Object.fromEntries(
      resourcesOf(stack, 'aws_s3_bucket_notification')
        .filter(([name]) => name.startsWith('ingestion_notification-'))
        .map(([name, body]) => [name.split('_')[1], body.bucket]),
    );

    // Assess
    expect(numbered).toEqual({
      'notification-0': bucketOf('cloudtrail'),
      'notification-1': bucketOf('cloudwatch'),
      'notification-2': bucketOf('vpcflow'),
      'notification-3': bucketOf('waf'),
      'notification-4': bucketOf('s3access'),
      'notification-5': bucketOf('elb-eu-west-1'),
      'notification-6': bucketOf('cloudfront'),
      'notification-7': bucketOf('securityhub'),
      'notification-8': bucketOf('dns'),
      'notification-9': bucketOf('networkfirewall'),
      'notification-10': bucketOf('tgwflow'),
      'notification-11': bucketOf('guardduty'),
      'notification-12': bucketOf('config'),
      'notification-13': bucketOf('bedrock'),
    });
  });

  it('lets the ingestion function read the securityhub bucket', () => {
    // Act
    const policy = resourcesOf(stack, 'aws_iam_role_policy').find(([name]) =>
      name.startsWith('ingestion_ingest'),
    )?.[1];

    // Assess
    const read = statementsOf(policy?.policy).find((s) => s.Sid === 'ReadArchive');
    expect(asList(read?.Resource)).toContain(
      `\${${reference(stack, 'aws_s3_bucket', 'bucket-securityhub_')}.arn}/*`,
    );
  });

  it('encrypts both queues, redrives to the DLQ and keeps messages invisible ≥ 6× the function timeout', () => {
    // Act
    const queue = onlyResource(stack, 'aws_sqs_queue', 'ingestion_queue');
    const dlq = onlyResource(stack, 'aws_sqs_queue', 'ingestion_dead-letter-queue');
    const fn = onlyResource(stack, 'aws_lambda_function', 'ingestion_ingest');

    // Assess
    expect(queue.kms_master_key_id).toMatch(/^\$\{aws_kms_key\./);
    expect(dlq.kms_master_key_id).toMatch(/^\$\{aws_kms_key\./);
    expect(JSON.parse(String(queue.redrive_policy))).toEqual({
      deadLetterTargetArn: `\${${reference(stack, 'aws_sqs_queue', 'ingestion_dead-letter-queue')}.arn}`,
      maxReceiveCount: 5,
    });
    expect(queue.visibility_timeout_seconds).toBeGreaterThanOrEqual(6 * Number(fn.timeout));
  });

  it('accepts queue messages only from the archive buckets of its own account', () => {
    // Act
    const [statement] = statementsOf(
      onlyResource(stack, 'aws_sqs_queue_policy', 'ingestion_queue-policy').policy,
    );

    // Assess
    expect(statement?.Principal).toEqual({ Service: 's3.amazonaws.com' });
    expect(statement?.Condition?.StringEquals).toEqual({ 'aws:SourceAccount': '222222222222' });
    // The per-source buckets plus the home region's ELB bucket and the CloudFront bucket.
    expect(asList(statement?.Condition?.ArnEquals?.['aws:SourceArn'] as string[])).toHaveLength(
      ARCHIVE_LOG_SOURCE_NAMES.length + 2,
    );
  });

  it('wires the queue to the ingestion function with batching and partial batch failures', () => {
    // Act
    const mapping = onlyResource(stack, 'aws_lambda_event_source_mapping');

    // Assess
    expect(mapping).toMatchObject({
      event_source_arn: `\${${reference(stack, 'aws_sqs_queue', 'ingestion_queue')}.arn}`,
      function_name: `\${${reference(stack, 'aws_lambda_function', 'ingestion_ingest')}.arn}`,
      batch_size: 10,
      maximum_batching_window_in_seconds: 5,
      function_response_types: ['ReportBatchItemFailures'],
    });
  });

  it('gives the ingestion function the domain endpoint, reserved concurrency, tracing and a KMS-encrypted log group', () => {
    // Act
    const fn = onlyResource(stack, 'aws_lambda_function', 'ingestion_ingest');
    const logGroup = onlyResource(stack, 'aws_cloudwatch_log_group', 'ingestion_ingest');

    // Assess
    expect(fn).toMatchObject({
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      reserved_concurrent_executions: 10,
      tracing_config: { mode: 'Active' },
      environment: {
        variables: {
          OPENSEARCH_ENDPOINT: `https://\${${reference(stack, 'aws_opensearch_domain', 'opensearch')}.endpoint}`,
          // The archive buckets' contracts and the index window (functions/ingest/config.ts).
          NAME_PREFIX: 'siem',
          ARCHIVE_ACCOUNT_ID: config.organization.logArchiveAccountId,
          HOT_DAYS: String(config.retention.hotDays),
          // Index periods of the sizing model: few accounts, so weekly indices.
          INDEX_PERIODS: expect.stringMatching(/^cloudtrail=week,/),
        },
      },
    });
    expect(logGroup).toMatchObject({ name: '/aws/lambda/siem-ingest', retention_in_days: 365 });
    expect(logGroup.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
  });
});

describe('LogArchiveStack OpenSearch domain', () => {
  it('encrypts at rest and in transit, enforces HTTPS with TLS 1.2+, and uses FGAC with an IAM master role', () => {
    // Act
    const domain = onlyResource(stack, 'aws_opensearch_domain');

    // Assess
    expect(domain).toMatchObject({
      domain_name: 'siem-logs',
      engine_version: 'OpenSearch_2.19',
      encrypt_at_rest: { enabled: true },
      node_to_node_encryption: { enabled: true },
      domain_endpoint_options: { enforce_https: true, tls_security_policy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
      advanced_security_options: {
        enabled: true,
        internal_user_database_enabled: false,
        anonymous_auth_enabled: false,
        master_user_options: {
          master_user_arn: `\${${reference(stack, 'aws_iam_role', 'opensearch-admin')}.arn}`,
        },
      },
      cognito_options: { enabled: true },
    });
    expect((domain.encrypt_at_rest as Record<string, string>).kms_key_id).toMatch(/^\$\{aws_kms_key\./);
  });

  it('enables Cognito only after the user pool has its domain and the Cognito role its policy', () => {
    // Act
    const dependsOn = onlyResource(stack, 'aws_opensearch_domain').depends_on as string[];

    // Assess
    expect(dependsOn).toEqual(
      expect.arrayContaining([
        reference(stack, 'aws_cognito_user_pool_domain', 'dashboards-auth'),
        reference(stack, 'aws_iam_role_policy_attachment', 'opensearch-cognito-access'),
      ]),
    );
  });

  it('sizes the cluster from the config', () => {
    // Act
    const domain = onlyResource(stack, 'aws_opensearch_domain');

    // Assess
    expect(domain).toMatchObject({
      cluster_config: {
        instance_type: 'r6g.large.search',
        instance_count: 3,
        dedicated_master_enabled: true,
        dedicated_master_type: 'm6g.large.search',
        dedicated_master_count: 3,
        zone_awareness_enabled: true,
        zone_awareness_config: { availability_zone_count: 3 },
      },
      ebs_options: { ebs_enabled: true, volume_size: 200, volume_type: 'gp3' },
      auto_tune_options: { desired_state: 'ENABLED', use_off_peak_window: true },
      off_peak_window_options: { enabled: true },
      software_update_options: { auto_software_update_enabled: true },
    });
  });

  it('publishes audit, slow and error logs to KMS-encrypted log groups', () => {
    // Act
    const domain = onlyResource(stack, 'aws_opensearch_domain');

    // Assess
    const types = (domain.log_publishing_options as Array<{ log_type: string }>).map((o) => o.log_type);
    expect(types.sort()).toEqual([
      'AUDIT_LOGS',
      'ES_APPLICATION_LOGS',
      'INDEX_SLOW_LOGS',
      'SEARCH_SLOW_LOGS',
    ]);
    const groups = resourcesOf(stack, 'aws_cloudwatch_log_group').filter(([name]) =>
      name.startsWith('opensearch_'),
    );
    expect(groups).toHaveLength(4);
    for (const [, group] of groups) expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
  });

  it('admits only the admin, ingestion and Dashboards-user roles in its access policy', () => {
    // Act
    const [statement] = statementsOf(onlyResource(stack, 'aws_opensearch_domain_policy').access_policies);

    // Assess
    expect(asList((statement?.Principal as { AWS: string[] }).AWS).sort()).toEqual(
      [
        `\${${reference(stack, 'aws_iam_role', 'opensearch-admin')}.arn}`,
        `\${${reference(stack, 'aws_iam_role', 'ingestion_ingest')}.arn}`,
        `\${${reference(stack, 'aws_iam_role', 'authenticated-role')}.arn}`,
      ].sort(),
    );
  });

  it('requires MFA, admin-created users and a strong password policy in the Cognito user pool', () => {
    // Act & Assess
    expect(
      Testing.toHaveResourceWithProperties(stack.json, 'aws_cognito_user_pool', {
        mfa_configuration: 'ON',
        admin_create_user_config: { allow_admin_create_user_only: true },
        password_policy: { minimum_length: 14, require_symbols: true },
        user_pool_add_ons: { advanced_security_mode: 'ENFORCED' },
      }),
    ).toBe(true);
  });
});

describe('LogArchiveStack alarms and outputs', () => {
  it.each([
    ['ClusterStatus.red', 'GreaterThanOrEqualToThreshold', 1],
    ['ClusterStatus.yellow', 'GreaterThanOrEqualToThreshold', 1],
    ['FreeStorageSpace', 'LessThanOrEqualToThreshold', 200 * 1024 * 0.25],
    ['ClusterIndexWritesBlocked', 'GreaterThanOrEqualToThreshold', 1],
    ['JVMMemoryPressure', 'GreaterThanOrEqualToThreshold', 95],
    ['CPUUtilization', 'GreaterThanOrEqualToThreshold', 80],
    ['MasterReachableFromNode', 'LessThanThreshold', 1],
    ['AutomatedSnapshotFailure', 'GreaterThanOrEqualToThreshold', 1],
    ['KMSKeyError', 'GreaterThanOrEqualToThreshold', 1],
    ['KMSKeyInaccessible', 'GreaterThanOrEqualToThreshold', 1],
    ['MasterCPUUtilization', 'GreaterThanOrEqualToThreshold', 50],
    ['MasterJVMMemoryPressure', 'GreaterThanOrEqualToThreshold', 95],
    ['Errors', 'GreaterThanOrEqualToThreshold', 1],
    ['Throttles', 'GreaterThanOrEqualToThreshold', 1],
    // The 1800 s visibility timeout (6 × the 300 s function) plus 15 minutes of backlog.
    ['ApproximateAgeOfOldestMessage', 'GreaterThanOrEqualToThreshold', 1800 + 900],
    ['ApproximateNumberOfMessagesVisible', 'GreaterThanThreshold', 0],
  ])('alarms on %s %s %d, notifying the alarm topic', (metric, comparison, threshold) => {
    // Act
    const alarms = resourcesOf(stack, 'aws_cloudwatch_metric_alarm').filter(
      ([name, a]) => a.metric_name === metric && !name.startsWith('findings-route_'),
    );

    // Assess
    expect(alarms).toHaveLength(1);
    expect(alarms[0]![1]).toMatchObject({
      comparison_operator: comparison,
      threshold,
      alarm_actions: [`\${${reference(stack, 'aws_sns_topic', 'alarm-topic')}.arn}`],
    });
  });

  it('encrypts the alarm topic and subscribes the configured emails', () => {
    // Act
    const topic = onlyResource(stack, 'aws_sns_topic');
    const subscriptions = resourcesOf(stack, 'aws_sns_topic_subscription').map(([, s]) => s);

    // Assess
    expect(topic.kms_master_key_id).toMatch(/^\$\{aws_kms_key\./);
    expect(subscriptions.map((s) => [s.protocol, s.endpoint])).toEqual([
      ['email', 'security-desk@example.com'],
    ]);
  });

  it('outputs what post-apply reads', () => {
    // Act
    const names = Object.keys(stack.output);

    // Assess
    expect(names).toEqual(
      expect.arrayContaining([
        'domainEndpoint',
        'dashboardsUrl',
        'snapshotRoleArn',
        'snapshotBucket',
        'alarmTopicArn',
        'deadLetterQueueUrl',
        'alertingSnsRoleArn',
        'adminRoleArn',
        'ingestRoleArn',
        'dashboardsUserRoleArn',
      ]),
    );
  });

  it.each([
    ['adminRoleArn', 'opensearch-admin'],
    ['ingestRoleArn', 'ingestion_ingest'],
    ['dashboardsUserRoleArn', 'authenticated-role'],
  ])('outputs %s, which post-apply maps to security roles, as the ARN of that IAM role', (output, role) => {
    // Act
    const value = (stack.output[output] as { value: string }).value;

    // Assess
    expect(value).toBe(`\${${reference(stack, 'aws_iam_role', role)}.arn}`);
  });

  it('alarms when fewer nodes than data nodes plus dedicated masters (3 configured) are up', () => {
    // Act
    const nodes = resourcesOf(stack, 'aws_cloudwatch_metric_alarm').find(
      ([, a]) => a.metric_name === 'Nodes',
    );

    // Assess
    expect(nodes?.[1]).toMatchObject({ comparison_operator: 'LessThanThreshold', threshold: 3 + 3 });
  });

  it('lets only OpenSearch Service of this account assume the Cognito configuration role', () => {
    // Act
    const role = onlyResource(stack, 'aws_iam_role', 'opensearch-cognito-role');

    // Assess
    expect(statementsOf(role.assume_role_policy)).toEqual([
      expect.objectContaining({
        Principal: { Service: ['es.amazonaws.com', 'opensearchservice.amazonaws.com'] },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } },
      }),
    ]);
  });

  it('lets only OpenSearch assume the snapshot role, and only from this account', () => {
    // Act
    const role = onlyResource(stack, 'aws_iam_role', 'snapshots_role');

    // Assess
    expect(statementsOf(role.assume_role_policy)).toEqual([
      expect.objectContaining({
        Principal: { Service: 'es.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } },
      }),
    ]);
  });
});

it('omits dedicated-master alarms when the domain has no dedicated masters', () => {
  // Prepare
  const small = exampleSiemConfig((raw) => {
    raw.openSearch = { ...raw.openSearch, dedicatedMasters: { enabled: false } };
  });

  // Act
  const synthesized = synthStack(
    new LogArchiveStack(testApp(), { config: small, functionBundler: fakeBundler }),
  );

  // Assess
  const metrics = resourcesOf(synthesized, 'aws_cloudwatch_metric_alarm').map(([, a]) => a.metric_name);
  expect(metrics).not.toContain('MasterCPUUtilization');
  // The config's count (3 by default) does not count when masters are disabled.
  expect(
    resourcesOf(synthesized, 'aws_cloudwatch_metric_alarm').find(([, a]) => a.metric_name === 'Nodes')?.[1]
      .threshold,
  ).toBe(3);
  expect(onlyResource(synthesized, 'aws_opensearch_domain').cluster_config).toMatchObject({
    dedicated_master_enabled: false,
  });
});

it('counts the configured number of dedicated masters in the Nodes alarm', () => {
  // Prepare
  const fiveMasters = exampleSiemConfig((raw) => {
    raw.openSearch = { ...raw.openSearch, dedicatedMasters: { enabled: true, count: 5 } };
  });

  // Act
  const synthesized = synthStack(
    new LogArchiveStack(testApp(), { config: fiveMasters, functionBundler: fakeBundler }),
  );

  // Assess
  const nodes = resourcesOf(synthesized, 'aws_cloudwatch_metric_alarm').find(
    ([, a]) => a.metric_name === 'Nodes',
  );
  expect(nodes?.[1].threshold).toBe(3 + 5);
});

describe('LogArchiveStack alarm bus and findings route', () => {
  it('admits the members’ and management’s alarm forwarding roles to its alarm bus, for alarm state changes only', () => {
    // Act
    const bus = onlyResource(stack, 'aws_cloudwatch_event_bus');
    const [statement, ...others] = statementsOf(
      onlyResource(stack, 'aws_cloudwatch_event_bus_policy').policy,
    );

    // Assess
    const accounts = [...MEMBERS, '111111111111'];
    expect(bus.name).toBe('siem-alarms');
    expect(others).toEqual([]);
    expect(statement).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: accounts.map((id) => `arn:aws:iam::${id}:root`) },
      Action: 'events:PutEvents',
      Condition: {
        StringEquals: {
          'events:source': 'aws.cloudwatch',
          'events:detail-type': 'CloudWatch Alarm State Change',
        },
        ArnLike: {
          'aws:PrincipalArn': accounts.map((id) => `arn:aws:iam::${id}:role/siem-alarm-forwarding-*`),
        },
      },
    });
  });

  it('publishes the forwarded alarm state changes to the alarm topic', () => {
    // Act
    const rule = onlyResource(stack, 'aws_cloudwatch_event_rule', 'alarm-bus');
    const target = onlyResource(stack, 'aws_cloudwatch_event_target', 'alarm-bus');

    // Assess
    const busName = `\${${reference(stack, 'aws_cloudwatch_event_bus', 'alarm-bus')}.name}`;
    expect(rule.event_bus_name).toBe(busName);
    expect(JSON.parse(String(rule.event_pattern))).toEqual({
      source: ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change'],
      account: [...MEMBERS, '111111111111'],
    });
    expect(target).toMatchObject({
      event_bus_name: busName,
      arn: `\${${reference(stack, 'aws_sns_topic', 'alarm-topic')}.arn}`,
    });
  });

  it('ships its own Security Hub findings through a log-transfer function subscribed to the findings group alone', () => {
    // Act
    const rule = onlyResource(stack, 'aws_cloudwatch_event_rule', 'findings-route');
    const filter = onlyResource(stack, 'aws_cloudwatch_log_subscription_filter');
    const functions = resourcesOf(stack, 'aws_lambda_function').filter(([name]) =>
      name.startsWith('findings-route'),
    );

    // Assess
    expect(JSON.parse(String(rule.event_pattern))).toEqual({
      source: ['aws.securityhub'],
      'detail-type': ['Security Hub Findings - Imported'],
      detail: { findings: { AwsAccountId: ['222222222222'], Region: ['eu-west-1'] } },
    });
    expect(functions).toHaveLength(1); // the transfer function; no subscriber
    expect(filter).toMatchObject({
      log_group_name: `\${${reference(stack, 'aws_cloudwatch_log_group', 'findings-route_securityhub-findings')}.name}`,
      destination_arn: `\${aws_lambda_function.${functions[0]![0]}.arn}`,
      filter_pattern: '',
    });
    expect(functions[0]![1]).toMatchObject({
      function_name: 'siem-log-transfer',
      environment: {
        variables: { FINDINGS_BUCKET: 'siem-222222222222-securityhub', ACCOUNT_ID: '222222222222' },
      },
    });
    // Its alarms notify the alarm topic of the same account and region directly.
    const alarms = resourcesOf(stack, 'aws_cloudwatch_metric_alarm').filter(([name]) =>
      name.startsWith('findings-route'),
    );
    expect(alarms).toHaveLength(3);
    for (const [, alarm] of alarms) {
      expect(alarm.alarm_actions).toEqual([`\${${reference(stack, 'aws_sns_topic', 'alarm-topic')}.arn}`]);
    }
  });
});

describe('LogArchiveStack CI drift role', () => {
  const synthWithCi = (ci: NonNullable<SiemConfigInput['ci']>): SynthesizedStack =>
    synthStack(
      new LogArchiveStack(testApp(), {
        config: exampleSiemConfig((raw) => {
          raw.ci = ci;
          raw.stateBackend = {
            type: 's3',
            bucket: 'org-tfstate',
            region: 'eu-west-1',
            dynamodbTable: 'tf-locks',
          };
        }),
        functionBundler: fakeBundler,
      }),
    );
  const trustOf = (synth: SynthesizedStack) =>
    statementsOf(onlyResource(synth, 'aws_iam_role', 'ci-drift').assume_role_policy);

  it('is not created unless configured', () => {
    // Act
    const roles = resourcesOf(stack, 'aws_iam_role').filter(([name]) => name.includes('ci-drift'));

    // Assess
    expect(roles).toEqual([]);
  });

  it('trusts GitHub OIDC tokens of the main branch only, never repo:<repo>:*', () => {
    // Act
    const synth = synthWithCi({ githubRepository: 'example-org/siem' });

    // Assess
    expect(trustOf(synth)).toEqual([
      {
        Effect: 'Allow',
        Principal: {
          Federated: `\${${reference(synth, 'aws_iam_openid_connect_provider', 'ci-drift')}.arn}`,
        },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': 'repo:example-org/siem:ref:refs/heads/main',
          },
        },
      },
    ]);
    expect(synth.json).not.toContain('repo:example-org/siem:*');
  });

  it('trusts only jobs of the configured GitHub environment, with an existing OIDC provider', () => {
    // Act
    const synth = synthWithCi({
      githubRepository: 'example-org/siem',
      environment: 'drift',
      createOidcProvider: false,
    });

    // Assess
    const [trust] = trustOf(synth);
    expect(trust?.Principal).toEqual({
      Federated: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com',
    });
    expect(trust?.Condition?.StringEquals?.['token.actions.githubusercontent.com:sub']).toBe(
      'repo:example-org/siem:environment:drift',
    );
    expect(resourcesOf(synth, 'aws_iam_openid_connect_provider')).toEqual([]);
  });

  it('may only assume the read-only role of every account and read and lock the state', () => {
    // Act
    const synth = synthWithCi({ githubRepository: 'example-org/siem' });
    const statements = statementsOf(onlyResource(synth, 'aws_iam_role_policy', 'ci-drift').policy);

    // Assess
    expect(statements).toEqual([
      expect.objectContaining({
        Action: 'sts:AssumeRole',
        Resource: ['111111111111', '222222222222', ...MEMBERS].map(
          (id) => `arn:aws:iam::${id}:role/SiemDriftReadOnly`,
        ),
      }),
      expect.objectContaining({ Action: 's3:ListBucket', Resource: 'arn:aws:s3:::org-tfstate' }),
      expect.objectContaining({
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::org-tfstate/cdktf-aws-siem/*',
      }),
      expect.objectContaining({
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
        Resource: 'arn:aws:dynamodb:eu-west-1:*:table/tf-locks',
      }),
    ]);
  });
});
