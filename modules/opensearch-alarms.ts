import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';

export interface OpenSearchAlarmsProps {
  readonly namePrefix: string;
  readonly accountId: string;
  readonly domainName: string;
  readonly dataNodeCount: number;
  /** Per data node, GiB: the free-storage alarm fires at 25 % of it. */
  readonly ebsVolumeSizeGb: number;
  /** Dedicated master nodes, as configured: they count in the domain's `Nodes` metric too. */
  readonly dedicatedMasters: { readonly enabled: boolean; readonly count: number };
  readonly alarmTopicArn: string;
  readonly ingestFunctionName: string;
  readonly queueName: string;
  readonly deadLetterQueueName: string;
  /**
   * Oldest message age (seconds) that means ingestion is falling behind.
   * @default 900
   */
  readonly maxQueueAgeSeconds?: number;
}

type Comparison =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';

interface AlarmSpec {
  readonly namespace: 'AWS/ES' | 'AWS/Lambda' | 'AWS/SQS';
  readonly metric: string;
  readonly statistic: 'Maximum' | 'Minimum' | 'Sum' | 'Average';
  readonly comparison: Comparison;
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly description: string;
}

const GE = 'GreaterThanOrEqualToThreshold';

/**
 * Thresholds from "Recommended CloudWatch alarms for Amazon OpenSearch Service" (AWS docs), plus
 * the ingestion pipeline's own health. Every alarm notifies the alarm topic, and on recovery too.
 */
function domainAlarms(props: OpenSearchAlarmsProps): Record<string, AlarmSpec> {
  const es = (spec: Omit<AlarmSpec, 'namespace'>): AlarmSpec => ({ namespace: 'AWS/ES', ...spec });
  const alarms: Record<string, AlarmSpec> = {
    'cluster-red': es({
      metric: 'ClusterStatus.red',
      statistic: 'Maximum',
      comparison: GE,
      threshold: 1,
      periodSeconds: 60,
      evaluationPeriods: 1,
      description:
        'A primary shard and its replicas are unassigned: some data is not searchable or writable.',
    }),
    'cluster-yellow': es({
      metric: 'ClusterStatus.yellow',
      statistic: 'Maximum',
      comparison: GE,
      threshold: 1,
      periodSeconds: 60,
      evaluationPeriods: 5,
      description: 'A replica shard is unassigned: one more node failure can lose data.',
    }),
    'free-storage': es({
      metric: 'FreeStorageSpace',
      statistic: 'Minimum',
      comparison: 'LessThanOrEqualToThreshold',
      threshold: Math.floor(props.ebsVolumeSizeGb * 1024 * 0.25),
      periodSeconds: 60,
      evaluationPeriods: 1,
      description:
        'A data node is down to 25% of its storage (MiB); writes block at the flood-stage watermark.',
    }),
    'index-writes-blocked': es({
      metric: 'ClusterIndexWritesBlocked',
      statistic: 'Maximum',
      comparison: GE,
      threshold: 1,
      periodSeconds: 300,
      evaluationPeriods: 1,
      description: 'The cluster rejects writes: ingestion is stopped and the queue is growing.',
    }),
    nodes: es({
      metric: 'Nodes',
      statistic: 'Minimum',
      comparison: 'LessThanThreshold',
      threshold: props.dataNodeCount + (props.dedicatedMasters.enabled ? props.dedicatedMasters.count : 0),
      periodSeconds: 86400,
      evaluationPeriods: 1,
      description: 'A node has been unreachable for a day.',
    }),
    'automated-snapshot-failure': es({
      metric: 'AutomatedSnapshotFailure',
      statistic: 'Maximum',
      comparison: GE,
      threshold: 1,
      periodSeconds: 60,
      evaluationPeriods: 1,
      description: 'An automated snapshot failed, usually because the cluster is red.',
    }),
    cpu: es({
      metric: 'CPUUtilization',
      statistic: 'Maximum',
      comparison: GE,
      threshold: 80,
      periodSeconds: 900,
      evaluationPeriods: 3,
      description: 'Data nodes have used ≥80% CPU for 45 minutes: scale up or out.',
    }),
    'jvm-memory-pressure': es({
      metric: 'JVMMemoryPressure',
      statistic: 'Maximum',
      comparison: GE,
      threshold: 95,
      periodSeconds: 60,
      evaluationPeriods: 3,
      description: 'JVM heap ≥95%: out-of-memory errors and circuit breakers are imminent.',
    }),
    'old-gen-jvm-memory-pressure': es({
      metric: 'OldGenJVMMemoryPressure',
      statistic: 'Maximum',
      comparison: GE,
      threshold: 80,
      periodSeconds: 60,
      evaluationPeriods: 3,
      description: 'Old generation heap ≥80%: garbage collection cannot keep up.',
    }),
    'master-reachable': es({
      metric: 'MasterReachableFromNode',
      statistic: 'Minimum',
      comparison: 'LessThanThreshold',
      threshold: 1,
      periodSeconds: 86400,
      evaluationPeriods: 1,
      description: 'The cluster manager node has been unreachable.',
    }),
    'kms-key-error': es({
      metric: 'KMSKeyError',
      statistic: 'Maximum',
      comparison: GE,
      threshold: 1,
      periodSeconds: 60,
      evaluationPeriods: 1,
      description: 'The encryption-at-rest key is disabled.',
    }),
    'kms-key-inaccessible': es({
      metric: 'KMSKeyInaccessible',
      statistic: 'Maximum',
      comparison: GE,
      threshold: 1,
      periodSeconds: 60,
      evaluationPeriods: 1,
      description: 'The encryption-at-rest key was deleted or its grants revoked.',
    }),
  };
  if (props.dedicatedMasters.enabled) {
    alarms['master-cpu'] = es({
      metric: 'MasterCPUUtilization',
      statistic: 'Maximum',
      comparison: GE,
      threshold: 50,
      periodSeconds: 900,
      evaluationPeriods: 3,
      description: 'Dedicated masters have used ≥50% CPU for 45 minutes: use a larger master type.',
    });
    alarms['master-jvm-memory-pressure'] = es({
      metric: 'MasterJVMMemoryPressure',
      statistic: 'Maximum',
      comparison: GE,
      threshold: 95,
      periodSeconds: 60,
      evaluationPeriods: 3,
      description: 'Dedicated master JVM heap ≥95%.',
    });
    alarms['master-old-gen-jvm-memory-pressure'] = es({
      metric: 'MasterOldGenJVMMemoryPressure',
      statistic: 'Maximum',
      comparison: GE,
      threshold: 80,
      periodSeconds: 60,
      evaluationPeriods: 3,
      description: 'Dedicated master old generation heap ≥80%.',
    });
  }
  return alarms;
}

