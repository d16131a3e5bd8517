import type { LogType } from '../../../opensearch/log-types';
import { APIGATEWAY_ACCESS_LOG_GROUP, parseApiGatewayLogEvent } from './apigateway';
import { CLIENTVPN_LOG_GROUP, parseClientVpnLogEvent } from './clientvpn';
import { parseGenericLogEvent } from './cloudwatch-default';
import type { CloudWatchRoute } from './cloudwatch-event';
import { EKS_AUDIT_LOG_GROUP, EKS_AUDIT_LOG_STREAM, parseEksAuditLogEvent } from './eksaudit';
import {
  parseRdsMysqlAuditLogEvent,
  parseRdsPostgresqlLogEvent,
  RDS_MYSQL_AUDIT_LOG_GROUP,
  RDS_POSTGRESQL_LOG_GROUP,
} from './rdsaudit';
import { LINUX_LOG_GROUP, parseLinuxLogEvent } from './linux';
import { parseWindowsLogEvent, WINDOWS_LOG_GROUP } from './windows';

/*
 * The CloudWatch Logs routing table: which log type, and which message parser, the log events of a
 * log group (and stream) get. A service that writes to CloudWatch Logs becomes a source by adding
 * a row here (and its log type): the member log movers already carry every subscribed group to the
 * archive's cloudwatch bucket. The first row that matches the payload's log group and stream wins;
 * groups that no row names take the generic route (`cloudwatch`, or `findings` for Security Hub
 * findings events). Routing is per payload, so the cost is one table scan per payload, not per event.
 */

/** The route of every log group no row names. */
export const GENERIC_ROUTE: CloudWatchRoute = {
  name: 'generic',
  logGroup: /^/,
  logTypes: ['cloudwatch', 'findings'],
  parse: parseGenericLogEvent,
};

/** Rows before the generic route, most specific first. */
export const CLOUDWATCH_ROUTES: readonly CloudWatchRoute[] = [
  {
    // The cluster's other control-plane streams (api, authenticator, scheduler...) stay `cloudwatch`.
    name: 'eks-audit',
    logGroup: EKS_AUDIT_LOG_GROUP,
    logStream: EKS_AUDIT_LOG_STREAM,
    logTypes: ['eksaudit'],
    parse: parseEksAuditLogEvent,
  },
  {
    name: 'rds-mysql-audit',
    logGroup: RDS_MYSQL_AUDIT_LOG_GROUP,
    logTypes: ['rdsaudit'],
    parse: parseRdsMysqlAuditLogEvent,
  },
  {
    name: 'rds-postgresql',
    logGroup: RDS_POSTGRESQL_LOG_GROUP,
    logTypes: ['rdsaudit'],
    parse: parseRdsPostgresqlLogEvent,
  },
  {
    name: 'apigateway-access',
    logGroup: APIGATEWAY_ACCESS_LOG_GROUP,
    logTypes: ['apigateway', 'cloudwatch'],
    parse: parseApiGatewayLogEvent,
  },
  {
    // Log groups the member stack names for the CloudWatch agent (config osLogs.linux).
    name: 'os-linux',
    logGroup: LINUX_LOG_GROUP,
    logTypes: ['linux'],
    parse: parseLinuxLogEvent,
  },
  {
    name: 'os-windows',
    logGroup: WINDOWS_LOG_GROUP,
    logTypes: ['windows'],
    parse: parseWindowsLogEvent,
  },
  {
    name: 'clientvpn-connections',
    logGroup: CLIENTVPN_LOG_GROUP,
    logTypes: ['clientvpn', 'cloudwatch'],
    parse: parseClientVpnLogEvent,
  },
];

/** Picks the route of one payload from its log group and stream (a table, extended at runtime). */
export class CloudWatchRouting {
  constructor(readonly routes: readonly CloudWatchRoute[] = CLOUDWATCH_ROUTES) {}

  route(logGroup: string | undefined, logStream: string | undefined): CloudWatchRoute {
    if (logGroup === undefined) return GENERIC_ROUTE;
    for (const row of this.routes) {
      if (!row.logGroup.test(logGroup)) continue;
      if (row.logStream && (logStream === undefined || !row.logStream.test(logStream))) continue;
      return row;
    }
    return GENERIC_ROUTE;
  }

  /** Every log type a CloudWatch Logs object may yield through this table. */
  logTypes(): LogType[] {
    const types = new Set<LogType>(GENERIC_ROUTE.logTypes);
    for (const row of this.routes) for (const type of row.logTypes) types.add(type);
    return [...types];
  }
}

export const DEFAULT_CLOUDWATCH_ROUTING = new CloudWatchRouting();
