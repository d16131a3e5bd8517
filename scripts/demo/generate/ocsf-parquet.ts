import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';

/*
 * Writes OCSF events as Security Lake stores them: Parquet with one column per OCSF attribute,
 * objects as structs, arrays as LISTs, `unmapped` as a MAP<string,string>, `time` and the other
 * `*_time` attributes as TIMESTAMP(MILLIS), GZIP pages (`….gz.parquet`). For fixtures, sample
 * objects, the demo and the bench; the ingestion function only reads.
 */

/** An OCSF attribute's Parquet shape. */
export type Shape =
  | 'string'
  | 'int'
  | 'long'
  | 'bool'
  | 'timestamp'
  | 'map'
  | { readonly list: Shape }
  | { readonly [member: string]: Shape };

export type OcsfSchema = Readonly<Record<string, Shape>>;

interface SchemaElement {
  name: string;
  type?: string;
  repetition_type?: string;
  num_children?: number;
  converted_type?: string;
  logical_type?: { type: string; isAdjustedToUTC?: boolean; unit?: string };
}

function elements(name: string, shape: Shape): SchemaElement[] {
  const optional = { repetition_type: 'OPTIONAL' };
  if (shape === 'string') return [{ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', ...optional }];
  if (shape === 'int') return [{ name, type: 'INT32', ...optional }];
  if (shape === 'long') return [{ name, type: 'INT64', ...optional }];
  if (shape === 'bool') return [{ name, type: 'BOOLEAN', ...optional }];
  if (shape === 'timestamp') {
    return [
      {
        name,
        type: 'INT64',
        ...optional,
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
      },
    ];
  }
  if (shape === 'map') {
    return [
      { name, ...optional, converted_type: 'MAP', num_children: 1 },
      { name: 'key_value', repetition_type: 'REPEATED', num_children: 2 },
      { name: 'key', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
      { name: 'value', type: 'BYTE_ARRAY', converted_type: 'UTF8', ...optional },
    ];
  }
  if ('list' in shape && typeof shape.list !== 'undefined' && Object.keys(shape).length === 1) {
    return [
      { name, ...optional, converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      ...elements('element', shape.list as Shape),
    ];
  }
  const members = Object.entries(shape as Record<string, Shape>);
  return [
    { name, ...optional, num_children: members.length },
    ...members.flatMap(([n, s]) => elements(n, s)),
  ];
}

/** A value as the writer takes it: timestamps as Date, maps as key/value lists, nulls for what is absent. */
function columnValue(value: unknown, shape: Shape): unknown {
  if (value === undefined || value === null) return null;
  if (shape === 'timestamp') return new Date(value as number);
  if (shape === 'long') return BigInt(value as number | string);
  if (shape === 'map')
    return Object.entries(value as Record<string, string>).map(([key, v]) => ({ key, value: v }));
  if (typeof shape === 'string') return value;
  if ('list' in shape && Object.keys(shape).length === 1) {
    return (value as unknown[]).map((v) => columnValue(v, shape.list as Shape));
  }
  const out: Record<string, unknown> = {};
  for (const [n, s] of Object.entries(shape as Record<string, Shape>)) {
    out[n] = columnValue((value as Record<string, unknown>)[n], s);
  }
  return out;
}

export interface WriteOptions {
  /** Rows per row group (Security Lake writes several per object). @default 1000 */
  readonly rowGroupSize?: number;
  /** @default 'GZIP' */
  readonly codec?: 'GZIP' | 'SNAPPY' | 'UNCOMPRESSED';
}

/** OCSF rows (plain objects, `time` in epoch ms) as a Parquet object of `schema`. */
export function writeOcsfParquet(
  schema: OcsfSchema,
  rows: readonly Record<string, unknown>[],
  options: WriteOptions = {},
): Buffer {
  const names = Object.keys(schema);
  const schemaElements = [
    { name: 'schema', num_children: names.length },
    ...names.flatMap((n) => elements(n, schema[n])),
  ];
  const codec = options.codec ?? 'GZIP';
  const buffer = parquetWriteBuffer({
    columnData: names.map((n) => ({ name: n, data: rows.map((r) => columnValue(r[n], schema[n])) })),
    schema: schemaElements,
    codec,
    compressors: { GZIP: (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes)) },
    rowGroupSize: options.rowGroupSize ?? 1000,
    createdBy: 'cdktf-aws-siem ocsf-parquet',
  } as unknown as Parameters<typeof parquetWriteBuffer>[0]);
  return Buffer.from(buffer);
}

const ENDPOINT: Shape = {
  uid: 'string',
  ip: 'string',
  port: 'int',
  domain: 'string',
  instance_uid: 'string',
  vpc_uid: 'string',
  subnet_uid: 'string',
  interface_uid: 'string',
};
const METADATA: Shape = {
  product: { version: 'string', name: 'string', vendor_name: 'string', feature: { name: 'string' } },
  uid: 'string',
  profiles: { list: 'string' },
  version: 'string',
  event_code: 'string',
};
const BASE: Record<string, Shape> = {
  metadata: METADATA,
  time: 'timestamp',
  cloud: { region: 'string', provider: 'string', account: { uid: 'string' } },
  class_name: 'string',
  class_uid: 'int',
  category_name: 'string',
  category_uid: 'int',
  severity_id: 'int',
  severity: 'string',
  activity_name: 'string',
  activity_id: 'int',
  type_uid: 'long',
  type_name: 'string',
  status: 'string',
  status_id: 'int',
  unmapped: 'map',
};

/**
 * OCSF 1.1 classes as Security Lake source version 2.0 writes them (the attributes AWS maps from
 * each service; https://docs.aws.amazon.com/security-lake/latest/userguide/open-cybersecurity-schema-framework.html).
 */
export const OCSF_SCHEMAS = {
  /** API Activity (6003): CloudTrail management events (CLOUD_TRAIL_MGMT). */
  apiActivity: {
    ...BASE,
    api: {
      response: { error: 'string', message: 'string', data: 'string' },
      operation: 'string',
      version: 'string',
      service: { name: 'string' },
      request: { uid: 'string', data: 'string' },
    },
    actor: {
      user: {
        type: 'string',
        name: 'string',
        uid: 'string',
        account: { uid: 'string' },
        credential_uid: 'string',
      },
      session: { created_time: 'timestamp', mfa: 'bool', issuer: 'string' },
      invoked_by: 'string',
    },
    http_request: { user_agent: 'string' },
    src_endpoint: ENDPOINT,
    resources: { list: { uid: 'string', type: 'string' } },
  },
  /** Network Activity (4001): VPC flow logs (VPC_FLOW). */
  networkActivity: {
    ...BASE,
    src_endpoint: ENDPOINT,
    dst_endpoint: ENDPOINT,
    connection_info: {
      protocol_num: 'int',
      direction: 'string',
      direction_id: 'int',
      tcp_flags: 'int',
      boundary: 'string',
    },
    traffic: { packets: 'long', bytes: 'long' },
    start_time: 'timestamp',
    end_time: 'timestamp',
    action: 'string',
    action_id: 'int',
    disposition: 'string',
    disposition_id: 'int',
  },
  /** DNS Activity (4003): Route 53 Resolver query logs (ROUTE53). */
  dnsActivity: {
    ...BASE,
    src_endpoint: ENDPOINT,
    query: { hostname: 'string', type: 'string', class: 'string', packet_uid: 'int' },
    answers: { list: { rdata: 'string', type: 'string', class: 'string' } },
    rcode: 'string',
    rcode_id: 'int',
    connection_info: { protocol_name: 'string', direction: 'string' },
  },
  /** Detection Finding (2004): Security Hub findings (SH_FINDINGS). */
  detectionFinding: {
    ...BASE,
    finding_info: {
      uid: 'string',
      title: 'string',
      desc: 'string',
      types: { list: 'string' },
      created_time: 'timestamp',
    },
    resources: { list: { uid: 'string', type: 'string', region: 'string' } },
    compliance: { status: 'string' },
    confidence_score: 'int',
  },
} as const satisfies Record<string, OcsfSchema>;

/** Shapes of two schemas in one: structs merged member by member, the first shape kept otherwise. */
function mergeShapes(a: Shape, b: Shape): Shape {
  const isStruct = (s: Shape): s is { readonly [member: string]: Shape } =>
    typeof s === 'object' && !('list' in s && Object.keys(s).length === 1);
  if (isStruct(a) && isStruct(b)) {
    const out: Record<string, Shape> = { ...a };
    for (const [name, shape] of Object.entries(b))
      out[name] = name in out ? mergeShapes(out[name], shape) : shape;
    return out;
  }
  if (typeof a === 'object' && typeof b === 'object' && 'list' in a && 'list' in b) {
    return { list: mergeShapes(a.list as Shape, b.list as Shape) };
  }
  return a;
}

/** Every attribute of the four classes: for objects that mix classes (detection samples, the demo). */
export const OCSF_ALL_CLASSES: OcsfSchema = Object.values(OCSF_SCHEMAS).reduce<Record<string, Shape>>(
  (all, schema) => mergeShapes(all, schema) as Record<string, Shape>,
  {},
);
