import { readFileSync } from 'node:fs';

/** The log-archive stack outputs post-apply needs. */
export interface LogArchiveOutputs {
  readonly domainEndpoint?: string;
  readonly snapshotRoleArn?: string;
  readonly snapshotBucket?: string;
  readonly alarmTopicArn?: string;
  /** Role the Notifications plugin assumes to publish to the alarm topic (managed domains need one). */
  readonly alertingSnsRoleArn?: string;
  /** The ingestion function's IAM role, mapped to the `siem_ingest` security role. */
  readonly ingestRoleArn?: string;
  /** The Cognito authenticated (Dashboards users') IAM role, mapped to `siem_analyst`. */
  readonly dashboardsUserRoleArn?: string;
}

const KEYS: ReadonlyArray<keyof LogArchiveOutputs> = [
  'domainEndpoint',
  'snapshotRoleArn',
  'snapshotBucket',
  'alarmTopicArn',
  'alertingSnsRoleArn',
  'ingestRoleArn',
  'dashboardsUserRoleArn',
];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `terraform output -json` wraps each value as `{value, type, sensitive}`; cdktf's outputs file does not. */
function unwrap(v: unknown): unknown {
  return isObject(v) && 'value' in v && 'type' in v ? v.value : v;
}

/**
 * Reads `terraform output -json` of the log-archive stack, or cdktf's `outputs.json` (outputs
 * grouped per stack; the stack holding `domainEndpoint` is used). cdktf may suffix output names
 * with a hash, so a key matches when it is the name or starts with it followed by `_`.
 */
export function parseOutputs(raw: unknown, source = 'outputs'): LogArchiveOutputs {
  if (!isObject(raw)) throw new Error(`${source}: expected a JSON object of outputs`);
  const scopes: Record<string, unknown>[] = [raw, ...Object.values(raw).filter(isObject)];
  const scope = scopes.find((s) =>
    Object.keys(s).some((k) => k === 'domainEndpoint' || k.startsWith('domainEndpoint_')),
  );
  if (!scope)
    throw new Error(`${source}: no domainEndpoint output (is this the log-archive stack's outputs?)`);
  const out: Record<string, string> = {};
  for (const key of KEYS) {
    const found = Object.keys(scope).find((k) => k === key || k.startsWith(`${key}_`));
    const value = found === undefined ? undefined : unwrap(scope[found]);
    if (typeof value === 'string' && value !== '') out[key] = value;
  }
  return out;
}

export function readOutputs(file: string): LogArchiveOutputs {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read --outputs ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`--outputs ${file} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseOutputs(raw, file);
}

/** Managed domains print their endpoint without a scheme. */
export function endpointUrl(endpoint: string): string {
  return /^https?:\/\//.test(endpoint) ? endpoint.replace(/\/$/, '') : `https://${endpoint}`;
}
