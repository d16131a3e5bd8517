import {
  SAMPLE_ACCOUNT_ID,
  SAMPLE_EXTERNAL_IP,
  SAMPLE_REGION,
  SAMPLE_TIME,
  merge,
  repeatEvent,
  sampleUuid,
} from '../samples';

/** A CloudTrail record as it appears in the `Records` array of a log file. */
export type CloudTrailRecord = { readonly [field: string]: unknown };

/** The IAM user alice, with her access key: the default caller of a sample record. */
export const IAM_USER = {
  type: 'IAMUser',
  principalId: 'AIDAQEXAMPLEALICE0001',
  arn: `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:user/alice`,
  accountId: SAMPLE_ACCOUNT_ID,
  accessKeyId: 'AKIAQEXAMPLEALICE001',
  userName: 'alice',
};

export const ROOT_IDENTITY = {
  type: 'Root',
  principalId: SAMPLE_ACCOUNT_ID,
  arn: `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:root`,
  accountId: SAMPLE_ACCOUNT_ID,
  accessKeyId: 'ASIAQEXAMPLEROOT0001',
};

export const ASSUMED_ROLE_IDENTITY = {
  type: 'AssumedRole',
  principalId: 'AROAQEXAMPLEDEPLOY01:ci',
  arn: `arn:aws:sts::${SAMPLE_ACCOUNT_ID}:assumed-role/deploy/ci`,
  accountId: SAMPLE_ACCOUNT_ID,
  sessionContext: {
    sessionIssuer: {
      type: 'Role',
      principalId: 'AROAQEXAMPLEDEPLOY01',
      arn: `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:role/deploy`,
      accountId: SAMPLE_ACCOUNT_ID,
      userName: 'deploy',
    },
  },
};

/**
 * A management-event record of `eventName` on `eventSource` by an IAM user from an external
 * address; `overrides` are deep-merged (set `errorCode`, `requestParameters`...), except
 * `userIdentity`, which replaces the IAM user whole so identities never mix.
 */
export function cloudTrailRecord(
  eventSource: string,
  eventName: string,
  overrides: CloudTrailRecord = {},
): CloudTrailRecord {
  const seed = `${eventSource}/${eventName}/${JSON.stringify(overrides)}`;
  const readOnly = /^(Get|Describe|List|Head|Lookup)/.test(eventName);
  const { userIdentity = IAM_USER, ...rest } = overrides;
  return merge(
    {
      eventVersion: '1.09',
      userIdentity,
      eventTime: SAMPLE_TIME,
      eventSource,
      eventName,
      awsRegion: SAMPLE_REGION,
      sourceIPAddress: SAMPLE_EXTERNAL_IP,
      userAgent: 'aws-cli/2.15.30 md/Botocore#1.34.60 ua/2.0 os/linux#6.5',
      requestParameters: null,
      responseElements: null,
      requestID: sampleUuid(`request/${seed}`),
      eventID: sampleUuid(`event/${seed}`),
      readOnly,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: SAMPLE_ACCOUNT_ID,
      eventCategory: 'Management',
    },
    rest,
  );
}

/** `count` copies of a record with distinct `eventID`s (CloudTrail's own de-duplication key). */
export function repeatRecord(record: CloudTrailRecord, count: number): CloudTrailRecord[] {
  return repeatEvent(record, count, (r, i) => ({
    ...r,
    eventID: sampleUuid(`${String(r.eventID)}/${i}`),
  }));
}

/**
 * `eventName` as an AWS service calls it for a principal: a session of a service-linked role,
 * `invokedBy` and the service as source address (Auto Scaling launching instances, EBS creating
 * KMS grants...). `overrides` as for {@link cloudTrailRecord}.
 */
export function serviceCall(
  eventSource: string,
  eventName: string,
  overrides: CloudTrailRecord = {},
  service = 'autoscaling.amazonaws.com',
): CloudTrailRecord {
  const role = 'AWSServiceRoleForAutoScaling';
  // A record passed as overrides keeps its fields, not its ids: the service's call is another event.
  const { eventID: _eventId, requestID: _requestId, ...rest } = overrides;
  return cloudTrailRecord(eventSource, eventName, {
    ...rest,
    sourceIPAddress: service,
    userAgent: service,
    userIdentity: {
      type: 'AssumedRole',
      principalId: `AROAQEXAMPLESERVICE1:${service.split('.')[0]}`,
      arn: `arn:aws:sts::${SAMPLE_ACCOUNT_ID}:assumed-role/${role}/${service.split('.')[0]}`,
      accountId: SAMPLE_ACCOUNT_ID,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: 'AROAQEXAMPLESERVICE1',
          arn: `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:role/aws-service-role/${service}/${role}`,
          accountId: SAMPLE_ACCOUNT_ID,
          userName: role,
        },
      },
      invokedBy: service,
    },
  });
}

/** The same call by a principal of another account whose user or role has the same name. */
export function inOtherAccount(record: CloudTrailRecord, accountId = '444444444444'): CloudTrailRecord {
  const identity = record.userIdentity as Record<string, unknown>;
  const swap = (value: unknown) =>
    typeof value === 'string' ? value.replace(SAMPLE_ACCOUNT_ID, accountId) : value;
  const issuer = (identity.sessionContext as { sessionIssuer?: Record<string, unknown> } | undefined)
    ?.sessionIssuer;
  return {
    ...record,
    eventID: sampleUuid(`${String(record.eventID)}/${accountId}`),
    recipientAccountId: accountId,
    userIdentity: {
      ...identity,
      arn: swap(identity.arn),
      accountId,
      ...(issuer
        ? { sessionContext: { sessionIssuer: { ...issuer, arn: swap(issuer.arn), accountId } } }
        : {}),
    },
  };
}
