import { join } from 'node:path';
import { loadConfig, parseConfig } from '../../../config/load';
import { allDetections } from '../../../detections';
import {
  SERVICE_DESK_CHANNEL_ID,
  channelRoutes,
  routingWarnings,
  type ChannelRoute,
} from '../../../detections/channels';
import {
  CLOUDTRAIL_FRESHNESS,
  buildFreshnessMonitor,
  buildMonitor,
  buildMonitors,
  cloudTrailFreshness,
  freshnessChecks,
  monitorName,
  type BucketLevelMonitorBody,
  type FreshnessCheck,
  type QueryLevelMonitorBody,
} from '../../../detections/monitors';
import { contextAggregations, eventTimeAggregations } from '../../../detections/alert-context';
import { detectionWindow } from '../../../detections/monitor-window';
import type { Detection } from '../../../detections/types';
import { testOrganization } from '../../support/config';

const baseInput = {
  ...testOrganization(),
  memberAccounts: [{ id: '333333333333', name: 'workloads' }],
};
const config = parseConfig({
  ...baseInput,
  alerting: {
    emails: ['desk@example.com'],
    emailMaxSeverity: 3,
    channels: [
      { name: 'soc-slack', type: 'slack', url: { ssmParameterName: '/siem/slack' }, maxSeverity: 2 },
    ],
  },
});
const detections = allDetections(config);
const channels = channelRoutes(config);

function detection(id: string): Detection {
  const found = detections.find((d) => d.id === id);
  if (!found) throw new Error(`no detection ${id}`);
  return found;
}

