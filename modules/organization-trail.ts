import { Cloudtrail, CloudtrailAdvancedEventSelector } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { checkovSkip } from './checkov';
import { assumeRolePolicyJson, policyJson } from './iam-policy';

export interface OrganizationTrailProps {
  readonly trailName: string;
  readonly managementAccountId: string;
  readonly region: string;
  /** Bucket in the log-archive account; its policy admits this trail by `aws:SourceArn`. */
  readonly bucketName: string;
  /** Archive key, by alias ARN: CloudTrail resolves it in the archive account. */
  readonly kmsKeyId: string;
  /** @default false */
  readonly s3DataEvents?: boolean;
  /** @default false */
  readonly lambdaDataEvents?: boolean;
  /**
   * Also deliver to a CloudWatch Logs group in the management account (for metric filters there).
   * @default false: the archive and OpenSearch already hold every event
   */
  readonly cloudWatchLogs?: { readonly kmsKeyArn: string; readonly retentionDays: number };
}

/**
 * The organization trail: every account, every region, global service events, log file
 * validation, SSE-KMS, delivered to the archive account's CloudTrail bucket.
 */
export class OrganizationTrail extends Construct {
  readonly trail: Cloudtrail;

  constructor(scope: Construct, id: string, props: OrganizationTrailProps) {
    super(scope, id);
    const selectors: CloudtrailAdvancedEventSelector[] = [
      { name: 'Management events', fieldSelector: [{ field: 'eventCategory', equalTo: ['Management'] }] },
    ];
    if (props.s3DataEvents) {
      selectors.push({
        name: 'S3 object-level events',
        fieldSelector: [
          { field: 'eventCategory', equalTo: ['Data'] },
          { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
          // The archive's own writes would log themselves in a loop.
          { field: 'resources.ARN', notStartsWith: [`arn:aws:s3:::${props.bucketName}/`] },
        ],
      });
    }
    if (props.lambdaDataEvents) {
      selectors.push({
        name: 'Lambda invocations',
        fieldSelector: [
          { field: 'eventCategory', equalTo: ['Data'] },
          { field: 'resources.type', equalTo: ['AWS::Lambda::Function'] },
        ],
      });
    }

    let cloudWatch: { cloudWatchLogsGroupArn: string; cloudWatchLogsRoleArn: string } | undefined;
    if (props.cloudWatchLogs) {
      const group = new CloudwatchLogGroup(this, 'log-group', {
        name: `/aws/cloudtrail/${props.trailName}`,
        retentionInDays: props.cloudWatchLogs.retentionDays,
        kmsKeyId: props.cloudWatchLogs.kmsKeyArn,
      });
      const role = new IamRole(this, 'log-role', {
        name: `${props.trailName}-cloudwatch`,
        assumeRolePolicy: assumeRolePolicyJson('cloudtrail.amazonaws.com', {
          StringEquals: { 'aws:SourceAccount': props.managementAccountId },
        }),
      });
      new IamRolePolicy(this, 'log-role-policy', {
        role: role.id,
        name: 'deliver-to-log-group',
        policy: policyJson([
          { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${group.arn}:log-stream:*` },
        ]),
      });
      cloudWatch = { cloudWatchLogsGroupArn: `${group.arn}:*`, cloudWatchLogsRoleArn: role.arn };
    }

    this.trail = new Cloudtrail(this, 'trail', {
      name: props.trailName,
      s3BucketName: props.bucketName,
      kmsKeyId: props.kmsKeyId,
      isOrganizationTrail: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      advancedEventSelector: selectors,
      ...cloudWatch,
    });
    checkovSkip(this.trail, {
      CKV_AWS_252:
        'No SNS notification per log file: the archive bucket notifies the ingestion queue directly.',
      ...(cloudWatch
        ? {}
        : {
            CKV2_AWS_10:
              'Events are searched and alerted on in OpenSearch (fed from the archive bucket), not CloudWatch Logs.',
          }),
    });
  }
}
