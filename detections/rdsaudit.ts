import { MITRE } from './mitre';
import { SAMPLE_EXTERNAL_IP, SAMPLE_OTHER_EXTERNAL_IP } from './samples';
import type { Detection } from './types';

/*
 * RDS and Aurora database audit logs (MySQL audit plugin, PostgreSQL log with pgaudit) through
 * CloudWatch Logs. Both detections read the fields the parser normalizes across engines
 * (`siem.rds.*`, the common fields), so one monitor covers every engine.
 */

const RDS_SCHEDULE_MINUTES = 5;
const RDS_LOOKBACK_MINUTES = 15;
const FAILED_LOGINS_PER_DATABASE = 10;

const MYSQL_GROUP = '/aws/rds/instance/orders-db/audit';
const MYSQL_STREAM = 'orders-db.audit.log.0.2026-01-15-10-00.0.2';
const POSTGRESQL_GROUP = '/aws/rds/cluster/ledger/postgresql';
const POSTGRESQL_STREAM = 'ledger-instance-1.0';

/** A MySQL audit plugin record as RDS writes it (the sample writer adds id and time). */
export const mysqlAuditLogEvent = (fields: {
  user: string;
  host: string;
  operation: string;
  database?: string;
  object?: string;
  retcode?: number;
  connection?: number;
}) => ({
  logGroup: MYSQL_GROUP,
  logStream: MYSQL_STREAM,
  message: [
    '20260115 10:00:00',
    'ip-10-0-1-20',
    fields.user,
    fields.host,
    fields.connection ?? 31,
    fields.object === undefined ? 0 : 412,
    fields.operation,
    fields.database ?? '',
    fields.object === undefined ? '' : `'${fields.object.replace(/'/g, "\\'")}'`,
    fields.retcode ?? 0,
  ].join(','),
});

/** A PostgreSQL server log line with RDS's log_line_prefix `%t:%r:%u@%d:[%p]:`. */
export const postgresqlLogEvent = (user: string, host: string, severity: string, text: string) => ({
  logGroup: POSTGRESQL_GROUP,
  logStream: POSTGRESQL_STREAM,
  message: `2026-01-15 10:00:00 UTC:${host}(52344):${user}@ledger:[2281]:${severity}:  ${text}`,
});

const mysqlFailedLogin = (i: number, host = SAMPLE_EXTERNAL_IP) =>
  mysqlAuditLogEvent({
    user: i % 2 ? 'admin' : 'root',
    host,
    operation: 'FAILED_CONNECT',
    retcode: 1045,
    connection: 100 + i,
  });
const postgresqlFailedLogin = (i: number) =>
  postgresqlLogEvent(
    i % 2 ? 'postgres' : 'admin',
    SAMPLE_OTHER_EXTERNAL_IP,
    'FATAL',
    `password authentication failed for user "${i % 2 ? 'postgres' : 'admin'}"`,
  );

export const rdsAuditDetections: readonly Detection[] = [
  {
    id: 'rds-failed-login-burst',
    title: 'Burst of failed logins to one database',
    description: `${FAILED_LOGINS_PER_DATABASE} or more refused logins (MySQL FAILED_CONNECT, PostgreSQL authentication failures) to one RDS or Aurora database in the window: password guessing, or an application with a stale secret after a rotation.`,
    severity: 3,
    mitre: MITRE.passwordGuessing,
    logType: 'rdsaudit',
    query: {
      bool: { filter: [{ term: { 'event.action': 'connect' } }, { term: { 'event.outcome': 'failure' } }] },
    },
    condition: {
      kind: 'bucket',
      field: 'siem.rds.db_identifier',
      alsoBy: ['cloud.account.id'],
      minCount: FAILED_LOGINS_PER_DATABASE,
    },
    scheduleMinutes: RDS_SCHEDULE_MINUTES,
    lookbackMinutes: RDS_LOOKBACK_MINUTES,
    positiveSamples: Array.from({ length: FAILED_LOGINS_PER_DATABASE }, (_, i) => mysqlFailedLogin(i)),
    negativeSamples: [
      // One short of the threshold on each engine's database, and successful logins.
      ...Array.from({ length: FAILED_LOGINS_PER_DATABASE - 1 }, (_, i) => mysqlFailedLogin(i)),
      ...Array.from({ length: FAILED_LOGINS_PER_DATABASE - 1 }, (_, i) => postgresqlFailedLogin(i)),
      ...Array.from({ length: FAILED_LOGINS_PER_DATABASE }, (_, i) =>
        mysqlAuditLogEvent({
          user: 'app',
          host: '10.0.3.14',
          operation: 'CONNECT',
          database: 'orders',
          connection: 200 + i,
        }),
      ),
    ],
  },
  {
    id: 'rds-privilege-granted',
    title: 'Database user created or privileges granted',
    description:
      'A database user or role was created or altered, or privileges were granted (pgaudit class ROLE; the same statements in the MySQL audit log), by someone other than RDS itself (rdsadmin). Outside a change window, a backdoor account or an escalation.',
    severity: 3,
    mitre: MITRE.accountManipulation,
    logType: 'rdsaudit',
    query: {
      bool: {
        filter: [{ term: { 'siem.rds.class': 'ROLE' } }],
        must_not: [
          { terms: { 'siem.rds.command': ['REVOKE', 'DROP USER', 'DROP ROLE'] } },
          { term: { 'user.name': 'rdsadmin' } },
        ],
      },
    },
    condition: { kind: 'bucket', field: 'user.name', alsoBy: ['siem.rds.db_identifier'], minCount: 1 },
    scheduleMinutes: RDS_SCHEDULE_MINUTES,
    lookbackMinutes: RDS_LOOKBACK_MINUTES,
    positiveSamples: [
      mysqlAuditLogEvent({
        user: 'admin',
        host: '10.0.3.14',
        operation: 'QUERY',
        database: 'mysql',
        object: "GRANT ALL PRIVILEGES ON *.* TO 'backdoor'@'%'",
      }),
      postgresqlLogEvent(
        'admin',
        '10.0.3.14',
        'LOG',
        'AUDIT: SESSION,4,1,ROLE,CREATE ROLE,,,CREATE ROLE backdoor LOGIN SUPERUSER,<not logged>',
      ),
    ],
    negativeSamples: [
      mysqlAuditLogEvent({
        user: 'rdsadmin',
        host: 'localhost',
        operation: 'QUERY',
        object: "GRANT SELECT ON mysql.* TO 'rdsrepladmin'@'%'",
      }),
      mysqlAuditLogEvent({
        user: 'admin',
        host: '10.0.3.14',
        operation: 'QUERY',
        object: "REVOKE ALL ON *.* FROM 'old'@'%'",
      }),
      postgresqlLogEvent('app', '10.0.3.14', 'LOG', 'AUDIT: SESSION,1,1,READ,SELECT,,,SELECT 1,<not logged>'),
    ],
  },
];
