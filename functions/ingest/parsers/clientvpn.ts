import { parseGenericLogEvent } from './cloudwatch-default';
import { jsonMessageParser, type MessageParser, type RoutedDocument } from './cloudwatch-event';
import { ipOf } from './safe-json';

/*
 * AWS Client VPN connection logs: one JSON object per connection attempt and per connection reset,
 * written to the log group (and stream) of the endpoint's connection log options. Every value is a
 * string and `NA` is the empty value. The record is kept under `clientvpn` with AWS's hyphenated
 * names; `siem.clientvpn` holds the facts typed (addresses, counters, times), so an `NA` or a new
 * value in a field never stops a document from indexing.
 */

/** Connection-log groups as the member stack names them: `/aws/clientvpn/<endpoint id>`. */
export const CLIENTVPN_LOG_GROUP = /^\/aws\/clientvpn\/[^/]/;

const text = (value: unknown) =>
  typeof value === 'string' && value !== '' && value !== 'NA' && value !== '-' ? value : undefined;

function count(value: unknown): number | undefined {
  const s = text(value);
  return s !== undefined && /^\d{1,15}$/.test(s) ? Number(s) : undefined;
}

/** `2020-03-26 20:37:15` (UTC, as the service writes it) to ISO 8601; undefined for `NA`. */
function time(value: unknown): string | undefined {
  const s = text(value);
  const m = s === undefined ? null : /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(s);
  return m ? `${m[1]}T${m[2]}Z` : undefined;
}

function outcomeOf(record: Record<string, unknown>): 'success' | 'failure' | undefined {
  const status = text(record['connection-attempt-status']);
  if (status === 'successful') return 'success';
  if (status === 'failed') return 'failure';
  return undefined;
}

function connectionLogDocument(r: Record<string, unknown>): RoutedDocument {
  const user = text(r.username) ?? text(r['common-name']);
  return {
    common: {
      logType: 'clientvpn',
      // The device's own (public) address; `client-ip` is the tunnel address the endpoint gave it.
      sourceIp: ipOf(text(r['device-ip'])),
      action: text(r['connection-log-type']),
      outcome: outcomeOf(r),
    },
    userName: user,
    siem: {
      clientvpn: {
        endpoint_id: text(r['client-vpn-endpoint-id']),
        connection_id: text(r['connection-id']),
        status: text(r['connection-attempt-status']),
        failure_reason: text(r['connection-attempt-failure-reason']),
        reset_status: text(r['connection-reset-status']),
        client_ip: ipOf(text(r['client-ip'])),
        client_ipv6: ipOf(text(r['client-ipv6'])),
        device_ip: ipOf(text(r['device-ip'])),
        port: count(r.port),
        common_name: text(r['common-name']),
        username: text(r.username),
        device_type: text(r['device-type']),
        transport: text(r['transport-protocol']),
        start_time: time(r['connection-start-time']),
        end_time: time(r['connection-end-time']),
        duration_seconds: count(r['connection-duration-seconds']),
        ingress_bytes: count(r['ingress-bytes']),
        egress_bytes: count(r['egress-bytes']),
        ingress_packets: count(r['ingress-packets']),
        egress_packets: count(r['egress-packets']),
      },
    },
    body: { clientvpn: r },
  };
}

export const parseClientVpnLogEvent: MessageParser = jsonMessageParser(
  parseGenericLogEvent,
  connectionLogDocument,
);
