import { ARCHIVE_LOG_SOURCES, type ArchiveLogSource } from '../../config/archive-names';
import { securityHubFindingsLogGroupName } from '../../config/member-names';
import type { LogType } from '../../opensearch/log-types';
import { documentAccount } from './documents';
import { DEFAULT_CLOUDWATCH_ROUTING } from './parsers/cloudwatch-routes';
import type { ParsedRecord, S3Pointer, SourceName } from './types';

/*
 * What an archive bucket may hold, and whose it is. Archive buckets are named
 * `<namePrefix>-<logArchiveAccountId>-<kind>` (config/archive-names.ts) and each is written by
 * known writers under a known key layout (stacks/archive-access.ts). The ingestion function holds
 * every object to its bucket's contract:
 *
 * - the key must have the bucket's layout, anchored at the start of the key (`^AWSLogs/<account>/…`),
 *   and the content, when its format is recognisable, must be the bucket's format;
 * - records must be of the bucket's log type (findings only from the Security Hub findings log
 *   group in the `securityhub` bucket);
 * - where members write (cloudwatch, securityhub, waf) and for CloudTrail, the account a record's
 *   content claims must be the account of the key prefix, which the bucket policy pins to the
 *   writer's own account (`AWSLogs/${aws:PrincipalAccount}/`).
 *
 * What breaks the contract is dead-lettered with the reason, never indexed.
 */

export interface ArchiveIdentity {
  readonly namePrefix: string;
  /** The log-archive account, second part of every archive bucket name. */
  readonly archiveAccountId: string;
  /** The Amazon Security Lake bucket read as an external source (`securityLake.bucketName`), if any. */
  readonly securityLakeBucket?: string;
}

/** Buckets the ingestion function reads: the per-source archive buckets, ELB per region, CloudFront. */
export type ArchiveBucketKind = ArchiveLogSource | 'cloudfront' | 'securitylake' | `elb-${string}`;

interface BucketContract {
  /** Anchored key layout; group 1, when present, is the account the bucket policy pins. */
  readonly key: RegExp;
  readonly layout: string;
  /** Parser the objects are read with. */
  readonly parseAs: SourceName;
  /** What content detection must say, when it recognises the format at all. */
  readonly format: SourceName;
  /** The log types records may have. */
  readonly logTypes: readonly LogType[];
  /** The content field that names the account, checked against the key's account; none if unchecked. */
  readonly accountField?: string;
}

const REGION = String.raw`[a-z]{2}(?:-[a-z]+)+-\d`;
const ACCOUNT = String.raw`(\d{12})`;
const ORGANIZATION = String.raw`(?:o-[a-z0-9]{10,32}/)?`;
const anchored = (pattern: string) => new RegExp(`^${pattern}`);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const S3_ACCESS_KEY = anchored(
  String.raw`(?:[^/]+/)?(?:\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[0-9A-Z]{16}|\d{12}/${REGION}/[^/]+/\d{4}/\d{2}/\d{2}/\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[^/]+)$`,
);

