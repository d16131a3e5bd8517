import { z } from 'zod';
import { cloudWatchSourceFields, cloudWatchSourceIssues } from './cloudwatch-sources';
import { osVpnSourceFields, osVpnSourceIssues } from './os-vpn-sources';
import { AWS_REGIONS } from './regions';

/**
 * The one configuration file of a SIEM deployment. Everything the stacks, the post-apply
 * script and the rollout commands need comes from here, validated before anything runs.
 * Defaults are the secure choice; a field is only required when no safe default exists.
 */

const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id (a string, digits only)');
const region = z.enum(AWS_REGIONS, {
  // Without this, a missing region reads "unknown AWS region undefined".
  error: (i) => (i.input === undefined ? 'is required' : `unknown AWS region ${JSON.stringify(i.input)}`),
});
const days = (what: string) =>
  z.number().int(`${what} must be a whole number of days`).min(1, `${what} must be at least 1 day`);

/** A secret is referenced by name, never inlined: webhook URLs are credentials. */
const secretReference = z.union([
  z.strictObject({ secretsManagerSecretName: z.string().min(1) }),
  z.strictObject({ ssmParameterName: z.string().regex(/^\//, 'SSM parameter names start with "/"') }),
]);

const severity = z.number().int().min(1).max(5);

/**
 * Defaults of the CloudTrail freshness monitor. An hour of silence is far beyond CloudTrail's
 * delivery delay (about 15 minutes), so a normal late file never raises it; every 15 minutes
 * means an outage is reported at most 75 minutes after the last event.
 */
export const CLOUDTRAIL_FRESHNESS_DEFAULTS = { silentMinutes: 60, scheduleMinutes: 15 } as const;

/**
 * CloudTrail delivers a log file within about 15 minutes of the call: a silence window shorter
 * than twice that would alert on ordinary delivery delay.
 */
const MIN_FRESHNESS_SILENT_MINUTES = 30;
/** A day: a longer silence window would hide a stopped trail for longer than a working day. */
const MAX_FRESHNESS_SILENT_MINUTES = 1440;

/** `arn:aws:wafv2:<region>:<account>:regional|global/webacl/<name>/<id>` (WAF names: 1-128 of `[\w-]`). */
const WAF_WEB_ACL_ARN =
  /^arn:aws:wafv2:([a-z0-9-]+):(\d{12}):(regional|global)\/webacl\/([\w-]{1,128})\/([\w-]+)$/;

/** `arn:aws:network-firewall:<region>:<account>:firewall/<name>` (names: 1-128 of `[a-zA-Z0-9-]`). */
const NETWORK_FIREWALL_ARN =
  /^arn:aws:network-firewall:([a-z0-9-]+):(\d{12}):firewall\/([a-zA-Z0-9-]{1,128})$/;

/** `arn:aws:ec2:<region>:<account>:transit-gateway/tgw-<hex>`. */
const TRANSIT_GATEWAY_ARN = /^arn:aws:ec2:([a-z0-9-]+):(\d{12}):transit-gateway\/(tgw-[0-9a-f]{8,17})$/;

/** The parts of a transit gateway ARN that matches `TRANSIT_GATEWAY_ARN`. */
export function parseTransitGatewayArn(
  arn: string,
): { region: string; accountId: string; id: string } | undefined {
  const m = TRANSIT_GATEWAY_ARN.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, id: m[3]! } : undefined;
}

/** The parts of a firewall ARN that matches `NETWORK_FIREWALL_ARN`. */
export function parseNetworkFirewallArn(
  arn: string,
): { region: string; accountId: string; name: string } | undefined {
  const m = NETWORK_FIREWALL_ARN.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}

/** The parts of a web ACL ARN that matches `WAF_WEB_ACL_ARN`. */
export function parseWebAclArn(
  arn: string,
): { region: string; accountId: string; scope: 'regional' | 'global'; name: string } | undefined {
  const m = WAF_WEB_ACL_ARN.exec(arn);
  if (!m) return undefined;
  return { region: m[1]!, accountId: m[2]!, scope: m[3] as 'regional' | 'global', name: m[4]! };
}

/** CloudFront (global scope) web ACLs are managed and logged in us-east-1. */
export const CLOUDFRONT_WAF_REGION = 'us-east-1';

/**
 * Words Cognito refuses in a hosted-UI domain prefix (case-insensitive): `CreateUserPoolDomain`
 * fails with "Domain cannot contain reserved word" at apply time.
 */
const COGNITO_RESERVED_WORDS = ['aws', 'amazon', 'cognito'] as const;

/** The reserved word `prefix` contains, if any. */
export function cognitoReservedWord(prefix: string): string | undefined {
  const lower = prefix.toLowerCase();
  return COGNITO_RESERVED_WORDS.find((word) => lower.includes(word));
}

/** The Cognito domain prefix used when `openSearch.cognitoDomainPrefix` is left out. */
export function defaultCognitoDomainPrefix(namePrefix: string, logArchiveAccountId: string): string {
  return `${namePrefix}-${logArchiveAccountId}`;
}

/** Folder of the local backend's state files, relative to the project root. */
export const DEFAULT_LOCAL_STATE_PATH = 'terraform-state';

export const memberAccountSchema = z.strictObject({
  id: accountId,
  /** Short name used in stack names (`member-<name>`); lower case, digits, dashes. */
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,30}$/, 'must be lower case letters, digits and dashes, starting with a letter'),
  regions: z.array(region).min(1, 'list at least one region').default(['eu-west-1']),
  /** `"all"` logs every VPC of each region; otherwise the VPC ids to log. */
  vpcs: z
    .union([z.literal('all'), z.array(z.string().regex(/^vpc-[0-9a-f]{8,17}$/, 'must be a VPC id (vpc-…)'))])
    .default('all'),
  /**
   * Web ACLs to log, each in this account and (for a regional ACL) in one of `regions`; a
   * CloudFront ACL is `global` scope and is logged from us-east-1 whether or not it is listed.
   */
  wafWebAclArns: z
    .array(
      z
        .string()
        .regex(
          WAF_WEB_ACL_ARN,
          'must be a WAFv2 web ACL ARN: arn:aws:wafv2:<region>:<account>:regional|global/webacl/<name>/<id>',
        ),
    )
    .default([]),
  /**
   * Route 53 Resolver query logs of this member's VPCs, in each of `regions`, to the archive's
   * `dns` bucket. Opt-in: every DNS query of the VPCs is logged (volume, and some cost).
   * @default undefined (not logged)
   */
  resolverQueryLogs: z
    .strictObject({
      /** `"all"` logs every VPC of each region; otherwise the VPC ids to log. */
      vpcs: z
        .union([
          z.literal('all'),
          z
            .array(z.string().regex(/^vpc-[0-9a-f]{8,17}$/, 'must be a VPC id (vpc-…)'))
            .min(1, 'list at least one VPC, or "all"')
            .refine((ids) => new Set(ids).size === ids.length, 'lists a VPC twice'),
        ])
        .default('all'),
    })
    .optional(),
  /**
   * AWS Network Firewall firewalls whose alert and flow logs go to the archive's
   * `networkfirewall` bucket, each in this account and one of `regions`. A firewall has a single
   * logging configuration: the SIEM's replaces any other.
   */
  networkFirewallArns: z
    .array(
      z
        .string()
        .regex(
          NETWORK_FIREWALL_ARN,
          'must be a Network Firewall ARN: arn:aws:network-firewall:<region>:<account>:firewall/<name>',
        ),
    )
    .default([]),
  /**
   * Transit gateways of this account (one of `regions`) whose flow logs (all fields) go to the
   * archive's `tgwflow` bucket. Only the owner of a transit gateway can create its flow log.
   */
  transitGatewayArns: z
    .array(
      z
        .string()
        .regex(
          TRANSIT_GATEWAY_ARN,
          'must be a transit gateway ARN: arn:aws:ec2:<region>:<account>:transit-gateway/tgw-<id>',
        ),
    )
    .default([]),
  /**
   * Amazon Bedrock model invocation logging of this member, in each of `regions`, to the archive's
   * `bedrock` bucket (text and image bodies inline up to 100 KB; larger ones Bedrock leaves out).
   * Opt-in: prompts and completions are logged, which may hold sensitive data. A region has one
   * logging configuration: the SIEM's replaces an existing one.
   * @default undefined (not logged)
   */
  bedrockInvocationLogs: z.strictObject({}).optional(),
  /**
   * An AWS Config delivery channel in each of `regions`, sending configuration history and
   * snapshots to the archive's `config` bucket. Config must already record there (a recorder using
   * the service-linked role), and a region holds one delivery channel: where Control Tower owns
   * Config, its channel stays and this must be left off.
   */
  configDelivery: z
    .strictObject({
      snapshotFrequency: z
        .enum(['One_Hour', 'Three_Hours', 'Six_Hours', 'Twelve_Hours', 'TwentyFour_Hours'])
        .default('TwentyFour_Hours'),
    })
    .optional(),
  /** EKS audit, RDS audit and API Gateway access logs, through CloudWatch Logs (config/cloudwatch-sources.ts). */
  ...cloudWatchSourceFields,
  /** OS logs from the CloudWatch agent and Client VPN connection logs (config/os-vpn-sources.ts). */
  ...osVpnSourceFields,
  /** Log groups whose name starts with one of these are never subscribed. */
  excludedLogGroupPrefixes: z.array(z.string().min(1)).default([]),
  /** Rollout wave: canaries are applied first, and a failure there stops the rollout. */
  wave: z.enum(['canary', 'main']).default('main'),
});

