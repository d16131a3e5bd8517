import type { SecretReference } from '../../detections/channels';
import { createHttpClient } from '../../opensearch/http-client';

/**
 * Reads webhook URLs from Secrets Manager or SSM Parameter Store with two signed JSON-API calls,
 * so post-apply needs no extra SDK clients. The value never reaches a log line.
 */
export function awsSecretResolver(region: string): (ref: SecretReference) => Promise<string> {
  const call = async (service: 'secretsmanager' | 'ssm', target: string, body: unknown) => {
    const client = createHttpClient({
      endpoint: `https://${service}.${region}.amazonaws.com`,
      auth: { kind: 'sigv4', region, service },
    });
    const res = await client.request<Record<string, unknown>>('POST', '/', {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    });
    return typeof res.body === 'string' ? (JSON.parse(res.body) as Record<string, unknown>) : res.body;
  };
  return async (ref) => {
    if ('secretsManagerSecretName' in ref) {
      const out = await call('secretsmanager', 'secretsmanager.GetSecretValue', {
        SecretId: ref.secretsManagerSecretName,
      });
      if (typeof out.SecretString !== 'string')
        throw new Error(`secret ${ref.secretsManagerSecretName} has no SecretString`);
      return out.SecretString.trim();
    }
    const out = await call('ssm', 'AmazonSSM.GetParameter', {
      Name: ref.ssmParameterName,
      WithDecryption: true,
    });
    const value = (out.Parameter as { Value?: unknown } | undefined)?.Value;
    if (typeof value !== 'string') throw new Error(`SSM parameter ${ref.ssmParameterName} has no value`);
    return value.trim();
  };
}
