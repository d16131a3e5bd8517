import { splitCsv, splitMysqlAuditLine, sqlCommand } from '../../../functions/ingest/parsers/rdsaudit';
import { parseRouted } from './cloudwatch-routed';

describe('RDS and Aurora MySQL audit logs (routed out of CloudWatch Logs)', () => {
  it('reads the audit plugin CSV of RDS (date-time) and Aurora (microseconds, appended connection_type)', () => {
    // Act
    const { docs, dead } = parseRouted('rdsaudit/mysql-audit.json');

    // Assess
    expect(docs).toHaveLength(9);
    expect(docs.every((d) => d.event.dataset === 'rdsaudit' && d.siem.rds.engine === 'mysql')).toBe(true);
    expect(dead).toEqual([]);
    expect(docs[0].mysql).toEqual({
      timestamp: '20250115 10:00:00',
      serverhost: 'ip-10-0-1-20',
      username: 'rdsadmin',
      host: 'localhost',
      connectionid: 26,
      queryid: 0,
      operation: 'CONNECT',
      retcode: 0,
    });
    expect(docs[0].source).toBeUndefined();
    expect(docs[7].mysql).toMatchObject({ timestamp: '1736935207000000', connection_type: '1' });
    expect(docs[8].mysql.extra).toEqual(['appended']);
    expect(docs[8].source.ip).toBe('2001:db8::15');
    expect(docs[6].siem.rds).toMatchObject({ scope: 'cluster', db_identifier: 'orders-aurora' });
  });

  it('normalizes failed logins, grants and user creation across engines', () => {
    // Act
    const { docs } = parseRouted('rdsaudit/mysql-audit.json');

    // Assess
    expect(docs[2]).toMatchObject({
      event: { action: 'connect', outcome: 'failure' },
      source: { ip: '203.0.113.50' },
      user: { name: 'admin' },
      mysql: { operation: 'FAILED_CONNECT', retcode: 1045 },
    });
    expect(docs[3].siem.rds).toMatchObject({
      command: 'GRANT',
      class: 'ROLE',
      statement: "GRANT ALL PRIVILEGES ON *.* TO 'backdoor'@'%'",
    });
    expect(docs[6].siem.rds).toMatchObject({ command: 'CREATE USER', class: 'ROLE' });
    expect(docs[4].siem.rds).toMatchObject({ class: 'WRITE', object: 'orders' });
  });

  it('splits quoted objects with commas and escaped quotes, and refuses lines it cannot split', () => {
    // Act
    const quoted = splitMysqlAuditLine("1,h,u,10.0.0.1,1,2,QUERY,db,'a,b \\'c\\'',0,1");
    const empty = splitMysqlAuditLine('1,h,u,10.0.0.1,1,2,CONNECT,,,0');
    const unterminated = splitMysqlAuditLine("1,h,u,10.0.0.1,1,2,QUERY,db,'open");

    // Assess
    expect(quoted).toEqual({
      fields: ['1', 'h', 'u', '10.0.0.1', '1', '2', 'QUERY', 'db'],
      object: "a,b 'c'",
      rest: ['0', '1'],
    });
    expect(empty?.object).toBe('');
    expect(empty?.rest).toEqual(['0']);
    expect(unterminated).toBeUndefined();
    expect(sqlCommand('  create user x')).toBe('CREATE USER');
    expect(sqlCommand('(SELECT 1)')).toBe('SELECT');
  });
});

describe('RDS and Aurora PostgreSQL logs with pgaudit (routed out of CloudWatch Logs)', () => {
  it('splits the log_line_prefix and the pgaudit CSV, quoted statements included', () => {
    // Act
    const { docs, dead } = parseRouted('rdsaudit/postgresql.json');

    // Assess
    expect(dead).toEqual([]);
    expect(docs).toHaveLength(9);
    expect(docs[1].postgresql).toMatchObject({
      remote_host: '10.0.3.14',
      remote_port: 52344,
      user: 'app',
      database: 'orders',
      pid: 2281,
      severity: 'LOG',
      pgaudit: {
        audit_type: 'SESSION',
        statement_id: 1,
        class: 'READ',
        command: 'SELECT',
        statement: `SELECT id, "total" FROM orders WHERE note = 'a,b'`,
        parameter: '<not logged>',
      },
    });
    expect(docs[4].postgresql.pgaudit).toMatchObject({
      object_type: 'TABLE',
      object_name: 'public.orders',
      parameter: '7,12.50',
    });
    expect(docs[6].postgresql.pgaudit.extra).toEqual(['appended']);
    expect(docs[6].postgresql.remote_host).toBe('[local]');
    expect(docs[5].postgresql).not.toHaveProperty('user');
    expect(docs[8]).toMatchObject({ postgresql: { message: '\tcontinuation line without a prefix' } });
  });

  it('marks authentication failures and grants with the same fields as MySQL', () => {
    // Act
    const { docs } = parseRouted('rdsaudit/postgresql.json');

    // Assess
    expect(docs[2]).toMatchObject({
      event: { action: 'connect', outcome: 'failure' },
      source: { ip: '203.0.113.50' },
      user: { name: 'postgres' },
      siem: { rds: { engine: 'postgresql', db_identifier: 'orders-pg', class: 'CONNECT' } },
    });
    expect(docs[7]).toMatchObject({ event: { outcome: 'failure' }, source: { ip: '2001:db8::20' } });
    expect(docs[3].siem.rds).toMatchObject({ command: 'GRANT', class: 'ROLE' });
    expect(docs[0].event.outcome).toBe('success');
  });

  it('splits CSV with doubled quotes and trailing empty fields', () => {
    expect(splitCsv('a,"b,""c""",,d,')).toEqual(['a', 'b,"c"', '', 'd', '']);
  });
});