function contracts(identity: ArchiveIdentity): Record<string, BucketContract> {
  const findingsGroup = securityHubFindingsLogGroupName(identity.namePrefix).replace(/^\//, '');
  return {
    cloudtrail: {
      key: anchored(`AWSLogs/${ORGANIZATION}${ACCOUNT}/CloudTrail(?:-Insight|-Digest)?/${REGION}/`),
      layout: 'AWSLogs/[o-…/]<account>/CloudTrail[-Insight|-Digest]/<region>/',
      parseAs: 'cloudtrail',
      format: 'cloudtrail',
      logTypes: ['cloudtrail'],
      accountField: 'recipientAccountId',
    },
    cloudwatch: {
      key: anchored(`AWSLogs/${ACCOUNT}/CloudWatchLogs/${REGION}/`),
      layout: 'AWSLogs/<account>/CloudWatchLogs/<region>/',
      parseAs: 'cloudwatch',
      format: 'cloudwatch',
      // What the routing table yields; findings only from the securityhub bucket.
      logTypes: DEFAULT_CLOUDWATCH_ROUTING.logTypes().filter((type) => type !== 'findings'),
      accountField: 'owner',
    },
    securityhub: {
      key: anchored(`AWSLogs/${ACCOUNT}/CloudWatchLogs/${REGION}/${escape(findingsGroup)}/`),
      layout: `AWSLogs/<account>/CloudWatchLogs/<region>/${findingsGroup}/`,
      parseAs: 'findings',
      format: 'cloudwatch',
      logTypes: ['findings'],
      accountField: 'AwsAccountId',
    },
    vpcflow: {
      key: anchored(`AWSLogs/${ACCOUNT}/vpcflowlogs/${REGION}/`),
      layout: 'AWSLogs/<account>/vpcflowlogs/<region>/',
      parseAs: 'vpcflow',
      format: 'vpcflow',
      logTypes: ['vpcflow'],
    },
    waf: {
      key: anchored(`AWSLogs/${ACCOUNT}/WAFLogs/${REGION}/`),
      layout: 'AWSLogs/<account>/WAFLogs/<region>/',
      parseAs: 'waf',
      format: 'waf',
      logTypes: ['waf'],
      accountField: 'webaclId',
    },
    dns: {
      // Resolver query logs: AWSLogs/<account>/vpcdnsquerylogs/<vpc id>/YYYY/MM/DD/<file>.log.gz
      key: anchored(`AWSLogs/${ACCOUNT}/vpcdnsquerylogs/vpc-[0-9a-f]{8,17}/`),
      layout: 'AWSLogs/<account>/vpcdnsquerylogs/<vpc id>/',
      parseAs: 'dns',
      format: 'dns',
      logTypes: ['dns'],
      accountField: 'account_id',
    },
    networkfirewall: {
      // AWSLogs/<account>/network-firewall/<alert|flow|tls>/<region>/<firewall>/YYYY/MM/DD/HH/<file>.log.gz
      key: anchored(`AWSLogs/${ACCOUNT}/network-firewall/(?:alert|flow|tls)/${REGION}/[^/]+/`),
      layout: 'AWSLogs/<account>/network-firewall/<alert|flow|tls>/<region>/<firewall>/',
      parseAs: 'networkfirewall',
      format: 'networkfirewall',
      logTypes: ['networkfirewall'],
    },
    tgwflow: {
      // Transit Gateway flow logs: the VPC flow layout (the log delivery service writes both).
      key: anchored(`AWSLogs/${ACCOUNT}/vpcflowlogs/${REGION}/`),
      layout: 'AWSLogs/<account>/vpcflowlogs/<region>/',
      parseAs: 'tgwflow',
      format: 'tgwflow',
      logTypes: ['tgwflow'],
      // The transit gateway owner: only the owner can create its flow log, which delivers under
      // the owner's account.
      accountField: 'account-id',
    },
    bedrock: {
      // Bedrock model invocation logs: AWSLogs/<account>/BedrockModelInvocationLogs/<region>/YYYY/MM/DD/HH/<file>.json.gz
      key: anchored(`AWSLogs/${ACCOUNT}/BedrockModelInvocationLogs/${REGION}/`),
      layout: 'AWSLogs/<account>/BedrockModelInvocationLogs/<region>/',
      parseAs: 'bedrock',
      format: 'bedrock',
      logTypes: ['bedrock'],
      accountField: 'accountId',
    },
    securitylake: {
      // The lake's AWS sources: aws/<SOURCE>/<version>/region=<r>/accountId=<account>/eventDay=YYYYMMDD/<file>.parquet.
      // Security Lake itself writes them, from each account's own logs: the partition names the
      // account, which the record's cloud.account.uid must match. Custom sources (ext/) are not read.
      key: anchored(
        String.raw`aws/[A-Z0-9_]+/\d+(?:\.\d+)*/region=${REGION}/accountId=${ACCOUNT}/eventDay=\d{8}/[^/]+\.parquet$`,
      ),
      layout: 'aws/<SOURCE>/<version>/region=<region>/accountId=<account>/eventDay=YYYYMMDD/<file>.parquet',
      parseAs: 'ocsf',
      format: 'ocsf',
      logTypes: ['ocsf'],
      accountField: 'cloud.account.uid',
    },
    guardduty: {
      // GuardDuty publishing destination: AWSLogs/<administrator>/GuardDuty/<region>/YYYY/MM/DD/<uuid>.jsonl.gz.
      // The administrator exports every member's findings: the content's accountId is the member,
      // not the key's account, so it is not checked against it (the bucket policy admits only the
      // administrator's detectors, under the administrator's prefix).
      key: anchored(`AWSLogs/${ACCOUNT}/GuardDuty/${REGION}/`),
      layout: 'AWSLogs/<account>/GuardDuty/<region>/',
      parseAs: 'guardduty',
      format: 'guardduty',
      logTypes: ['guardduty'],
    },
    config: {
      // Delivery channel: AWSLogs/<account>/Config/<region>/YYYY/M/D/ConfigHistory|ConfigSnapshot/<file>.json.gz,
      // and the AWSLogs/<account>/Config/ConfigWritabilityCheckFile Config writes to test the bucket.
      key: anchored(`AWSLogs/${ACCOUNT}/Config/(?:${REGION}/|ConfigWritabilityCheckFile$)`),
      layout: 'AWSLogs/<account>/Config/<region>/',
      parseAs: 'config',
      format: 'config',
      logTypes: ['config'],
      accountField: 'awsAccountId',
    },
    s3access: {
      key: S3_ACCESS_KEY,
      layout: '[<prefix>/]YYYY-MM-DD-hh-mm-ss-<16 upper-case characters> (or the date-partitioned layout)',
      parseAs: 's3access',
      format: 's3access',
      logTypes: ['s3access'],
    },
    elb: {
      key: anchored(`AWSLogs/${ACCOUNT}/elasticloadbalancing/${REGION}/`),
      layout: 'AWSLogs/<account>/elasticloadbalancing/<region>/',
      parseAs: 'elb',
      format: 'elb',
      logTypes: ['elb'],
    },
    cloudfront: {
      key: /^(?:[^/]+\/)*E[A-Z0-9]{7,15}\.\d{4}-\d{2}-\d{2}-\d{2}\.[0-9a-zA-Z]+(?:\.gz)?$/,
      layout: '[<prefix>/]<distribution id>.YYYY-MM-DD-HH.<unique>[.gz]',
      parseAs: 'cloudfront',
      format: 'cloudfront',
      logTypes: ['cloudfront'],
    },
  };
}

/** An object the bucket's contract admits, and what its records must then satisfy. */
export interface Admission {
  readonly bucketKind: ArchiveBucketKind;
  readonly parseAs: SourceName;
  readonly format: SourceName;
  readonly logTypes: readonly LogType[];
  /** Account of the key prefix, when the layout has one. */
  readonly accountId?: string;
  readonly accountField?: string;
}

export type AdmissionResult =
  | { readonly ok: true; readonly admission: Admission }
  | {
      readonly ok: false;
      readonly reason: string;
    };

export class ArchiveProvenance {
  private readonly prefix: string;
  private readonly contracts: Record<string, BucketContract>;

  constructor(readonly identity: ArchiveIdentity) {
    this.prefix = `${identity.namePrefix}-${identity.archiveAccountId}-`;
    this.contracts = contracts(identity);
  }

  /** The kind of archive bucket a name designates, if it is one the function reads. */
  bucketKind(bucket: string): ArchiveBucketKind | undefined {
    if (this.identity.securityLakeBucket !== undefined && bucket === this.identity.securityLakeBucket)
      return 'securitylake';
    if (!bucket.startsWith(this.prefix)) return undefined;
    const kind = bucket.slice(this.prefix.length);
    if (kind in ARCHIVE_LOG_SOURCES || kind === 'cloudfront') return kind as ArchiveBucketKind;
    if (new RegExp(`^elb-${REGION}$`).test(kind)) return kind as ArchiveBucketKind;
    return undefined;
  }

  /** Whether an object may be read at all, from its bucket and key alone. */
  admitObject(pointer: S3Pointer): AdmissionResult {
    const kind = this.bucketKind(pointer.bucket);
    if (kind === undefined) {
      return {
        ok: false,
        reason: `bucket ${pointer.bucket} is not an archive bucket of ${this.prefix}<source>`,
      };
    }
    const contract = this.contracts[kind.startsWith('elb-') ? 'elb' : kind];
    const m = contract.key.exec(pointer.key);
    if (!m) {
      return {
        ok: false,
        reason: `key does not have the ${kind} bucket's layout ${contract.layout}`,
      };
    }
    return {
      ok: true,
      admission: {
        bucketKind: kind,
        parseAs: contract.parseAs,
        format: contract.format,
        logTypes: contract.logTypes,
        accountId: m[1],
        accountField: contract.accountField,
      },
    };
  }
}

/** Why the content's recognised format is not the bucket's, or undefined when it may be read. */
export function formatProblem(admission: Admission, detected: SourceName | undefined): string | undefined {
  if (detected === undefined || detected === admission.format) return undefined;
  return `content is ${detected}, but the ${admission.bucketKind} bucket holds ${admission.format} objects only`;
}

/** Why a parsed record must not be indexed from this object, or undefined when it may. */
export function recordProblem(admission: Admission, record: ParsedRecord): string | undefined {
  if (!admission.logTypes.includes(record.logType)) {
    const why =
      record.logType === 'findings'
        ? ': findings are accepted only from the Security Hub findings log group in the securityhub bucket'
        : '';
    return `a ${record.logType} record is not accepted from the ${admission.bucketKind} bucket${why}`;
  }
  if (admission.accountField === undefined || admission.accountId === undefined) return undefined;
  const claimed = documentAccount(record);
  if (claimed === null) return 'document does not open with the common fields: its account cannot be checked';
  if (claimed !== undefined && claimed !== admission.accountId) {
    return (
      `content claims account ${claimed} (${admission.accountField}), but the object is under the key ` +
      `prefix of account ${admission.accountId}, the only account that may write there`
    );
  }
  return undefined;
}