export const siemConfigSchema = z
  .strictObject({
    /** Prefix of every resource name, so two SIEMs can share an account. */
    namePrefix: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,15}$/, 'must be 2–16 lower case letters, digits and dashes')
      .default('siem'),
    homeRegion: region,
    organization: z
      .strictObject({
        id: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'must be an AWS Organizations id (o-…)'),
        managementAccountId: accountId,
        logArchiveAccountId: accountId,
        /**
         * Delegated administrator of Security Hub, GuardDuty and the AWS Config aggregator (a
         * security-tooling account). Defaults to the log-archive account.
         */
        securityAccountId: accountId.optional(),
        /** Role the Terraform provider assumes in each account. */
        deploymentRoleName: z.string().min(1).default('OrganizationAccountAccessRole'),
      })
      .transform((organization) => ({
        ...organization,
        securityAccountId: organization.securityAccountId ?? organization.logArchiveAccountId,
      })),
    memberAccounts: z.array(memberAccountSchema).min(1, 'list at least one member account'),
    retention: z
      .strictObject({
        hotDays: days('hotDays').default(30),
        glacierAfterDays: days('glacierAfterDays').default(90),
        expireAfterDays: days('expireAfterDays').default(2555),
        snapshotRetentionDays: days('snapshotRetentionDays').default(90),
      })
      .prefault({}),
    /**
     * How log indices are cut (opensearch/index-sizing.ts): each log type's index holds a day, a
     * week or a month of event time, with a number of primary shards, both chosen from the
     * expected volume so shards land near AWS's 10–50 GB guidance. Every figure is optional.
     */
    indexing: z
      .strictObject({
        /** Accounts whose logs are ingested. @default the number of member accounts listed */
        accounts: z.number().int().min(1).optional(),
        /** Per log type (`cloudtrail`, `vpcflow`…): the volume expected, or the choice itself. */
        logTypes: z
          .record(
            z.string().regex(/^[a-z0-9]+$/, 'must be a log type name'),
            z.strictObject({
              eventsPerAccountPerDay: z.number().min(0).optional(),
              bytesPerDocument: z.number().int().min(1).optional(),
              period: z.enum(['day', 'week', 'month']).optional(),
              shards: z.number().int().min(1).max(64).optional(),
            }),
          )
          .default({}),
      })
      .prefault({}),
    openSearch: z
      .strictObject({
        engineVersion: z
          .string()
          .regex(/^OpenSearch_\d+\.\d+$/, 'must look like OpenSearch_2.19')
          .default('OpenSearch_2.19'),
        instanceType: z
          .string()
          .regex(/^[a-z0-9]+\.[a-z0-9]+\.search$/, 'must be an OpenSearch instance type (….search)')
          .default('r6g.large.search'),
        instanceCount: z.number().int().min(1).default(3),
        dedicatedMasters: z
          .strictObject({
            enabled: z.boolean().default(true),
            instanceType: z
              .string()
              .regex(/\.search$/)
              .default('m6g.large.search'),
            count: z.union([z.literal(3), z.literal(5)]).default(3),
          })
          .prefault({}),
        zoneAwareness: z
          .strictObject({
            enabled: z.boolean().default(true),
            availabilityZoneCount: z.union([z.literal(2), z.literal(3)]).default(3),
          })
          .prefault({}),
        ebsVolumeSizeGb: z.number().int().min(10).max(16384).default(100),
        ebsVolumeType: z.enum(['gp3', 'gp2', 'io1']).default('gp3'),
        /** Dashboards users for the fine-grained access control master user come from Cognito. */
        cognitoDomainPrefix: z
          .string()
          .regex(/^[a-z0-9-]{3,63}$/)
          .optional(),
        mfa: z.enum(['OFF', 'OPTIONAL', 'ON']).default('ON'),
      })
      .prefault({}),
    alerting: z
      .strictObject({
        emails: z.array(z.email('must be an email address')).default([]),
        /**
         * Detections at this severity or more urgent (1 is the most urgent) are emailed. The
         * default covers 1-4 so that every detection notifies someone; only severity 5
         * (informational, none shipped today) stays on the dashboards.
         */
        emailMaxSeverity: severity.default(4),
        channels: z
          .array(
            z.strictObject({
              name: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/),
              type: z.enum(['slack', 'chime', 'webhook']),
              url: secretReference,
              maxSeverity: severity.default(2),
            }),
          )
          .default([]),
      })
      .prefault({}),
    detections: z
      .strictObject({
        /** EC2 instance types that may be launched; anything else is reported (crypto mining). */
        allowedInstanceTypes: z
          .array(z.string().regex(/^[a-z0-9-]+\.[a-z0-9]+$/))
          .min(1)
          .default(['t3.micro', 't3.small', 't3.medium', 'm6i.large']),
        /**
         * The health monitor raised when no CloudTrail event arrived for `silentMinutes`, run
         * every `scheduleMinutes`.
         */
        cloudTrailFreshness: z
          .strictObject({
            silentMinutes: z
              .number()
              .int('silentMinutes must be a whole number of minutes')
              .min(
                MIN_FRESHNESS_SILENT_MINUTES,
                `silentMinutes must be at least ${MIN_FRESHNESS_SILENT_MINUTES}: CloudTrail delivers up to ~15 minutes late, a shorter window alerts on normal delay`,
              )
              .max(
                MAX_FRESHNESS_SILENT_MINUTES,
                `silentMinutes must be at most ${MAX_FRESHNESS_SILENT_MINUTES} (a day)`,
              )
              .default(CLOUDTRAIL_FRESHNESS_DEFAULTS.silentMinutes),
            scheduleMinutes: z
              .number()
              .int('scheduleMinutes must be a whole number of minutes')
              .min(1, 'scheduleMinutes must be at least 1 minute')
              .default(CLOUDTRAIL_FRESHNESS_DEFAULTS.scheduleMinutes),
          })
          .prefault({}),
      })
      .prefault({}),
    /**
     * An Amazon Security Lake of the organization, read as an external source (OCSF Parquet, log
     * type `ocsf`): the log-archive account is a Security Lake subscriber with S3 data access.
     * Security Lake creates the subscriber role in the lake's account; the ingestion function
     * assumes it (with the external id) to read objects, and the lake bucket's object-created
     * notifications go to the ingestion queue, which admits them from that bucket only.
     * @default undefined (not read)
     */
    securityLake: z
      .strictObject({
        /** `aws-security-data-lake-<region>-<suffix>`. */
        bucketName: z
          .string()
          .regex(
            /^aws-security-data-lake-[a-z]{2}(?:-[a-z]+)+-\d-[a-z0-9]{1,40}$/,
            'must be a Security Lake bucket name: aws-security-data-lake-<region>-<id>',
          ),
        /** The account that runs Security Lake (owns the bucket). */
        accountId,
        region,
        /** The role Security Lake created for this subscriber (`arn:aws:iam::<lake account>:role/…`). */
        subscriberRoleArn: z
          .string()
          .regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'must be an IAM role ARN'),
        /** The external id given when the subscriber was created. */
        externalId: z.string().min(2).max(1224),
      })
      .refine((lake) => lake.subscriberRoleArn.split(':')[4] === lake.accountId, {
        message: 'subscriberRoleArn must be a role of the Security Lake account (accountId)',
        path: ['subscriberRoleArn'],
      })
      .refine((lake) => lake.bucketName.startsWith(`aws-security-data-lake-${lake.region}-`), {
        message: 'bucketName must name the lake region (aws-security-data-lake-<region>-…)',
        path: ['bucketName'],
      })
      .optional(),
    cloudTrail: z
      .strictObject({
        s3DataEvents: z.boolean().default(false),
        lambdaDataEvents: z.boolean().default(false),
      })
      .prefault({}),
    guardDuty: z
      .strictObject({
        /**
         * A publishing destination on the administrator's detector in every GuardDuty region:
         * findings in GuardDuty's own format, KMS-encrypted, to the archive's `guardduty` bucket.
         */
        s3Export: z.boolean().default(false),
      })
      .prefault({}),
    archive: z
      .strictObject({
        /**
         * S3 Object Lock default retention on the archive's log buckets (not on `s3access`: S3
         * cannot deliver server access logs to an Object Lock bucket; not on `snapshots`:
         * OpenSearch deletes its own snapshot files). Off by default: enabling it cannot be undone
         * on a bucket, COMPLIANCE retention cannot be shortened by anyone, and every locked
         * version is paid for until its retention ends. See the README for the migration path.
         * @default undefined (no Object Lock)
         */
        objectLock: z
          .strictObject({
            mode: z.enum(['GOVERNANCE', 'COMPLIANCE']),
            days: days('objectLock.days'),
          })
          .optional(),
        /**
         * Role of the log-archive account that alone may delete archive objects, disable or
         * schedule the deletion of the archive key, and (besides the deployment role) change the
         * buckets' policy, lifecycle, versioning and Object Lock settings. It need not exist
         * until it is needed; a path is written before the name (`emergency/SiemBreakGlass`).
         */
        breakGlassRoleName: z
          .string()
          .regex(
            /^([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/,
            'must be an IAM role name, optionally after its path (path/Name)',
          )
          .default('SiemArchiveBreakGlass'),
      })
      .prefault({}),
    /**
     * The role the drift workflow (.github/workflows/drift.yml) assumes through GitHub OIDC,
     * created in the log-archive account when set. Its trust pins the token's `sub` to the main
     * branch or to a GitHub environment, so a workflow edited on another branch gets no role.
     * @default undefined (the role is created by hand, see the README)
     */
    ci: z
      .strictObject({
        /** `owner/name` of the GitHub repository. */
        githubRepository: z
          .string()
          .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be owner/name of a GitHub repository'),
        /** The branch whose workflow runs may assume the role; ignored when `environment` is set. */
        branch: z
          .string()
          .regex(/^[A-Za-z0-9_./-]+$/, 'must be a branch name')
          .default('main'),
        /**
         * GitHub environment of the drift job: when set, only jobs of that environment get the
         * role (`sub` = `repo:<repo>:environment:<name>`); limit its deployment branches to main.
         */
        environment: z
          .string()
          .regex(/^[A-Za-z0-9_.-]{1,255}$/, 'must be a GitHub environment name')
          .optional(),
        /** Set false when the account already has the token.actions.githubusercontent.com provider. */
        createOidcProvider: z.boolean().default(true),
        /** Role the CI role assumes in every account; created by hand with ReadOnlyAccess. */
        readOnlyRoleName: z.string().min(1).default('SiemDriftReadOnly'),
      })
      .optional(),
    stateBackend: z
      .discriminatedUnion('type', [
        z.strictObject({
          type: z.literal('local'),
          /**
           * Folder of the state files (`<path>/<stack>.tfstate`), relative to the folder synth
           * runs in (the project root). Outside `cdktf.out`, which is generated and thrown away.
           * @default 'terraform-state'
           */
          path: z
            .string()
            .min(1)
            .refine(
              (path) => !/(^|[\\/])cdktf\.out([\\/]|$)/.test(path),
              'must be outside cdktf.out: that folder is regenerated and deleted, the state with it',
            )
            .default(DEFAULT_LOCAL_STATE_PATH),
        }),
        z.strictObject({
          type: z.literal('s3'),
          bucket: z.string().min(3),
          region,
          dynamodbTable: z.string().min(3),
          keyPrefix: z.string().default('cdktf-aws-siem'),
        }),
      ])
      .default({ type: 'local', path: DEFAULT_LOCAL_STATE_PATH }),
  })
  .superRefine((config, ctx) => {
    const { retention, organization, memberAccounts } = config;
    if (retention.expireAfterDays <= retention.glacierAfterDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['retention', 'expireAfterDays'],
        message: `must be greater than glacierAfterDays (${retention.glacierAfterDays})`,
      });
    }
    if (organization.logArchiveAccountId === organization.managementAccountId) {
      ctx.addIssue({
        code: 'custom',
        path: ['organization', 'logArchiveAccountId'],
        message: 'must differ from managementAccountId: the archive is isolated from the management account',
      });
    }
    if (organization.securityAccountId === organization.managementAccountId) {
      ctx.addIssue({
        code: 'custom',
        path: ['organization', 'securityAccountId'],
        message:
          'must differ from managementAccountId: security tooling is administered outside the management account',
      });
    }
    const seenIds = new Map<string, number>();
    const seenNames = new Map<string, number>();
    memberAccounts.forEach((account, i) => {
      const firstId = seenIds.get(account.id);
      if (firstId !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['memberAccounts', i, 'id'],
          message: `duplicate account id, already memberAccounts[${firstId}]`,
        });
      } else seenIds.set(account.id, i);
      const firstName = seenNames.get(account.name);
      if (firstName !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['memberAccounts', i, 'name'],
          message: `duplicate account name, already memberAccounts[${firstName}]`,
        });
      } else seenNames.set(account.name, i);
    });
    const { objectLock, breakGlassRoleName } = config.archive;
    if (objectLock && objectLock.days > retention.expireAfterDays) {
      // Lifecycle expiry cannot remove a locked version: the archive would keep it past expiry.
      ctx.addIssue({
        code: 'custom',
        path: ['archive', 'objectLock', 'days'],
        message: `must not exceed retention.expireAfterDays (${retention.expireAfterDays}): lifecycle cannot expire a locked version`,
      });
    }
    if (breakGlassRoleName === organization.deploymentRoleName) {
      ctx.addIssue({
        code: 'custom',
        path: ['archive', 'breakGlassRoleName'],
        message:
          'must differ from organization.deploymentRoleName: the role that runs Terraform would then be able to delete the archive',
      });
    }
    const freshness = config.detections.cloudTrailFreshness;
    if (freshness.scheduleMinutes > freshness.silentMinutes) {
      // Run less often than the window it looks at, and an outage is reported up to a whole
      // schedule later than the window promises.
      ctx.addIssue({
        code: 'custom',
        path: ['detections', 'cloudTrailFreshness', 'scheduleMinutes'],
        message: `must not exceed silentMinutes (${freshness.silentMinutes})`,
      });
    }
    if (retention.snapshotRetentionDays > retention.expireAfterDays) {
      // Snapshots hold the same documents: they would outlive the archive's own retention.
      ctx.addIssue({
        code: 'custom',
        path: ['retention', 'snapshotRetentionDays'],
        message: `must not exceed expireAfterDays (${retention.expireAfterDays}): snapshots would keep logs the archive has expired`,
      });
    }
    checkWebAcls(config, ctx);
    checkNetworkFirewalls(config, ctx);
    checkTransitGateways(config, ctx);
    config.memberAccounts.forEach((account, i) => {
      for (const issue of cloudWatchSourceIssues(account))
        ctx.addIssue({ code: 'custom', path: ['memberAccounts', i, ...issue.path], message: issue.message });
      for (const issue of osVpnSourceIssues(account))
        ctx.addIssue({ code: 'custom', path: ['memberAccounts', i, ...issue.path], message: issue.message });
    });
    checkCognitoDomainPrefix(config, ctx);
    const zones = config.openSearch.zoneAwareness;
    if (zones.enabled && config.openSearch.instanceCount % zones.availabilityZoneCount !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['openSearch', 'instanceCount'],
        message: `must be a multiple of zoneAwareness.availabilityZoneCount (${zones.availabilityZoneCount})`,
      });
    }
  });

