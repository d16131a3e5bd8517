import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { OpensearchDomain as AwsOpensearchDomain } from '@cdktf/provider-aws/lib/opensearch-domain';
import { OpensearchDomainPolicy } from '@cdktf/provider-aws/lib/opensearch-domain-policy';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { checkovSkip } from './checkov';
import { policyJson } from './iam-policy';

export interface OpenSearchSizing {
  readonly engineVersion: string;
  readonly instanceType: string;
  readonly instanceCount: number;
  readonly dedicatedMasters: {
    readonly enabled: boolean;
    readonly instanceType: string;
    readonly count: number;
  };
  readonly zoneAwareness: { readonly enabled: boolean; readonly availabilityZoneCount: number };
  readonly ebsVolumeSizeGb: number;
  readonly ebsVolumeType: 'gp3' | 'gp2' | 'io1';
}

export interface CognitoDashboardsOptions {
  readonly userPoolId: string;
  readonly identityPoolId: string;
  /** Role that lets OpenSearch configure the user and identity pools. */
  readonly roleArn: string;
  /** What must exist before Cognito can be enabled (the user pool domain, the role's policy). */
  readonly ready?: readonly ITerraformDependable[];
}

export interface OpenSearchDomainProps {
  readonly domainName: string;
  readonly accountId: string;
  readonly region: string;
  readonly sizing: OpenSearchSizing;
  /** Customer managed key for encryption at rest and the domain's log groups. */
  readonly kmsKeyArn: string;
  /** IAM role mapped to the fine-grained access control `all_access` role. */
  readonly masterRoleArn: string;
  readonly cognito?: CognitoDashboardsOptions;
  /** @default 365 (audit logs are audit records) */
  readonly logRetentionDays?: number;
  /**
   * TLS policy of the HTTPS endpoint.
   * @default 'Policy-Min-TLS-1-2-PFS-2023-10'
   */
  readonly tlsSecurityPolicy?: string;
  /** UTC hour the daily off-peak window (for updates and Auto-Tune) starts. @default 2 */
  readonly offPeakStartHourUtc?: number;
}

const LOG_TYPES = {
  AUDIT_LOGS: 'audit',
  SEARCH_SLOW_LOGS: 'search-slow',
  INDEX_SLOW_LOGS: 'index-slow',
  ES_APPLICATION_LOGS: 'application',
} as const;

/**
 * The OpenSearch Service domain: encrypted at rest (KMS) and in transit (node-to-node, HTTPS
 * only, TLS ≥ 1.2), fine-grained access control with IAM master role and no internal users,
 * Cognito login for Dashboards, all four log types in CloudWatch Logs.
 *
 * The endpoint is public: every request must be SigV4-signed by a principal the access policy
 * names, and FGAC maps it to a role. A VPC domain would need a VPC in the archive account and a
 * proxy for Dashboards users, which this project does not create.
 */
export class OpenSearchDomain extends Construct {
  readonly domain: AwsOpensearchDomain;
  readonly arn: string;
  readonly endpoint: string;
  readonly dashboardsUrl: string;

