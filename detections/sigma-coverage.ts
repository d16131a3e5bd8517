/*
 * How each SigmaHQ AWS CloudTrail rule's intent is covered here: by which of our detections, or
 * why none. Sigma rules match one event's fields; ours often narrow the same intent (successful
 * calls only, the risky parameter, AWS services left out), and the note says how when it matters.
 * test/fixtures/sigma/aws-cloudtrail-rules.json is the rule set this was checked against
 * (scripts/snapshot-sigma-rules.ts writes it); a unit test keeps the two in step.
 */

/** The SigmaHQ/sigma commit whose rules/cloud/aws/cloudtrail/ this mapping covers. */
export const SIGMA_COMMIT = '8eaafff1f2845a696050e05e72ba1140ee190698';

/** Why a Sigma rule has no detection of ours. */
export type SigmaGapCategory =
  /** The API only exists for EC2-Classic, which AWS retired in 2023; nothing calls it any more. */
  | 'retired-api'
  /** The rule matches what every account does all day; no threshold or field makes it a signal. */
  | 'routine-activity';

export interface SigmaRuleMapped {
  readonly sigmaId: string;
  readonly title: string;
  /** Our detections that together cover the rule's intent. */
  readonly detectionIds: readonly [string, ...string[]];
  /** How ours differ from the rule, when they do. */
  readonly note?: string;
}

export interface SigmaRuleNotMapped {
  readonly sigmaId: string;
  readonly title: string;
  readonly gap: SigmaGapCategory;
  readonly reason: string;
}

export type SigmaRuleCoverage = SigmaRuleMapped | SigmaRuleNotMapped;

export const isMapped = (rule: SigmaRuleCoverage): rule is SigmaRuleMapped => 'detectionIds' in rule;

const EC2_CLASSIC =
  'EC2-Classic security groups of this service; VPC resources use EC2 security groups, which cis-security-group-changes and ec2-security-group-open-to-internet watch.';

