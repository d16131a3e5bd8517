import type { DetectionLike } from '../searches';
import type { DashboardSpec } from '../spec';
import { logs, visId } from './common';
import { detectionPanels } from './detection-panels';

const id = (name: string) => visId('securityhub', name);
const findings = logs('findings');
const ACTIVE = 'RecordState:ACTIVE';
const FAILED = `${ACTIVE} AND Compliance.Status:FAILED`;
const GUARDDUTY = 'ProductName:GuardDuty';
const CONFIG_NON_COMPLIANT = `ProductName:Config AND ${FAILED}`;

/** Security Hub findings (ASFF): volume per account, severity and product, failed controls, GuardDuty and Config. */
export function securityHubDashboard(detections: readonly DetectionLike[]): DashboardSpec {
  return {
    id: 'siem-dashboard-securityhub',
    title: 'SIEM: Security Hub',
    description:
      'Findings per account, severity and product over time; failed findings; GuardDuty; AWS Config non-compliant rules.',
    timeFrom: 'now-7d',
    panels: [
      {
        width: 12,
        height: 8,
        visualization: {
          kind: 'metric',
          id: id('active-findings'),
          title: 'Active findings',
          source: findings,
          query: ACTIVE,
          metrics: [{ type: 'count', label: 'Active findings' }],
        },
      },
      {
        width: 12,
        height: 8,
        visualization: {
          kind: 'metric',
          id: id('critical-findings'),
          title: 'Critical and high findings',
          source: findings,
          query: `${ACTIVE} AND Severity.Label:(CRITICAL OR HIGH)`,
          metrics: [{ type: 'count', label: 'Critical + high' }],
        },
      },
      {
        width: 12,
        height: 8,
        visualization: {
          kind: 'metric',
          id: id('failed-findings-count'),
          title: 'Failed compliance checks',
          source: findings,
          query: FAILED,
          metrics: [{ type: 'count', label: 'Failed checks' }],
        },
      },
      {
        width: 12,
        height: 8,
        visualization: {
          kind: 'metric',
          id: id('affected-accounts'),
          title: 'Accounts with findings',
          source: findings,
          metrics: [{ type: 'cardinality', field: 'AwsAccountId', label: 'Accounts' }],
        },
      },
      {
        width: 16,
        visualization: {
          kind: 'histogram',
          id: id('by-account'),
          title: 'Findings per account over time',
          source: findings,
          splitBy: { field: 'AwsAccountId', size: 10, label: 'Account' },
        },
      },
      {
        width: 16,
        visualization: {
          kind: 'histogram',
          id: id('by-severity'),
          title: 'Findings per severity over time',
          source: findings,
          splitBy: { field: 'Severity.Label', size: 5, label: 'Severity' },
        },
      },
      {
        width: 16,
        visualization: {
          kind: 'histogram',
          id: id('by-product'),
          title: 'Findings per product over time',
          source: findings,
          splitBy: { field: 'ProductName', size: 10, label: 'Product' },
        },
      },
      {
        width: 16,
        visualization: {
          kind: 'pie',
          id: id('severity-share'),
          title: 'Active findings by severity',
          source: findings,
          query: ACTIVE,
          slices: { field: 'Severity.Label', size: 5, label: 'Severity' },
        },
      },
      {
        width: 16,
        visualization: {
          kind: 'pie',
          id: id('product-share'),
          title: 'Active findings by product',
          source: findings,
          query: ACTIVE,
          slices: { field: 'ProductName', size: 10, label: 'Product' },
        },
      },
      {
        width: 16,
        visualization: {
          kind: 'pie',
          id: id('workflow-status'),
          title: 'Workflow status',
          source: findings,
          query: ACTIVE,
          slices: { field: 'Workflow.Status', size: 5, label: 'Workflow' },
        },
      },
      {
        width: 48,
        visualization: {
          kind: 'table',
          id: id('failed-findings'),
          title: 'Failed findings',
          description: 'Active findings whose compliance check failed, by title, account and severity.',
          source: findings,
          query: FAILED,
          rows: [
            { field: 'Title.keyword', size: 50, label: 'Finding' },
            { field: 'AwsAccountId', size: 10, label: 'Account' },
            { field: 'Severity.Label', size: 5, label: 'Severity' },
          ],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('guardduty-findings'),
          title: 'GuardDuty findings',
          source: findings,
          query: GUARDDUTY,
          rows: [
            { field: 'Types', size: 25, label: 'Type' },
            { field: 'AwsAccountId', size: 10, label: 'Account' },
            { field: 'Severity.Label', size: 5, label: 'Severity' },
          ],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'histogram',
          id: id('guardduty-timeline'),
          title: 'GuardDuty findings over time',
          source: findings,
          query: GUARDDUTY,
          splitBy: { field: 'Severity.Label', size: 5, label: 'Severity' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('config-non-compliant-rules'),
          title: 'AWS Config non-compliant rules',
          source: findings,
          query: CONFIG_NON_COMPLIANT,
          rows: [
            { field: 'GeneratorId', size: 50, label: 'Config rule' },
            { field: 'AwsAccountId', size: 10, label: 'Account' },
          ],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'horizontal_bar',
          id: id('resource-types'),
          title: 'Resource types with failed checks',
          source: findings,
          query: FAILED,
          bars: { field: 'Resources.Type', size: 15, label: 'Resource type' },
        },
      },
      ...detectionPanels(detections, 'findings'),
    ],
  };
}
