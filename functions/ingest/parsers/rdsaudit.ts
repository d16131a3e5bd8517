import { isIpAddress } from '../documents';
import { isValidEventTime } from '../iso-time';
import {
  emitRoutedDocument,
  logEventBasics,
  withoutTrailingNewline,
  type LogEventContext,
  type LogEventSink,
} from './cloudwatch-event';

/*
 * RDS and Aurora database audit logs, exported to CloudWatch Logs, as one log type `rdsaudit`:
 *
 * - MySQL, MariaDB and Aurora MySQL (`/aws/rds/instance|cluster/<id>/audit`): the MariaDB audit
 *   plugin's CSV, `timestamp,serverhost,username,host,connectionid,queryid,operation,database,
 *   object,retcode` (RDS writes `YYYYMMDD HH:MM:SS`, Aurora epoch microseconds; Aurora MySQL 3
 *   appends `connection_type`; later appended fields are kept in `extra`), under `mysql`;
 * - PostgreSQL and Aurora PostgreSQL (`/aws/rds/instance|cluster/<id>/postgresql`): the server log
 *   with RDS's log_line_prefix `%t:%r:%u@%d:[%p]:`, under `postgresql`; pgaudit's
 *   `AUDIT: <type>,<statement id>,<substatement id>,<class>,<command>,<object type>,<object name>,<statement>,<parameter>`
 *   lines are split into their fields, and failed authentications are marked.
 *
 * One log type, because what an analyst asks of both is the same (who connected from where, who
 * failed to log in, who granted what, who read which table): `siem.rds` normalizes those facts
 * across engines (engine, database, command, class, statement, object), and detections use only
 * those and the common fields. The engine's own fields stay under `mysql` and `postgresql`.
 */

export const RDS_MYSQL_AUDIT_LOG_GROUP = /^\/aws\/rds\/(instance|cluster)\/([^/]+)\/audit$/;
export const RDS_POSTGRESQL_LOG_GROUP = /^\/aws\/rds\/(instance|cluster)\/([^/]+)\/postgresql$/;

const MYSQL_FIELDS = [
  'timestamp',
  'serverhost',
  'username',
  'host',
  'connectionid',
  'queryid',
  'operation',
  'database',
] as const;

/** First SQL keywords that change who may do what: pgaudit's ROLE class, for MySQL statements. */
const ROLE_STATEMENT =
  /^(?:GRANT|REVOKE|(?:CREATE|ALTER|DROP|RENAME)\s+(?:USER|ROLE)|SET\s+(?:PASSWORD|DEFAULT\s+ROLE))\b/i;
const DDL_STATEMENT = /^(?:CREATE|ALTER|DROP|RENAME|TRUNCATE)\b/i;
const READ_STATEMENT = /^(?:SELECT|SHOW|DESCRIBE|DESC|EXPLAIN)\b/i;
const WRITE_STATEMENT = /^(?:INSERT|UPDATE|DELETE|REPLACE|LOAD)\b/i;

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : value;

/** The SQL command of a statement: its first keyword, two for CREATE/ALTER/DROP (`CREATE USER`). */
export function sqlCommand(statement: string): string | undefined {
  const m = /^\s*\(*\s*([A-Za-z]+)(?:\s+([A-Za-z]+))?/.exec(statement);
  if (!m) return undefined;
  const first = m[1].toUpperCase();
  if (m[2] && /^(?:CREATE|ALTER|DROP|RENAME|SET|SHOW)$/.test(first)) return `${first} ${m[2].toUpperCase()}`;
  return first;
}

/** pgaudit's class of a statement, for engines that do not log one. */
function statementClass(statement: string): string | undefined {
  const s = statement.trimStart();
  if (ROLE_STATEMENT.test(s)) return 'ROLE';
  if (DDL_STATEMENT.test(s)) return 'DDL';
  if (READ_STATEMENT.test(s)) return 'READ';
  if (WRITE_STATEMENT.test(s)) return 'WRITE';
  return s === '' ? undefined : 'MISC';
}

/** The plugin quotes `object` in single quotes with backslash escapes; the other fields have no commas. */
export function splitMysqlAuditLine(
  line: string,
): { fields: string[]; object: string; rest: string[] } | undefined {
  const fields: string[] = [];
  let i = 0;
  for (let n = 0; n < MYSQL_FIELDS.length; n++) {
    const comma = line.indexOf(',', i);
    if (comma < 0) return undefined;
    fields.push(line.slice(i, comma));
    i = comma + 1;
  }
  let object = '';
  if (line.charCodeAt(i) === 39 /* ' */) {
    let j = i + 1;
    for (; j < line.length; j++) {
      const c = line.charCodeAt(j);
      if (c === 92 /* \ */) {
        j++;
        continue;
      }
      // The closing quote is the one followed by the next field (or the end).
      if (c === 39 && (j + 1 === line.length || line.charCodeAt(j + 1) === 44)) break;
    }
    if (j >= line.length) return undefined;
    object = line.slice(i + 1, j).replace(/\\(.)/g, '$1');
    i = j + 1;
  } else {
    const comma = line.indexOf(',', i);
    object = line.slice(i, comma < 0 ? line.length : comma);
    i = comma < 0 ? line.length : comma;
  }
  let rest: string[] = [];
  if (i < line.length) {
    if (line.charCodeAt(i) !== 44 /* , */) return undefined;
    rest = line.slice(i + 1).split(',');
  }
  return { fields, object, rest };
}

/** `host` of a MariaDB 12 `host:port`, `[v6]:port` or a plain host. */
function hostOnly(host: string): string {
  const bracket = /^\[([^\]]+)\]:\d+$/.exec(host);
  if (bracket) return bracket[1];
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(host);
  return v4 ? v4[1] : host;
}