type RefinementContext = z.core.$RefinementCtx<z.output<typeof siemConfigSchema>>;

/**
 * Web ACL mistakes that validate as strings but fail at `terraform apply`: an ACL logged twice
 * (two logging configurations for one ACL), two ACLs whose Firehose stream and role names
 * collide (a regional and a CloudFront ACL of the same name both live in us-east-1), and an ACL
 * of another account or region than the provider that would configure it.
 */
function checkWebAcls(
  config: { memberAccounts: readonly MemberAccountConfig[] },
  ctx: RefinementContext,
): void {
  const seenArns = new Map<string, string>();
  config.memberAccounts.forEach((account, i) => {
    const seenNames = new Map<string, string>();
    account.wafWebAclArns.forEach((arn, j) => {
      const path = ['memberAccounts', i, 'wafWebAclArns', j];
      const where = `memberAccounts[${i}].wafWebAclArns[${j}]`;
      const issue = (message: string) => ctx.addIssue({ code: 'custom', path, message });
      const first = seenArns.get(arn);
      if (first !== undefined) {
        issue(`duplicate web ACL, already ${first}: an ACL has one logging configuration`);
        return;
      }
      seenArns.set(arn, where);
      const acl = parseWebAclArn(arn);
      if (!acl) return; // reported by the field's own format check
      if (acl.accountId !== account.id) {
        issue(`is a web ACL of account ${acl.accountId}, not of this member (${account.id})`);
      }
      if (acl.scope === 'global' && acl.region !== CLOUDFRONT_WAF_REGION) {
        issue(`a global (CloudFront) web ACL's ARN names ${CLOUDFRONT_WAF_REGION}, not ${acl.region}`);
        return;
      }
      if (!(AWS_REGIONS as readonly string[]).includes(acl.region)) {
        issue(`unknown AWS region ${JSON.stringify(acl.region)}`);
        return;
      }
      // A CloudFront ACL is logged from us-east-1 whatever the member's regions: the stack adds that provider.
      if (acl.scope === 'regional' && !(account.regions as readonly string[]).includes(acl.region)) {
        issue(`is in ${acl.region}, which memberAccounts[${i}].regions does not list`);
      }
      // The Firehose stream and its role are named after the ACL and region.
      const key = `${acl.region}/${acl.name}`;
      const sameName = seenNames.get(key);
      if (sameName !== undefined) {
        issue(
          `web ACL name ${JSON.stringify(acl.name)} is already used in ${acl.region} by ${sameName}: their log streams would have the same name`,
        );
      } else seenNames.set(key, where);
    });
  });
}

