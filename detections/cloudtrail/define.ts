import type { Detection, DslQuery, MitreTechnique, Severity } from '../types';
import { cloudTrailRecord, type CloudTrailRecord } from './records';

/*
 * Most CloudTrail detections are "one of these API calls happened": this builds their query and
 * samples from the event names, so each definition states only what is specific to it.
 */

/**
 * CloudTrail delivers a log file within about 15 minutes of the call; looking back 30 minutes
 * on a 5-minute schedule means a late file is still seen by a later run.
 */
export const CLOUDTRAIL_SCHEDULE_MINUTES = 5;
export const CLOUDTRAIL_LOOKBACK_MINUTES = 30;

export interface ApiCallDetectionSpec {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly mitre: MitreTechnique;
  /** e.g. `cloudtrail.amazonaws.com`. */
  readonly eventSource: string;
  readonly eventNames: readonly string[];
  /** A call of the same service that must not fire the detection (usually a read). */
  readonly benignEventName: string;
  /**
   * Whether calls that failed (with an `errorCode`) count. CIS metric filters count attempts;
   * elsewhere a denied call changed nothing and the unauthorized-calls detection covers it.
   * @default false
   */
  readonly includeFailures?: boolean;
  /** Further clauses every matching record must satisfy (e.g. a request parameter). */
  readonly extraFilters?: readonly DslQuery[];
  /** Merged into every positive sample, to satisfy `extraFilters`. */
  readonly positiveOverrides?: CloudTrailRecord;
  /** More events that must not fire the detection, besides the benign call. */
  readonly extraNegatives?: readonly CloudTrailRecord[];
}

export function apiCallQuery(
  eventSource: string,
  eventNames: readonly string[],
  options: { includeFailures?: boolean; extraFilters?: readonly DslQuery[] } = {},
): Detection['query'] {
  const filter: DslQuery[] = [
    { term: { eventSource } },
    { terms: { eventName: [...eventNames] } },
    ...(options.extraFilters ?? []),
  ];
  return {
    bool: options.includeFailures ? { filter } : { filter, must_not: [{ exists: { field: 'errorCode' } }] },
  };
}

/** A detection that fires on any one successful (or, for CIS, attempted) call of the listed APIs. */
export function apiCallDetection(spec: ApiCallDetectionSpec): Detection {
  const overrides = spec.positiveOverrides ?? {};
  const negatives: CloudTrailRecord[] = [cloudTrailRecord(spec.eventSource, spec.benignEventName)];
  if (!spec.includeFailures) {
    negatives.push(
      cloudTrailRecord(spec.eventSource, spec.eventNames[0] ?? '', {
        ...overrides,
        errorCode: 'AccessDenied',
        errorMessage: 'User is not authorized to perform this operation',
      }),
    );
  }
  negatives.push(...(spec.extraNegatives ?? []));
  return {
    id: spec.id,
    title: spec.title,
    description: spec.description,
    severity: spec.severity,
    mitre: spec.mitre,
    logType: 'cloudtrail',
    query: apiCallQuery(spec.eventSource, spec.eventNames, spec),
    condition: { kind: 'threshold', minCount: 1 },
    scheduleMinutes: CLOUDTRAIL_SCHEDULE_MINUTES,
    lookbackMinutes: CLOUDTRAIL_LOOKBACK_MINUTES,
    positiveSamples: spec.eventNames.map((name) => cloudTrailRecord(spec.eventSource, name, overrides)),
    negativeSamples: negatives,
  };
}
