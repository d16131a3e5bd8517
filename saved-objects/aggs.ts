import type { AggConfig } from './types';
import type { MetricSpec, TermsSpec } from './spec';
import { COMMON_FIELDS } from '../opensearch/log-types';

/**
 * Builds the `aggs` array of a visState. Ids are assigned in order ('1', '2'...) so a given spec
 * always produces the same JSON: import diffs stay empty when nothing changed.
 */
export class AggList {
  private readonly list: AggConfig[] = [];

  get aggs(): readonly AggConfig[] {
    return this.list;
  }

  private push(type: string, schema: string, params: Record<string, unknown>): string {
    const id = String(this.list.length + 1);
    this.list.push({ id, enabled: true, type, schema, params });
    return id;
  }

  metric(metric: MetricSpec = { type: 'count' }, schema = 'metric'): string {
    const params: Record<string, unknown> = {};
    if (metric.type !== 'count') params.field = metric.field;
    if (metric.label) params.customLabel = metric.label;
    return this.push(metric.type, schema, params);
  }

  /** Top values, ordered by the metric `orderBy` (an agg id) descending. */
  terms(terms: TermsSpec, schema: string, orderBy: string): string {
    return this.push('terms', schema, {
      field: terms.field,
      size: terms.size ?? 10,
      order: 'desc',
      orderBy,
      otherBucket: false,
      otherBucketLabel: 'Other',
      missingBucket: false,
      missingBucketLabel: 'Missing',
      ...(terms.label ? { customLabel: terms.label } : {}),
    });
  }

  dateHistogram(interval = 'auto', schema = 'segment'): string {
    return this.push('date_histogram', schema, {
      field: COMMON_FIELDS.timestamp,
      useNormalizedOpenSearchInterval: true,
      interval,
      drop_partials: false,
      min_doc_count: 1,
      extended_bounds: {},
    });
  }
}

/** The axis label Dashboards shows for a metric when it has no custom label. */
export function metricLabel(metric: MetricSpec = { type: 'count' }): string {
  if (metric.label) return metric.label;
  if (metric.type === 'count') return 'Count';
  const name = { cardinality: 'Unique count', sum: 'Sum', avg: 'Average', max: 'Max', min: 'Min' }[
    metric.type
  ];
  return `${name} of ${metric.field}`;
}
