import {
  decideSubscription,
  exclusionReason,
  lambdaLogGroupOf,
  type SubscriptionTarget,
} from '../../../functions/log-subscriber/subscribe';

const DESTINATION = 'arn:aws:lambda:eu-west-1:111122223333:function:siem-log-transfer';
const target: SubscriptionTarget = {
  destinationArn: DESTINATION,
  filterName: 'siem-log-transfer',
  excludedPrefixes: ['/aws/lambda/siem-', '/skip/'],
  ownLogGroups: ['/aws/lambda/my-subscriber'],
};

describe('lambdaLogGroupOf', () => {
  it.each([
    [DESTINATION, '/aws/lambda/siem-log-transfer'],
    [`${DESTINATION}:live`, '/aws/lambda/siem-log-transfer'],
    ['arn:aws:firehose:eu-west-1:111122223333:deliverystream/x', undefined],
  ])('maps %s to %s', (arn, expected) => {
    // Act
    const group = lambdaLogGroupOf(arn);

    // Assess
    expect(group).toBe(expected);
  });
});

describe('exclusionReason', () => {
  it.each([
    ['/aws/lambda/siem-log-transfer', { ...target, excludedPrefixes: [] }, 'destination function log group'],
    ['/aws/lambda/my-subscriber', target, 'own log group'],
    ['/skip/this', target, 'excluded prefix /skip/'],
    ['/aws/lambda/siem-anything', target, 'excluded prefix /aws/lambda/siem-'],
    ['/app/orders', target, undefined],
    ['/skipped-not-prefixed', target, undefined],
    ['/app/orders', { ...target, excludedPrefixes: [''] }, undefined],
  ])('for %s gives %s', (group, settings, expected) => {
    // Act
    const reason = exclusionReason(group, settings);

    // Assess
    expect(reason).toBe(expected);
  });
});

describe('decideSubscription', () => {
  const ours = { filterName: 'siem-log-transfer', destinationArn: DESTINATION };
  const foreignA = {
    filterName: 'team-a',
    destinationArn: 'arn:aws:lambda:eu-west-1:111122223333:function:a',
  };
  const foreignB = {
    filterName: 'team-b',
    destinationArn: 'arn:aws:kinesis:eu-west-1:111122223333:stream/b',
  };

  it.each([
    ['no filters', [], { action: 'put', replacesOwnFilter: false }],
    ['one foreign filter', [foreignA], { action: 'put', replacesOwnFilter: false }],
    [
      'our filter',
      [ours],
      { action: 'skip', outcome: 'already-subscribed', existingFilters: ['siem-log-transfer'] },
    ],
    [
      'our destination under another name',
      [{ ...ours, filterName: 'legacy' }, foreignA],
      { action: 'skip', outcome: 'already-subscribed', existingFilters: ['legacy', 'team-a'] },
    ],
    [
      'two foreign filters',
      [foreignA, foreignB],
      { action: 'skip', outcome: 'slots-full', existingFilters: ['team-a', 'team-b'] },
    ],
    [
      'our name pointing at an old destination, slots full',
      [{ ...ours, destinationArn: `${DESTINATION}-old` }, foreignA],
      { action: 'put', replacesOwnFilter: true },
    ],
  ] as const)('with %s decides %j', (_label, existing, expected) => {
    // Act
    const decision = decideSubscription(existing, target);

    // Assess
    expect(decision).toEqual(expected);
  });
});