  constructor(scope: Construct, id: string, props: OpenSearchDomainProps) {
    super(scope, id);
    const { sizing } = props;
    const logGroups = Object.entries(LOG_TYPES).map(
      ([logType, suffix]) =>
        [
          logType,
          new CloudwatchLogGroup(this, `log-${suffix}`, {
            name: `/aws/opensearch/${props.domainName}/${suffix}`,
            retentionInDays: props.logRetentionDays ?? 365,
            kmsKeyId: props.kmsKeyArn,
          }),
        ] as const,
    );
    const domainArn = `arn:aws:es:${props.region}:${props.accountId}:domain/${props.domainName}`;
    const logPolicy = new CloudwatchLogResourcePolicy(this, 'log-policy', {
      policyName: `${props.domainName}-opensearch-logs`,
      policyDocument: policyJson([
        {
          Sid: 'OpenSearchPublishesLogs',
          Principal: { Service: 'es.amazonaws.com' },
          Action: ['logs:PutLogEvents', 'logs:CreateLogStream'],
          Resource: logGroups.map(([, group]) => `${group.arn}:*`),
          Condition: {
            StringEquals: { 'aws:SourceAccount': props.accountId },
            ArnLike: { 'aws:SourceArn': domainArn },
          },
        },
      ]),
    });

    const masters = sizing.dedicatedMasters;
    const zones = sizing.zoneAwareness;
    this.domain = new AwsOpensearchDomain(this, 'domain', {
      domainName: props.domainName,
      engineVersion: sizing.engineVersion,
      clusterConfig: {
        instanceType: sizing.instanceType,
        instanceCount: sizing.instanceCount,
        dedicatedMasterEnabled: masters.enabled,
        dedicatedMasterType: masters.enabled ? masters.instanceType : undefined,
        dedicatedMasterCount: masters.enabled ? masters.count : undefined,
        zoneAwarenessEnabled: zones.enabled,
        zoneAwarenessConfig: zones.enabled
          ? { availabilityZoneCount: zones.availabilityZoneCount }
          : undefined,
      },
      ebsOptions: { ebsEnabled: true, volumeSize: sizing.ebsVolumeSizeGb, volumeType: sizing.ebsVolumeType },
      encryptAtRest: { enabled: true, kmsKeyId: props.kmsKeyArn },
      nodeToNodeEncryption: { enabled: true },
      domainEndpointOptions: {
        enforceHttps: true,
        tlsSecurityPolicy: props.tlsSecurityPolicy ?? 'Policy-Min-TLS-1-2-PFS-2023-10',
      },
      advancedSecurityOptions: {
        enabled: true,
        anonymousAuthEnabled: false,
        internalUserDatabaseEnabled: false,
        masterUserOptions: { masterUserArn: props.masterRoleArn },
      },
      cognitoOptions: props.cognito
        ? {
            enabled: true,
            userPoolId: props.cognito.userPoolId,
            identityPoolId: props.cognito.identityPoolId,
            roleArn: props.cognito.roleArn,
          }
        : undefined,
      logPublishingOptions: logGroups.map(([logType, group]) => ({
        logType,
        cloudwatchLogGroupArn: group.arn,
        enabled: true,
      })),
      autoTuneOptions: { desiredState: 'ENABLED', useOffPeakWindow: true, rollbackOnDisable: 'NO_ROLLBACK' },
      offPeakWindowOptions: {
        enabled: true,
        offPeakWindow: { windowStartTime: { hours: props.offPeakStartHourUtc ?? 2, minutes: 0 } },
      },
      softwareUpdateOptions: { autoSoftwareUpdateEnabled: true },
      dependsOn: [logPolicy, ...(props.cognito?.ready ?? [])],
    });
    checkovSkip(this.domain, {
      CKV_AWS_248:
        'Public endpoint by design: every request is SigV4-signed, limited by the access policy to named roles, and authorized by fine-grained access control.',
      CKV_AWS_137:
        'Same as CKV_AWS_248: no VPC in the archive account; access is IAM + fine-grained access control.',
    });
    this.arn = this.domain.arn;
    this.endpoint = this.domain.endpoint;
    this.dashboardsUrl = `https://${this.domain.endpoint}/_dashboards`;
  }

  /**
   * The domain's resource policy: only these IAM principals may send requests at all; FGAC then
   * decides what each may do. Separate from the domain so principals created later can be named.
   */
  allowPrincipals(principalArns: readonly string[]): OpensearchDomainPolicy {
    return new OpensearchDomainPolicy(this, 'access-policy', {
      domainName: this.domain.domainName,
      accessPolicies: policyJson([
        {
          Sid: 'NamedPrincipalsOnly',
          Principal: { AWS: [...principalArns] },
          Action: 'es:ESHttp*',
          Resource: `${this.domain.arn}/*`,
        },
      ]),
    });
  }
}
