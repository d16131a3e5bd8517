import { ConfigError, parseConfig } from '../../../config/load';
import type { SiemConfigInput } from '../../../config/schema';
import exampleConfig from '../../../siem.config.json';

function withMember(change: (member: Record<string, unknown>) => void) {
  const raw = structuredClone(exampleConfig) as SiemConfigInput;
  change(raw.memberAccounts[0] as unknown as Record<string, unknown>);
  return raw;
}

function problemsOf(change: (member: Record<string, unknown>) => void): string {
  try {
    parseConfig(withMember(change), 'test');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.join('\n');
    throw err;
  }
  throw new Error('the config was accepted');
}

const OS = {
  linux: [{ name: 'secure', region: 'eu-west-1' }],
  windows: [{ name: 'security', region: 'eu-west-1' }],
};
const VPN = { endpoints: [{ id: 'cvpn-endpoint-0123456789abcdef0', region: 'eu-west-1' }] };

describe('memberAccounts[]: OS logs and Client VPN connection logs', () => {
  it('are off unless set, and kept as written when set', () => {
    // Act
    const off = parseConfig(
      withMember(() => undefined),
      'test',
    );
    const on = parseConfig(
      withMember((m) => {
        m.osLogs = OS;
        m.clientVpnConnectionLogs = VPN;
      }),
      'test',
    );

    // Assess
    expect(off.memberAccounts[0].osLogs).toBeUndefined();
    expect(off.memberAccounts[0].clientVpnConnectionLogs).toBeUndefined();
    expect(on.memberAccounts[0].osLogs).toEqual(OS);
    expect(on.memberAccounts[0].clientVpnConnectionLogs).toEqual(VPN);
  });

  it('refuses names, ids, regions and duplicates that could never be collected', () => {
    // Act
    const problems = [
      problemsOf((m) => (m.osLogs = { linux: [{ name: 'var/log/secure', region: 'eu-west-1' }] })),
      problemsOf((m) => (m.osLogs = {})),
      problemsOf((m) => (m.osLogs = { windows: [OS.windows[0], OS.windows[0]] })),
      problemsOf((m) => (m.osLogs = { linux: [{ name: 'secure', region: 'ap-south-2' }] })),
      problemsOf((m) => (m.clientVpnConnectionLogs = { endpoints: [{ id: 'cvpn-1', region: 'eu-west-1' }] })),
      problemsOf((m) => (m.clientVpnConnectionLogs = { endpoints: [] })),
    ].join('\n');

    // Assess
    expect(problems).toContain('memberAccounts[0].osLogs.linux[0].name: must be 1-100 letters');
    expect(problems).toContain('name linux or windows log groups');
    expect(problems).toContain('memberAccounts[0].osLogs.windows: lists a log group twice');
    expect(problems).toContain(
      'memberAccounts[0].osLogs.linux[0].region: is ap-south-2, which regions does not list',
    );
    expect(problems).toContain(
      'memberAccounts[0].clientVpnConnectionLogs.endpoints[0].id: must be a Client VPN endpoint id',
    );
    expect(problems).toContain('list at least one endpoint');
  });

  it('refuses an excluded prefix that would keep a named log group from being subscribed', () => {
    // Act
    const problems = problemsOf((m) => {
      m.excludedLogGroupPrefixes = ['/siem/os/', '/aws/clientvpn/'];
      m.osLogs = OS;
      m.clientVpnConnectionLogs = VPN;
    });

    // Assess
    expect(problems).toContain(
      'memberAccounts[0].osLogs.linux[0]: its log group /siem/os/linux/secure starts with the excluded prefix "/siem/os/"',
    );
    expect(problems).toContain(
      'memberAccounts[0].osLogs.windows[0]: its log group /siem/os/windows/security',
    );
    expect(problems).toContain(
      'memberAccounts[0].clientVpnConnectionLogs.endpoints[0]: its log group /aws/clientvpn/cvpn-endpoint-0123456789abcdef0',
    );
  });
});
