/* Network Firewall's Suricata EVE pieces, shared by the demo and the benign day. */

/** Suricata's EVE time: microseconds and a `+0000` offset. */
export const eveTime = (ms: number) => new Date(ms).toISOString().replace('Z', '000+0000');

/** The netflow part of a flow record: a 30-second TCP exchange of `bytes` ending at `at`. */
export function netflowFields(at: number, bytes: number) {
  return {
    event_type: 'netflow',
    netflow: {
      pkts: Math.ceil(bytes / 1400),
      bytes,
      start: eveTime(at - 30_000),
      end: eveTime(at),
      age: 30,
      min_ttl: 63,
      max_ttl: 64,
    },
    tcp: { tcp_flags: '1b', syn: true, fin: true, psh: true, ack: true },
  };
}

/** The alert part of the stateful TLS rule's record when a server name is not on the allowlist. */
export function tlsAllowlistBlock(sni: string) {
  return {
    event_type: 'alert',
    tls: { sni, version: 'TLS 1.3' },
    alert: {
      action: 'blocked',
      signature_id: 3,
      rev: 0,
      signature: 'not matching any TLS allowlisted FQDNs',
      category: '',
      severity: 3,
    },
  };
}
