/**
 * What an endpoint's host name says about AWS: the region and the signing service of an Amazon
 * OpenSearch Service domain or OpenSearch Serverless collection, or nothing for any other host
 * (a local node, a self-managed cluster, a custom domain name: those pass their region in).
 */

export type AwsOpenSearchService = 'es' | 'aoss';

export interface AwsEndpoint {
  readonly region: string;
  /** The SigV4 service name: `es` for domains (and their Dashboards), `aoss` for serverless collections. */
  readonly service: AwsOpenSearchService;
}

/** `eu-west-1`, `us-gov-west-1`, `cn-northwest-1`, `ap-southeast-5`… */
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d+';

/**
 * - `search-<name>-<id>.<region>.es.amazonaws.com` and `vpc-…` (commercial, GovCloud);
 * - `….<region>.es.amazonaws.com.cn` (China);
 * - `<id>.<region>.aoss.amazonaws.com[.cn]` (Serverless);
 * - `search-<name>-<id>.aos.<region>.on.aws` (the domains' dual-stack endpoints).
 */
const AWS_HOSTS: ReadonlyArray<readonly [RegExp, AwsOpenSearchService | 'from-host']> = [
  [new RegExp(`\\.(${REGION})\\.(es|aoss)\\.amazonaws\\.com(?:\\.cn)?$`), 'from-host'],
  [new RegExp(`\\.aos\\.(${REGION})\\.on\\.aws$`), 'es'],
];

/** The region and service of an AWS OpenSearch endpoint (a URL or a bare host name), else undefined. */
export function awsEndpointOf(endpoint: string): AwsEndpoint | undefined {
  const host = hostOf(endpoint);
  if (!host) return undefined;
  for (const [pattern, service] of AWS_HOSTS) {
    const match = pattern.exec(host);
    if (match)
      return {
        region: match[1],
        service: service === 'from-host' ? (match[2] as AwsOpenSearchService) : service,
      };
  }
  return undefined;
}

/** The region of an AWS OpenSearch endpoint, or undefined for any other host. */
export function awsRegionOf(endpoint: string): string | undefined {
  return awsEndpointOf(endpoint)?.region;
}

/** True for AWS OpenSearch endpoints, which want SigV4. */
export function isAwsEndpoint(endpoint: string): boolean {
  return awsEndpointOf(endpoint) !== undefined;
}

function hostOf(endpoint: string): string | undefined {
  const text = endpoint.trim();
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}
