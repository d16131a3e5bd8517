import { LINUX_LOG_GROUP } from '../../../functions/ingest/parsers/linux';
import { CLIENTVPN_LOG_GROUP } from '../../../functions/ingest/parsers/clientvpn';
import { WINDOWS_LOG_GROUP } from '../../../functions/ingest/parsers/windows';
import { MemberAccountStack } from '../../../stacks/member-account-stack';
import { exampleSiemConfig, fakeBundler, resourcesOf, synthStack, testApp } from './synth-helpers';

const config = exampleSiemConfig((raw) => {
  const prod = raw.memberAccounts[0] as unknown as Record<string, unknown>;
  prod.osLogs = {
    linux: [
      { name: 'secure', region: 'eu-west-1' },
      { name: 'auth', region: 'eu-central-1' },
    ],
    windows: [{ name: 'security', region: 'eu-west-1' }],
  };
  prod.clientVpnConnectionLogs = {
    endpoints: [{ id: 'cvpn-endpoint-0123456789abcdef0', region: 'eu-central-1' }],
  };
});
const synth = (name: string) =>
  synthStack(
    new MemberAccountStack(testApp(), {
      config,
      account: config.memberAccounts.find((a) => a.name === name)!,
      functionBundler: fakeBundler,
    }),
  );

const ROUTED = [LINUX_LOG_GROUP, WINDOWS_LOG_GROUP, CLIENTVPN_LOG_GROUP];
const routedGroups = (stack: ReturnType<typeof synth>) =>
  resourcesOf(stack, 'aws_cloudwatch_log_group')
    .map(([, r]) => r)
    .filter((g) => ROUTED.some((pattern) => pattern.test(String(g.name))));

describe('MemberAccountStack: OS logs and Client VPN connection logs', () => {
  const prod = synth('workloads-prod');
  const dev = synth('workloads-dev');

  it('creates each named group in its region, under a name the routing table reads, KMS-encrypted for a year', () => {
    // Act
    const groups = routedGroups(prod).map((g) => [
      g.name,
      g.provider,
      g.retention_in_days,
      g.kms_key_id !== undefined,
    ]);

    // Assess
    expect(groups).toEqual(
      expect.arrayContaining([
        ['/siem/os/linux/secure', 'aws.eu-west-1', 365, true],
        ['/siem/os/windows/security', 'aws.eu-west-1', 365, true],
        ['/siem/os/linux/auth', 'aws.eu-central-1', 365, true],
        ['/aws/clientvpn/cvpn-endpoint-0123456789abcdef0', 'aws.eu-central-1', 365, true],
      ]),
    );
    expect(groups).toHaveLength(4);
  });

  it('outputs an agent logs section naming the groups (Windows as XML) and the endpoint command', () => {
    // Act
    const outputs = JSON.stringify(prod.output);

    // Assess
    expect(outputs).toContain('\\"log_group_name\\":\\"/siem/os/windows/security\\"');
    expect(outputs).toContain('\\"event_format\\":\\"xml\\"');
    expect(outputs).toContain(
      '--connection-log-options Enabled=true,CloudwatchLogGroup=/aws/clientvpn/cvpn-endpoint-0123456789abcdef0',
    );
  });

  it('adds nothing to a member that opts into none of them', () => {
    expect(routedGroups(dev)).toEqual([]);
  });
});
