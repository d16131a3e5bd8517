import { gzipSync } from 'node:zlib';
import { archiveBucketName } from '../../../config/archive-names';
import { assetRequestLine, CLOUDFRONT_LOG_HEADER } from './cloudfront-line';
import { MINUTE, byTime, type DemoContext, type DemoObject } from './context';
import { seededRandom } from './random';

/* CloudFront standard (legacy) access logs of the shop's distribution: W3C header, tab-separated. */

const REQUESTS = 50;
const DISTRIBUTION = 'E2DEMO0SHOP01';
const ASSETS = ['/static/app.js', '/static/app.css', '/images/hero.jpg', '/index.html', '/favicon.ico'];
const EDGES = ['DUB56-P1', 'LHR61-C2', 'FRA56-P5', 'CDG50-C1'];

export function cloudFrontObjects(ctx: DemoContext): DemoObject[] {
  const random = seededRandom(5150);
  const requests = Array.from({ length: REQUESTS }, (_, i) => {
    const time = ctx.now - random.int(1 * MINUTE, 55 * MINUTE);
    const result = random.next() < 0.8 ? 'Hit' : 'Miss';
    const bytes = random.int(400, 250_000);
    const line = assetRequestLine(
      {
        time,
        edge: random.pick(EDGES),
        bytes,
        clientIp: `192.0.2.${random.int(1, 250)}`,
        distributionHost: 'd111111abcdef8.cloudfront.net',
        path: random.pick(ASSETS),
        result,
        requestId: `SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRL${String(i).padStart(4, '0')}==`,
        host: 'shop.example.com',
      },
      random,
    );
    return { time, line };
  });
  const lines = byTime(requests, (r) => r.time).map((r) => r.line);
  const hour = new Date(ctx.now).toISOString().slice(0, 13).replace('T', '-');
  return [
    {
      bucket: archiveBucketName(ctx.config, 'cloudfront'),
      key: `cloudfront/${DISTRIBUTION}.${hour}.0d1e2f3a.gz`,
      body: gzipSync(`${CLOUDFRONT_LOG_HEADER}\n${lines.join('\n')}\n`),
      documents: { cloudfront: lines.length },
    },
  ];
}
