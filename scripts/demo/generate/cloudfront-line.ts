import type { Random } from './random';

/* CloudFront standard (legacy) log lines of a shop's static assets, shared by the demo and the benign day. */

/** The W3C header every standard log file starts with. */
export const CLOUDFRONT_LOG_HEADER = [
  '#Version: 1.0',
  '#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end',
].join('\n');

/** What varies between a shopper's asset requests; the caller draws these, in this order. */
export interface AssetRequest {
  readonly time: number;
  readonly edge: string;
  readonly bytes: number;
  readonly clientIp: string;
  /** cs(Host): the distribution's cloudfront.net name. */
  readonly distributionHost: string;
  readonly path: string;
  readonly result: 'Hit' | 'Miss';
  readonly requestId: string;
  /** x-host-header: the name the shopper asked for. */
  readonly host: string;
}

/**
 * One tab-separated line of a successful GET over HTTP/2 and TLS 1.3. Draws the request size,
 * time taken, client port and time to first byte from `random`, in that order, after the caller's
 * draws, so a generator keeps its bytes for its seed.
 */
export function assetRequestLine(r: AssetRequest, random: Random): string {
  const iso = new Date(r.time).toISOString();
  return [
    iso.slice(0, 10),
    iso.slice(11, 19),
    r.edge,
    r.bytes,
    r.clientIp,
    'GET',
    r.distributionHost,
    r.path,
    200,
    '-',
    'Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)',
    '-',
    '-',
    r.result,
    r.requestId,
    r.host,
    'https',
    random.int(20, 60),
    (random.int(1, 300) / 1000).toFixed(3),
    '-',
    'TLSv1.3',
    'TLS_AES_128_GCM_SHA256',
    r.result,
    'HTTP/2.0',
    '-',
    '-',
    random.int(32768, 60999),
    (random.int(1, 300) / 1000).toFixed(3),
    r.result,
    'application/javascript',
    r.bytes - 300,
    '-',
    '-',
  ].join('\t');
}
