import type { DashboardSpec, PanelSpec } from '../spec';
import { F, logs, visId, headlineMetrics } from './common';

/*
 * Who gets into the hosts and the network: SSH logins, sudo and account changes on Linux hosts,
 * Windows logons, processes and group changes, and Client VPN connections. The per-source
 * overviews keep the common-field panels and the detections.
 */

const id = (name: string) => visId('hosts-vpn', name);
const linux = logs('linux');
const windows = logs('windows');
const vpn = logs('clientvpn');

const SSH_FAILURES = 'event.action:(ssh-login OR ssh-invalid-user) AND event.outcome:failure';
const ACCOUNT_CHANGES = 'event.action:(user-created OR user-added-to-group OR group-created)';
const SECURITY_EVENTS =
  'windows.EventID:(4624 OR 4625 OR 4672 OR 4688 OR 4720 OR 4728 OR 4732 OR 4756 OR 1102)';
const GROUP_CHANGES = 'windows.EventID:(4728 OR 4732 OR 4756)';

const panels: PanelSpec[] = [
  {
    width: 32,
    height: 8,
    visualization: {
      kind: 'histogram',
      id: id('ssh-logins'),
      title: 'Linux: SSH logins over time by outcome',
      source: linux,
      query: 'event.action:ssh-login',
      splitBy: { field: F.outcome, size: 2, label: 'Outcome' },
    },
  },
  headlineMetrics({
    id: id('linux-hosts'),
    title: 'Linux: hosts and users',
    source: linux,
    metrics: [
      { type: 'cardinality', field: 'host.name', label: 'Hosts' },
      { type: 'cardinality', field: F.userName, label: 'Users' },
    ],
  }),
  {
    width: 24,
    visualization: {
      kind: 'table',
      id: id('ssh-failures'),
      title: 'Linux: failed SSH logins by source address and user',
      source: linux,
      query: SSH_FAILURES,
      rows: [
        { field: F.sourceIp, size: 20, label: 'Source IP' },
        { field: F.userName, size: 5, label: 'User' },
      ],
    },
  },
  {
    width: 24,
    visualization: {
      kind: 'table',
      id: id('sudo'),
      title: 'Linux: sudo and su by user, host and outcome',
      source: linux,
      query: 'event.action:(sudo OR su)',
      rows: [
        { field: F.userName, size: 20, label: 'User' },
        { field: 'host.name', size: 10, label: 'Host' },
        { field: F.outcome, size: 2, label: 'Outcome' },
      ],
    },
  },
  {
    width: 48,
    visualization: {
      kind: 'table',
      id: id('linux-account-changes'),
      title: 'Linux: accounts created and group memberships added',
      source: linux,
      query: ACCOUNT_CHANGES,
      rows: [
        { field: 'host.name', size: 20, label: 'Host' },
        { field: F.action, size: 3, label: 'Change' },
        { field: F.userName, size: 10, label: 'Account' },
        { field: 'linux.group', size: 10, label: 'Group' },
      ],
    },
  },
  {
    width: 32,
    visualization: {
      kind: 'histogram',
      id: id('windows-security-events'),
      title: 'Windows: Security events over time by event id',
      source: windows,
      query: SECURITY_EVENTS,
      splitBy: { field: 'windows.EventID', size: 9, label: 'Event ID' },
    },
  },
  {
    width: 16,
    visualization: {
      kind: 'pie',
      id: id('windows-logon-types'),
      title: 'Windows: logons by logon type',
      source: windows,
      query: 'windows.EventID:4624',
      slices: { field: 'windows.LogonType', size: 10, label: 'Logon type' },
    },
  },
  {
    width: 24,
    visualization: {
      kind: 'table',
      id: id('windows-logon-failures'),
      title: 'Windows: failed logons by source address, account and status',
      source: windows,
      query: 'windows.EventID:4625',
      rows: [
        { field: F.sourceIp, size: 20, label: 'Source IP' },
        { field: 'windows.TargetUserName', size: 5, label: 'Account' },
        { field: 'windows.SubStatus', size: 3, label: 'Sub status' },
      ],
    },
  },
  {
    width: 24,
    visualization: {
      kind: 'table',
      id: id('windows-processes'),
      title: 'Windows: processes created by host and user',
      source: windows,
      query: 'windows.EventID:4688',
      rows: [
        { field: 'process.name', size: 20, label: 'Process' },
        { field: 'host.name', size: 10, label: 'Host' },
        { field: F.userName, size: 5, label: 'User' },
      ],
    },
  },
  {
    width: 48,
    visualization: {
      kind: 'table',
      id: id('windows-group-changes'),
      title: 'Windows: members added to groups, logs cleared',
      source: windows,
      query: `${GROUP_CHANGES} OR windows.EventID:1102`,
      rows: [
        { field: 'host.name', size: 20, label: 'Host' },
        { field: 'windows.EventID', size: 4, label: 'Event ID' },
        { field: 'windows.TargetUserName', size: 10, label: 'Group' },
        { field: F.userName, size: 10, label: 'By' },
      ],
    },
  },
  {
    width: 32,
    visualization: {
      kind: 'histogram',
      id: id('vpn-attempts'),
      title: 'Client VPN: connection attempts over time by outcome',
      source: vpn,
      query: 'event.action:connection-attempt',
      splitBy: { field: F.outcome, size: 2, label: 'Outcome' },
    },
  },
  {
    width: 16,
    visualization: {
      kind: 'metric',
      id: id('vpn-users'),
      title: 'Client VPN: users, device addresses and bytes received',
      source: vpn,
      metrics: [
        { type: 'cardinality', field: F.userName, label: 'Users' },
        { type: 'cardinality', field: F.sourceIp, label: 'Device addresses' },
        { type: 'sum', field: 'siem.clientvpn.egress_bytes', label: 'Bytes to clients' },
      ],
    },
  },
  {
    width: 48,
    visualization: {
      kind: 'table',
      id: id('vpn-failures'),
      title: 'Client VPN: failed attempts by user, device address and reason',
      source: vpn,
      query: 'event.outcome:failure',
      rows: [
        { field: F.userName, size: 20, label: 'User' },
        { field: F.sourceIp, size: 5, label: 'Device IP' },
        { field: 'siem.clientvpn.failure_reason', size: 5, label: 'Reason' },
      ],
    },
  },
];

export function hostsVpnDashboard(): DashboardSpec {
  return {
    id: 'siem-dashboard-hosts-vpn',
    title: 'SIEM: hosts and VPN access',
    description:
      'Linux SSH logins, sudo and account changes; Windows logons, failed logons, processes and group changes; Client VPN attempts and failures.',
    panels,
  };
}
