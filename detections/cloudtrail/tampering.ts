import { MITRE } from '../mitre';
import type { Detection } from '../types';
import { apiCallDetection } from './define';
import { cloudTrailRecord } from './records';

/**
 * CIS 4.5 (CloudTrail configuration changes) is split so one call raises one alert: a successful
 * StopLogging, DeleteTrail or UpdateTrail raises its own, more urgent detection below (each names
 * CIS 4.5), and cis-cloudtrail-configuration-changes keeps the rest of the benchmark's filter.
 */
export const TRAIL_CHANGES_WITH_OWN_DETECTION = ['StopLogging', 'DeleteTrail', 'UpdateTrail'] as const;

const updateDetector = (enable: boolean | undefined) =>
  cloudTrailRecord('guardduty.amazonaws.com', 'UpdateDetector', {
    requestParameters: {
      detectorId: '12abc34d567e8fa901bc2d34e56789f0',
      ...(enable === undefined ? { findingPublishingFrequency: 'FIFTEEN_MINUTES' } : { enable }),
    },
  });

const DETECTOR_REMOVALS = [
  'DeleteDetector',
  'DisassociateFromMasterAccount',
  'DisassociateFromAdministratorAccount',
  'DisassociateMembers',
  'DeleteMembers',
  'StopMonitoringMembers',
];

const detectorRemovalCalls = apiCallDetection({
  id: 'guardduty-detector-removed',
  title: 'GuardDuty detector deleted, suspended or members disassociated',
  description:
    'GuardDuty was deleted or suspended (UpdateDetector with enable false) in an account, or an account left GuardDuty administration: threat detection stops there.',
  severity: 1,
  mitre: MITRE.disableTools,
  eventSource: 'guardduty.amazonaws.com',
  eventNames: DETECTOR_REMOVALS,
  benignEventName: 'ListDetectors',
  extraNegatives: [updateDetector(true), updateDetector(undefined)],
});

/** The calls above, or UpdateDetector suspending the detector (`enable: false`). */
const guardDutyDetectorRemoved: Detection = {
  ...detectorRemovalCalls,
  query: {
    bool: {
      filter: [
        { term: { eventSource: 'guardduty.amazonaws.com' } },
        {
          bool: {
            should: [
              { terms: { eventName: DETECTOR_REMOVALS } },
              {
                bool: {
                  filter: [
                    { term: { eventName: 'UpdateDetector' } },
                    { term: { 'requestParameters.enable': false } },
                  ],
                },
              },
            ],
            minimum_should_match: 1,
          },
        },
      ],
      must_not: [{ exists: { field: 'errorCode' } }],
    },
  },
  positiveSamples: [...detectorRemovalCalls.positiveSamples, updateDetector(false)],
};

/* Attempts to blind the SIEM itself or the services feeding it: trails, detectors, recorders, logs. */

