import { DataAwsKmsKey } from '@cdktf/provider-aws/lib/data-aws-kms-key';
import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { GuarddutyOrganizationAdminAccount } from '@cdktf/provider-aws/lib/guardduty-organization-admin-account';
import { GuarddutyOrganizationConfiguration } from '@cdktf/provider-aws/lib/guardduty-organization-configuration';
import { GuarddutyPublishingDestination } from '@cdktf/provider-aws/lib/guardduty-publishing-destination';
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { checkovSkip } from './checkov';

export interface GuardDutyOrganizationProps {
  /** Account that administers GuardDuty for the organization (the security-tooling account). */
  readonly delegatedAdminAccountId: string;
  /**
   * Provider for the delegated administrator account in this construct's region; the scope's
   * default provider is the management account in the same region.
   */
  readonly delegatedAdminProvider: TerraformProvider;
  /**
   * How often updated findings are exported to EventBridge and Security Hub.
   * @default 'FIFTEEN_MINUTES'
   */
  readonly findingPublishingFrequency?: 'FIFTEEN_MINUTES' | 'ONE_HOUR' | 'SIX_HOURS';
  /**
   * Export every finding of the organization, in GuardDuty's own format, to this archive bucket
   * from the administrator's detector. Unset: no export (the findings still reach Security Hub).
   */
  readonly findingsExport?: GuardDutyFindingsExport;
}

export interface GuardDutyFindingsExport {
  /** The archive's `guardduty` bucket; GuardDuty writes under `AWSLogs/<administrator>/GuardDuty/<region>/`. */
  readonly bucketArn: string;
  /**
   * Alias ARN of the archive key. A publishing destination needs the key's own ARN, which only the
   * log-archive stack knows: it is read from the alias (the key policy lets the administrator's
   * deployment role describe the key).
   */
  readonly kmsKeyAliasArn: string;
}

/**
 * GuardDuty for the organization in ONE region (delegation, detectors and auto-enable are all
 * regional): the management account delegates administration and the administrator
 * auto-enables every member account, present and future.
 */
export class GuardDutyOrganization extends Construct {
  constructor(scope: Construct, id: string, props: GuardDutyOrganizationProps) {
    super(scope, id);
    const frequency = props.findingPublishingFrequency ?? 'FIFTEEN_MINUTES';
    const managementDetector = new GuarddutyDetector(this, 'management-detector', {
      enable: true,
      findingPublishingFrequency: frequency,
    });
    checkovSkip(managementDetector, {
      CKV2_AWS_3:
        'The organization configuration belongs to the delegated administrator detector (below); this one only makes the management account a member.',
    });
    // Designating the administrator enables GuardDuty in its account, so its detector must exist
    // first: created afterwards, Terraform would fail on the detector GuardDuty already made.
    const adminDetector = new GuarddutyDetector(this, 'admin-detector', {
      provider: props.delegatedAdminProvider,
      enable: true,
      findingPublishingFrequency: frequency,
    });
    const delegation = new GuarddutyOrganizationAdminAccount(this, 'delegated-admin', {
      adminAccountId: props.delegatedAdminAccountId,
      dependsOn: [managementDetector, adminDetector],
    });
    new GuarddutyOrganizationConfiguration(this, 'organization-configuration', {
      provider: props.delegatedAdminProvider,
      detectorId: adminDetector.id,
      autoEnableOrganizationMembers: 'ALL',
      dependsOn: [delegation],
    });
    if (props.findingsExport) {
      // Exported by the administrator: it holds every member's findings in this region.
      const archiveKey = new DataAwsKmsKey(this, 'archive-key', {
        provider: props.delegatedAdminProvider,
        keyId: props.findingsExport.kmsKeyAliasArn,
      });
      new GuarddutyPublishingDestination(this, 'findings-export', {
        provider: props.delegatedAdminProvider,
        detectorId: adminDetector.id,
        destinationType: 'S3',
        destinationArn: props.findingsExport.bucketArn,
        kmsKeyArn: archiveKey.arn,
      });
    }
  }
}
