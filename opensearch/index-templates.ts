/**
 * Index templates for the ingested log types, as `PUT _index_template/<name>` bodies. The
 * post-apply step and the integration tests apply them; ISM policies are attached elsewhere.
 *
 * Choices that keep every record indexable:
 * - strings default to `keyword` with `ignore_above`, so a huge value is kept in `_source` but
 *   never hits Lucene's 32,766-byte term limit; no date or number guessing from strings;
 * - free-form subtrees (CloudTrail `requestParameters`, `responseElements`, ASFF `Resources.Details`,
 *   parsed CloudWatch JSON...) are `flat_object` (OpenSearch 2.7+): searchable by dotted path,
 *   one mapping entry, no type conflicts between events of different shapes;
 * - `siem.conflicts` holds, as text, any part of a record the mapping still rejected.
 */
import { INDEX_PREFIX, LOG_TYPES, type LogType } from './log-types';

export interface IndexTemplate {
  readonly name: string;
  readonly body: Record<string, unknown>;
}

type Properties = Record<string, unknown>;

const keyword = { type: 'keyword' };
const ip = { type: 'ip' };
const long = { type: 'long' };
const integer = { type: 'integer' };
const float = { type: 'float' };
const date = { type: 'date' };
const flat = { type: 'flat_object' };
const text = { type: 'text' };
const epochMillis = { type: 'date', format: 'epoch_millis' };
const epochSecond = { type: 'date', format: 'epoch_second' };
/** Longest string indexed as a keyword; longer ones stay in `_source` only. */
export const KEYWORD_IGNORE_ABOVE = 1024;

const SIEM_PROPERTIES: Properties = { conflicts: { properties: { field: keyword, value: text } } };

const COMMON_PROPERTIES: Properties = {
  '@timestamp': date,
  event: { properties: { dataset: keyword, action: keyword, outcome: keyword } },
  cloud: { properties: { account: { properties: { id: keyword } }, region: keyword } },
  source: { properties: { ip } },
  user: { properties: { name: keyword } },
  siem: { properties: SIEM_PROPERTIES },
};

const SOURCE_PROPERTIES: Record<LogType, Properties> = {
  cloudtrail: {
    eventTime: date,
    sourceIPAddress: keyword,
    requestParameters: flat,
    responseElements: flat,
    additionalEventData: flat,
    serviceEventDetails: flat,
    insightDetails: flat,
    edgeDeviceDetails: flat,
    // Derived by the parser for RunInstances (see `launchedInstances`), so launches can be summed.
    siem: { properties: { ...SIEM_PROPERTIES, ec2: { properties: { launchedInstances: integer } } } },
  },
  cloudwatch: {
    timestamp: epochMillis,
    message: text,
    json: flat,
  },
  findings: {
    CreatedAt: date,
    UpdatedAt: date,
    FirstObservedAt: date,
    LastObservedAt: date,
    // Tables group findings by title, so it is also kept whole as a keyword.
    Title: { ...text, fields: { keyword: { type: 'keyword', ignore_above: KEYWORD_IGNORE_ABOVE } } },
    Description: text,
    Action: flat,
    ProductFields: flat,
    UserDefinedFields: flat,
    Vulnerabilities: flat,
    Resources: { properties: { Details: flat, Tags: flat } },
    // ASFF types, so the first finding of the day does not decide them (`Original` is a string in
    // ASFF, sometimes holding a number; `Normalized`, `Confidence`, `Criticality` are 0-100 integers).
    Severity: { properties: { Label: keyword, Original: keyword, Normalized: integer, Product: float } },
    Confidence: integer,
    Criticality: integer,
    FindingProviderFields: {
      properties: {
        Confidence: integer,
        Criticality: integer,
        Severity: { properties: { Label: keyword, Original: keyword } },
      },
    },
    // A value the ip type rejects is moved to `siem.conflicts` by the bulk writer's fallback.
    Network: {
      properties: {
        SourceIpV4: ip,
        SourceIpV6: ip,
        DestinationIpV4: ip,
        DestinationIpV6: ip,
        SourcePort: integer,
        DestinationPort: integer,
        OpenPortRange: { properties: { Begin: integer, End: integer } },
      },
    },
  },
  vpcflow: {
    version: long,
    srcaddr: ip,
    dstaddr: ip,
    pkt_srcaddr: ip,
    pkt_dstaddr: ip,
    srcport: long,
    dstport: long,
    protocol: long,
    packets: long,
    bytes: long,
    start: epochSecond,
    end: epochSecond,
    tcp_flags: long,
    traffic_path: long,
  },
  waf: {
    timestamp: epochMillis,
    formatVersion: long,
    httpRequest: {
      properties: {
        clientIp: ip,
        headers: { properties: { name: keyword, value: { type: 'keyword', ignore_above: 8191 } } },
      },
    },
    ruleGroupList: flat,
    rateBasedRuleList: flat,
    terminatingRuleMatchDetails: flat,
    nonTerminatingMatchingRules: flat,
  },
  elb: {
    time: date,
    request_creation_time: date,
    client_ip: ip,
    target_ip: ip,
    backend_ip: ip,
    client_port: long,
    target_port: long,
    backend_port: long,
    request_processing_time: float,
    target_processing_time: float,
    backend_processing_time: float,
    response_processing_time: float,
    elb_status_code: long,
    target_status_code: long,
    backend_status_code: long,
    received_bytes: long,
    sent_bytes: long,
    matched_rule_priority: long,
    request: { type: 'keyword', ignore_above: 8191, fields: { text } },
    user_agent: { type: 'keyword', ignore_above: 2048, fields: { text } },
    // Values past the fields the parser knows (fields AWS added since), as written.
    extra_fields: text,
  },
  s3access: {
    time: date,
    remote_ip: ip,
    http_status: long,
    bytes_sent: long,
    object_size: long,
    total_time: long,
    turn_around_time: long,
    request_uri: { type: 'keyword', ignore_above: 8191, fields: { text } },
    extra_fields: text,
  },
  cloudfront: {
    c_ip: ip,
    sc_bytes: long,
    sc_status: long,
    cs_bytes: long,
    time_taken: float,
    c_port: long,
    time_to_first_byte: float,
    sc_content_len: long,
    sc_range_start: long,
    sc_range_end: long,
    origin_fbl: float,
    origin_lbl: float,
    asn: long,
  },
};