export const tamperingDetections: readonly Detection[] = [
  apiCallDetection({
    id: 'cloudtrail-stop-logging',
    title: 'CloudTrail logging stopped',
    description:
      'CIS 4.5: a trail stopped logging: every API call after this is invisible to the SIEM. (Failed attempts raise cis-cloudtrail-configuration-changes.)',
    severity: 1,
    mitre: MITRE.disableCloudLogs,
    eventSource: 'cloudtrail.amazonaws.com',
    eventNames: ['StopLogging'],
    benignEventName: 'GetTrailStatus',
  }),
  apiCallDetection({
    id: 'cloudtrail-delete-trail',
    title: 'CloudTrail trail deleted',
    description:
      'CIS 4.5: a trail was deleted, ending its delivery of API activity logs. (Failed attempts raise cis-cloudtrail-configuration-changes.)',
    severity: 1,
    mitre: MITRE.disableCloudLogs,
    eventSource: 'cloudtrail.amazonaws.com',
    eventNames: ['DeleteTrail'],
    benignEventName: 'DescribeTrails',
  }),
  apiCallDetection({
    id: 'cloudtrail-update-trail',
    title: 'CloudTrail trail updated',
    description:
      'CIS 4.5: a trail was updated: its bucket, KMS key, regions or log file validation may have changed to divert or weaken logging. (Failed attempts raise cis-cloudtrail-configuration-changes.)',
    severity: 2,
    mitre: MITRE.disableCloudLogs,
    eventSource: 'cloudtrail.amazonaws.com',
    eventNames: ['UpdateTrail'],
    benignEventName: 'GetTrail',
  }),
  apiCallDetection({
    id: 'cloudtrail-remove-tags',
    title: 'CloudTrail trail tags removed',
    description:
      'Tags were removed from a trail; tag-based protections (SCPs, ownership) may no longer apply to it.',
    severity: 3,
    mitre: MITRE.disableCloudLogs,
    eventSource: 'cloudtrail.amazonaws.com',
    eventNames: ['RemoveTags'],
    benignEventName: 'ListTags',
  }),
  apiCallDetection({
    id: 'cloudtrail-event-selectors-changed',
    title: 'CloudTrail event or insight selectors changed',
    description:
      'The events a trail records were changed: management or data events may no longer be logged.',
    severity: 2,
    mitre: MITRE.disableCloudLogs,
    eventSource: 'cloudtrail.amazonaws.com',
    eventNames: ['PutEventSelectors', 'PutInsightSelectors'],
    benignEventName: 'GetEventSelectors',
  }),
  guardDutyDetectorRemoved,
  apiCallDetection({
    id: 'guardduty-suppression-changed',
    title: 'GuardDuty filter, IP set or threat list changed',
    description:
      'A GuardDuty filter (which can auto-archive findings) or trusted IP list was created or changed: attackers use these to hide their findings.',
    severity: 2,
    mitre: MITRE.disableTools,
    eventSource: 'guardduty.amazonaws.com',
    eventNames: ['CreateFilter', 'UpdateFilter', 'CreateIPSet', 'UpdateIPSet', 'DeleteThreatIntelSet'],
    benignEventName: 'ListFilters',
  }),
  apiCallDetection({
    id: 'securityhub-disabled',
    title: 'Security Hub disabled or standards turned off',
    description: 'Security Hub, a product integration or a standard was disabled: compliance findings stop.',
    severity: 2,
    mitre: MITRE.disableTools,
    eventSource: 'securityhub.amazonaws.com',
    eventNames: [
      'DisableSecurityHub',
      'BatchDisableStandards',
      'DisableImportFindingsForProduct',
      'DisassociateFromAdministratorAccount',
    ],
    benignEventName: 'GetEnabledStandards',
  }),
  apiCallDetection({
    id: 'config-rules-deleted',
    title: 'AWS Config recorder, rule or conformance pack deleted',
    description: 'AWS Config recording or evaluation was removed: configuration drift is no longer recorded.',
    severity: 2,
    mitre: MITRE.disableTools,
    eventSource: 'config.amazonaws.com',
    eventNames: [
      'DeleteConfigurationRecorder',
      'DeleteConfigRule',
      'DeleteConformancePack',
      'DeleteRemediationConfiguration',
    ],
    benignEventName: 'DescribeConfigRules',
  }),
  apiCallDetection({
    id: 'vpc-flow-logs-deleted',
    title: 'VPC flow logs deleted',
    description: 'Flow logs were deleted: network traffic of those VPCs or interfaces is no longer recorded.',
    severity: 2,
    mitre: MITRE.disableCloudLogs,
    eventSource: 'ec2.amazonaws.com',
    eventNames: ['DeleteFlowLogs'],
    benignEventName: 'DescribeFlowLogs',
  }),
  apiCallDetection({
    id: 'cloudwatch-logs-deleted',
    title: 'CloudWatch log group, stream or subscription deleted',
    description:
      'A log group or stream was deleted or a subscription filter removed: those logs no longer reach the SIEM.',
    severity: 2,
    mitre: MITRE.indicatorRemoval,
    eventSource: 'logs.amazonaws.com',
    eventNames: ['DeleteLogGroup', 'DeleteLogStream', 'DeleteSubscriptionFilter'],
    benignEventName: 'DescribeLogGroups',
  }),
  apiCallDetection({
    id: 'access-analyzer-deleted',
    title: 'IAM Access Analyzer deleted',
    description: 'An Access Analyzer was deleted: external access to resources is no longer reported.',
    severity: 3,
    mitre: MITRE.disableTools,
    eventSource: 'access-analyzer.amazonaws.com',
    eventNames: ['DeleteAnalyzer'],
    benignEventName: 'ListAnalyzers',
  }),
  apiCallDetection({
    id: 'waf-web-acl-weakened',
    title: 'WAF web ACL deleted, changed or its logging removed',
    description: 'A WAF web ACL was deleted, updated or detached, or its logging configuration removed.',
    severity: 2,
    mitre: MITRE.disableCloudFirewall,
    eventSource: 'wafv2.amazonaws.com',
    eventNames: ['DeleteWebACL', 'UpdateWebACL', 'DisassociateWebACL', 'DeleteLoggingConfiguration'],
    benignEventName: 'GetWebACL',
  }),
  apiCallDetection({
    id: 'eventbridge-rule-disabled',
    title: 'EventBridge rule disabled or deleted',
    description:
      'An EventBridge rule was disabled or deleted; security findings are forwarded by such rules.',
    severity: 3,
    mitre: MITRE.impairDefenses,
    eventSource: 'events.amazonaws.com',
    eventNames: ['DisableRule', 'DeleteRule', 'RemoveTargets'],
    benignEventName: 'ListRules',
  }),
  apiCallDetection({
    id: 'macie-disabled',
    title: 'Amazon Macie disabled',
    description: 'Macie was disabled: sensitive-data discovery in S3 stops.',
    severity: 3,
    mitre: MITRE.disableTools,
    eventSource: 'macie2.amazonaws.com',
    eventNames: ['DisableMacie', 'DisableOrganizationAdminAccount'],
    benignEventName: 'GetMacieSession',
  }),
  apiCallDetection({
    id: 'cloudwatch-alarms-disabled',
    title: 'CloudWatch alarms deleted or their actions disabled',
    description:
      'Alarms were deleted or their actions disabled: operational and security alarms stay silent.',
    severity: 3,
    mitre: MITRE.impairDefenses,
    eventSource: 'monitoring.amazonaws.com',
    eventNames: ['DeleteAlarms', 'DisableAlarmActions'],
    benignEventName: 'DescribeAlarms',
  }),
];
