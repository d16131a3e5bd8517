import { ATTACK_URL_PATTERNS, SCANNER_USER_AGENTS, containsAny } from './http';
import { MITRE } from './mitre';
import { SAMPLE_EXTERNAL_IP, SAMPLE_OTHER_EXTERNAL_IP } from './samples';
import type { Detection } from './types';

/* Application Load Balancer access logs: scanners, server error bursts, attack payloads in URLs. */

/** ALB writes a log file every 5 minutes; a 20-minute lookback still catches a late one. */
const ELB_SCHEDULE_MINUTES = 5;
const ELB_LOOKBACK_MINUTES = 20;
const SCANNER_REQUESTS_PER_CLIENT = 10;
const SERVER_ERRORS_PER_LOAD_BALANCER = 50;
const ATTACK_REQUESTS_PER_CLIENT = 3;

const LOAD_BALANCER = 'app/shop-prod/50dc6c495c0c9188';
const OTHER_LOAD_BALANCER = 'app/admin-prod/7c1a2b3c4d5e6f70';

export interface AlbRequest {
  readonly clientIp?: string;
  readonly method?: string;
  /** Path and query, e.g. `/search?q=shoes`. */
  readonly path?: string;
  readonly userAgent?: string;
  readonly status?: number;
  readonly elb?: string;
}

/**
 * One Application Load Balancer access log line, as AWS writes it (fields in the documented order,
 * quoted where AWS quotes). The time is the samples' fixed time; tests move it to now.
 */
export function albLogLine(request: AlbRequest = {}, n = 0): string {
  const status = request.status ?? 200;
  const target = status === 502 || status === 503 ? '-' : '10.20.1.15:8080';
  const targetStatus = target === '-' ? '-' : String(status);
  return [
    'https',
    '2026-01-15T10:00:00.000000Z',
    request.elb ?? LOAD_BALANCER,
    `${request.clientIp ?? SAMPLE_EXTERNAL_IP}:${40000 + n}`,
    target,
    '0.000',
    target === '-' ? '-1' : '0.012',
    target === '-' ? '-1' : '0.000',
    String(status),
    targetStatus,
    '412',
    '1536',
    `"${request.method ?? 'GET'} https://shop.example.com:443${request.path ?? '/'} HTTP/1.1"`,
    `"${request.userAgent ?? 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0'}"`,
    'ECDHE-RSA-AES128-GCM-SHA256',
    'TLSv1.2',
    'arn:aws:elasticloadbalancing:eu-west-1:333333333333:targetgroup/shop-web/73e2d6bc24d8a067',
    `"Root=1-678786a0-${String(n).padStart(24, '0')}"`,
    '"shop.example.com"',
    '"arn:aws:acm:eu-west-1:333333333333:certificate/12345678-1234-1234-1234-123456789012"',
    '0',
    '2026-01-15T10:00:00.000000Z',
    '"forward"',
    '"-"',
    '"-"',
    `"${target}"`,
    `"${targetStatus}"`,
    '"-"',
    '"-"',
    `TID_${String(n).padStart(12, '0')}`,
  ].join(' ');
}

const lines = (count: number, request: AlbRequest, offset = 0) =>
  Array.from({ length: count }, (_, i) => albLogLine(request, offset + i));

