import { createHash, createHmac } from 'node:crypto';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider, Checksum, SourceData } from '@smithy/types';
import { awsEndpointOf, type AwsOpenSearchService } from './aws-endpoint';

/**
 * How requests to OpenSearch (and its Dashboards) are authenticated: SigV4 for Amazon OpenSearch
 * Service, basic auth for a self-managed cluster, nothing for a local node.
 */
export type Auth =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly user: string; readonly password: string }
  | {
      readonly kind: 'sigv4';
      readonly region: string;
      /** `es` for domains and their Dashboards, `aoss` for serverless collections. @default 'es' */
      readonly service?: AwsOpenSearchService | (string & {});
      /**
       * Where the signing keys come from, e.g. an assumed role's (post-apply `--role-arn`).
       * @default the default AWS credential chain (env, profile, SSO, instance or function role…)
       */
      readonly credentials?: AwsCredentialIdentityProvider;
    };

export interface AuthChoice {
  /** Basic auth user; its password comes from the environment, never the command line (shell history). */
  readonly user?: string;
  readonly password?: string;
  /** Forces SigV4 in this region, for hosts that do not name one (a custom domain name). */
  readonly region?: string;
  readonly credentials?: AwsCredentialIdentityProvider;
}

/**
 * SigV4 for AWS OpenSearch endpoints (region and service read from the host) or when a region is
 * given; basic auth when a user is given; otherwise none.
 */
export function authFor(endpoint: string, choice: AuthChoice = {}): Auth {
  const aws = awsEndpointOf(endpoint);
  const region = choice.region ?? aws?.region;
  if (region) {
    return {
      kind: 'sigv4',
      region,
      service: aws?.service ?? 'es',
      ...(choice.credentials ? { credentials: choice.credentials } : {}),
    };
  }
  if (choice.user) {
    if (!choice.password) throw new Error(`basic auth for ${choice.user}: set OPENSEARCH_PASSWORD`);
    return { kind: 'basic', user: choice.user, password: choice.password };
  }
  return { kind: 'none' };
}

/** A request as far as signing is concerned: the URL as sent, and the headers (host included). */
export interface UnsignedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
}

/** Returns the headers to send: `headers` plus the authorization the auth calls for. */
export type RequestAuthorizer = (request: UnsignedRequest) => Promise<Record<string, string>>;

export function requestAuthorizer(auth: Auth): RequestAuthorizer {
  switch (auth.kind) {
    case 'none':
      return async ({ headers }) => headers;
    case 'basic': {
      const authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
      return async ({ headers }) => ({ ...headers, authorization });
    }
    case 'sigv4': {
      const signer = new SignatureV4({
        service: auth.service ?? 'es',
        region: auth.region,
        credentials: auth.credentials ?? defaultProvider(),
        sha256: NodeSha256,
      });
      return async ({ method, url, headers, body }) => {
        const query: Record<string, string> = {};
        url.searchParams.forEach((value, key) => (query[key] = value));
        const signed = await signer.sign({
          method,
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port ? Number(url.port) : undefined,
          // As sent (percent-encoded once): the signer encodes it again, as the service does.
          path: url.pathname,
          query,
          headers,
          body,
        });
        return signed.headers;
      };
    }
  }
}

/** SHA-256 for SigV4 on node:crypto: a pure-JS hash costs ~50 ms per 5 MB bulk body. */
export class NodeSha256 implements Checksum {
  private hash;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.start();
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
  reset(): void {
    this.hash = this.start();
  }
  private start() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
