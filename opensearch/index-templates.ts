/**
 * Index templates for the ingested log types, as `PUT _index_template/<name>` bodies. The
 * post-apply step and the integration tests apply them; ISM policies are attached elsewhere.
 *
 * Choices that keep every record indexable:
 * - strings default to `keyword` with `ignore_above`, so a huge value is kept in `_source` but
 *   never hits Lucene's 32,766-byte term limit; no date or number guessing from strings;
 * - free-form subtrees searched by any path (CloudTrail `requestParameters`, WAF rule lists, ASFF
 *   `Resources.Details`, parsed CloudWatch JSON...) are `flat_object` (OpenSearch 2.7+): one
 *   mapping entry, no type conflicts between events of different shapes;
 * - `siem.conflicts` holds, as text, any part of a record the mapping still rejected.
 *
 * Choices that keep the indices small (`npm run bench:index-size` measures them):
 * - a string nobody maps explicitly is searchable but has no doc values (about a third of the
 *   bytes of a keyword): fields that detections, monitors or dashboards aggregate on are mapped
 *   as `keyword` (doc values on) below, and test/unit/opensearch/index-templates.test.ts checks
 *   every field they use against these templates;
 * - high-entropy values nobody searches stay in `_source` only (CloudTrail `requestID`, session
 *   tokens, S3 request ids...): CloudTrail `responseElements` and `additionalEventData` index the
 *   listed leaves only (`dynamic: false`), the rest of them is kept, unindexed, in `_source`;
 * - counters and times not aggregated keep their index (range queries) but no doc values;
 * - `_source` and stored fields are compressed with {@link INDEX_CODEC}.
 */
import { INDEX_PREFIX, LOG_TYPES, type LogType } from './log-types';

export interface IndexTemplate {
  readonly name: string;
  readonly body: Record<string, unknown>;
}

type Properties = Record<string, unknown>;

/** Longest string indexed as a keyword; longer ones stay in `_source` only. */
export const KEYWORD_IGNORE_ABOVE = 1024;
/**
 * Lucene codec of the log indices (`index.codec`). `best_compression` (DEFLATE) is in every
 * OpenSearch; `zstd`/`zstd_no_dict` need the custom-codecs plugin (Amazon OpenSearch Service 2.9+).
 */
export const INDEX_CODEC = 'best_compression';

/** A keyword that is searched and aggregated (terms, cardinality, monitor buckets): doc values on. */
const keyword = { type: 'keyword', ignore_above: KEYWORD_IGNORE_ABOVE };
/** A keyword that is searched but never aggregated or sorted on: no doc values. */
const searchKeyword = { type: 'keyword', ignore_above: KEYWORD_IGNORE_ABOVE, doc_values: false };
/** Kept in `_source` (shown in Discover, returned by searches) but not searchable. */
const sourceOnly = { type: 'keyword', index: false, doc_values: false };
const ip = { type: 'ip' };
const searchIp = { type: 'ip', doc_values: false };
const long = { type: 'long' };
const searchLong = { type: 'long', doc_values: false };
const integer = { type: 'integer' };
const float = { type: 'float' };
const date = { type: 'date' };
const flat = { type: 'flat_object' };
const text = { type: 'text' };
const epochMillis = { type: 'date', format: 'epoch_millis' };
const searchEpochSecond = { type: 'date', format: 'epoch_second', doc_values: false };
/** A free-form subtree of which only `properties` are indexed; the rest stays in `_source`. */
const listedOnly = (properties: Properties) => ({ type: 'object', dynamic: false, properties });

const SIEM_PROPERTIES: Properties = { conflicts: { properties: { field: keyword, value: text } } };

const COMMON_PROPERTIES: Properties = {
  '@timestamp': date,
  event: { properties: { dataset: keyword, action: keyword, outcome: keyword, routing: keyword } },
  cloud: { properties: { account: { properties: { id: keyword } }, region: keyword } },
  source: { properties: { ip } },
  user: { properties: { name: keyword } },
  siem: { properties: SIEM_PROPERTIES },
};

