import { parseRouted } from './cloudwatch-routed';

const FIXTURE = 'clientvpn/connections.json';

describe('Client VPN connection logs (routed out of CloudWatch Logs)', () => {
  it('keeps the record under clientvpn and types the facts, NA left out', () => {
    // Act
    const { docs, dead } = parseRouted(FIXTURE);

    // Assess
    expect(dead).toEqual([]);
    expect(docs.map((d) => d.event.dataset)).toEqual([
      'clientvpn',
      'clientvpn',
      'clientvpn',
      'clientvpn',
      'clientvpn',
      'cloudwatch',
    ]);
    expect(docs[0]).toMatchObject({
      event: { action: 'connection-attempt', outcome: 'success' },
      source: { ip: '198.51.100.30' },
      user: { name: 'alice' },
      siem: {
        clientvpn: {
          client_ip: '172.16.0.130',
          port: 50096,
          start_time: '2025-01-15T10:00:00Z',
          status: 'successful',
        },
      },
      clientvpn: { 'connection-end-time': 'NA' },
    });
    expect(docs[0].siem.clientvpn).not.toHaveProperty('end_time');
    expect(docs[0].siem.clientvpn).not.toHaveProperty('failure_reason');
  });

  it('reads failures, resets with counters, certificate-only users and appended fields', () => {
    // Act
    const { docs } = parseRouted(FIXTURE);

    // Assess
    expect(docs[1]).toMatchObject({
      event: { outcome: 'failure' },
      user: { name: 'bob' },
      source: { ip: '203.0.113.60' },
      siem: { clientvpn: { failure_reason: 'client-auth-failed' } },
    });
    expect(docs[1].siem.clientvpn).not.toHaveProperty('client_ip');
    expect(docs[2]).toMatchObject({
      event: { action: 'connection-reset' },
      siem: {
        clientvpn: { duration_seconds: 5400, egress_bytes: 52428800, end_time: '2025-01-15T11:30:00Z' },
      },
    });
    expect(docs[2].event).not.toHaveProperty('outcome');
    expect(docs[3]).toMatchObject({
      user: { name: 'client1.vpn.example.com' },
      clientvpn: { 'client-openvpn-version': '2.6.8' },
    });
    expect(docs[4]).toMatchObject({
      source: { ip: '2001:db8::30' },
      siem: { clientvpn: { client_ipv6: 'fd00::5' } },
    });
    expect(docs[4].siem.clientvpn).not.toHaveProperty('port');
  });
});