export const elbDetections: readonly Detection[] = [
  {
    id: 'elb-scanner-user-agent',
    title: 'Vulnerability scanner against a load balancer',
    description: `${SCANNER_REQUESTS_PER_CLIENT} or more requests from one client whose User-Agent names a scanning tool (${SCANNER_USER_AGENTS.slice(0, 6).join(', ')}...): reconnaissance of the application. Internet-facing load balancers see some of this every day; a pentest should be announced.`,
    severity: 4,
    mitre: MITRE.vulnerabilityScanning,
    logType: 'elb',
    query: { bool: { filter: [containsAny(['user_agent'], SCANNER_USER_AGENTS)] } },
    condition: { kind: 'bucket', field: 'client_ip', minCount: SCANNER_REQUESTS_PER_CLIENT },
    scheduleMinutes: ELB_SCHEDULE_MINUTES,
    lookbackMinutes: ELB_LOOKBACK_MINUTES,
    positiveSamples: [
      ...lines(6, { userAgent: 'sqlmap/1.7.2#stable (https://sqlmap.org)', path: '/search?q=1' }),
      ...lines(
        4,
        { userAgent: 'Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000003)', path: '/admin' },
        6,
      ),
    ],
    negativeSamples: [
      ...lines(SCANNER_REQUESTS_PER_CLIENT * 2, { clientIp: SAMPLE_OTHER_EXTERNAL_IP }),
      ...lines(SCANNER_REQUESTS_PER_CLIENT - 1, {
        userAgent: 'Mozilla/5.0 zgrab/0.x',
        clientIp: '192.0.2.50',
      }),
    ],
  },
  {
    id: 'elb-5xx-burst',
    title: 'Burst of server errors on a load balancer',
    description: `${SERVER_ERRORS_PER_LOAD_BALANCER} or more 5xx responses from one load balancer in the window: targets failing, overloaded or crashing under malformed input (application-layer denial of service).`,
    severity: 3,
    mitre: MITRE.endpointDos,
    logType: 'elb',
    query: { bool: { filter: [{ range: { elb_status_code: { gte: 500, lte: 599 } } }] } },
    condition: { kind: 'bucket', field: 'elb', minCount: SERVER_ERRORS_PER_LOAD_BALANCER },
    scheduleMinutes: ELB_SCHEDULE_MINUTES,
    lookbackMinutes: ELB_LOOKBACK_MINUTES,
    positiveSamples: [
      ...lines(SERVER_ERRORS_PER_LOAD_BALANCER / 2, { status: 502, path: '/checkout' }),
      ...lines(SERVER_ERRORS_PER_LOAD_BALANCER / 2, { status: 500, path: '/checkout' }, 100),
    ],
    negativeSamples: [
      ...lines(SERVER_ERRORS_PER_LOAD_BALANCER - 1, { status: 503 }),
      ...lines(SERVER_ERRORS_PER_LOAD_BALANCER - 1, { status: 503, elb: OTHER_LOAD_BALANCER }, 100),
      // Client errors are the clients' problem.
      ...lines(SERVER_ERRORS_PER_LOAD_BALANCER * 2, { status: 404, path: '/missing' }, 200),
    ],
  },
  {
    id: 'elb-attack-payload-in-url',
    title: 'Path traversal or injection payloads through a load balancer',
    description: `${ATTACK_REQUESTS_PER_CLIENT} or more requests from one client whose URL carries path traversal (../, %2e%2e%2f), file disclosure (/etc/passwd, /.env, /.git/config), script or SQL injection or Log4Shell (\${jndi:) markers.`,
    severity: 3,
    mitre: MITRE.exploitPublicFacingApp,
    logType: 'elb',
    query: { bool: { filter: [containsAny(['request'], ATTACK_URL_PATTERNS)] } },
    condition: { kind: 'bucket', field: 'client_ip', minCount: ATTACK_REQUESTS_PER_CLIENT },
    scheduleMinutes: ELB_SCHEDULE_MINUTES,
    lookbackMinutes: ELB_LOOKBACK_MINUTES,
    positiveSamples: [
      albLogLine({ path: '/static/..%2f..%2f..%2fetc/passwd', status: 400 }, 0),
      albLogLine({ path: '/search?q=1%27%20UNION%20SELECT%20password%20FROM%20users--', status: 500 }, 1),
      albLogLine({ path: '/.env', status: 404 }, 2),
    ],
    negativeSamples: [
      ...lines(ATTACK_REQUESTS_PER_CLIENT * 3, { path: '/search?q=union+jack+select+shirts' }),
      ...lines(ATTACK_REQUESTS_PER_CLIENT * 3, { path: '/docs/environment.html' }, 20),
      albLogLine({ path: '/static/../../etc/passwd', clientIp: SAMPLE_OTHER_EXTERNAL_IP }, 40),
      albLogLine({ path: '/.git/config', clientIp: SAMPLE_OTHER_EXTERNAL_IP }, 41),
    ],
  },
];
