import { MITRE } from './mitre';
import { SAMPLE_ACCOUNT_ID, SAMPLE_REGION, SAMPLE_TIME, merge, sampleUuid } from './samples';
import type { Detection, DslQuery } from './types';

/* Security Hub findings in ASFF (GuardDuty, Inspector, Macie, Config and the standards' controls). */

/** Findings reach the SIEM within minutes through EventBridge and CloudWatch Logs. */
const FINDINGS_SCHEDULE_MINUTES = 5;
const FINDINGS_LOOKBACK_MINUTES = 15;

type Finding = { readonly [field: string]: unknown };

/** An ASFF finding as Security Hub sends it; `overrides` are deep-merged. */
export function asffFinding(overrides: Finding = {}): Finding {
  const id = sampleUuid(JSON.stringify(overrides));
  return merge(
    {
      SchemaVersion: '2018-10-08',
      Id: `arn:aws:guardduty:${SAMPLE_REGION}:${SAMPLE_ACCOUNT_ID}:detector/12abc34d567e8fa901bc2d34e56789f0/finding/${id}`,
      ProductArn: `arn:aws:securityhub:${SAMPLE_REGION}::product/aws/guardduty`,
      ProductName: 'GuardDuty',
      CompanyName: 'Amazon',
      Region: SAMPLE_REGION,
      GeneratorId: `arn:aws:guardduty:${SAMPLE_REGION}:${SAMPLE_ACCOUNT_ID}:detector/12abc34d567e8fa901bc2d34e56789f0`,
      AwsAccountId: SAMPLE_ACCOUNT_ID,
      Types: ['TTPs/Command and Control/Backdoor:EC2-C&CActivity.B!DNS'],
      FirstObservedAt: SAMPLE_TIME,
      LastObservedAt: SAMPLE_TIME,
      CreatedAt: SAMPLE_TIME,
      UpdatedAt: SAMPLE_TIME,
      Severity: { Product: 8, Label: 'HIGH', Normalized: 60 },
      Title:
        'EC2 instance i-0123456789abcdef0 is querying a domain name associated with a known command and control server.',
      Description:
        'EC2 instance i-0123456789abcdef0 is querying a domain name associated with a known C&C server.',
      Resources: [
        {
          Type: 'AwsEc2Instance',
          Id: `arn:aws:ec2:${SAMPLE_REGION}:${SAMPLE_ACCOUNT_ID}:instance/i-0123456789abcdef0`,
          Partition: 'aws',
          Region: SAMPLE_REGION,
        },
      ],
      WorkflowState: 'NEW',
      Workflow: { Status: 'NEW' },
      RecordState: 'ACTIVE',
    },
    overrides,
  );
}

/** Archived findings and findings someone already triaged are not news. */
const newAndActive: DslQuery[] = [
  { term: { RecordState: 'ACTIVE' } },
  { term: { 'Workflow.Status': 'NEW' } },
];

/**
 * Neither is an old finding its provider updated again: documents are timed by `UpdatedAt` (each
 * update is a new document), so a finding left in NEW would alert at every update. The monitors
 * only count findings whose `CreatedAt` is within the lookback too.
 */
const FINDINGS_WINDOW = {
  scheduleMinutes: FINDINGS_SCHEDULE_MINUTES,
  lookbackMinutes: FINDINGS_LOOKBACK_MINUTES,
  createdField: 'CreatedAt',
} as const;

/** Two days before the sample time: an old finding re-updated by its provider now. */
const LONG_AGO = new Date(Date.parse(SAMPLE_TIME) - 2 * 24 * 60 * 60 * 1000).toISOString();
const reUpdated: Finding = { CreatedAt: LONG_AGO, FirstObservedAt: LONG_AGO };

const securityHubControl = (overrides: Finding) =>
  asffFinding(
    merge(
      {
        ProductArn: `arn:aws:securityhub:${SAMPLE_REGION}::product/aws/securityhub`,
        ProductName: 'Security Hub',
        GeneratorId: 'security-control/IAM.4',
        Types: [
          'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark',
        ],
        Title: 'IAM root user access key should not exist',
        Severity: { Label: 'CRITICAL', Normalized: 90 },
        Compliance: {
          Status: 'FAILED',
          SecurityControlId: 'IAM.4',
          AssociatedStandards: [{ StandardsId: 'standards/cis-aws-foundations-benchmark/v/1.4.0' }],
        },
        Resources: [
          {
            Type: 'AwsAccount',
            Id: `AWS::::Account:${SAMPLE_ACCOUNT_ID}`,
            Partition: 'aws',
            Region: SAMPLE_REGION,
          },
        ],
      },
      overrides,
    ),
  );

