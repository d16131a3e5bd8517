import { MITRE } from './mitre';
import { SAMPLE_EXTERNAL_IP, SAMPLE_OTHER_EXTERNAL_IP, sampleUuid } from './samples';
import type { Detection } from './types';

/*
 * API Gateway access logs (the JSON access-log format AWS documents, through CloudWatch Logs):
 * one address failing authorization over and over, and one address probing many paths that do
 * not exist. Both read `siem.apigateway`, which the parser fills whatever the stage's member names.
 */

const APIGW_SCHEDULE_MINUTES = 5;
const APIGW_LOOKBACK_MINUTES = 15;
const AUTH_FAILURES_PER_SOURCE = 50;
const MISSING_PATHS_PER_SOURCE = 30;

const ACCESS_LOG_GROUP = '/aws/apigateway/access/a1b2c3d4e5/prod';

/** One access-log record in AWS's documented REST API JSON format (the sample writer adds id and time). */
export function apiGatewayAccessLogEvent(fields: {
  ip: string;
  method?: string;
  resourcePath?: string;
  path?: string;
  status: number;
  seed: string;
}) {
  return {
    logGroup: ACCESS_LOG_GROUP,
    logStream: '8f14e45fceea167a5a36dedd4bea2543',
    message: JSON.stringify({
      requestId: sampleUuid(fields.seed),
      ip: fields.ip,
      caller: '-',
      user: '-',
      requestTime: '15/Jan/2026:10:00:00 +0000',
      httpMethod: fields.method ?? 'GET',
      resourcePath: fields.resourcePath ?? '/orders/{id}',
      path: fields.path ?? '/prod/orders/7',
      status: String(fields.status),
      protocol: 'HTTP/1.1',
      responseLength: '48',
    }),
  };
}

const authFailure = (i: number, ip = SAMPLE_EXTERNAL_IP, status = i % 2 ? 401 : 403) =>
  apiGatewayAccessLogEvent({
    ip,
    method: 'POST',
    resourcePath: '/login',
    path: '/prod/login',
    status,
    seed: `auth-${ip}-${i}`,
  });

const missing = (i: number, ip = SAMPLE_EXTERNAL_IP, paths = MISSING_PATHS_PER_SOURCE) =>
  apiGatewayAccessLogEvent({
    ip,
    resourcePath: '-',
    path: `/prod/${['.env', 'wp-login.php', '.git/config', 'admin', 'actuator/env', 'phpmyadmin'][i % 6]}/${i % paths}`,
    status: 404,
    seed: `missing-${ip}-${i}`,
  });

export const apiGatewayDetections: readonly Detection[] = [
  {
    id: 'apigateway-auth-failure-burst',
    title: 'Burst of API Gateway authorization failures from one address',
    description: `${AUTH_FAILURES_PER_SOURCE} or more 401 or 403 responses to one client address in the window: credential stuffing or token guessing against the API, or a client whose credentials were revoked.`,
    severity: 3,
    mitre: MITRE.credentialStuffing,
    logType: 'apigateway',
    query: { bool: { filter: [{ terms: { 'siem.apigateway.status': [401, 403] } }] } },
    condition: { kind: 'bucket', field: 'source.ip', minCount: AUTH_FAILURES_PER_SOURCE },
    scheduleMinutes: APIGW_SCHEDULE_MINUTES,
    lookbackMinutes: APIGW_LOOKBACK_MINUTES,
    positiveSamples: Array.from({ length: AUTH_FAILURES_PER_SOURCE }, (_, i) => authFailure(i)),
    negativeSamples: [
      ...Array.from({ length: AUTH_FAILURES_PER_SOURCE - 1 }, (_, i) => authFailure(i)),
      ...Array.from({ length: AUTH_FAILURES_PER_SOURCE }, (_, i) =>
        authFailure(100 + i, SAMPLE_OTHER_EXTERNAL_IP, 200),
      ),
    ],
  },
  {
    id: 'apigateway-path-scanning',
    title: 'One address probing many missing API Gateway paths',
    description: `One client address received 404 for ${MISSING_PATHS_PER_SOURCE} or more distinct paths in the window: a scanner walking a wordlist (.env, .git, admin consoles) against the API.`,
    severity: 4,
    mitre: MITRE.wordlistScanning,
    logType: 'apigateway',
    query: { bool: { filter: [{ term: { 'siem.apigateway.status': 404 } }] } },
    condition: {
      kind: 'cardinality',
      field: 'source.ip',
      distinctField: 'siem.apigateway.path',
      minCount: MISSING_PATHS_PER_SOURCE,
    },
    scheduleMinutes: APIGW_SCHEDULE_MINUTES,
    lookbackMinutes: APIGW_LOOKBACK_MINUTES,
    positiveSamples: Array.from({ length: MISSING_PATHS_PER_SOURCE }, (_, i) => missing(i)),
    negativeSamples: [
      // Many 404s on few distinct paths (a broken client), and fewer distinct paths than the threshold.
      ...Array.from({ length: MISSING_PATHS_PER_SOURCE * 2 }, (_, i) =>
        missing(i, SAMPLE_OTHER_EXTERNAL_IP, 3),
      ),
      ...Array.from({ length: MISSING_PATHS_PER_SOURCE - 1 }, (_, i) => missing(i)),
    ],
  },
];