function pipelineAlarms(props: OpenSearchAlarmsProps): Record<string, AlarmSpec> {
  return {
    'ingest-errors': {
      namespace: 'AWS/Lambda',
      metric: 'Errors',
      statistic: 'Sum',
      comparison: GE,
      threshold: 1,
      periodSeconds: 300,
      evaluationPeriods: 1,
      description: 'The ingestion function failed whole invocations.',
    },
    'ingest-throttles': {
      namespace: 'AWS/Lambda',
      metric: 'Throttles',
      statistic: 'Sum',
      comparison: GE,
      threshold: 1,
      periodSeconds: 300,
      evaluationPeriods: 3,
      description:
        'The ingestion function has been throttled for 15 minutes: raise its reserved concurrency.',
    },
    'queue-age': {
      namespace: 'AWS/SQS',
      metric: 'ApproximateAgeOfOldestMessage',
      statistic: 'Maximum',
      comparison: GE,
      threshold: props.maxQueueAgeSeconds ?? 900,
      periodSeconds: 300,
      evaluationPeriods: 1,
      description: 'Ingestion is falling behind: archived logs are not searchable yet.',
    },
    'dead-letters': {
      namespace: 'AWS/SQS',
      metric: 'ApproximateNumberOfMessagesVisible',
      statistic: 'Maximum',
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      periodSeconds: 300,
      evaluationPeriods: 1,
      description:
        'Objects failed ingestion repeatedly and wait in the dead-letter queue (redrive after fixing).',
    },
  };
}

/** The CloudWatch alarms for the OpenSearch domain and the ingestion pipeline feeding it. */
export class OpenSearchAlarms extends Construct {
  readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: OpenSearchAlarmsProps) {
    super(scope, id);
    const dimensionsFor = (name: string, spec: AlarmSpec): Record<string, string> => {
      if (spec.namespace === 'AWS/ES') return { DomainName: props.domainName, ClientId: props.accountId };
      if (spec.namespace === 'AWS/Lambda') return { FunctionName: props.ingestFunctionName };
      return { QueueName: name === 'dead-letters' ? props.deadLetterQueueName : props.queueName };
    };
    const specs = { ...domainAlarms(props), ...pipelineAlarms(props) };
    for (const [name, spec] of Object.entries(specs)) {
      this.alarms.push(
        new CloudwatchMetricAlarm(this, name, {
          alarmName: `${props.namePrefix}-${name}`,
          alarmDescription: spec.description,
          namespace: spec.namespace,
          metricName: spec.metric,
          dimensions: dimensionsFor(name, spec),
          statistic: spec.statistic,
          comparisonOperator: spec.comparison,
          threshold: spec.threshold,
          period: spec.periodSeconds,
          evaluationPeriods: spec.evaluationPeriods,
          // A metric that is only emitted on trouble (KMS, snapshots) has no data when healthy.
          treatMissingData: 'notBreaching',
          alarmActions: [props.alarmTopicArn],
          okActions: [props.alarmTopicArn],
        }),
      );
    }
  }
}