export const SIGMA_CLOUDTRAIL_COVERAGE: readonly SigmaRuleCoverage[] = [
  {
    sigmaId: '59b70e4d-dd17-44a9-b740-acf07ae3eb6a',
    title: 'AWS Bedrock Guardrail Deleted',
    detectionIds: ['bedrock-guardrail-removed'],
  },
  {
    sigmaId: '1c722651-254a-4b04-a9f4-99b62a2d0a1f',
    title: 'AWS Bedrock Guardrail Updated',
    detectionIds: ['bedrock-guardrail-removed'],
  },
  {
    sigmaId: '39c9f26d-6e3b-4dbb-9c7a-4154b0281112',
    title: 'AWS Bucket Deleted',
    detectionIds: ['s3-bucket-deleted'],
  },
  {
    sigmaId: '6393e346-1977-46ef-8987-ad414a145fad',
    title: 'AWS ConsoleLogin Failed Authentication',
    detectionIds: [
      'cis-console-authentication-failures',
      'console-login-brute-force',
      'root-console-signin-failed',
    ],
  },
  {
    sigmaId: '77caf516-34e5-4df9-b4db-20744fea0a60',
    title: 'AWS Successful Console Login Without MFA',
    detectionIds: ['cis-console-signin-without-mfa'],
  },
  {
    sigmaId: '4db60cc0-36fb-42b7-9b58-a5b53019fb74',
    title: 'AWS CloudTrail Important Change',
    detectionIds: ['cloudtrail-stop-logging', 'cloudtrail-delete-trail', 'cloudtrail-update-trail'],
  },
  {
    sigmaId: 'd2656e78-c069-4571-8220-9e0ab5913f19',
    title: 'AWS GuardDuty Detector Deleted Or Updated',
    detectionIds: ['guardduty-detector-removed'],
  },
  {
    sigmaId: '352a918a-34d8-4882-8470-44830c507aa3',
    title: 'Malicious Usage Of IMDS Credentials Outside Of AWS Infrastructure',
    detectionIds: ['ec2-instance-credentials-used-elsewhere'],
    note: 'Sigma flags any call by an instance session outside SSM; ours fires when one instance session calls from a second address (VPC endpoint calls left out).',
  },
  {
    sigmaId: 'e1f7febb-7b94-4234-b5c6-00fb8500f5dd',
    title: 'New Network ACL Entry Added',
    detectionIds: ['cis-nacl-changes', 'ec2-nacl-allows-all-inbound'],
  },
  {
    sigmaId: 'c803b2ce-c4a2-4836-beae-b112010390b1',
    title: 'New Network Route Added',
    detectionIds: ['cis-route-table-changes'],
  },
  {
    sigmaId: 'a840e606-7c8c-4684-9bc1-eb6b6155127f',
    title: 'PUA - AWS TruffleHog Execution',
    detectionIds: ['trufflehog-key-check'],
  },
  {
    sigmaId: 'a5ffb6ea-c784-4e01-b30a-deb6e58ca2ab',
    title: 'AWS EnableRegion Command Monitoring',
    detectionIds: ['account-region-enabled'],
  },
  {
    sigmaId: '6fb77778-040f-4015-9440-572aa9b6b580',
    title: 'Ingress/Egress Security Group Modification',
    detectionIds: ['cis-security-group-changes', 'ec2-security-group-open-to-internet'],
  },
  {
    sigmaId: '7a4409fc-f8ca-45f6-8006-127d779eaad9',
    title: 'LoadBalancer Security Group Modification',
    detectionIds: ['elb-security-groups-changed'],
  },
  {
    sigmaId: '14f3f1c8-02d5-43a2-a191-91ffb52d3015',
    title: 'RDS Database Security Group Modification',
    gap: 'retired-api',
    reason: `DB security groups (CreateDBSecurityGroup, AuthorizeDBSecurityGroupIngress...) are the ${EC2_CLASSIC}`,
  },
  {
    sigmaId: '38e7f511-3f74-41d4-836e-f57dfa18eead',
    title: 'Potential Malicious Usage of CloudTrail System Manager',
    detectionIds: ['ssm-remote-command'],
  },
  {
    sigmaId: 'e386b9b5-af12-450e-afff-761730fb8a98',
    title: 'AWS VPC Flow Logs Deleted',
    detectionIds: ['vpc-flow-logs-deleted'],
  },
  {
    sigmaId: '07330162-dba1-4746-8121-a9647d49d297',
    title: 'AWS Config Disabling Channel/Recorder',
    detectionIds: ['cis-aws-config-changes', 'config-rules-deleted'],
  },
  {
    sigmaId: 'f8103686-e3e8-46f3-be72-65f7fcb4aa53',
    title: 'AWS Console GetSigninToken Potential Abuse',
    detectionIds: ['signin-token-outside-browser'],
    note: "Sigma leaves out the console's own Jersey client; ours leaves out browsers.",
  },
  {
    sigmaId: '20f754db-d025-4a8f-9d74-e0037e999a9a',
    title: 'SES Identity Has Been Deleted',
    detectionIds: ['ses-identity-deleted'],
  },
  {
    sigmaId: 'ccd6a6c8-bb4e-4a91-9d2a-07e632819374',
    title: 'AWS SAML Provider Deletion Activity',
    detectionIds: ['iam-identity-provider-deleted'],
  },
  {
    sigmaId: 'a136ac98-b2bc-4189-a14d-f0d0388e57a7',
    title: 'AWS S3 Bucket Versioning Disable',
    detectionIds: ['s3-bucket-versioning-suspended'],
  },
  {
    sigmaId: '16124c2d-e40b-4fcc-8f2c-5ab7870a2223',
    title: 'AWS EC2 Disable EBS Encryption',
    detectionIds: ['ebs-default-encryption-disabled'],
  },
  {
    sigmaId: '92f84194-8d9a-4ee0-8699-c30bfac59780',
    title: 'AWS Key Pair Import Activity',
    detectionIds: ['ec2-key-pair-created'],
  },
  {
    sigmaId: '1ab3c5ed-5baf-417b-bb6b-78ca33f6c3df',
    title: 'AWS EC2 Startup Shell Script Change',
    detectionIds: ['ec2-user-data-modified'],
  },
  {
    sigmaId: '54b9a76a-3c71-4673-b4b3-2edb4566ea7b',
    title: 'AWS EC2 VM Export Failure',
    detectionIds: ['ec2-image-exported'],
    note: 'Despite its title the rule matches successful exports; ours adds ExportImage and CreateStoreImageTask.',
  },
  {
    sigmaId: 'b94bf91e-c2bf-4047-9c43-c6810f43baad',
    title: 'AWS ECS Task Definition That Queries The Credential Endpoint',
    detectionIds: ['ecs-task-reads-container-credentials'],
  },
  {
    sigmaId: '25cb1ba1-8a19-4a23-a198-d252664c8cef',
    title: 'AWS EFS Fileshare Modified or Deleted',
    detectionIds: ['efs-file-system-deleted'],
  },
  {
    sigmaId: '6a7ba45c-63d8-473e-9736-2eaabff79964',
    title: 'AWS EFS Fileshare Mount Modified or Deleted',
    detectionIds: ['efs-file-system-deleted'],
  },
  {
    sigmaId: '33d50d03-20ec-4b74-a74e-1e65a38af1c0',
    title: 'AWS EKS Cluster Created or Deleted',
    detectionIds: ['eks-cluster-created-or-deleted'],
  },
  {
    sigmaId: '4ae68615-866f-4304-b24b-ba048dfa5ca7',
    title: 'AWS ElastiCache Security Group Created',
    gap: 'retired-api',
    reason: `Cache security groups (CreateCacheSecurityGroup) are the ${EC2_CLASSIC}`,
  },
  {
    sigmaId: '7c797da2-9cf2-4523-ba64-33b06339f0cc',
    title: 'AWS ElastiCache Security Group Modified or Deleted',
    gap: 'retired-api',
    reason: `Cache security groups (AuthorizeCacheSecurityGroupIngress...) are the ${EC2_CLASSIC}`,
  },
  {
    sigmaId: 'f305fd62-beca-47da-ad95-7690a0620084',
    title: 'Potential Bucket Enumeration on AWS',
    gap: 'routine-activity',
    reason:
      'ListBuckets by any principal but a role: every console user opening S3 and every tool at start. Denied listing is in unauthorized-api-calls-burst, and cloud storage discovery in the S3 access detections.',
  },
  {
    sigmaId: '6e61ee20-ce00-4f8d-8aee-bedd8216f7e3',
    title: 'AWS GuardDuty Important Change',
    detectionIds: ['guardduty-suppression-changed'],
  },
  {
    sigmaId: '0a5177f4-6ca9-44c2-aacf-d3f3d8b6e4d2',
    title: 'AWS IAM Backdoor Users Keys',
    detectionIds: ['iam-access-key-created-for-other-user'],
    note: 'The field-to-field comparison is done at ingestion (siem.iam.otherUser).',
  },
  {
    sigmaId: 'db014773-b1d3-46bd-ba26-133337c0ffee',
    title: 'AWS IAM S3Browser LoginProfile Creation',
    detectionIds: ['s3-browser-iam-changes'],
    note: 'GetLoginProfile, the read before it, is left out; the creation fires.',
  },
  {
    sigmaId: 'db014773-7375-4f4e-b83b-133337c0ffee',
    title: 'AWS IAM S3Browser Templated S3 Bucket Policy Creation',
    detectionIds: ['s3-browser-iam-changes'],
    note: 'Any PutUserPolicy from S3 Browser, templated or not.',
  },
  {
    sigmaId: 'db014773-d9d9-4792-91e5-133337c0ffee',
    title: 'AWS IAM S3Browser User or AccessKey Creation',
    detectionIds: ['s3-browser-iam-changes'],
  },
  {
    sigmaId: '1279262f-1464-422f-ac0d-5b545320c526',
    title: 'AWS KMS Imported Key Material Usage',
    detectionIds: ['kms-key-material-imported'],
  },
  {
    sigmaId: 'ec541962-c05a-4420-b9ea-84de072d18f4',
    title: 'New AWS Lambda Function URL Configuration Created',
    detectionIds: ['lambda-function-url-public', 'lambda-permission-added'],
    note: 'Public URLs (auth type NONE) alert at severity 2, IAM-authenticated ones at 3.',
  },
  {
    sigmaId: '97fbabf8-8e1b-47a2-b7d5-a418d2b95e3d',
    title: 'AWS New Lambda Layer Attached',
    detectionIds: ['lambda-layer-attached'],
  },
  {
    sigmaId: '4990c2e3-f4b8-45e3-bc3c-30b14ff0ed26',
    title: 'AWS Glue Development Endpoint Activity',
    detectionIds: ['glue-dev-endpoint-changed'],
  },
  {
    sigmaId: '8a63cdd4-6207-414a-85bc-7e032bd3c1a2',
    title: 'AWS RDS Master Password Change',
    detectionIds: ['rds-master-password-changed'],
    note: 'Read from the request (the response elements are not indexed); clusters too.',
  },
  {
    sigmaId: '457cc9ac-d8e6-4d1d-8c0e-251d0f11a74c',
    title: 'Modification or Deletion of an AWS RDS Cluster',
    detectionIds: ['rds-instance-changed', 'rds-instance-deleted'],
  },
  {
    sigmaId: 'c3f265c7-ff03-4056-8ab2-d486227b4599',
    title: 'Restore Public AWS RDS Instance',
    detectionIds: ['rds-instance-made-public'],
    note: 'Restores, creations and modifications that ask for publiclyAccessible; a restore that inherits it without asking is not seen.',
  },
  {
    sigmaId: '8ad1600d-e9dc-4251-b0ee-a65268f29add',
    title: 'AWS Root Credentials',
    detectionIds: ['cis-root-account-usage'],
  },
  {
    sigmaId: '3940b5f1-3f46-44aa-b746-ebe615b879e0',
    title: 'AWS Route 53 Domain Transfer Lock Disabled',
    detectionIds: ['route53-domain-transfer'],
    note: 'CloudTrail records these under route53domains.amazonaws.com, not the route53 source the rule names.',
  },
  {
    sigmaId: 'b056de1a-6e6e-4e40-a67e-97c9808cf41b',
    title: 'AWS Route 53 Domain Transferred to Another Account',
    detectionIds: ['route53-domain-transfer'],
  },
  {
    sigmaId: '78b3756a-7804-4ef7-8555-7b9024a02e2d',
    title: 'AWS S3 Data Management Tampering',
    detectionIds: [
      'cis-s3-bucket-policy-changes',
      's3-bucket-access-logging-disabled',
      's3-bucket-encryption-removed',
      's3-replication-to-other-account',
      's3-bucket-website-enabled',
      's3-log-bucket-short-lifecycle',
    ],
    note: 'RestoreObject (a Glacier restore) and ReplicateObject (S3 replicating for itself) are routine data events and left out.',
  },
  {
    sigmaId: 'a607e1fe-74bf-4440-a3ec-b059b9103157',
    title: 'AWS SecurityHub Findings Evasion',
    detectionIds: ['securityhub-findings-suppressed'],
    note: 'Only suppression alerts: analysts triage with BatchUpdateFindings all day, and insights are saved views.',
  },
  {
    sigmaId: 'abae8fec-57bd-4f87-aff6-6e3db989843d',
    title: 'AWS Snapshot Backup Exfiltration',
    detectionIds: ['ebs-snapshot-shared'],
  },
  {
    sigmaId: 'd3adb3ef-b7e7-4003-9092-1924c797db35',
    title: 'AWS Identity Center Identity Provider Change',
    detectionIds: ['sso-identity-source-changed'],
  },
  {
    sigmaId: '905d389b-b853-46d0-9d3d-dea0d3a3cd49',
    title: 'AWS STS AssumeRole Misuse',
    gap: 'routine-activity',
    reason:
      'Matches every call made by any role session, i.e. most of CloudTrail. What makes a session suspicious is covered elsewhere: trust opened (iam-role-trust-open-to-anyone, iam-role-trust-outside-organization), instance credentials reused (ec2-instance-credentials-used-elsewhere), denied bursts per principal.',
  },
  {
    sigmaId: '9b1b8e9b-0a5d-4af1-9d2f-4c4b6e7c2c9d',
    title: 'AWS STS GetCallerIdentity Enumeration Via TruffleHog',
    detectionIds: ['trufflehog-key-check'],
  },
  {
    sigmaId: 'b45ab1d2-712f-4f01-a751-df3826969807',
    title: 'AWS STS GetSessionToken Misuse',
    detectionIds: ['sts-session-token-without-mfa'],
    note: 'Sessions taken with an MFA device, as CLI profiles do, are left out.',
  },
  {
    sigmaId: 'f43f5d2f-3f2a-4cc8-b1af-81fde7dbaf0e',
    title: 'AWS Suspicious SAML Activity',
    detectionIds: ['iam-identity-provider-changed'],
    note: 'UpdateSAMLProvider only: AssumeRoleWithSAML is every federated sign-in.',
  },
  {
    sigmaId: '055fb148-60f8-462d-ad16-26926ce050f1',
    title: 'AWS User Login Profile Was Modified',
    detectionIds: ['iam-login-profile-for-other-user'],
    note: 'The field-to-field comparison is done at ingestion (siem.iam.otherUser); CreateLoginProfile too.',
  },
];
