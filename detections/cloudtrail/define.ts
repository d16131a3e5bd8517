import type { Detection, DslQuery, MitreTechnique, Severity } from '../types';
import { cloudTrailRecord, serviceCall, type CloudTrailRecord } from './records';

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

/**
 * Calls AWS makes itself, or makes for a principal: a service principal (`AWSService`), a call
 * another service made on someone's behalf (`invokedBy`, e.g. EBS creating KMS grants, Auto
 * Scaling launching instances), a service address in `sourceIPAddress`, or a service-linked role
 * (`role/aws-service-role/...`). Routine by the thousand; detections counting calls, or on APIs
 * services use all the time, leave them out.
 */
export const AWS_SERVICE_CALLERS: readonly DslQuery[] = [
  { term: { 'userIdentity.type': 'AWSService' } },
  { exists: { field: 'userIdentity.invokedBy' } },
  { wildcard: { sourceIPAddress: { value: '*.amazonaws.com' } } },
  { wildcard: { 'userIdentity.sessionContext.sessionIssuer.arn': { value: '*:role/aws-service-role/*' } } },
];

/**
 * Who made a call, as bucket keys: the principal's account and its user or role name (`user.name`
 * is a role's name for its sessions), so same-named roles of different accounts stay apart and
 * one role's many sessions count together.
 */
export const PRINCIPAL_KEY = { field: 'userIdentity.accountId', alsoBy: ['user.name'] } as const;

/**
 * Lambda records its API calls under versioned names (`AddPermission20150331v2`,
 * `UpdateFunctionCode20150331`...), and the version changes as the API evolves: a base name
 * matches it with any `YYYYMMDD` date and `vN` suffix.
 */
export function versionedEventNames(baseNames: readonly string[]): DslQuery {
  return { regexp: { eventName: `(${baseNames.join('|')})([0-9]{8}(v[0-9]+)?)?` } };
}

/**
 * A value is present at `path` inside a flat_object field (`requestParameters...`): `exists`
 * only sees a flat_object's first-level keys, a `*` wildcard sees any depth.
 */
export function hasValue(path: string): DslQuery {
  return { wildcard: { [path]: { value: '*' } } };
}

export interface ApiCallDetectionSpec {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly mitre: MitreTechnique;
  /** e.g. `cloudtrail.amazonaws.com`. */
  readonly eventSource: string;
  readonly eventNames: readonly string[];
  /**
   * When given, `eventNames` are base names matched with any API version suffix
   * ({@link versionedEventNames}), and these versioned names, as CloudTrail writes them, are the positives.
   */
  readonly versionedNames?: readonly string[];
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
  /** Clauses no matching record may satisfy. */
  readonly mustNot?: readonly DslQuery[];
  /**
   * Leave out calls by AWS services ({@link AWS_SERVICE_CALLERS}), for APIs services call routinely.
   * @default false
   */
  readonly excludeServiceCallers?: boolean;
  /** Merged into every positive sample, to satisfy `extraFilters`. */
  readonly positiveOverrides?: CloudTrailRecord;
  /**
   * The events that must fire the detection, when one per event name with `positiveOverrides`
   * does not fit (each API records its parameters its own way).
   */
  readonly positives?: readonly CloudTrailRecord[];
  /** More events that must not fire the detection, besides the benign call. */
  readonly extraNegatives?: readonly CloudTrailRecord[];
}

export function apiCallQuery(
  eventSource: string,
  eventNames: readonly string[],
  options: {
    includeFailures?: boolean;
    extraFilters?: readonly DslQuery[];
    mustNot?: readonly DslQuery[];
    excludeServiceCallers?: boolean;
    versionedNames?: readonly string[];
  } = {},
): Detection['query'] {
  const filter: DslQuery[] = [
    { term: { eventSource } },
    options.versionedNames ? versionedEventNames(eventNames) : { terms: { eventName: [...eventNames] } },
    ...(options.extraFilters ?? []),
  ];
  const mustNot: DslQuery[] = [
    ...(options.includeFailures ? [] : [{ exists: { field: 'errorCode' } }]),
    ...(options.mustNot ?? []),
    ...(options.excludeServiceCallers ? AWS_SERVICE_CALLERS : []),
  ];
  return { bool: mustNot.length > 0 ? { filter, must_not: mustNot } : { filter } };
}

/** A detection that fires on any one successful (or, for CIS, attempted) call of the listed APIs. */
export function apiCallDetection(spec: ApiCallDetectionSpec): Detection {
  const overrides = spec.positiveOverrides ?? {};
  const names = spec.versionedNames ?? spec.eventNames;
  const negatives: CloudTrailRecord[] = [cloudTrailRecord(spec.eventSource, spec.benignEventName)];
  if (!spec.includeFailures) {
    negatives.push(
      cloudTrailRecord(spec.eventSource, names[0] ?? '', {
        ...overrides,
        errorCode: 'AccessDenied',
        errorMessage: 'User is not authorized to perform this operation',
      }),
    );
  }
  if (spec.excludeServiceCallers) {
    negatives.push(serviceCall(spec.eventSource, names[0] ?? '', overrides));
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
    positiveSamples:
      spec.positives ?? names.map((name) => cloudTrailRecord(spec.eventSource, name, overrides)),
    negativeSamples: negatives,
  };
}
