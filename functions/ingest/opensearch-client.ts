import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Checksum } from '@smithy/types';

/*
 * Minimal OpenSearch HTTP client: raw node:http(s) with a keep-alive agent (the bulk path is
 * all this function does, and the generic client's per-request overhead shows at 5 MB/request),
 * authenticated by SigV4 (Amazon OpenSearch Service), basic auth, or nothing (local node).
 */

export type OpenSearchAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly user: string; readonly password: string }
  | {
      readonly kind: 'sigv4';
      readonly region: string;
      /** `es` for managed domains, `aoss` for serverless collections. */
      readonly service?: string;
      readonly credentials: AwsCredentialIdentityProvider;
    };

export interface OpenSearchResponse {
  readonly status: number;
  readonly body: Buffer;
}

/** Hash for SigV4 on node:crypto: the pure-JS sha256 costs ~50 ms per 5 MB bulk body. */
class NodeSha256 implements Checksum {
  private hash;
  constructor(secret?: string | Uint8Array | ArrayBuffer | ArrayBufferView) {
    this.hash = secret ? createHmac('sha256', toBuffer(secret)) : createHash('sha256');
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
  reset(): void {
    throw new Error('not supported');
  }
}

function toBuffer(data: string | Uint8Array | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** True for Amazon OpenSearch Service endpoints, which want SigV4. */
export function isAwsEndpoint(endpoint: string): boolean {
  return /\.(?:es|aoss)\.amazonaws\.com(?:\.cn)?(?::\d+)?(?:\/|$)/.test(endpoint);
}

export class OpenSearchClient {
  readonly endpoint: URL;
  private readonly agent: http.Agent;
  private readonly signer?: SignatureV4;

  constructor(
    endpoint: string,
    private readonly auth: OpenSearchAuth = { kind: 'none' },
    options: { maxSockets?: number; timeoutMs?: number } = {},
  ) {
    this.endpoint = new URL(endpoint.endsWith('/') ? endpoint : `${endpoint}/`);
    const agentOptions = {
      keepAlive: true,
      maxSockets: options.maxSockets ?? 16,
      timeout: options.timeoutMs ?? 120_000,
    };
    this.agent =
      this.endpoint.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    if (auth.kind === 'sigv4') {
      this.signer = new SignatureV4({
        service: auth.service ?? 'es',
        region: auth.region,
        credentials: auth.credentials as () => Promise<AwsCredentialIdentity>,
        sha256: NodeSha256,
      });
    }
  }

  async request(
    method: string,
    path: string,
    body?: Buffer | string,
    contentType = 'application/json',
  ): Promise<OpenSearchResponse> {
    const url = new URL(path.replace(/^\//, ''), this.endpoint);
    const payload = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body) : body;
    let headers: Record<string, string> = { host: url.host };
    if (payload) {
      headers['content-type'] = contentType;
      headers['content-length'] = String(payload.length);
    }
    if (this.auth.kind === 'basic') {
      headers.authorization = `Basic ${Buffer.from(`${this.auth.user}:${this.auth.password}`).toString('base64')}`;
    } else if (this.signer) {
      const query: Record<string, string> = {};
      url.searchParams.forEach((v, k) => (query[k] = v));
      const signed = await this.signer.sign({
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        query,
        headers,
        body: payload,
      });
      headers = signed.headers;
    }
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<OpenSearchResponse>((resolve, reject) => {
      const req = transport.request(url, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('timeout', () =>
        req.destroy(new Error(`OpenSearch request timed out: ${method} ${url.pathname}`)),
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Like `request`, but throws on non-2xx and parses JSON. */
  async json<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.request(method, path, body === undefined ? undefined : JSON.stringify(body));
    if (res.status < 200 || res.status >= 300) {
      throw new Error(
        `OpenSearch ${method} ${path} failed: HTTP ${res.status} ${res.body.toString().slice(0, 500)}`,
      );
    }
    return (res.body.length ? JSON.parse(res.body.toString()) : undefined) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}
