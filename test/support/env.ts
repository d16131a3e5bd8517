/**
 * Where the integration tests find the servers that test/integration/global-setup.ts started or found.
 * Each accessor throws when that setup did not run (e.g. a file run outside the `integration` jest project).
 */

function required(name: string, hint = ''): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run integration tests through jest's integration project ` +
        `(npx jest --selectProjects integration), whose global setup starts the local servers${hint}`,
    );
  }
  return value;
}

/** Base URL of the OpenSearch node, e.g. http://127.0.0.1:9200 (no trailing slash). */
export function openSearchUrl(): string {
  return required('OPENSEARCH_URL').replace(/\/+$/, '');
}

/** Endpoint of the moto server that emulates AWS APIs. */
export function motoEndpoint(): string {
  return required('MOTO_ENDPOINT');
}

/** Folder that the node allows `fs` snapshot repositories under (its path.repo). */
export function openSearchPathRepo(): string {
  return required('OPENSEARCH_PATH_REPO', "; with OPENSEARCH_URL set, also set it to that node's path.repo");
}

export interface AwsTestClientConfig {
  endpoint: string;
  region: 'us-east-1';
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Needed by S3 (bucket in the path, not the host name); other clients ignore it. */
  forcePathStyle: true;
}

/** Spread into any AWS SDK v3 client config: `new SQSClient(awsTestClientConfig())`. */
export function awsTestClientConfig(): AwsTestClientConfig {
  return {
    endpoint: motoEndpoint(),
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    forcePathStyle: true,
  };
}

/** Plugins installed on the node (names as in `_cat/plugins`, e.g. `opensearch-alerting`). */
export function openSearchPlugins(): string[] {
  return required('OPENSEARCH_PLUGINS')
    .split(',')
    .filter((name) => name !== '-');
}

export interface SecureNode {
  /** Base URL of the node with the security plugin on (plain HTTP, basic auth). */
  readonly url: string;
  readonly user: string;
  readonly password: string;
  /** Its path.repo, for `fs` snapshot repositories. */
  readonly pathRepo: string;
}

/** The node with the security plugin on, started by the global setup (or OPENSEARCH_SECURE_URL). */
export function secureOpenSearch(): SecureNode {
  return {
    url: required('OPENSEARCH_SECURE_URL').replace(/\/+$/, ''),
    user: required('OPENSEARCH_SECURE_USER'),
    password: required('OPENSEARCH_SECURE_PASSWORD'),
    pathRepo: required('OPENSEARCH_SECURE_PATH_REPO'),
  };
}
