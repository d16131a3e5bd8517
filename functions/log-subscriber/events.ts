/**
 * What the log-subscribing function was invoked for. EventBridge delivers two kinds of event to it:
 * the CloudTrail record of a CreateLogGroup call, and the schedule that re-runs the backfill.
 */
export type SubscriberInvocation =
  | { readonly kind: 'subscribe-group'; readonly logGroupName: string }
  | { readonly kind: 'backfill' }
  | { readonly kind: 'ignore'; readonly reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function classifySubscriberEvent(event: unknown): SubscriberInvocation {
  if (!isRecord(event)) return { kind: 'ignore', reason: 'event is not an object' };
  // A manual `aws lambda invoke --payload '{"action":"backfill"}'` runs the backfill on demand.
  if (event.action === 'backfill') return { kind: 'backfill' };
  const detailType = event['detail-type'];
  if (detailType === 'Scheduled Event') return { kind: 'backfill' };
  if (detailType !== 'AWS API Call via CloudTrail' || !isRecord(event.detail)) {
    return { kind: 'ignore', reason: `unexpected event: ${String(detailType ?? 'no detail-type')}` };
  }
  const detail = event.detail;
  if (detail.eventName !== 'CreateLogGroup') {
    return { kind: 'ignore', reason: `unexpected API call: ${String(detail.eventName)}` };
  }
  // A failed call (e.g. ResourceAlreadyExistsException) is recorded too, but created nothing new.
  if (detail.errorCode !== undefined) {
    return { kind: 'ignore', reason: `CreateLogGroup failed with ${String(detail.errorCode)}` };
  }
  const requestParameters = detail.requestParameters;
  const logGroupName = isRecord(requestParameters) ? requestParameters.logGroupName : undefined;
  if (typeof logGroupName !== 'string' || logGroupName === '') {
    return { kind: 'ignore', reason: 'CreateLogGroup event without requestParameters.logGroupName' };
  }
  return { kind: 'subscribe-group', logGroupName };
}
