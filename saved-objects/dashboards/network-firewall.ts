import type { DetectionLike } from '../searches';
import type { DashboardSpec } from '../spec';
import { logs, visId, headlineMetrics } from './common';
import { detectionPanels } from './detection-panels';

const id = (name: string) => visId('networkfirewall', name);
const events = logs('networkfirewall');
const ALERTS = 'event.event_type:alert';
const FLOWS = 'event.event_type:netflow';
const bytes = { type: 'sum', field: 'event.netflow.bytes', label: 'Bytes' } as const;

/** AWS Network Firewall alert and flow logs: which rules fired, what was blocked, who talks to whom. */
export function networkFirewallDashboard(detections: readonly DetectionLike[]): DashboardSpec {
  return {
    id: 'siem-dashboard-networkfirewall',
    title: 'SIEM: Network Firewall',
    description:
      'Alerts by signature, severity and action, blocked traffic by destination port, TLS names of alerts, top talkers and bytes out per host from the flow logs.',
    panels: [
      headlineMetrics({
        id: id('alerts'),
        title: 'Alerts',
        source: events,
        query: ALERTS,
        metrics: [
          { type: 'count', label: 'Alerts' },
          { type: 'cardinality', field: 'event.alert.signature_id', label: 'Signatures' },
          { type: 'cardinality', field: 'event.src_ip', label: 'Sources' },
        ],
      }),
      {
        width: 32,
        height: 8,
        visualization: {
          kind: 'histogram',
          id: id('alerts-over-time'),
          title: 'Alerts over time by action',
          source: events,
          query: ALERTS,
          splitBy: { field: 'event.alert.action', size: 3, label: 'Action' },
        },
      },
      {
        width: 32,
        visualization: {
          kind: 'table',
          id: id('signatures'),
          title: 'Alerts by signature and severity',
          description: 'Suricata severity: 1 is the highest.',
          source: events,
          query: ALERTS,
          rows: [
            { field: 'event.alert.signature', size: 25, label: 'Signature' },
            { field: 'event.alert.severity', size: 3, label: 'Severity' },
          ],
          metrics: [
            { type: 'count', label: 'Alerts' },
            { type: 'cardinality', field: 'event.src_ip', label: 'Sources' },
            { type: 'cardinality', field: 'event.dest_ip', label: 'Destinations' },
          ],
        },
      },
      {
        width: 16,
        visualization: {
          kind: 'pie',
          id: id('severities'),
          title: 'Alerts by severity',
          source: events,
          query: ALERTS,
          slices: { field: 'event.alert.severity', size: 5, label: 'Severity' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('blocked-ports'),
          title: 'Blocked traffic by destination port',
          description: 'Packets a stateful rule dropped or rejected, by port and protocol.',
          source: events,
          query: 'event.alert.action:(blocked OR rejected OR dropped)',
          rows: [
            { field: 'event.dest_port', size: 20, label: 'Destination port' },
            { field: 'event.proto', size: 3, label: 'Protocol' },
          ],
          metrics: [
            { type: 'count', label: 'Blocked' },
            { type: 'cardinality', field: 'event.src_ip', label: 'Sources' },
          ],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('blocked-sources'),
          title: 'Blocked sources and destinations',
          source: events,
          query: 'event.alert.action:(blocked OR rejected OR dropped)',
          rows: [
            { field: 'event.src_ip', size: 20, label: 'Source' },
            { field: 'event.dest_ip', size: 5, label: 'Destination' },
          ],
          metrics: [{ type: 'count', label: 'Blocked' }],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('alert-tls-names'),
          title: 'TLS server names of alerts',
          description: 'The SNI of alerted TLS traffic: egress to names outside the allow list.',
          source: events,
          query: `${ALERTS} AND _exists_:event.tls.sni`,
          rows: [
            { field: 'event.tls.sni', size: 20, label: 'Server name' },
            { field: 'event.alert.action', size: 3, label: 'Action' },
          ],
          metrics: [
            { type: 'count', label: 'Alerts' },
            { type: 'cardinality', field: 'event.src_ip', label: 'Sources' },
          ],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('top-talkers'),
          title: 'Top talkers by bytes',
          source: events,
          query: FLOWS,
          rows: [
            { field: 'event.src_ip', size: 20, label: 'Source' },
            { field: 'event.dest_ip', size: 5, label: 'Destination' },
          ],
          metrics: [bytes, { type: 'sum', field: 'event.netflow.pkts', label: 'Packets' }],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'horizontal_bar',
          id: id('bytes-out-per-host'),
          title: 'Bytes out per host',
          description:
            'Bytes each address sent (flow records are one direction each): exfiltration stands out here.',
          source: events,
          query: FLOWS,
          metric: bytes,
          bars: { field: 'event.src_ip', size: 20, label: 'Host' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('flow-ports'),
          title: 'Flows by destination port and application',
          source: events,
          query: FLOWS,
          rows: [
            { field: 'event.dest_port', size: 20, label: 'Destination port' },
            { field: 'event.app_proto', size: 3, label: 'Application' },
          ],
          metrics: [{ type: 'count', label: 'Flows' }, bytes],
        },
      },
      {
        width: 48,
        visualization: {
          kind: 'histogram',
          id: id('events-by-firewall'),
          title: 'Events over time by firewall',
          source: events,
          splitBy: { field: 'firewall_name', size: 10, label: 'Firewall' },
        },
      },
      ...detectionPanels(detections, 'networkfirewall'),
    ],
  };
}