const SOURCE_PROPERTIES: Record<LogType, Properties> = {
  cloudtrail: {
    // The same instant as `@timestamp`, which is what searches and the time picker use.
    eventTime: { type: 'date', index: false, doc_values: false },
    eventSource: keyword,
    eventName: keyword,
    errorCode: keyword,
    awsRegion: keyword,
    recipientAccountId: keyword,
    sourceIPAddress: searchKeyword,
    // Unique per call, never searched (`eventID` is the record's id and stays searchable).
    requestID: sourceOnly,
    userIdentity: {
      properties: {
        type: keyword,
        accountId: keyword,
        sessionContext: {
          properties: {
            // Unique per session; `mfaAuthenticated` beside it stays searchable.
            attributes: { properties: { creationDate: sourceOnly } },
          },
        },
      },
    },
    requestParameters: flat,
    // Only what detections and investigations look up: which instances a call launched, which
    // temporary key it issued to whom, a console sign-in's result. Session tokens, request ids
    // and the rest are kept in `_source` only.
    responseElements: listedOnly({
      ConsoleLogin: searchKeyword,
      credentials: { properties: { accessKeyId: searchKeyword } },
      assumedRoleUser: { properties: { arn: searchKeyword, assumedRoleId: searchKeyword } },
      instancesSet: {
        properties: { items: { properties: { instanceId: searchKeyword, instanceType: keyword } } },
      },
    }),
    additionalEventData: listedOnly({ MFAUsed: searchKeyword, LoginTo: searchKeyword }),
    serviceEventDetails: flat,
    insightDetails: flat,
    edgeDeviceDetails: flat,
    // Derived by the parser for RunInstances (see `launchedInstances`), so launches can be summed,
    // and for the records functions/ingest/parsers/cloudtrail-derived.ts describes.
    siem: {
      properties: {
        ...SIEM_PROPERTIES,
        ec2: { properties: { launchedInstances: integer, instanceSession: keyword } },
        iam: { properties: { otherUser: keyword } },
        policy: { properties: { otherAccounts: keyword, otherAccountCount: integer } },
      },
    },
  },
  cloudwatch: {
    timestamp: epochMillis,
    logGroup: keyword,
    // Detections group by it (one stream per instance for the CloudWatch agent's OS logs).
    logStream: keyword,
    message: text,
    json: flat,
  },
  findings: {
    CreatedAt: date,
    UpdatedAt: date,
    FirstObservedAt: date,
    LastObservedAt: date,
    AwsAccountId: keyword,
    GeneratorId: keyword,
    ProductName: keyword,
    Types: keyword,
    RecordState: keyword,
    Workflow: { properties: { Status: keyword } },
    Compliance: { properties: { Status: keyword } },
    // Tables group findings by title, so it is also kept whole as a keyword.
    Title: { ...text, fields: { keyword } },
    Description: text,
    Action: flat,
    ProductFields: flat,
    UserDefinedFields: flat,
    Vulnerabilities: flat,
    Resources: { properties: { Type: keyword, Details: flat, Tags: flat } },
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
    version: searchLong,
    account_id: keyword,
    action: keyword,
    srcaddr: ip,
    dstaddr: ip,
    // The packet-level addresses repeat `srcaddr`/`dstaddr` unless a NAT or middlebox is involved.
    pkt_srcaddr: searchIp,
    pkt_dstaddr: searchIp,
    // Ephemeral on one side of every flow: searched, never grouped on.
    srcport: searchLong,
    dstport: long,
    protocol: long,
    packets: long,
    bytes: long,
    // `@timestamp` is `start`; both stay searchable.
    start: searchEpochSecond,
    end: searchEpochSecond,
    tcp_flags: searchLong,
    traffic_path: searchLong,
  },
  waf: {
    timestamp: { ...epochMillis, doc_values: false },
    formatVersion: searchLong,
    action: keyword,
    webaclId: keyword,
    httpSourceName: keyword,
    terminatingRuleId: keyword,
    terminatingRuleType: keyword,
    httpRequest: {
      properties: {
        clientIp: ip,
        country: keyword,
        httpMethod: keyword,
        uri: keyword,
        headers: {
          properties: {
            name: searchKeyword,
            value: { type: 'keyword', ignore_above: 8191, doc_values: false },
          },
        },
      },
    },
    ruleGroupList: flat,
    rateBasedRuleList: flat,
    terminatingRuleMatchDetails: flat,
    nonTerminatingMatchingRules: flat,
    labels: { properties: { name: keyword } },
  },
  elb: {
    time: date,
    request_creation_time: date,
    elb: keyword,
    type: keyword,
    client_ip: ip,
    target_ip: ip,
    backend_ip: ip,
    client_port: searchLong,
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
    request: { type: 'keyword', ignore_above: 8191, doc_values: false, fields: { text } },
    user_agent: { type: 'keyword', ignore_above: 2048, fields: { text } },
    // Values past the fields the parser knows (fields AWS added since), as written.
    extra_fields: text,
  },
  s3access: {
    time: date,
    bucket: keyword,
    operation: keyword,
    // Detections group by it (s3access-mass-delete).
    requester: keyword,
    remote_ip: ip,
    http_status: long,
    bytes_sent: long,
    object_size: long,
    total_time: long,
    turn_around_time: long,
    request_uri: { type: 'keyword', ignore_above: 8191, doc_values: false, fields: { text } },
    extra_fields: text,
  },
  cloudfront: {
    // The distribution's domain: detections group by it (cloudfront-5xx-burst).
    cs_host: keyword,
    c_ip: ip,
    sc_bytes: long,
    sc_status: long,
    cs_bytes: long,
    time_taken: float,
    c_port: searchLong,
    time_to_first_byte: float,
    sc_content_len: long,
    sc_range_start: long,
    sc_range_end: long,
    origin_fbl: float,
    origin_lbl: float,
    asn: long,
  },
  dns: {
    // Route 53 Resolver query logs; `@timestamp` is `query_timestamp`.
    version: searchKeyword,
    account_id: keyword,
    region: keyword,
    vpc_id: keyword,
    query_timestamp: { ...date, doc_values: false },
    // Detections count distinct names per domain and per source (tunnelling, DGA).
    query_name: keyword,
    query_type: keyword,
    query_class: keyword,
    rcode: keyword,
    answers: { properties: { Rdata: searchKeyword, Type: keyword, Class: keyword } },
    srcaddr: ip,
    // A string in the records ("54321"); ephemeral, searched, never grouped on.
    srcport: searchLong,
    transport: keyword,
    srcids: {
      properties: { instance: keyword, resolver_endpoint: keyword, resolver_network_interface: keyword },
    },
    firewall_rule_action: keyword,
    firewall_rule_group_id: keyword,
    firewall_domain_list_id: keyword,
    firewall_protection: keyword,
    siem: {
      properties: {
        ...SIEM_PROPERTIES,
        dns: {
          properties: {
            query_name_length: integer,
            labels: integer,
            longest_label: integer,
            base_domain: keyword,
          },
        },
      },
    },
  },
  networkfirewall: {
    // Network Firewall; the record's `event` members sit beside the common ones in `event`.
    firewall_name: keyword,
    availability_zone: keyword,
    // Epoch seconds as a string; `@timestamp` is `event.timestamp` to the millisecond.
    event_timestamp: searchLong,
    event: {
      properties: {
        // The common members (dataset, action, outcome, routing) stay mapped as for every log type.
        ...(COMMON_PROPERTIES.event as { properties: Properties }).properties,
        // Suricata's `2020-10-13T22:10:01.006481+0000`: kept as written, `@timestamp` is the time.
        timestamp: searchKeyword,
        flow_id: searchLong,
        event_type: keyword,
        src_ip: ip,
        dest_ip: ip,
        src_port: searchLong,
        dest_port: long,
        proto: keyword,
        app_proto: keyword,
        alert: {
          properties: {
            action: keyword,
            signature_id: long,
            rev: searchLong,
            signature: { ...keyword, fields: { text } },
            category: keyword,
            severity: integer,
            metadata: flat,
          },
        },
        netflow: {
          properties: {
            pkts: long,
            bytes: long,
            start: searchKeyword,
            end: searchKeyword,
            age: searchLong,
            min_ttl: searchLong,
            max_ttl: searchLong,
          },
        },
        tls: {
          properties: { sni: keyword, subject: searchKeyword, issuerdn: searchKeyword, version: keyword },
        },
        http: { properties: { hostname: keyword, url: searchKeyword, http_user_agent: searchKeyword } },
        tcp: flat,
      },
    },
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
        settings: {
          'index.mapping.total_fields.limit': 2000,
          'index.refresh_interval': '5s',
          'index.codec': INDEX_CODEC,
        },
        mappings: {
          date_detection: false,
          numeric_detection: false,
          dynamic_templates: [
            {
              strings: {
                match_mapping_type: 'string',
                mapping: searchKeyword,
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
