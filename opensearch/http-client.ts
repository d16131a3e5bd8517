import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * A small fetch-based HTTP client for OpenSearch, OpenSearch Dashboards and other AWS JSON APIs,
 * shared by the operations scripts (post-apply, restore, demo). Requests are signed with SigV4
 * for AWS endpoints, use basic auth for a self-managed cluster, or nothing for the local node.
 * Every failure names the method, path, status and the start of the response body.
 */

export type Auth =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly user: string; readonly password: string }
  | {
      readonly kind: 'sigv4';
      readonly region: string;
      /** `es` for OpenSearch Service domains and their Dashboards. @default 'es' */
      readonly service?: string;
      /** @default the default AWS credential chain (env, profile, SSO, instance role...) */
      readonly credentials?: AwsCredentialIdentityProvider;
    };

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

/** `search-<name>-<id>.<region>.es.amazonaws.com` (and `vpc-…`): the region is in the host name. */
const MANAGED_DOMAIN_HOST = /\.([a-z]{2}(?:-[a-z]+)+-\d)\.es\.amazonaws\.com$/;

/** The region of an Amazon OpenSearch Service endpoint, or undefined for any other host. */
export function awsRegionOf(endpoint: string): string | undefined {
  return MANAGED_DOMAIN_HOST.exec(new URL(endpoint).hostname)?.[1];
}

/**
 * SigV4 for Amazon OpenSearch Service endpoints, basic auth when a user is given, otherwise none.
 * The password comes from the environment, never from the command line (shell history).
 */
export function authFor(endpoint: string, opts: { user?: string; password?: string } = {}): Auth {
  const region = awsRegionOf(endpoint);
  if (region) return { kind: 'sigv4', region, service: 'es' };
  if (opts.user) {
    if (!opts.password) throw new Error(`basic auth for ${opts.user}: set OPENSEARCH_PASSWORD`);
    return { kind: 'basic', user: opts.user, password: opts.password };
  }
  return { kind: 'none' };
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
  const base = parseEndpoint(opts.endpoint);
  const basePath = base.pathname.replace(/\/$/, '');
  const auth = opts.auth ?? { kind: 'none' };
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const signer =
    auth.kind === 'sigv4'
      ? new SignatureV4({
          credentials: auth.credentials ?? defaultProvider(),
          region: auth.region,
          service: auth.service ?? 'es',
          sha256: Sha256,
        })
      : undefined;

  async function request<T>(method: string, path: string, ro: RequestOptions = {}): Promise<HttpResponse<T>> {
    const fullPath = `${basePath}${path.startsWith('/') ? path : `/${path}`}`;
    const query = Object.fromEntries(Object.entries(ro.query ?? {}).map(([k, v]) => [k, String(v)]));
    const body =
      ro.body === undefined
        ? undefined
        : typeof ro.body === 'string' || Buffer.isBuffer(ro.body)
          ? ro.body
          : JSON.stringify(ro.body);
    let headers: Record<string, string> = {
      host: base.host,
      ...(body !== undefined && !ro.headers?.['content-type'] ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
      ...ro.headers,
    };
    if (auth.kind === 'basic') {
      headers.authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
    }
    if (signer) {
      const signed = await signer.sign(
        new HttpRequest({
          method,
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port ? Number(base.port) : undefined,
          path: fullPath,
          query,
          headers,
          body,
        }),
      );
      headers = signed.headers as Record<string, string>;
    }
    const url = new URL(fullPath, base);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    // fetch sets Host itself and rejects it as a header on some runtimes.
    const { host: _host, ...sendHeaders } = headers;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: sendHeaders,
        body: body === undefined ? undefined : typeof body === 'string' ? body : new Uint8Array(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const cause =
        err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
      throw new Error(`${method} ${path}: cannot reach ${base.origin}: ${cause}`);
    }
    const text = await response.text();
    if (!response.ok) throw new HttpError(method, path, response.status, text);
    let parsed: unknown = text;
    if (text && (response.headers.get('content-type') ?? '').includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new HttpError(
          method,
          path,
          response.status,
          `response is not the JSON it claims to be: ${text}`,
        );
      }
    }
    return { status: response.status, body: parsed as T };
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
