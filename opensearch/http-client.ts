import http from 'node:http';
import https from 'node:https';
import { requestAuthorizer, type Auth, type RequestAuthorizer } from './auth';

/**
 * The one OpenSearch HTTP client, for the ingestion function, the CLI, post-apply, detections and
 * the dev tools: node:http(s) with a keep-alive agent, bodies as Buffers (a 5 MB bulk body is
 * neither copied nor decoded), authenticated as ./auth.ts says.
 *
 * - {@link OpenSearchClient}: the raw level (status and body bytes), which the bulk path uses;
 * - {@link createHttpClient}: JSON in and out, query parameters, a base path (Dashboards under
 *   `/_dashboards`), and errors ({@link HttpError}) that name the method, path, status and the
 *   start of the response body.
 */

export { authFor, type Auth, type AuthChoice } from './auth';
export { awsEndpointOf, awsRegionOf, isAwsEndpoint } from './aws-endpoint';

/** The ingestion code's name for {@link Auth}. */
export type OpenSearchAuth = Auth;

export interface OpenSearchResponse {
  readonly status: number;
  readonly body: Buffer;
  readonly contentType?: string;
}

export interface OpenSearchClientOptions {
  /** @default 16 */
  readonly maxSockets?: number;
  /** A request whose socket stays silent this long is dropped. @default 120000 */
  readonly timeoutMs?: number;
  /** Sent with every request (e.g. `osd-xsrf` for Dashboards). */
  readonly headers?: Readonly<Record<string, string>>;
}

export class OpenSearchClient {
  readonly endpoint: URL;
  private readonly agent: http.Agent;
  private readonly authorize: RequestAuthorizer;
  private readonly timeoutMs: number;
  private readonly headers: Readonly<Record<string, string>>;

  constructor(endpoint: string, auth: Auth = { kind: 'none' }, options: OpenSearchClientOptions = {}) {
    const base = parseEndpoint(endpoint);
    // A trailing slash keeps a base path (`…/_dashboards/`) in front of every relative request path.
    if (!base.pathname.endsWith('/')) base.pathname = `${base.pathname}/`;
    this.endpoint = base;
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.headers = options.headers ?? {};
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 16 };
    this.agent = base.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.authorize = requestAuthorizer(auth);
  }

  /** `path` is relative to the endpoint (a leading `/` too) and may carry a query string. */
  async request(
    method: string,
    path: string,
    body?: Buffer | string,
    contentType = 'application/json',
    headers: Readonly<Record<string, string>> = {},
  ): Promise<OpenSearchResponse> {
    const url = new URL(path.replace(/^\//, ''), this.endpoint);
    const payload = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body) : body;
    const unsigned: Record<string, string> = { host: url.host, ...this.headers };
    if (payload) {
      unsigned['content-type'] = contentType;
      unsigned['content-length'] = String(payload.length);
    }
    Object.assign(unsigned, headers);
    const sent = await this.authorize({ method, url, headers: unsigned, body: payload });
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<OpenSearchResponse>((resolve, reject) => {
      const req = transport.request(url, { method, headers: sent, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks),
            contentType: res.headers['content-type'],
          }),
        );
        res.on('error', reject);
      });
      req.setTimeout(this.timeoutMs, () =>
        req.destroy(
          new Error(`OpenSearch request timed out after ${this.timeoutMs} ms: ${method} ${url.pathname}`),
        ),
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Like `request`, but throws {@link HttpError} outside 2xx and parses the JSON body. */
  async json<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.request(method, path, body === undefined ? undefined : JSON.stringify(body));
    if (res.status < 200 || res.status >= 300)
      throw new HttpError(method, path, res.status, res.body.toString());
    return (res.body.length ? JSON.parse(res.body.toString()) : undefined) as T;
  }

  /** Closes the kept-alive sockets. */
  close(): void {
    this.agent.destroy();
  }
}

export interface HttpClientOptions {
  /** Base URL; a path (`https://domain/_dashboards`) is kept in front of every request path. */
  readonly endpoint: string;
  /** @default { kind: 'none' } */
  readonly auth?: Auth;
  /** Sent with every request (e.g. `osd-xsrf` for Dashboards). */
  readonly headers?: Readonly<Record<string, string>>;
  /** @default 60000 */
  readonly timeoutMs?: number;
}

export interface RequestOptions {
  /** Serialized as JSON unless it is a string or a Buffer (sent as is). */
  readonly body?: unknown;
  readonly query?: Readonly<Record<string, string | number | boolean>>;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HttpResponse<T> {
  readonly status: number;
  readonly body: T;
}

const BODY_EXCERPT_CHARS = 500;

export class HttpError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly responseBody: string,
  ) {
    const excerpt =
      responseBody.length > BODY_EXCERPT_CHARS
        ? `${responseBody.slice(0, BODY_EXCERPT_CHARS)}…`
        : responseBody;
    super(`${method} ${path} failed with HTTP ${status}: ${excerpt || '(empty body)'}`);
    this.name = 'HttpError';
  }
}

export interface HttpClient {
  readonly endpoint: string;
  /** Throws {@link HttpError} on any status outside 2xx. */
  request<T = unknown>(method: string, path: string, opts?: RequestOptions): Promise<HttpResponse<T>>;
  /** The parsed body, or `undefined` on 404. */
  getIfExists<T = unknown>(path: string, opts?: RequestOptions): Promise<T | undefined>;
}

function parseEndpoint(endpoint: string): URL {
  try {
    return new URL(endpoint);
  } catch {
    throw new Error(
      `not a URL: ${JSON.stringify(endpoint)} (expected e.g. https://search-siem-….eu-west-1.es.amazonaws.com)`,
    );
  }
}

export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const raw = new OpenSearchClient(opts.endpoint, opts.auth, {
    timeoutMs: opts.timeoutMs ?? 60_000,
    headers: opts.headers,
  });
  const origin = raw.endpoint.origin;

  async function request<T>(method: string, path: string, ro: RequestOptions = {}): Promise<HttpResponse<T>> {
    const query = new URLSearchParams(
      Object.entries(ro.query ?? {}).map(([k, v]) => [k, String(v)] as [string, string]),
    ).toString();
    const body =
      ro.body === undefined
        ? undefined
        : typeof ro.body === 'string' || Buffer.isBuffer(ro.body)
          ? ro.body
          : JSON.stringify(ro.body);
    const headers = Object.fromEntries(
      Object.entries(ro.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    let res: OpenSearchResponse;
    try {
      res = await raw.request(
        method,
        query ? `${path}${path.includes('?') ? '&' : '?'}${query}` : path,
        body,
        headers['content-type'] ?? 'application/json',
        headers,
      );
    } catch (err) {
      throw new Error(
        `${method} ${path}: cannot reach ${origin}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const text = res.body.toString();
    if (res.status < 200 || res.status >= 300) throw new HttpError(method, path, res.status, text);
    let parsed: unknown = text;
    if (text && (res.contentType ?? '').includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new HttpError(method, path, res.status, `response is not the JSON it claims to be: ${text}`);
      }
    }
    return { status: res.status, body: parsed as T };
  }

  return {
    endpoint: opts.endpoint,
    request,
    async getIfExists<T>(path: string, ro?: RequestOptions): Promise<T | undefined> {
      try {
        return (await request<T>('GET', path, ro)).body;
      } catch (err) {
        if (err instanceof HttpError && err.status === 404) return undefined;
        throw err;
      }
    },
  };
}
