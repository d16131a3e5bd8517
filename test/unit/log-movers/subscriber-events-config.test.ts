import { parseSubscriberConfig, splitList } from '../../../functions/log-subscriber/config';
import { classifySubscriberEvent } from '../../../functions/log-subscriber/events';

/** The shape EventBridge delivers for a CloudTrail-recorded CreateLogGroup call (trimmed). */
function createLogGroupEvent(detail: Record<string, unknown>) {
  return {
    version: '0',
    id: '6f2c1a52-0000-0000-0000-000000000000',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.logs',
    account: '111122223333',
    time: '2026-11-25T09:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail: {
      eventVersion: '1.08',
      eventSource: 'logs.amazonaws.com',
      eventName: 'CreateLogGroup',
      awsRegion: 'eu-west-1',
      requestParameters: { logGroupName: '/app/orders' },
      responseElements: null,
      ...detail,
    },
  };
}

describe('classifySubscriberEvent', () => {
  it.each([
    [
      'a CreateLogGroup call',
      createLogGroupEvent({}),
      { kind: 'subscribe-group', logGroupName: '/app/orders' },
    ],
    [
      'a scheduled event',
      { 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} },
      { kind: 'backfill' },
    ],
    ['a manual backfill request', { action: 'backfill' }, { kind: 'backfill' }],
    [
      'a failed CreateLogGroup call',
      createLogGroupEvent({ errorCode: 'ResourceAlreadyExistsException' }),
      { kind: 'ignore', reason: 'CreateLogGroup failed with ResourceAlreadyExistsException' },
    ],
    [
      'another API call',
      createLogGroupEvent({ eventName: 'DeleteLogGroup' }),
      { kind: 'ignore', reason: 'unexpected API call: DeleteLogGroup' },
    ],
    [
      'a call without a group name',
      createLogGroupEvent({ requestParameters: {} }),
      { kind: 'ignore', reason: 'CreateLogGroup event without requestParameters.logGroupName' },
    ],
    ['something else', { hello: 'world' }, { kind: 'ignore', reason: 'unexpected event: no detail-type' }],
    ['null', null, { kind: 'ignore', reason: 'event is not an object' }],
  ])('routes %s', (_label, event, expected) => {
    // Act
    const invocation = classifySubscriberEvent(event);

    // Assess
    expect(invocation).toEqual(expected);
  });
});

describe('parseSubscriberConfig', () => {
  const destination = 'arn:aws:lambda:eu-west-1:111122223333:function:siem-log-transfer';

  it('reads the settings with their defaults', () => {
    // Act
    const config = parseSubscriberConfig({
      DESTINATION_ARN: destination,
      EXCLUDED_PREFIXES: '/aws/lambda/siem-, /noisy/ ,',
      OWN_LOG_GROUPS: '/aws/lambda/a,/aws/lambda/b',
    });

    // Assess
    expect(config).toEqual({
      destinationArn: destination,
      filterName: 'siem-log-transfer',
      excludedPrefixes: ['/aws/lambda/siem-', '/noisy/'],
      ownLogGroups: ['/aws/lambda/a', '/aws/lambda/b'],
    });
  });

  it.each([undefined, '', 'siem-log-transfer', 'arn:aws:s3:::bucket'])(
    'rejects DESTINATION_ARN %p',
    (value) => {
      // Act
      const parse = () => parseSubscriberConfig({ DESTINATION_ARN: value });

      // Assess
      expect(parse).toThrow(/DESTINATION_ARN must be the log-transferring function's ARN/);
    },
  );

  it('splits comma-separated lists without blanks', () => {
    // Act
    const items = splitList(' a, ,b,');

    // Assess
    expect(items).toEqual(['a', 'b']);
  });
});
