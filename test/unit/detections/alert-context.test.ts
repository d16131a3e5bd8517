import { parseConfig } from '../../../config/load';
import { allDetections } from '../../../detections';
import { contextAggregations } from '../../../detections/alert-context';
import { subjectTemplate } from '../../../detections/alert-message';
import { channelRoutes } from '../../../detections/channels';
import {
  buildMonitor,
  type BucketLevelMonitorBody,
  type MonitorBody,
  type QueryLevelMonitorBody,
} from '../../../detections/monitors';
import type { Detection } from '../../../detections/types';
import { testOrganization } from '../../support/config';

const config = parseConfig({
  ...testOrganization(),
  memberAccounts: [{ id: '333333333333', name: 'workloads' }],
  alerting: {
    emails: ['desk@example.com'],
    channels: [
      { name: 'soc-slack', type: 'slack', url: { ssmParameterName: '/siem/slack' }, maxSeverity: 4 },
      { name: 'hook', type: 'webhook', url: { ssmParameterName: '/siem/hook' }, maxSeverity: 4 },
    ],
  },
});
const detections = allDetections(config);
const channels = channelRoutes(config);
const byId = (id: string) => detections.find((d) => d.id === id) as Detection;

const actionsOf = (monitor: MonitorBody) =>
  'query_level_trigger' in monitor.triggers[0]!
    ? monitor.triggers[0].query_level_trigger.actions
    : monitor.triggers[0]!.bucket_level_trigger.actions;

describe('a detection that fires on one event', () => {
  const monitor = buildMonitor(byId('cloudtrail-stop-logging'), { channels }) as BucketLevelMonitorBody;
  const composite = (monitor.inputs[0].search.query.aggregations as Record<string, Record<string, unknown>>)
    .composite_agg as { composite: { sources: unknown[] }; aggregations: Record<string, unknown> };

  it('is a bucket-level monitor keyed by account and principal, documents missing either keyed -', () => {
    // Assess
    expect(monitor.monitor_type).toBe('bucket_level_monitor');
    expect(composite.composite.sources).toEqual([
      {
        key: {
          terms: {
            script: {
              source: "doc['cloud.account.id'].size() == 0 ? '-' : doc['cloud.account.id'].value.toString()",
              lang: 'painless',
            },
          },
        },
      },
      {
        key1: {
          terms: {
            script: {
              source: "doc['user.name'].size() == 0 ? '-' : doc['user.name'].value.toString()",
              lang: 'painless',
            },
          },
        },
      },
    ]);
    expect(monitor.triggers[0].bucket_level_trigger.condition.script.source).toBe('params._count >= 1');
  });

  it('notifies once per new entity: each action runs per alert, for new alerts only', () => {
    // Assess
    for (const action of actionsOf(monitor)) {
      expect(action.action_execution_policy).toEqual({
        action_execution_scope: { per_alert: { actionable_alerts: ['NEW'] } },
      });
      expect(action.throttle_enabled).toBeUndefined();
    }
  });

  it('names the entity in the message, with its sample events and a link per alert', () => {
    // Prepare
    const [action] = actionsOf(monitor);

    // Assess
    expect(action?.subject_template.source).toBe('[SIEM sev 1] CloudTrail logging stopped');
    expect(action?.message_template.source).toMatch(
      /\{\{#ctx\.newAlerts\}\}\nEntity: \{\{bucket_keys\}\} \(Account, Principal, [^\n]*\n[\s\S]*\{\{#sample_documents\}\}- [^\n]*\n\{\{\/sample_documents\}\}Discover: \S+\n\{\{\/ctx\.newAlerts\}\}/,
    );
  });

  it('sorts the samples by event time: min and max of it come first among the bucket aggregations', () => {
    // Assess
    expect(Object.keys(composite.aggregations)).toEqual(['first_event', 'last_event']);
  });
});

describe('a detection counting over everything', () => {
  it('stays query-level, its message carrying the context of the whole search', () => {
    // Prepare
    const detection = byId('s3-access-denied-burst');

    // Act
    const monitor = buildMonitor(detection, { channels, dashboardsUrl: 'https://d.example/_dashboards' });

    // Assess
    expect(monitor.monitor_type).toBe('query_level_monitor');
    expect((monitor as QueryLevelMonitorBody).inputs[0].search.query).toMatchObject({
      size: 0,
      aggregations: contextAggregations(),
    });
    expect(actionsOf(monitor)[0]?.message_template.source).toMatch(
      /^Discover: https:\/\/d\.example\/_dashboards\/app\/data-explorer\/discover#\?\S+$/m,
    );
  });
});

describe('every detection monitor', () => {
  const monitors = detections
    .filter((d) => d.severity < 5)
    .map((d) => [d.id, buildMonitor(d, { channels })] as const);

  it.each(monitors)('%s has one subject and one message template whatever the channels', (_id, monitor) => {
    // Act
    const actions = actionsOf(monitor);

    // Assess
    expect(actions.length).toBeGreaterThan(1);
    expect(new Set(actions.map((a) => a.subject_template.source)).size).toBe(1);
    expect(new Set(actions.map((a) => a.message_template.source)).size).toBe(1);
  });
});

describe('every informational detection monitor (severity 5)', () => {
  it('has no action, whatever the channels take', () => {
    // Act
    const informational = detections
      .filter((d) => d.severity === 5)
      .map((d) => buildMonitor(d, { channels }));

    // Assess
    expect(informational.map(actionsOf)).toEqual(informational.map(() => []));
  });
});

describe('notification subjects', () => {
  it.each(detections.map((d) => [d.id, d] as const))('%s fits SNS (100 characters, one line)', (_id, d) => {
    // Act
    const subject = subjectTemplate(d);

    // Assess
    expect(subject.length).toBeLessThanOrEqual(100);
    expect(subject).not.toMatch(/[\n{}]/);
  });
});
