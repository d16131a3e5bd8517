import { ConfigError, parseConfig } from '../../../config/load';
import type { SiemConfigInput } from '../../../config/schema';
import exampleConfig from '../../../siem.config.json';

/* Config of the S3-delivered sources: transitGatewayArns, configDelivery, guardDuty.s3Export. */

type Raw = Record<string, unknown> & { memberAccounts: Array<Record<string, unknown>> };

function raw(change: (raw: Raw) => void): SiemConfigInput {
  const copy = structuredClone(exampleConfig) as unknown as Raw;
  change(copy);
  return copy as unknown as SiemConfigInput;
}

function problemsOf(change: (raw: Raw) => void): string {
  try {
    parseConfig(raw(change), 'test');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.join('\n');
    throw err;
  }
  throw new Error('the config was accepted');
}

const TGW = 'arn:aws:ec2:eu-central-1:333333333333:transit-gateway/tgw-0a1b2c3d4e5f60718';

describe('S3-delivered sources in the config', () => {
  it('are all off by default', () => {
    // Act
    const config = parseConfig(
      raw(() => undefined),
      'test',
    );

    // Assess
    expect(config.guardDuty).toEqual({ s3Export: false });
    for (const member of config.memberAccounts) {
      expect(member.transitGatewayArns).toEqual([]);
      expect(member.configDelivery).toBeUndefined();
    }
  });

  it('keep what is set, with the daily snapshot by default', () => {
    // Act
    const config = parseConfig(
      raw((r) => {
        r.memberAccounts[0]!.transitGatewayArns = [TGW];
        r.memberAccounts[0]!.configDelivery = {};
        r.memberAccounts[1]!.configDelivery = { snapshotFrequency: 'One_Hour' };
        r.guardDuty = { s3Export: true };
      }),
      'test',
    );

    // Assess
    expect(config.memberAccounts[0]).toMatchObject({
      transitGatewayArns: [TGW],
      configDelivery: { snapshotFrequency: 'TwentyFour_Hours' },
    });
    expect(config.memberAccounts[1]!.configDelivery).toEqual({ snapshotFrequency: 'One_Hour' });
    expect(config.guardDuty.s3Export).toBe(true);
  });

  it.each<[string, (r: Raw) => void, string]>([
    [
      'a malformed transit gateway ARN',
      (r) => (r.memberAccounts[0]!.transitGatewayArns = ['tgw-0a1b2c3d4e5f60718']),
      'memberAccounts[0].transitGatewayArns[0]: must be a transit gateway ARN: arn:aws:ec2:<region>:<account>:transit-gateway/tgw-<id>',
    ],
    [
      "another account's transit gateway",
      (r) => (r.memberAccounts[0]!.transitGatewayArns = [TGW.replace('333333333333', '444444444444')]),
      'memberAccounts[0].transitGatewayArns[0]: is a transit gateway of account 444444444444, not of this member (333333333333): only its owner can create its flow log',
    ],
    [
      'a transit gateway outside the member regions',
      (r) => (r.memberAccounts[0]!.transitGatewayArns = [TGW.replace('eu-central-1', 'us-west-2')]),
      'memberAccounts[0].transitGatewayArns[0]: is in us-west-2, which memberAccounts[0].regions does not list',
    ],
    [
      'the same transit gateway twice',
      (r) => (r.memberAccounts[0]!.transitGatewayArns = [TGW, TGW]),
      'memberAccounts[0].transitGatewayArns[1]: duplicate transit gateway, already memberAccounts[0].transitGatewayArns[0]',
    ],
    [
      'an unknown snapshot frequency',
      (r) => (r.memberAccounts[0]!.configDelivery = { snapshotFrequency: 'Daily' }),
      'memberAccounts[0].configDelivery.snapshotFrequency',
    ],
    [
      'an unknown configDelivery field',
      (r) => (r.memberAccounts[0]!.configDelivery = { recorder: true }),
      'memberAccounts[0].configDelivery',
    ],
    ['a guardDuty typo', (r) => (r.guardDuty = { s3Exports: true }), 'guardDuty'],
    ['a non-boolean s3Export', (r) => (r.guardDuty = { s3Export: 'yes' }), 'guardDuty.s3Export'],
  ])('reject %s, naming the field', (_what, change, expected) => {
    // Act and assess
    expect(problemsOf(change)).toContain(expected);
  });
});