describe('buildMonitor for a threshold detection', () => {
  const source = detection('s3-access-denied-burst');
  const monitor = buildMonitor(source, { channels }) as QueryLevelMonitorBody;
  const trigger = monitor.triggers[0]?.query_level_trigger;

  it('is a query-level monitor named after the detection, on its schedule', () => {
    // Assess
    expect(monitor.monitor_type).toBe('query_level_monitor');
    expect(monitor.name).toBe('siem: s3-access-denied-burst');
    expect(monitor.schedule).toEqual({ period: { interval: source.scheduleMinutes, unit: 'MINUTES' } });
    expect(monitor.inputs[0].search.indices).toEqual(['siem-cloudtrail-*']);
  });

  it('restricts the query to its ingestion window (monitor-window.ts) and keeps the detection query', () => {
    // Act
    const filter = (monitor.inputs[0].search.query.query as { bool: { filter: unknown[] } }).bool.filter;

    // Assess
    expect(filter).toEqual([...detectionWindow(source, source.scheduleMinutes), source.query]);
  });

  it('triggers at the threshold with the detection severity as a string', () => {
    // Assess
    expect(trigger?.severity).toBe(String(source.severity));
    expect(trigger?.condition.script.source).toBe(
      `ctx.results[0].hits.total.value >= ${source.condition.minCount}`,
    );
  });

  it('tells the reader what, how bad, which technique, how many and where to look', () => {
    // Act
    const message = trigger?.actions[0]?.message_template.source ?? '';

    // Assess
    expect(message).toContain(source.title);
    expect(message).toContain(source.description);
    expect(message).toContain(source.mitre.id);
    expect(message).toContain('{{ctx.results.0.hits.total.value}}');
    expect(message).toMatch(/^Principal: \{\{#ctx\.results\.0\.aggregations\.ctx_principal\.buckets\}\}/m);
    expect(message).toMatch(/^Discover: \/app\/data-explorer\/discover#\?_a=\S+&_g=\S+&_q=\S+$/m);
  });

  it('throttles notifications to one per lookback window', () => {
    // Assess
    expect(trigger?.actions[0]).toMatchObject({
      throttle_enabled: true,
      throttle: { value: source.lookbackMinutes, unit: 'MINUTES' },
    });
  });
});

describe('buildMonitor for a sum detection', () => {
  const grouped = detection('ec2-instance-launch-burst');
  // Without its per-principal grouping: one total over all matching events.
  const source: Detection = {
    ...grouped,
    condition: { kind: 'sum', field: 'siem.ec2.launchedInstances', minCount: 10 },
  };
  const monitor = buildMonitor(source, { channels }) as QueryLevelMonitorBody;
  const trigger = monitor.triggers[0]?.query_level_trigger;

  it('sums the field over the matching events and triggers on the total, not the hit count', () => {
    // Assess
    expect(monitor.monitor_type).toBe('query_level_monitor');
    expect(monitor.inputs[0].search.query.aggregations).toEqual({
      ...contextAggregations(),
      total: { sum: { field: 'siem.ec2.launchedInstances' } },
    });
    expect(trigger?.condition.script.source).toContain('ctx.results[0].aggregations.total.value >= 10');
    expect(trigger?.actions[0]?.message_template.source).toContain(
      '{{ctx.results.0.aggregations.total.value}}',
    );
  });

  it('sums per group when the condition groups: a bucket per key, triggered on its sum', () => {
    // Act
    const bucketMonitor = buildMonitor(grouped, { channels }) as BucketLevelMonitorBody;
    const aggs = bucketMonitor.inputs[0].search.query.aggregations as Record<string, unknown>;

    // Assess
    expect(grouped.condition).toEqual({
      kind: 'sum',
      field: 'siem.ec2.launchedInstances',
      minCount: 10,
      groupBy: ['userIdentity.accountId', 'user.name'],
    });
    expect(bucketMonitor.monitor_type).toBe('bucket_level_monitor');
    expect(aggs.composite_agg).toEqual({
      composite: {
        size: 100,
        sources: [
          { key: { terms: { field: 'userIdentity.accountId' } } },
          { key1: { terms: { field: 'user.name' } } },
        ],
      },
      aggregations: { ...eventTimeAggregations(), metric: { sum: { field: 'siem.ec2.launchedInstances' } } },
    });
    expect(bucketMonitor.triggers[0]?.bucket_level_trigger.condition).toMatchObject({
      buckets_path: { metric: 'metric' },
      script: { source: 'params.metric >= 10' },
    });
  });
});

describe('buildMonitor for a cardinality detection', () => {
  it('counts distinct values per key and triggers on that count, not on events', () => {
    // Prepare
    const source = detection('vpcflow-port-scan');

    // Act
    const monitor = buildMonitor(source, { channels }) as BucketLevelMonitorBody;
    const aggs = monitor.inputs[0].search.query.aggregations as Record<string, unknown>;
    const trigger = monitor.triggers[0]?.bucket_level_trigger;

    // Assess
    expect(aggs.composite_agg).toEqual({
      composite: { size: 100, sources: [{ key: { terms: { field: 'srcaddr' } } }] },
      aggregations: { ...eventTimeAggregations(), metric: { cardinality: { field: 'dstport' } } },
    });
    expect(trigger?.condition.script.source).toBe(`params.metric >= ${source.condition.minCount}`);
    expect(trigger?.actions[0]?.message_template.source).toContain(
      `Condition: at least ${source.condition.minCount} distinct dstport per srcaddr`,
    );
  });
});

describe('buildMonitor for a findings detection', () => {
  it('only counts findings created within the lookback, not old ones updated again', () => {
    // Prepare
    const source = detection('guardduty-high-severity-finding');

    // Act
    const monitor = buildMonitor(source, { channels }) as QueryLevelMonitorBody;
    const query = monitor.inputs[0].search.query.query as { bool: { filter: unknown[] } };

    // Assess
    expect(source.createdField).toBe('CreatedAt');
    expect(query.bool.filter).toContainEqual(detectionWindow(source, source.scheduleMinutes)[2]);
    expect(JSON.stringify(query.bool.filter)).toContain('"CreatedAt"');
    expect(JSON.stringify(source.query)).not.toContain('{{');
  });
});

describe('buildMonitor for a bucket-level detection', () => {
  const source = detection('waf-ip-blocked-repeatedly');
  const monitor = buildMonitor(source, { channels, indexPattern: 'test-waf-*' }) as BucketLevelMonitorBody;
  const trigger = monitor.triggers[0]?.bucket_level_trigger;

  it('aggregates on the detection field and selects buckets reaching the count', () => {
    // Act
    const aggs = monitor.inputs[0].search.query.aggregations as Record<
      string,
      { composite: { sources: unknown[] } }
    >;

    // Assess
    expect(monitor.monitor_type).toBe('bucket_level_monitor');
    expect(monitor.inputs[0].search.indices).toEqual(['test-waf-*']);
    expect(aggs.composite_agg?.composite.sources).toEqual([
      { key: { terms: { field: 'httpRequest.clientIp' } } },
    ]);
    expect(trigger?.condition).toEqual({
      buckets_path: { _count: '_count' },
      parent_bucket_path: 'composite_agg',
      script: { source: `params._count >= ${source.condition.minCount}`, lang: 'painless' },
    });
  });

  it('lists each new offending key and its count in the message', () => {
    // Act
    const message = trigger?.actions[0]?.message_template.source ?? '';

    // Assess
    expect(message).toContain('{{#ctx.newAlerts}}');
    expect(message).toContain('Entity: {{bucket_keys}} (httpRequest.clientIp');
    expect(message).toContain('{{#sample_documents}}- {{_source.@timestamp}}');
    expect(message).toContain(' httpRequest.clientIp {{_source.httpRequest.clientIp}}');
    expect(message).toMatch(/^\{\{\/sample_documents\}\}Discover: \/app\/data-explorer\/discover#\?\S+$/m);
  });

  it('notifies only for new buckets', () => {
    // Assess
    expect(trigger?.actions.length).toBeGreaterThan(0);
    for (const action of trigger?.actions ?? []) {
      expect(action.action_execution_policy?.action_execution_scope.per_alert.actionable_alerts).toEqual([
        'NEW',
      ]);
    }
  });
});

describe('actions per severity', () => {
  const withSeverity = (severity: Detection['severity']): Detection => ({
    ...detection('iam-user-created'),
    severity,
  });
  const destinations = (d: Detection, routes: readonly ChannelRoute[]) => {
    const monitor = buildMonitor(d, { channels: routes }) as BucketLevelMonitorBody;
    return monitor.triggers[0]?.bucket_level_trigger.actions.map((a) => a.destination_id);
  };

  it.each([
    [1, ['siem-sns-service-desk', 'siem-soc-slack']],
    [2, ['siem-sns-service-desk', 'siem-soc-slack']],
    [3, ['siem-sns-service-desk']],
    [4, []],
    [5, []],
  ] as const)('severity %i notifies %j when email stops at severity 3', (severity, expected) => {
    // Act
    const ids = destinations(withSeverity(severity), channels);

    // Assess
    expect(ids).toEqual(expected);
  });
});

describe('actions with the shipped siem.config.json', () => {
  const shipped = loadConfig(join(__dirname, '..', '..', '..', 'siem.config.json'));
  const shippedRoutes = channelRoutes(shipped);

  it.each(allDetections(shipped).map((d) => [d.id, d] as const))(
    '%s notifies at least the service desk, unless informational (severity 5)',
    (_id, d) => {
      // Act
      const monitor = buildMonitor(d, { channels: shippedRoutes });
      const trigger =
        'query_level_trigger' in monitor.triggers[0]!
          ? monitor.triggers[0].query_level_trigger
          : monitor.triggers[0]!.bucket_level_trigger;

      // Assess
      const destinations = trigger.actions.map((a) => a.destination_id);
      expect(destinations.includes(SERVICE_DESK_CHANNEL_ID)).toBe(d.severity < 5);
    },
  );

  it('leaves no detection or health check without an action', () => {
    // Act
    const warnings = routingWarnings([...allDetections(shipped), ...freshnessChecks(shipped)], shippedRoutes);

    // Assess
    expect(warnings).toEqual([]);
  });
});

describe('monitor names', () => {
  it('are unique across all detections, so upserts by name are unambiguous', () => {
    // Act
    const names = detections.map((d) => buildMonitor(d, { channels: [] }).name);

    // Assess
    expect(new Set(names).size).toBe(detections.length);
    expect(names).toContain(monitorName('cloudtrail-stop-logging'));
  });
});

describe('cloudTrailFreshness from the config', () => {
  it('uses the 60-minute window and 15-minute schedule by default, over every account of the config', () => {
    // Act
    const check = cloudTrailFreshness(config);

    // Assess
    expect(check).toEqual({
      ...CLOUDTRAIL_FRESHNESS,
      accounts: [
        { id: '111111111111', name: 'management' },
        { id: '222222222222', name: 'log-archive/security' },
        { id: '333333333333', name: 'workloads' },
      ],
    });
    expect([check.silentMinutes, check.scheduleMinutes]).toEqual([60, 15]);
    expect(freshnessChecks(config).map((c) => c.id)).toEqual(['freshness-cloudtrail', 'freshness-vpcflow']);
  });

  it('carries the configured window and schedule into the monitor', () => {
    // Prepare
    const custom = parseConfig({
      ...baseInput,
      detections: { cloudTrailFreshness: { silentMinutes: 120, scheduleMinutes: 30 } },
    });

    // Act
    const monitor = buildFreshnessMonitor(cloudTrailFreshness(custom), { channels });
    const action = monitor.triggers[0]?.query_level_trigger.actions[0];

    // Assess
    expect(monitor.schedule).toEqual({ period: { interval: 30, unit: 'MINUTES' } });
    expect(JSON.stringify(monitor.inputs[0].search.query)).toContain('{{period_end}}||-120m');
    expect(action?.throttle).toEqual({ value: 120, unit: 'MINUTES' });
    expect(action?.message_template.source).toContain('in the last 120 minutes');
  });
});

describe('buildFreshnessMonitor', () => {
  it('alerts when no CloudTrail document arrived in the silence window', () => {
    // Act
    const monitor = buildFreshnessMonitor(CLOUDTRAIL_FRESHNESS, { channels });
    const trigger = monitor.triggers[0]?.query_level_trigger;

    // Assess
    expect(monitor.name).toBe('siem: freshness-cloudtrail');
    expect(monitor.inputs[0].search.indices).toEqual(['siem-cloudtrail-*']);
    expect(JSON.stringify(monitor.inputs[0].search.query)).toContain('{{period_end}}||-60m');
    expect(trigger?.condition.script.source).toBe('ctx.results[0].hits.total.value == 0');
  });

  it('is not one of the detections', () => {
    // Assess
    expect(detections.map((d) => d.id)).not.toContain(CLOUDTRAIL_FRESHNESS.id);
  });
});

describe('freshnessChecks per source and per account (3 members)', () => {
  const threeMembers = parseConfig({
    ...testOrganization(),
    organization: { ...testOrganization().organization, securityAccountId: '999999999999' },
    memberAccounts: [
      { id: '333333333333', name: 'alpha', resolverQueryLogs: {} },
      { id: '444444444444', name: 'bravo', vpcs: [] },
      {
        id: '555555555555',
        name: 'charlie',
        vpcs: ['vpc-0123abcd'],
        resolverQueryLogs: { vpcs: ['vpc-0123abcd'] },
      },
    ],
  });
  const checks = freshnessChecks(threeMembers);
  const byId = (id: string) => checks.find((c) => c.id === id);
  const filtersOf = (monitor: QueryLevelMonitorBody, aggregation: string) =>
    (monitor.inputs[0].search.query as { aggregations: Record<string, { filters: { filters: unknown } }> })
      .aggregations[aggregation]?.filters.filters;

  it('picks the sources and expected accounts from the config, none for CloudWatch or traffic-driven sources', () => {
    // Assess
    expect(checks.map((c) => c.id)).toEqual(['freshness-cloudtrail', 'freshness-vpcflow', 'freshness-dns']);
    expect(byId('freshness-cloudtrail')?.accounts?.map((a) => `${a.id} ${a.name}`)).toEqual([
      '111111111111 management',
      '222222222222 log-archive',
      '999999999999 security',
      '333333333333 alpha',
      '444444444444 bravo',
      '555555555555 charlie',
    ]);
    expect(byId('freshness-vpcflow')?.accounts?.map((a) => a.id)).toEqual(['333333333333', '555555555555']);
    expect(byId('freshness-dns')?.accounts?.map((a) => a.id)).toEqual(['333333333333', '555555555555']);
    expect(byId('freshness-dns')?.silentMinutes).toBe(60);
  });

  it('drops a source no member sends', () => {
    // Prepare
    const quiet = parseConfig({
      ...testOrganization(),
      memberAccounts: [{ id: '333333333333', name: 'a', vpcs: [] }],
    });

    // Assess
    expect(freshnessChecks(quiet).map((c) => c.id)).toEqual(['freshness-cloudtrail']);
  });

  it('builds one query-level monitor per source with a term filter per expected account', () => {
    // Act
    const monitor = buildFreshnessMonitor(byId('freshness-vpcflow') as FreshnessCheck, { channels });
    const trigger = monitor.triggers[0]?.query_level_trigger;
    const message = trigger?.actions[0]?.message_template.source ?? '';

    // Assess
    expect(monitor.name).toBe('siem: freshness-vpcflow');
    expect(monitor.inputs[0].search.indices).toEqual(['siem-vpcflow-*']);
    const expected = {
      '333333333333': { term: { 'cloud.account.id': '333333333333' } },
      '555555555555': { term: { 'cloud.account.id': '555555555555' } },
    };
    expect(filtersOf(monitor, 'accounts')).toEqual(expected);
    expect(filtersOf(monitor, 'silent')).toEqual(expected);
    expect(JSON.stringify(monitor.inputs[0].search.query)).toContain('{{period_end}}||-60m');
    expect(trigger?.condition.script.source).toContain('aggregations.silent.buckets.size() > 0');
    expect(message).toContain(
      '{{#ctx.results.0.aggregations.silent.buckets.555555555555}}- 555555555555 (charlie)\n{{/',
    );
    expect(message).toContain(
      '- 333333333333 (alpha): {{ctx.results.0.aggregations.accounts.buckets.333333333333.doc_count}}',
    );
  });

  it('are all planned and built by buildMonitors', () => {
    // Act
    const names = buildMonitors([], checks, { channels }).map((m) => m.name);

    // Assess
    expect(names).toEqual(['siem: freshness-cloudtrail', 'siem: freshness-vpcflow', 'siem: freshness-dns']);
  });
});
