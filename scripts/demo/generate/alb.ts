import { gzipSync } from 'node:zlib';
import { elbLogBucketName } from '../../../config/archive-names';
import {
  MINUTE,
  byTime,
  compactTime,
  datePath,
  workloadAccount,
  type DemoContext,
  type DemoObject,
} from './context';
import { seededRandom } from './random';

/* Application Load Balancer access logs of the shop (space-separated, quoted fields, gzip). */

const REQUESTS = 60;
const LB = 'app/shop-prod/50dc6c495c0c9188';
const PATHS = ['/', '/products', '/products/42', '/cart', '/checkout', '/api/orders'];

export function albObjects(ctx: DemoContext): DemoObject[] {
  const account = workloadAccount(ctx.config);
  const random = seededRandom(1802);
  const targetGroup = `arn:aws:elasticloadbalancing:${account.region}:${account.id}:targetgroup/shop-web/73e2d6bc24d8a067`;
  const requests = Array.from({ length: REQUESTS }, (_, i) => {
    const time = ctx.now - random.int(1 * MINUTE, 55 * MINUTE);
    const status = random.next() < 0.05 ? 502 : 200;
    const target = `10.0.2.${random.pick([14, 37])}:8080`;
    return {
      time,
      line: [
        'https',
        new Date(time).toISOString().replace('Z', '000Z'),
        LB,
        `192.0.2.${random.int(1, 250)}:${random.int(32768, 60999)}`,
        target,
        '0.001',
        (random.int(2, 900) / 1000).toFixed(3),
        '0.000',
        status,
        status === 502 ? '-' : 200,
        random.int(200, 900),
        random.int(300, 40_000),
        `"GET https://shop.example.com:443${random.pick(PATHS)} HTTP/1.1"`,
        '"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Gecko/20100101 Firefox/133.0"',
        'ECDHE-RSA-AES128-GCM-SHA256',
        'TLSv1.2',
        targetGroup,
        `"Root=1-6744${String(i).padStart(4, '0')}-0d1e2f3a4b5c6d7e8f901a2b"`,
        '"shop.example.com"',
        `"arn:aws:acm:${account.region}:${account.id}:certificate/12345678-1234-1234-1234-123456789012"`,
        0,
        new Date(time - 5).toISOString().replace('Z', '000Z'),
        '"forward"',
        '"-"',
        '"-"',
        `"${target}"`,
        `"${status === 502 ? '-' : 200}"`,
        '"-"',
        '"-"',
        `TID_${String(i).padStart(4, '0')}abcd5678ef90`,
      ].join(' '),
    };
  });
  const lines = byTime(requests, (r) => r.time).map((r) => r.line);
  const key =
    `AWSLogs/${account.id}/elasticloadbalancing/${account.region}/${datePath(ctx.now)}/` +
    `${account.id}_elasticloadbalancing_${account.region}_app.shop-prod.50dc6c495c0c9188_${compactTime(ctx.now)}_192.0.2.1_demo.log.gz`;
  return [
    {
      bucket: elbLogBucketName(ctx.config, account.region),
      key,
      body: gzipSync(`${lines.join('\n')}\n`),
      documents: { elb: lines.length },
    },
  ];
}
