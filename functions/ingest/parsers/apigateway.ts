import { isValidEventTime } from '../iso-time';
import { parseGenericLogEvent } from './cloudwatch-default';
import {
  isObject,
  jsonMessage,
  logEventBasics,
  routedDocumentJson,
  type LogEventContext,
  type LogEventSink,
} from './cloudwatch-event';
import { ipOf } from './safe-json';

/*
 * API Gateway access logs (REST, HTTP and WebSocket APIs) in the JSON access-log format: the stage
 * owner writes a template of `$context` variables, so the member names are the owner's choice. The
 * whole object is kept under `apigateway` (a flat_object: any names, any shapes, one mapping
 * entry); `siem.apigateway` holds the facts under fixed names and types, found under the names
 * AWS's documented formats use (`ip`, `httpMethod`, `resourcePath` or `routeKey`, `status`...)
 * and their `$context` spellings (`identity.sourceIp`). `-` is API Gateway's empty value.
 *
 * A message that is not a JSON object (a CLF or XML access-log format, API Gateway's own
 * `/aws/apigateway/welcome` message) becomes an ordinary `cloudwatch` document.
 */

/** Access-log groups under the names the SIEM documents: `/aws/apigateway/access/<api>/<stage>` and the Serverless Framework's. */
export const APIGATEWAY_ACCESS_LOG_GROUP =
  /^\/aws\/(?:apigateway\/access|api-gateway|http-api|websocket)\/[^/]/;

const valueAt = (object: Record<string, unknown>, path: string): unknown => {
  let value: unknown = object;
  for (const part of path.split('.')) {
    if (!isObject(value)) return undefined;
    value = value[part];
  }
  return value;
};

/** The first of `paths` with a value other than API Gateway's `-` and the empty string. */
function first(object: Record<string, unknown>, paths: readonly string[]): string | number | undefined {
  for (const path of paths) {
    const value = valueAt(object, path);
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && value !== '' && value !== '-') return value;
  }
  return undefined;
}

const textOf = (value: string | number | undefined) => (value === undefined ? undefined : String(value));

/** A whole number from `"200"` or 200; undefined for `-`, text or a fraction. */
function wholeNumber(value: string | number | undefined): number | undefined {
  const n =
    typeof value === 'number' ? value : value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

const IP = ['ip', 'sourceIp', 'sourceIP', 'identity.sourceIp', 'clientIp'];
const USER = [
  'user',
  'caller',
  'identity.user',
  'identity.caller',
  'principalId',
  'authorizer.principalId',
  'identity.cognitoIdentityId',
  'cognitoIdentityId',
];
const METHOD = ['httpMethod', 'method', 'http.method'];
const ROUTE = ['resourcePath', 'routeKey', 'resource', 'route'];
const PATH = ['path', 'requestPath', 'resourcePath'];
const STATUS = ['status', 'statusCode', 'httpStatus'];

/** `GET /orders/{id}`; an HTTP API's route key already names its method (`POST /login`, `$default`). */
function actionOf(method: string | undefined, route: string | undefined): string | undefined {
  if (method === undefined || route === undefined) return route ?? method;
  return route.startsWith(`${method} `) || route.startsWith('$') ? route : `${method} ${route}`;
}

export function parseApiGatewayLogEvent(
  logEvent: Record<string, unknown>,
  ctx: LogEventContext,
  sink: LogEventSink,
): void {
  const json = typeof logEvent.message === 'string' ? jsonMessage(logEvent.message) : undefined;
  if (!json) {
    parseGenericLogEvent(logEvent, ctx, sink);
    return;
  }
  const basics = logEventBasics(logEvent, ctx, sink, isValidEventTime);
  if (!basics) return;
  const access = json.value;
  const method = textOf(first(access, METHOD));
  const route = textOf(first(access, ROUTE));
  const status = wholeNumber(first(access, STATUS));
  const user = textOf(first(access, USER));
  const doc = routedDocumentJson(ctx, basics, {
    common: {
      logType: 'apigateway',
      timestamp: new Date(basics.timestamp).toISOString(),
      accountId: ctx.accountId,
      region: ctx.region,
      sourceIp: ipOf(first(access, IP)),
      action: actionOf(method, route),
      outcome: status === undefined || status === 0 ? undefined : status < 400 ? 'success' : 'failure',
    },
    userName: user,
    siem: {
      apigateway: {
        request_id: textOf(first(access, ['requestId', 'extendedRequestId'])),
        api_id: textOf(first(access, ['apiId'])),
        stage: textOf(first(access, ['stage'])),
        domain_name: textOf(first(access, ['domainName'])),
        method,
        route,
        path: textOf(first(access, PATH)),
        protocol: textOf(first(access, ['protocol'])),
        status,
        response_length: wholeNumber(first(access, ['responseLength', 'responseSize'])),
        latency_ms: wholeNumber(first(access, ['responseLatency', 'latency'])),
        integration_status: wholeNumber(first(access, ['integrationStatus', 'integration.status'])),
        user_agent: textOf(first(access, ['userAgent', 'identity.userAgent'])),
        error: textOf(
          first(access, ['errorMessage', 'error.message', 'authorizerError', 'authorizer.error']),
        ),
      },
    },
    body: { apigateway: access },
  });
  sink.record({
    logType: 'apigateway',
    timestamp: basics.timestamp,
    id: basics.id,
    ordinal: basics.ordinal,
    json: doc,
  });
}
