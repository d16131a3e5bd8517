import { gzipSync } from 'node:zlib';
import { archiveBucketName, elbLogBucketName } from '../../../config/archive-names';
import type { SiemConfig } from '../../../config/schema';
import { assetRequestLine, CLOUDFRONT_LOG_HEADER } from '../../demo/generate/cloudfront-line';
import { compactTime, datePath, type DemoObject } from '../../demo/generate/context';
import { wafRecord } from '../../demo/generate/waf-record';
import type { Random } from '../../demo/generate/random';
import { timesAt, type Span } from './clock';
import type { BenignAccount } from './organization';

/*
 * A benign day of web traffic in a prod account: shoppers through CloudFront, the ALB behind it
 * (with its health checks and the odd 502 of a deploy), WAF's verdicts on the same requests (a few
 * blocks of internet scanners' requests) and the S3 server access logs of the exports bucket.
 */

const PATHS = ['/', '/products', '/products/42', '/cart', '/checkout', '/api/orders', '/static/app.js'];
const SHOPPER_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Gecko/20100101 Firefox/133.0';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const OWNER = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';

interface WebDayOptions {
  readonly config: SiemConfig;
  readonly account: BenignAccount;
  readonly span: Span;
  readonly random: Random;
}

const shopper = (random: Random) =>
  `${random.pick([81, 86, 91, 109, 176, 213])}.${random.int(1, 254)}.${random.int(1, 254)}.${random.int(1, 254)}`;

