import { gzipSync } from 'node:zlib';
import { archiveBucketName } from '../../../config/archive-names';
import { MINUTE, byTime, type DemoContext, type DemoObject } from './context';
import { seededRandom } from './random';

/* CloudFront standard (legacy) access logs of the shop's distribution: W3C header, tab-separated. */

const REQUESTS = 50;
const DISTRIBUTION = 'E2DEMO0SHOP01';
const HEADER = [
  '#Version: 1.0',
  '#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end',
];
const ASSETS = ['/static/app.js', '/static/app.css', '/images/hero.jpg', '/index.html', '/favicon.ico'];
const EDGES = ['DUB56-P1', 'LHR61-C2', 'FRA56-P5', 'CDG50-C1'];

export function cloudFrontObjects(ctx: DemoContext): DemoObject[] {
  const random = seededRandom(5150);
  const requests = Array.from({ length: REQUESTS }, (_, i) => {
    const time = ctx.now - random.int(1 * MINUTE, 55 * MINUTE);
    const iso = new Date(time).toISOString();
    const result = random.next() < 0.8 ? 'Hit' : 'Miss';
    const bytes = random.int(400, 250_000);
    return {
      time,
      line: [
        iso.slice(0, 10),
        iso.slice(11, 19),
        random.pick(EDGES),
        bytes,
        `192.0.2.${random.int(1, 250)}`,
        'GET',
        'd111111abcdef8.cloudfront.net',
        random.pick(ASSETS),
        200,
        '-',
        'Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)',
        '-',
        '-',
        result,
        `SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRL${String(i).padStart(4, '0')}==`,
        'shop.example.com',
        'https',
        random.int(20, 60),
        (random.int(1, 300) / 1000).toFixed(3),
        '-',
        'TLSv1.3',
        'TLS_AES_128_GCM_SHA256',
        result,
        'HTTP/2.0',
        '-',
        '-',
        random.int(32768, 60999),
        (random.int(1, 300) / 1000).toFixed(3),
        result,
        'application/javascript',
        bytes - 300,
        '-',
        '-',
      ].join('\t'),
    };
  });
  const lines = byTime(requests, (r) => r.time).map((r) => r.line);
  const hour = new Date(ctx.now).toISOString().slice(0, 13).replace('T', '-');
  return [
    {
      bucket: archiveBucketName(ctx.config, 'cloudfront'),
      key: `cloudfront/${DISTRIBUTION}.${hour}.0d1e2f3a.gz`,
      body: gzipSync(`${HEADER.join('\n')}\n${lines.join('\n')}\n`),
      documents: { cloudfront: lines.length },
    },
  ];
}