export const findingsDetections: readonly Detection[] = [
  {
    id: 'guardduty-high-severity-finding',
    title: 'New high or critical GuardDuty finding',
    description:
      'GuardDuty reported a new high or critical severity threat (compromised instance or credentials, C&C traffic...).',
    severity: 1,
    mitre: MITRE.validAccounts,
    logType: 'findings',
    query: {
      bool: {
        filter: [
          { term: { ProductName: 'GuardDuty' } },
          { terms: { 'Severity.Label': ['HIGH', 'CRITICAL'] } },
          ...newAndActive,
        ],
      },
    },
    condition: { kind: 'threshold', minCount: 1 },
    ...FINDINGS_WINDOW,
    positiveSamples: [asffFinding()],
    negativeSamples: [
      asffFinding({ Severity: { Label: 'MEDIUM', Normalized: 40 } }),
      asffFinding({ RecordState: 'ARCHIVED' }),
      asffFinding({ Workflow: { Status: 'RESOLVED' }, WorkflowState: 'RESOLVED' }),
      asffFinding(reUpdated),
    ],
  },
  {
    id: 'securityhub-high-severity-finding',
    title: 'New high or critical finding from another security service',
    description:
      'Inspector, Macie, Access Analyzer or another integration reported a new high or critical finding (GuardDuty has its own detection).',
    severity: 2,
    mitre: MITRE.exploitPublicFacingApp,
    logType: 'findings',
    query: {
      bool: {
        filter: [{ terms: { 'Severity.Label': ['HIGH', 'CRITICAL'] } }, ...newAndActive],
        must_not: [{ term: { ProductName: 'GuardDuty' } }, { exists: { field: 'Compliance.Status' } }],
      },
    },
    condition: { kind: 'threshold', minCount: 1 },
    ...FINDINGS_WINDOW,
    positiveSamples: [
      asffFinding({
        ProductArn: `arn:aws:securityhub:${SAMPLE_REGION}::product/aws/inspector`,
        ProductName: 'Inspector',
        GeneratorId: 'AWSInspectorFindingGenerator',
        Types: ['Software and Configuration Checks/Vulnerabilities/CVE'],
        Title: 'CVE-2024-3094 - xz',
        Severity: { Label: 'CRITICAL', Normalized: 90 },
      }),
    ],
    negativeSamples: [
      asffFinding(),
      asffFinding({ ProductName: 'Inspector', Severity: { Label: 'LOW', Normalized: 10 } }),
      securityHubControl({}),
      asffFinding({
        ProductName: 'Inspector',
        Severity: { Label: 'CRITICAL', Normalized: 90 },
        ...reUpdated,
      }),
    ],
  },
  {
    id: 'securityhub-cis-control-failed',
    title: 'CIS AWS Foundations control failed',
    description:
      'A Security Hub control of the CIS AWS Foundations Benchmark evaluated to FAILED for a resource it had not evaluated before.',
    severity: 3,
    mitre: MITRE.impairDefenses,
    logType: 'findings',
    query: {
      bool: {
        filter: [
          { term: { 'Compliance.Status': 'FAILED' } },
          ...newAndActive,
          {
            bool: {
              // Consolidated control findings name the standard; legacy ones carry it in GeneratorId.
              should: [
                {
                  prefix: {
                    'Compliance.AssociatedStandards.StandardsId': 'standards/cis-aws-foundations-benchmark',
                  },
                },
                { prefix: { GeneratorId: 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark' } },
                { prefix: { GeneratorId: 'cis-aws-foundations-benchmark' } },
              ],
              minimum_should_match: 1,
            },
          },
        ],
      },
    },
    condition: { kind: 'threshold', minCount: 1 },
    ...FINDINGS_WINDOW,
    positiveSamples: [
      securityHubControl({}),
      securityHubControl({
        GeneratorId: 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0/rule/1.12',
        Compliance: { Status: 'FAILED', AssociatedStandards: [] },
      }),
    ],
    // A control finding is created the first time a control evaluates a resource and updated at
    // every later evaluation, which does not say whether the status changed (ASFF keeps no previous
    // status). So only findings created in the window fire: a failure is reported once, when first
    // seen, not at each periodic re-check. The price: a resource that passed and fails again keeps
    // its finding (Security Hub resets it to NEW) and does not fire; it stays searchable in `findings`.
    negativeSamples: [
      securityHubControl({ Compliance: { Status: 'PASSED' } }),
      securityHubControl(reUpdated),
      securityHubControl({ Workflow: { Status: 'NOTIFIED' }, WorkflowState: 'IN_PROGRESS' }),
      securityHubControl({
        GeneratorId: 'security-control/S3.1',
        Compliance: {
          AssociatedStandards: [
            { StandardsId: 'standards/aws-foundational-security-best-practices/v/1.0.0' },
          ],
        },
      }),
    ],
  },
  {
    id: 'macie-sensitive-data-finding',
    title: 'Macie found sensitive data or a public bucket',
    description:
      'Macie reported sensitive data in an S3 object or a policy finding (bucket made public or shared) of medium severity or more.',
    severity: 3,
    mitre: MITRE.cloudStorageObject,
    logType: 'findings',
    query: {
      bool: {
        filter: [
          { term: { ProductName: 'Macie' } },
          { terms: { 'Severity.Label': ['MEDIUM', 'HIGH', 'CRITICAL'] } },
          ...newAndActive,
        ],
      },
    },
    condition: { kind: 'threshold', minCount: 1 },
    ...FINDINGS_WINDOW,
    positiveSamples: [
      asffFinding({
        ProductArn: `arn:aws:securityhub:${SAMPLE_REGION}::product/aws/macie`,
        ProductName: 'Macie',
        GeneratorId: 'arn:aws:macie:eu-west-1:333333333333:classification-job/0123456789abcdef',
        Types: ['Sensitive Data Identifications/PII/SensitiveData:S3Object-Personal'],
        Title: 'The S3 object contains personal information.',
        Severity: { Label: 'HIGH', Normalized: 70 },
      }),
    ],
    negativeSamples: [
      asffFinding({ ProductName: 'Macie', Severity: { Label: 'LOW', Normalized: 10 } }),
      asffFinding({ Severity: { Label: 'MEDIUM', Normalized: 40 } }),
      asffFinding({ ProductName: 'Macie', Severity: { Label: 'HIGH', Normalized: 70 }, ...reUpdated }),
    ],
  },
];