export function webDay(opts: WebDayOptions): DemoObject[] {
  const { config, account, span, random } = opts;
  if (account.kind !== 'prod') return [];
  const stamp = compactTime(span.start);
  const objects: DemoObject[] = [];
  const requests = timesAt(random, span, 300).map((time) => ({
    time,
    ip: shopper(random),
    path: random.pick(PATHS),
    status: random.next() < 0.002 ? 502 : 200,
  }));

  // ALB access logs, health checks included.
  const lb = `app/shop-prod/${account.id.slice(-8)}c9188`;
  const tg = `arn:aws:elasticloadbalancing:${account.region}:${account.id}:targetgroup/shop-web/73e2d6bc24d8a067`;
  const albLine = (
    r: { time: number; ip: string; path: string; status: number },
    i: number,
    ua = SHOPPER_UA,
  ) =>
    [
      'https',
      new Date(r.time).toISOString().replace('Z', '000Z'),
      lb,
      `${r.ip}:${random.int(32768, 60999)}`,
      '10.0.2.14:8080',
      '0.001',
      (random.int(2, 400) / 1000).toFixed(3),
      '0.000',
      r.status,
      r.status === 502 ? '-' : 200,
      random.int(200, 900),
      random.int(300, 40_000),
      `"GET https://shop.example.com:443${r.path} HTTP/1.1"`,
      `"${ua}"`,
      'ECDHE-RSA-AES128-GCM-SHA256',
      'TLSv1.2',
      tg,
      `"Root=1-${(r.time / 1000).toString(16).slice(0, 8)}-${String(i).padStart(24, '0')}"`,
      '"shop.example.com"',
      `"arn:aws:acm:${account.region}:${account.id}:certificate/12345678-1234-1234-1234-123456789012"`,
      0,
      new Date(r.time - 5).toISOString().replace('Z', '000Z'),
      '"forward"',
      '"-"',
      '"-"',
      '"10.0.2.14:8080"',
      `"${r.status === 502 ? '-' : 200}"`,
      '"-"',
      '"-"',
      `TID_${String(i).padStart(8, '0')}abcd5678ef90`,
    ].join(' ');
  const checks = timesAt(random, span, 60).map((time) => ({
    time,
    ip: '10.0.1.5',
    path: '/health',
    status: 200,
  }));
  const albLines = [
    ...requests.map((r, i) => ({ time: r.time, line: albLine(r, i) })),
    ...checks.map((r, i) => ({
      time: r.time,
      line: albLine(r, requests.length + i, 'ELB-HealthChecker/2.0'),
    })),
  ].sort((a, b) => a.time - b.time);
  objects.push({
    bucket: elbLogBucketName(config, account.region),
    key:
      `AWSLogs/${account.id}/elasticloadbalancing/${account.region}/${datePath(span.start)}/` +
      `${account.id}_elasticloadbalancing_${account.region}_app.shop-prod.${account.id.slice(-8)}c9188_${stamp}_10.0.1.5_benign.log.gz`,
    body: gzipSync(`${albLines.map((l) => l.line).join('\n')}\n`),
    documents: { elb: albLines.length },
  });

  // WAF: the same requests allowed, and a few scanners' probes blocked by the managed rules.
  const acl = `arn:aws:wafv2:${account.region}:${account.id}:regional/webacl/shop-prod/a1b2c3d4-5678-90ab-cdef-${account.id}`;
  const probes = timesAt(random, span, 4).map((time) => ({
    time,
    ip: shopper(random),
    path: '/.env',
    status: 403,
  }));
  const waf = [...requests.map((r) => ({ r, block: false })), ...probes.map((r) => ({ r, block: true }))]
    .sort((a, b) => a.r.time - b.r.time)
    .map(({ r, block }, i) =>
      wafRecord({
        timestamp: r.time,
        webaclId: acl,
        httpSourceId: `${account.id}-${lb}`,
        ruleGroup: 'AWSManagedRulesKnownBadInputsRuleSet',
        blockedBy: block ? { ruleId: 'ExploitablePaths_URIPATH', matchDetails: [] } : undefined,
        clientIp: r.ip,
        country: 'IE',
        uri: r.path,
        args: '',
        requestId: `1-${(r.time / 1000).toString(16).slice(0, 8)}-${String(i).padStart(24, '0')}`,
      }),
    );
  objects.push({
    bucket: archiveBucketName(config, 'waf'),
    key:
      `AWSLogs/${account.id}/WAFLogs/${account.region}/shop-prod/${new Date(span.start).toISOString().slice(0, 16).replace(/[-T:]/g, '/')}/` +
      `${account.id}_waflogs_${account.region}_shop-prod_${stamp}_benign.log.gz`,
    body: gzipSync(waf.map((e) => JSON.stringify(e)).join('\n') + '\n'),
    documents: { waf: waf.length },
  });

  // CloudFront standard logs of the shop's static assets.
  const edge = timesAt(random, span, 300).map((time, i) => {
    const bytes = random.int(400, 250_000);
    const result = random.next() < 0.85 ? 'Hit' : 'Miss';
    return assetRequestLine(
      {
        time,
        edge: random.pick(['DUB56-P1', 'LHR61-C2', 'FRA56-P5']),
        bytes,
        clientIp: shopper(random),
        distributionHost: `d${account.id.slice(-6)}abcdef8.cloudfront.net`,
        path: random.pick(['/static/app.js', '/static/app.css', '/images/hero.jpg', '/index.html']),
        result,
        requestId: `${account.id.slice(-6)}${String(time).slice(-7)}${String(i).padStart(6, '0')}Q4rgb7XiVGOHms_BGlTAC4KyH==`,
        host: 'shop.example.com',
      },
      random,
    );
  });
  objects.push({
    bucket: archiveBucketName(config, 'cloudfront'),
    key: `cloudfront/E${account.id.slice(-8)}SHOP.${new Date(span.start).toISOString().slice(0, 13).replace('T', '-')}.${account.id.slice(-8)}.gz`,
    body: gzipSync(`${CLOUDFRONT_LOG_HEADER}\n${edge.join('\n')}\n`),
    documents: { cloudfront: edge.length },
  });

  // S3 server access logs of the exports bucket: the application's reads and writes.
  const bucket = `orders-exports-${account.id}`;
  const accessTime = (ms: number) => {
    const d = new Date(ms);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `[${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000]`;
  };
  const access = timesAt(random, span, 100).map((time, i) => {
    const put = random.next() < 0.3;
    const key = `exports/2026/orders-${random.int(1, 99999)}.json`;
    return [
      OWNER,
      bucket,
      accessTime(time),
      `10.0.2.${random.pick([14, 37])}`,
      `arn:aws:sts::${account.id}:assumed-role/orders-api/task-${random.int(1, 12)}`,
      `3E57427F${String(i).padStart(8, '0')}`,
      put ? 'REST.PUT.OBJECT' : 'REST.GET.OBJECT',
      key,
      `"${put ? 'PUT' : 'GET'} /${bucket}/${key} HTTP/1.1"`,
      200,
      '-',
      5120,
      5120,
      12,
      9,
      '"-"',
      '"aws-sdk-js/3.700.0 ua/2.1 os/linux#5.10 lang/js md/nodejs#20.18.0 api/s3#3.700.0"',
      '-',
      `s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi3${String(i).padStart(4, '0')}=`,
      'SigV4',
      'ECDHE-RSA-AES128-GCM-SHA256',
      'AuthHeader',
      `${bucket}.s3.${account.region}.amazonaws.com`,
      'TLSv1.3',
      '-',
      '-',
    ].join(' ');
  });
  objects.push({
    bucket: archiveBucketName(config, 's3access'),
    key: `${account.id}/${bucket}/${new Date(span.start).toISOString().slice(0, 19).replace(/[T:]/g, '-')}-${account.id.slice(-8)}BENIGN`,
    body: Buffer.from(`${access.join('\n')}\n`),
    documents: { s3access: access.length },
  });
  return objects;
}
