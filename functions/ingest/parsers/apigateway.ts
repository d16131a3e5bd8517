import { parseGenericLogEvent } from './cloudwatch-default';
import { isObject, jsonMessageParser, type MessageParser, type RoutedDocument } from './cloudwatch-event';
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

/** Member paths split once, at load: `identity.sourceIp` is `['identity', 'sourceIp']`. */
type Paths = readonly (readonly string[])[];
const paths = (...dotted: string[]): Paths => dotted.map((path) => path.split('.'));

const valueAt = (object: Record<string, unknown>, path: readonly string[]): unknown => {
  let value: unknown = object;
  for (const part of path) {
    if (!isObject(value)) return undefined;
    value = value[part];
  }
  return value;
};

/** The first of `candidates` with a value other than API Gateway's `-` and the empty string. */
function first(object: Record<string, unknown>, candidates: Paths): string | number | undefined {
  for (const path of candidates) {
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

const IP = paths('ip', 'sourceIp', 'sourceIP', 'identity.sourceIp', 'clientIp');
const USER = paths(
  'user',
  'caller',
  'identity.user',
  'identity.caller',
  'principalId',
  'authorizer.principalId',
  'identity.cognitoIdentityId',
  'cognitoIdentityId',
);
const METHOD = paths('httpMethod', 'method', 'http.method');
const ROUTE = paths('resourcePath', 'routeKey', 'resource', 'route');
const PATH = paths('path', 'requestPath', 'resourcePath');
const STATUS = paths('status', 'statusCode', 'httpStatus');
const REQUEST_ID = paths('requestId', 'extendedRequestId');
const API_ID = paths('apiId');
const STAGE = paths('stage');
const DOMAIN_NAME = paths('domainName');
const PROTOCOL = paths('protocol');
const RESPONSE_LENGTH = paths('responseLength', 'responseSize');
const LATENCY = paths('responseLatency', 'latency');
const INTEGRATION_STATUS = paths('integrationStatus', 'integration.status');
const USER_AGENT = paths('userAgent', 'identity.userAgent');
const ERROR = paths('errorMessage', 'error.message', 'authorizerError', 'authorizer.error');

/** `GET /orders/{id}`; an HTTP API's route key already names its method (`POST /login`, `$default`). */
function actionOf(method: string | undefined, route: string | undefined): string | undefined {
  if (method === undefined || route === undefined) return route ?? method;
  return route.startsWith(`${method} `) || route.startsWith('$') ? route : `${method} ${route}`;
}

function accessLogDocument(access: Record<string, unknown>): RoutedDocument {
  const method = textOf(first(access, METHOD));
  const route = textOf(first(access, ROUTE));
  const status = wholeNumber(first(access, STATUS));
  const user = textOf(first(access, USER));
  return {
    common: {
      logType: 'apigateway',
      sourceIp: ipOf(first(access, IP)),
      action: actionOf(method, route),
      outcome: status === undefined || status === 0 ? undefined : status < 400 ? 'success' : 'failure',
    },
    userName: user,
    siem: {
      apigateway: {
        request_id: textOf(first(access, REQUEST_ID)),
        api_id: textOf(first(access, API_ID)),
        stage: textOf(first(access, STAGE)),
        domain_name: textOf(first(access, DOMAIN_NAME)),
        method,
        route,
        path: textOf(first(access, PATH)),
        protocol: textOf(first(access, PROTOCOL)),
        status,
        response_length: wholeNumber(first(access, RESPONSE_LENGTH)),
        latency_ms: wholeNumber(first(access, LATENCY)),
        integration_status: wholeNumber(first(access, INTEGRATION_STATUS)),
        user_agent: textOf(first(access, USER_AGENT)),
        error: textOf(first(access, ERROR)),
      },
    },
    body: { apigateway: access },
  };
}

export const parseApiGatewayLogEvent: MessageParser = jsonMessageParser(
  parseGenericLogEvent,
  accessLogDocument,
);
