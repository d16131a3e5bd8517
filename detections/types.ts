import type { LogType } from '../opensearch/log-types';

/** Alerting severity: 1 is the most urgent, 5 the least (the OpenSearch Alerting scale). */
export type Severity = 1 | 2 | 3 | 4 | 5;

/** The MITRE ATT&CK technique a detection is evidence of. */
export interface MitreTechnique {
  /** Technique or sub-technique id, e.g. `T1562.008`. */
  readonly id: string;
  /** Technique name as ATT&CK writes it, e.g. `Impair Defenses: Disable Cloud Logs`. */
  readonly name: string;
}

/** An OpenSearch query DSL clause, kept as plain data so it serializes into monitor bodies unchanged. */
export type DslQuery = { readonly [clause: string]: unknown };

/** Fires when at least `minCount` documents match in the lookback window. */
export interface ThresholdCondition {
  readonly kind: 'threshold';
  readonly minCount: number;
}

/** Fires for each value of `field` (a keyword or ip field) that at least `minCount` documents share. */
export interface BucketCondition {
  readonly kind: 'bucket';
  readonly field: string;
  /**
   * More key fields: one bucket per combination of values (an account and a principal name, so
   * same-named principals of different accounts stay apart). A document missing one is in no bucket.
   */
  readonly alsoBy?: readonly string[];
  readonly minCount: number;
}

/**
 * Fires for each value of `field` (and `alsoBy`, as for buckets) whose documents hold at least
 * `minCount` distinct values of `distinctField`: ports per source, secrets per principal.
 * (OpenSearch's cardinality is exact well beyond the thresholds used here.)
 */
export interface CardinalityCondition {
  readonly kind: 'cardinality';
  readonly field: string;
  readonly alsoBy?: readonly string[];
  readonly distinctField: string;
  readonly minCount: number;
}

/**
 * Fires when the values of `field` (a numeric field) add up to at least `minCount` over the
 * matching documents: for events that each stand for several things (instances launched...).
 */
export interface SumCondition {
  readonly kind: 'sum';
  readonly field: string;
  readonly minCount: number;
  /** Sum per combination of these key fields (an account and a principal) instead of over everything. */
  readonly groupBy?: readonly string[];
}

export type DetectionCondition = ThresholdCondition | BucketCondition | CardinalityCondition | SumCondition;

/**
 * One raw event in the format its source writes: a CloudTrail record, a VPC flow log line
 * (default v2 format), a WAF log entry, an ASFF finding.
 */
export type SourceEvent = string | { readonly [field: string]: unknown };

/**
 * A detection as code: what to look for in one log type, when it is worth an alert, and the
 * events that prove it (positives fire it, negatives must not).
 */
export interface Detection {
  /** Stable kebab-case id; the monitor is named after it, so renaming creates a new monitor. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly mitre: MitreTechnique;
  readonly logType: LogType;
  /** A bool query on document fields (see COMMON_FIELDS and the source's own field names). */
  readonly query: { readonly bool: DslQuery };
  readonly condition: DetectionCondition;
  /** How often the monitor runs, in minutes. */
  readonly scheduleMinutes: number;
  /** How far back from each run the monitor looks, in minutes; at least the schedule so no event falls between runs. */
  readonly lookbackMinutes: number;
  /**
   * A date field that must also fall within the lookback, for sources that write a new document
   * at each update of the same thing (a finding's `CreatedAt`): only things created in the window
   * match, not old ones updated again. Applied by the monitor only; Discover has its time picker.
   */
  readonly createdField?: string;
  readonly positiveSamples: readonly SourceEvent[];
  readonly negativeSamples: readonly SourceEvent[];
}