const MYSQL_CONNECT_OPERATIONS: Record<string, string> = {
  CONNECT: 'connect',
  FAILED_CONNECT: 'connect',
  DISCONNECT: 'disconnect',
  CHANGEUSER: 'connect',
};

/** pgaudit's class of the plugin's table events (server_audit_events=TABLE). */
const TABLE_CLASS: Record<string, string> = {
  READ: 'READ',
  WRITE: 'WRITE',
  CREATE: 'DDL',
  ALTER: 'DDL',
  DROP: 'DDL',
  RENAME: 'DDL',
};

/** Splits one CSV record (double quotes, `""` escapes), as pgaudit writes its fields. */
export function splitCsv(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === 34 /* " */) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          value += text.slice(j);
          j = text.length;
          break;
        }
        value += text.slice(j, q);
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      out.push(value);
      const comma = text.indexOf(',', j);
      if (comma < 0) return out;
      i = comma + 1;
    } else {
      const comma = text.indexOf(',', i);
      if (comma < 0) {
        out.push(text.slice(i));
        return out;
      }
      out.push(text.slice(i, comma));
      i = comma + 1;
    }
  }
}

const PGAUDIT_FIELDS = [
  'audit_type',
  'statement_id',
  'substatement_id',
  'class',
  'command',
  'object_type',
  'object_name',
  'statement',
  'parameter',
] as const;

/** `%t:%r:%u@%d:[%p]:` then `SEVERITY:  message`; %r is `host(port)`, `[local]` or empty. */
const PG_PREFIX =
  /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? ?[A-Za-z0-9+-]*):(?:(\[local\])|([^()]*?)\((\d+)\)|):(.*?)@(.*?):\[(\d+)\]:([A-Z0-9]+):\s{1,2}([\s\S]*)$/;

/** Server messages of a refused connection (authentication, no pg_hba.conf entry, unknown role). */
const PG_AUTH_FAILURE =
  /^(?:password authentication failed|no pg_hba\.conf entry|role "[^"]*" does not exist|PAM authentication failed|Ident authentication failed|SCRAM authentication failed)/;
const PG_CONNECTION_AUTHORIZED = /^connection authorized: /;

type Engine = 'mysql' | 'postgresql';

function logGroupFacts(ctx: LogEventContext, pattern: RegExp) {
  const m = ctx.logGroup === undefined ? null : pattern.exec(ctx.logGroup);
  return { scope: m?.[1], db_identifier: m?.[2] };
}

function emit(
  logEvent: Record<string, unknown>,
  ctx: LogEventContext,
  sink: LogEventSink,
  engine: Engine,
  build: (message: string) => { facts: Facts; body: Record<string, unknown> } | string,
): void {
  const basics = logEventBasics(logEvent, ctx, sink, isValidEventTime);
  if (!basics) return;
  const built = build(withoutTrailingNewline(basics.message));
  if (typeof built === 'string') {
    sink.bad(basics.message, built, basics.id);
    return;
  }
  const { facts, body } = built;
  const group = logGroupFacts(ctx, engine === 'mysql' ? RDS_MYSQL_AUDIT_LOG_GROUP : RDS_POSTGRESQL_LOG_GROUP);
  emitRoutedDocument(ctx, basics, sink, {
    common: {
      logType: 'rdsaudit',
      sourceIp: facts.sourceIp,
      action: facts.action,
      outcome: facts.outcome,
    },
    userName: nonEmpty(facts.user),
    siem: {
      rds: {
        engine,
        ...group,
        database: nonEmpty(facts.database),
        command: facts.command,
        class: facts.class,
        object: nonEmpty(facts.object),
        statement: nonEmpty(facts.statement),
      },
    },
    body,
  });
}

interface Facts {
  readonly sourceIp?: string;
  readonly user?: string;
  readonly action?: string;
  readonly outcome?: 'success' | 'failure';
  readonly database?: string;
  readonly command?: string;
  readonly class?: string;
  readonly object?: string;
  readonly statement?: string;
}

