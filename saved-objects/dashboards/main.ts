import type { DashboardSpec } from '../spec';
import { F, allLogs, count, logs, visId } from './common';

const id = (name: string) => visId('main', name);
const cloudtrail = logs('cloudtrail');

/** The landing page: who is active, on which services, accounts and regions. */
export function mainDashboard(): DashboardSpec {
  return {
    id: 'siem-dashboard-main',
    title: 'SIEM: Main',
    description:
      'Active users, top AWS services, event actions, active regions and accounts across the organization.',
    timeFrom: 'now-24h',
    panels: [
      {
        width: 12,
        height: 8,
        visualization: {
          kind: 'metric',
          id: id('active-users-count'),
          title: 'Active users',
          description: 'Distinct users who called AWS APIs in the time range.',
          source: cloudtrail,
          metrics: [{ type: 'cardinality', field: F.userName, label: 'Active users' }],
        },
      },
      {
        width: 12,
        height: 8,
        visualization: {
          kind: 'metric',
          id: id('api-calls'),
          title: 'API calls',
          source: cloudtrail,
          metrics: [count],
        },
      },
      {
        width: 12,
        height: 8,
        visualization: {
          kind: 'metric',
          id: id('failed-api-calls'),
          title: 'Failed API calls',
          source: cloudtrail,
          query: `${F.outcome}:failure`,
          metrics: [{ type: 'count', label: 'Failed calls' }],
        },
      },
      {
        width: 12,
        height: 8,
        visualization: {
          kind: 'metric',
          id: id('active-accounts-count'),
          title: 'Active accounts',
          source: allLogs,
          metrics: [{ type: 'cardinality', field: F.accountId, label: 'Accounts' }],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('active-users'),
          title: 'Currently active users',
          description: 'Users by number of API calls, with the time of their last call.',
          source: cloudtrail,
          rows: [{ field: F.userName, size: 20, label: 'User' }],
          metrics: [count, { type: 'max', field: F.timestamp, label: 'Last seen' }],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'pie',
          id: id('top-services'),
          title: 'Top 10 AWS services',
          source: cloudtrail,
          slices: { field: 'eventSource', size: 10, label: 'Service' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'horizontal_bar',
          id: id('event-actions'),
          title: 'Event actions',
          source: cloudtrail,
          bars: { field: F.action, size: 20, label: 'Action' },
          splitBy: { field: F.outcome, size: 2, label: 'Outcome' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'line',
          id: id('event-actions-over-time'),
          title: 'Top event actions over time',
          source: cloudtrail,
          splitBy: { field: F.action, size: 5, label: 'Action' },
        },
      },
      {
        width: 16,
        visualization: {
          kind: 'pie',
          id: id('active-regions'),
          title: 'Active regions',
          source: allLogs,
          slices: { field: F.region, size: 20, label: 'Region' },
        },
      },
      {
        width: 16,
        visualization: {
          kind: 'table',
          id: id('accounts'),
          title: 'Account numbers',
          description: 'Every account that sent logs, and which sources it sent.',
          source: allLogs,
          rows: [
            { field: F.accountId, size: 50, label: 'Account' },
            { field: F.logType, size: 10, label: 'Source' },
          ],
        },
      },
      {
        width: 16,
        visualization: {
          kind: 'tagcloud',
          id: id('identity-types'),
          title: 'Caller identity types',
          source: cloudtrail,
          tags: { field: 'userIdentity.type', size: 10 },
        },
      },
      {
        width: 48,
        visualization: {
          kind: 'histogram',
          id: id('events-by-source'),
          title: 'Events over time by source',
          source: allLogs,
          splitBy: { field: F.logType, size: 10, label: 'Source' },
        },
      },
    ],
  };
}