export interface IndexTemplateOptions {
  /** Index name prefix; `siem-` in production, unique per test run in tests. */
  readonly prefix?: string;
  /** Template priority; above the default so these win over any catch-all template. */
  readonly priority?: number;
}

export function templateName(prefix: string, logType: LogType | 'deadletter'): string {
  return `${prefix}${logType}`;
}

export function indexTemplates(options: IndexTemplateOptions = {}): IndexTemplate[] {
  const prefix = options.prefix ?? INDEX_PREFIX;
  const priority = options.priority ?? 200;
  const templates: IndexTemplate[] = LOG_TYPES.map((logType) => ({
    name: templateName(prefix, logType),
    body: {
      index_patterns: [`${prefix}${logType}-*`],
      priority,
      template: {
        settings: { 'index.mapping.total_fields.limit': 2000, 'index.refresh_interval': '5s' },
        mappings: {
          date_detection: false,
          numeric_detection: false,
          dynamic_templates: [
            {
              strings: {
                match_mapping_type: 'string',
                mapping: { type: 'keyword', ignore_above: KEYWORD_IGNORE_ABOVE },
              },
            },
          ],
          properties: { ...COMMON_PROPERTIES, ...SOURCE_PROPERTIES[logType] },
        },
        aliases: { [`${prefix}${logType}`]: {} },
      },
      _meta: { description: `SIEM ${logType} documents, one index per UTC day` },
    },
  }));
  templates.push({
    name: templateName(prefix, 'deadletter'),
    body: {
      index_patterns: [`${prefix}deadletter-*`],
      priority,
      template: {
        // Nothing is guessed: a dead letter must never be rejected in turn.
        mappings: {
          dynamic: false,
          properties: {
            '@timestamp': date,
            error: { properties: { type: keyword, reason: text } },
            s3: { properties: { bucket: keyword, key: keyword, record: long } },
            log_type: keyword,
            target_index: keyword,
            document_id: keyword,
          },
        },
        aliases: { [`${prefix}deadletter`]: {} },
      },
      _meta: { description: 'Records the SIEM could not index, with the error and where to find them in S3' },
    },
  });
  return templates;
}