function mysqlRecord(line: string): { facts: Facts; body: Record<string, unknown> } | string {
  const split = splitMysqlAuditLine(line);
  if (!split) return 'not a MySQL audit plugin record (timestamp,serverhost,username,host,…)';
  const mysql: Record<string, unknown> = {};
  MYSQL_FIELDS.forEach((name, i) => {
    if (split.fields[i] !== '') mysql[name] = split.fields[i];
  });
  for (const name of ['connectionid', 'queryid'] as const) {
    const value = Number(mysql[name]);
    if (/^\d{1,15}$/.test(String(mysql[name]))) mysql[name] = value;
  }
  if (split.object !== '') mysql.object = split.object;
  const [retcode, connectionType, ...extra] = split.rest;
  if (retcode !== undefined && retcode !== '')
    mysql.retcode = /^-?\d{1,9}$/.test(retcode) ? Number(retcode) : retcode;
  if (connectionType !== undefined && connectionType !== '') mysql.connection_type = connectionType;
  if (extra.length > 0) mysql.extra = extra;
  const operation = String(mysql.operation ?? '');
  const host = typeof mysql.host === 'string' ? hostOnly(mysql.host) : undefined;
  const connection = MYSQL_CONNECT_OPERATIONS[operation];
  // QUERY events carry the statement in `object`; table events (READ, WRITE...) the table name.
  const isQuery = operation.startsWith('QUERY');
  const statement = isQuery ? split.object : undefined;
  const command = statement === undefined ? undefined : sqlCommand(statement);
  const failed = operation === 'FAILED_CONNECT' || (mysql.retcode !== undefined && mysql.retcode !== 0);
  return {
    facts: {
      sourceIp: host !== undefined && isIpAddress(host) ? host : undefined,
      user: typeof mysql.username === 'string' ? mysql.username : undefined,
      action: connection ?? command ?? (operation || undefined),
      outcome:
        mysql.retcode === undefined && connection === undefined ? undefined : failed ? 'failure' : 'success',
      database: typeof mysql.database === 'string' ? mysql.database : undefined,
      command: command ?? (connection === undefined ? operation || undefined : undefined),
      class:
        statement === undefined
          ? connection
            ? 'CONNECT'
            : TABLE_CLASS[operation]
          : statementClass(statement),
      object: isQuery ? undefined : split.object,
      statement,
    },
    body: { mysql },
  };
}

function postgresqlRecord(message: string): { facts: Facts; body: Record<string, unknown> } {
  const m = PG_PREFIX.exec(message);
  if (!m) return { facts: {}, body: { postgresql: { message } } };
  const [, time, local, remoteHost, remotePort, user, database, pid, severity, text] = m;
  const postgresql: Record<string, unknown> = { log_time: time };
  if (local) postgresql.remote_host = local;
  if (remoteHost) postgresql.remote_host = remoteHost;
  if (remotePort) postgresql.remote_port = Number(remotePort);
  if (user) postgresql.user = user;
  if (database) postgresql.database = database;
  postgresql.pid = Number(pid);
  postgresql.severity = severity;
  postgresql.message = text;
  const sourceIp = remoteHost && isIpAddress(remoteHost) ? remoteHost : undefined;
  const base = { sourceIp, user, database };
  if (text.startsWith('AUDIT: ')) {
    const values = splitCsv(text.slice(7));
    const audit: Record<string, unknown> = {};
    PGAUDIT_FIELDS.forEach((name, i) => {
      const value = values[i];
      if (value === undefined || value === '') return;
      audit[name] =
        (name === 'statement_id' || name === 'substatement_id') && /^\d{1,15}$/.test(value)
          ? Number(value)
          : value;
    });
    if (values.length > PGAUDIT_FIELDS.length) audit.extra = values.slice(PGAUDIT_FIELDS.length);
    postgresql.pgaudit = audit;
    const command = typeof audit.command === 'string' ? audit.command : undefined;
    return {
      facts: {
        ...base,
        action: command,
        command,
        class: typeof audit.class === 'string' ? audit.class : undefined,
        object: typeof audit.object_name === 'string' ? audit.object_name : undefined,
        statement: typeof audit.statement === 'string' ? audit.statement : undefined,
      },
      body: { postgresql },
    };
  }
  if (severity === 'FATAL' && PG_AUTH_FAILURE.test(text)) {
    return {
      facts: { ...base, action: 'connect', outcome: 'failure', class: 'CONNECT' },
      body: { postgresql },
    };
  }
  if (PG_CONNECTION_AUTHORIZED.test(text)) {
    return {
      facts: { ...base, action: 'connect', outcome: 'success', class: 'CONNECT' },
      body: { postgresql },
    };
  }
  return { facts: base, body: { postgresql } };
}

export function parseRdsMysqlAuditLogEvent(
  logEvent: Record<string, unknown>,
  ctx: LogEventContext,
  sink: LogEventSink,
): void {
  emit(logEvent, ctx, sink, 'mysql', mysqlRecord);
}

export function parseRdsPostgresqlLogEvent(
  logEvent: Record<string, unknown>,
  ctx: LogEventContext,
  sink: LogEventSink,
): void {
  emit(logEvent, ctx, sink, 'postgresql', postgresqlRecord);
}
