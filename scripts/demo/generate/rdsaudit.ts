import { archivedPayload, type TimedMessage } from './cloudwatch-payload';
import { MINUTE, workloadAccount, type DemoContext, type DemoObject } from './context';
import { seededRandom } from './random';
import { ATTACKER_IP, STORY_MINUTES } from './story';

/*
 * RDS audit logs: the `orders` MySQL instance (audit plugin) and the `ledger` Aurora PostgreSQL
 * cluster (pgaudit), with the application's sessions and, in the story, a password-guessing burst
 * from the attacker's address against MySQL.
 */

export const RDS_GUESSES = 12;

const mysqlTime = (ms: number) => {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)} ${iso.slice(11, 19)}`;
};
const pgTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

export function rdsAuditObjects(ctx: DemoContext): DemoObject[] {
  const account = workloadAccount(ctx.config);
  const random = seededRandom(43);
  const mysql: TimedMessage[] = [];
  const mysqlLine = (ms: number, fields: (string | number)[]) =>
    mysql.push({ timestamp: ms, message: [mysqlTime(ms), 'ip-10-0-1-20', ...fields].join(',') });
  for (let i = 0; i < 10; i++) {
    const at = ctx.now - (50 - i * 4) * MINUTE;
    const connection = 300 + i;
    mysqlLine(at, ['app', '10.0.3.14', connection, 0, 'CONNECT', 'orders', '', 0]);
    mysqlLine(at + 200, [
      'app',
      '10.0.3.14',
      connection,
      9000 + i,
      'QUERY',
      'orders',
      `'SELECT id, total FROM orders WHERE customer_id = ${random.int(1, 900)}'`,
      0,
    ]);
    mysqlLine(at + 400, ['app', '10.0.3.14', connection, 0, 'DISCONNECT', 'orders', '', 0]);
  }
  for (let i = 0; i < RDS_GUESSES; i++) {
    const at = ctx.now - (STORY_MINUTES.sshStart - 2) * MINUTE + i * 3000;
    mysqlLine(at, [i % 2 ? 'admin' : 'root', ATTACKER_IP, 400 + i, 0, 'FAILED_CONNECT', '', '', 1045]);
  }
  const pg: TimedMessage[] = [];
  const pgLine = (ms: number, who: string, text: string) =>
    pg.push({
      timestamp: ms,
      message: `${pgTime(ms)}:10.0.3.20(${50000 + pg.length}):${who}@ledger:[${2000 + pg.length}]:LOG:  ${text}`,
    });
  for (let i = 0; i < 8; i++) {
    const at = ctx.now - (48 - i * 5) * MINUTE;
    pgLine(
      at,
      'ledger_app',
      'connection authorized: user=ledger_app database=ledger SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)',
    );
    pgLine(
      at + 300,
      'ledger_app',
      `AUDIT: SESSION,${i + 1},1,WRITE,INSERT,,,"INSERT INTO entries (account, amount) VALUES ($1, $2)",<not logged>`,
    );
  }
  return [
    archivedPayload(
      ctx,
      account,
      { logGroup: '/aws/rds/instance/orders-db/audit', logStream: 'orders-db.audit.log.0', id: 43 },
      mysql,
      { rdsaudit: mysql.length },
    ),
    archivedPayload(
      ctx,
      account,
      { logGroup: '/aws/rds/cluster/ledger/postgresql', logStream: 'ledger-instance-1.0', id: 44 },
      pg,
      { rdsaudit: pg.length },
    ),
  ];
}