/** A transit gateway listed twice, or of another account or region than the member's providers. */
function checkTransitGateways(
  config: { memberAccounts: readonly MemberAccountConfig[] },
  ctx: RefinementContext,
): void {
  const seen = new Map<string, string>();
  config.memberAccounts.forEach((account, i) => {
    account.transitGatewayArns.forEach((arn, j) => {
      const path = ['memberAccounts', i, 'transitGatewayArns', j];
      const issue = (message: string) => ctx.addIssue({ code: 'custom', path, message });
      const first = seen.get(arn);
      if (first !== undefined) {
        issue(`duplicate transit gateway, already ${first}`);
        return;
      }
      seen.set(arn, `memberAccounts[${i}].transitGatewayArns[${j}]`);
      const gateway = parseTransitGatewayArn(arn);
      if (!gateway) return; // reported by the field's own format check
      if (gateway.accountId !== account.id) {
        issue(
          `is a transit gateway of account ${gateway.accountId}, not of this member (${account.id}): only its owner can create its flow log`,
        );
      }
      if (!(account.regions as readonly string[]).includes(gateway.region)) {
        issue(`is in ${gateway.region}, which memberAccounts[${i}].regions does not list`);
      }
    });
  });
}

/** A firewall logged twice, or of another account or region than the member's providers. */
function checkNetworkFirewalls(
  config: { memberAccounts: readonly MemberAccountConfig[] },
  ctx: RefinementContext,
): void {
  const seen = new Map<string, string>();
  config.memberAccounts.forEach((account, i) => {
    account.networkFirewallArns.forEach((arn, j) => {
      const path = ['memberAccounts', i, 'networkFirewallArns', j];
      const issue = (message: string) => ctx.addIssue({ code: 'custom', path, message });
      const first = seen.get(arn);
      if (first !== undefined) {
        issue(`duplicate firewall, already ${first}: a firewall has one logging configuration`);
        return;
      }
      seen.set(arn, `memberAccounts[${i}].networkFirewallArns[${j}]`);
      const firewall = parseNetworkFirewallArn(arn);
      if (!firewall) return; // reported by the field's own format check
      if (firewall.accountId !== account.id) {
        issue(`is a firewall of account ${firewall.accountId}, not of this member (${account.id})`);
      }
      if (!(account.regions as readonly string[]).includes(firewall.region)) {
        issue(`is in ${firewall.region}, which memberAccounts[${i}].regions does not list`);
      }
    });
  });
}

