import { archiveBucketName } from '../../../config/archive-names';
import { MINUTE, byTime, workloadAccount, type DemoContext, type DemoObject } from './context';
import { seededRandom } from './random';
import { ATTACKER_IP, LEAKED_KEY_USER, PROBED_BUCKET, S3_DENIED_GET_OBJECT, STORY_MINUTES } from './story';

/*
 * S3 server access logs of the finance bucket: the application's reads and writes, and the
 * attacker's denied GetObject calls (the same probing CloudTrail records as data events).
 */

const APP_REQUESTS = 40;
const OWNER = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `[06/Feb/2019:00:00:38 +0000]` */
function accessLogTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `[${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000]`;
}

interface Access {
  readonly time: number;
  readonly ip: string;
  readonly requester: string;
  readonly operation: string;
  readonly key: string;
  readonly status: number;
}

function line(bucket: string, region: string, a: Access, i: number): string {
  const denied = a.status === 403;
  const method = a.operation === 'REST.PUT.OBJECT' ? 'PUT' : 'GET';
  return [
    OWNER,
    bucket,
    accessLogTime(a.time),
    a.ip,
    a.requester,
    `3E57427F3E${String(i).padStart(6, '0')}`,
    a.operation,
    a.key,
    `"${method} /${bucket}/${a.key} HTTP/1.1"`,
    a.status,
    denied ? 'AccessDenied' : '-',
    denied ? 243 : 5120,
    denied ? '-' : 5120,
    12,
    denied ? '-' : 9,
    '"-"',
    '"aws-cli/2.15.30 md/Botocore#1.34.60 ua/2.0 os/linux#6.5"',
    '-',
    `s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi3${String(i).padStart(4, '0')}=`,
    'SigV4',
    'ECDHE-RSA-AES128-GCM-SHA256',
    'AuthHeader',
    `${bucket}.s3.${region}.amazonaws.com`,
    'TLSv1.3',
    '-',
    '-',
  ].join(' ');
}

export function s3AccessObjects(ctx: DemoContext): DemoObject[] {
  const account = workloadAccount(ctx.config);
  const bucket = `${PROBED_BUCKET}-${account.id}`;
  const random = seededRandom(3303);
  const app = Array.from({ length: APP_REQUESTS }, (_, i) => ({
    time: ctx.now - random.int(1 * MINUTE, 55 * MINUTE),
    ip: `10.0.2.${random.pick([14, 37])}`,
    requester: `arn:aws:sts::${account.id}:assumed-role/orders-api/session-${random.int(1, 9)}`,
    operation: random.next() < 0.5 ? 'REST.PUT.OBJECT' : 'REST.GET.OBJECT',
    key: `exports/2026/orders-${1000 + i}.csv`,
    status: 200,
  }));
  const probes = Array.from({ length: S3_DENIED_GET_OBJECT }, (_, i) => ({
    time: ctx.now - STORY_MINUTES.s3ProbeStart * MINUTE + i * 5_000,
    ip: ATTACKER_IP,
    requester: `arn:aws:iam::${account.id}:user/${LEAKED_KEY_USER}`,
    operation: 'REST.GET.OBJECT',
    key: `exports/2026/q${(i % 4) + 1}/payroll-${i}.csv`,
    status: 403,
  }));
  const lines = byTime([...app, ...probes], (a) => a.time).map((a, i) => line(bucket, account.region, a, i));
  const stamp = new Date(ctx.now).toISOString().slice(0, 19).replace(/[T:]/g, '-');
  return [
    {
      bucket: archiveBucketName(ctx.config, 's3access'),
      key: `${account.id}/${bucket}/${stamp}-0D1E2F3A4B5C6D7E`,
      body: Buffer.from(`${lines.join('\n')}\n`),
      documents: { s3access: lines.length },
    },
  ];
}