/** Cognito rejects a domain prefix containing a reserved word, whether configured or derived. */
function checkCognitoDomainPrefix(
  config: {
    namePrefix: string;
    organization: { logArchiveAccountId: string };
    openSearch: { cognitoDomainPrefix?: string };
  },
  ctx: RefinementContext,
): void {
  const configured = config.openSearch.cognitoDomainPrefix;
  const prefix =
    configured ?? defaultCognitoDomainPrefix(config.namePrefix, config.organization.logArchiveAccountId);
  const word = cognitoReservedWord(prefix);
  if (!word) return;
  ctx.addIssue({
    code: 'custom',
    path: configured === undefined ? ['namePrefix'] : ['openSearch', 'cognitoDomainPrefix'],
    message:
      configured === undefined
        ? `the Cognito domain prefix derived from it (${JSON.stringify(prefix)}) contains ${JSON.stringify(word)}, which AWS reserves: set openSearch.cognitoDomainPrefix`
        : `contains ${JSON.stringify(word)}, which AWS reserves in Cognito domain prefixes`,
  });
}

/** The validated config, with every default filled in. */
export type SiemConfig = z.output<typeof siemConfigSchema>;
export type MemberAccountConfig = SiemConfig['memberAccounts'][number];
/** What a user writes: defaults may be left out. */
export type SiemConfigInput = z.input<typeof siemConfigSchema>;
