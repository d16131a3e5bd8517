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
import { INGEST_PIPELINE_NAME } from './ingest-pipeline';
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

/** An OCSF network endpoint (`src_endpoint`, `dst_endpoint`). */
const OCSF_ENDPOINT: Properties = {
  ip,
  port: integer,
  hostname: keyword,
  domain: keyword,
  uid: keyword,
  instance_uid: keyword,
  interface_uid: keyword,
  vpc_uid: keyword,
  subnet_uid: keyword,
  svc_name: keyword,
};
const searchEpochMillis = { type: 'date', format: 'epoch_millis', doc_values: false };

const boolean = { type: 'boolean' };
/** GuardDuty's `remoteIpDetails`: the address and where it is, the rest in `_source`. */
const guardDutyRemoteIp = listedOnly({
  ipAddressV4: ip,
  ipAddressV6: searchIp,
  country: listedOnly({ countryName: keyword }),
  organization: listedOnly({ asn: searchKeyword, asnOrg: keyword, isp: searchKeyword, org: searchKeyword }),
});

const SIEM_PROPERTIES: Properties = { conflicts: { properties: { field: keyword, value: text } } };

const COMMON_PROPERTIES: Properties = {
  '@timestamp': date,
  event: {
    properties: {
      dataset: keyword,
      action: keyword,
      outcome: keyword,
      routing: keyword,
      // Stamped by the node (ingest-pipeline.ts); detection windows select on it.
      ingested: date,
    },
  },
  cloud: { properties: { account: { properties: { id: keyword } }, region: keyword } },
  source: { properties: { ip } },
  destination: { properties: { ip } },
  user: { properties: { name: keyword } },
  siem: { properties: SIEM_PROPERTIES },
};

/** The members every log event routed out of a CloudWatch Logs object keeps (parsers/cloudwatch-event.ts). */
const CLOUDWATCH_EVENT_PROPERTIES: Properties = {
  owner: keyword,
  logGroup: keyword,
  logStream: keyword,
  subscriptionFilters: keyword,
  id: searchKeyword,
  timestamp: epochMillis,
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
        ssm: { properties: { decryptedParameters: keyword } },
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
  tgwflow: {
    // Transit Gateway flow logs: the VPC flow names, plus where the flow crossed the transit gateway.
    version: searchLong,
    resource_type: keyword,
    account_id: keyword,
    tgw_id: keyword,
    tgw_attachment_id: keyword,
    tgw_pair_attachment_id: searchKeyword,
    tgw_src_vpc_account_id: keyword,
    tgw_dst_vpc_account_id: keyword,
    tgw_src_vpc_id: keyword,
    tgw_dst_vpc_id: keyword,
    tgw_src_subnet_id: searchKeyword,
    tgw_dst_subnet_id: searchKeyword,
    tgw_src_eni: searchKeyword,
    tgw_dst_eni: searchKeyword,
    tgw_src_az_id: searchKeyword,
    tgw_dst_az_id: searchKeyword,
    srcaddr: ip,
    dstaddr: ip,
    srcport: searchLong,
    dstport: long,
    protocol: long,
    packets: long,
    bytes: long,
    start: searchEpochSecond,
    end: searchEpochSecond,
    log_status: keyword,
    type: keyword,
    packets_lost_no_route: long,
    packets_lost_blackhole: long,
    packets_lost_mtu_exceeded: long,
    packets_lost_ttl_expired: long,
    tcp_flags: searchLong,
    region: keyword,
    flow_direction: keyword,
    pkt_src_aws_service: keyword,
    pkt_dst_aws_service: keyword,
  },
  ocsf: {
    // OCSF 1.x events (Security Lake's Parquet, or OCSF JSON); `@timestamp` is `time`.
    time: { ...epochMillis, doc_values: false },
    start_time: searchEpochMillis,
    end_time: searchEpochMillis,
    class_uid: integer,
    class_name: keyword,
    category_uid: integer,
    category_name: keyword,
    activity_id: integer,
    activity_name: keyword,
    type_uid: long,
    type_name: keyword,
    severity_id: integer,
    severity: keyword,
    status_id: integer,
    status: keyword,
    status_code: keyword,
    status_detail: searchKeyword,
    action_id: integer,
    action: keyword,
    disposition_id: integer,
    disposition: keyword,
    message: text,
    // The producer's original event: kept, never searched.
    raw_data: sourceOnly,
    metadata: {
      properties: {
        version: keyword,
        uid: searchKeyword,
        profiles: keyword,
        log_name: keyword,
        event_code: keyword,
        product: {
          properties: {
            name: keyword,
            vendor_name: keyword,
            version: keyword,
            feature: { properties: { name: keyword } },
          },
        },
      },
    },
    // `cloud.account.uid` is the account the document is filed under (`cloud.account.id`).
    cloud: {
      properties: {
        account: { properties: { id: keyword, uid: { type: 'alias', path: 'cloud.account.id' } } },
        region: keyword,
        provider: keyword,
        zone: keyword,
      },
    },
    actor: {
      properties: {
        user: {
          properties: {
            name: keyword,
            uid: keyword,
            type: keyword,
            credential_uid: searchKeyword,
            account: { properties: { uid: keyword } },
          },
        },
        session: {
          properties: { issuer: keyword, mfa: { type: 'boolean' }, created_time: searchEpochMillis },
        },
        invoked_by: keyword,
        idp: { properties: { name: keyword } },
      },
    },
    user: { properties: { name: keyword, uid: keyword, type: keyword } },
    api: {
      properties: {
        operation: keyword,
        version: keyword,
        service: { properties: { name: keyword } },
        // Request and response parameters as JSON text (Security Lake); searched as text.
        request: { properties: { uid: sourceOnly, data: text } },
        response: { properties: { error: keyword, error_message: searchKeyword, data: text } },
      },
    },
    src_endpoint: { properties: OCSF_ENDPOINT },
    dst_endpoint: { properties: OCSF_ENDPOINT },
    connection_info: {
      properties: {
        direction: keyword,
        protocol_num: integer,
        protocol_name: keyword,
        tcp_flags: searchLong,
        boundary: keyword,
      },
    },
    traffic: { properties: { bytes: long, packets: long } },
    query: { properties: { hostname: keyword, type: keyword, class: keyword, packet_uid: searchLong } },
    answers: { properties: { rdata: searchKeyword, type: keyword, class: keyword } },
    rcode: keyword,
    rcode_id: integer,
    finding_info: {
      properties: {
        uid: searchKeyword,
        title: keyword,
        types: keyword,
        created_time: searchEpochMillis,
        desc: text,
      },
    },
    resources: { properties: { uid: keyword, type: keyword, region: keyword } },
    compliance: { properties: { status: keyword, control: keyword, standards: keyword } },
    observables: { properties: { name: keyword, type: keyword, value: searchKeyword } },
    http_request: { properties: { user_agent: searchKeyword, http_method: keyword } },
    // What the producer could not map: one mapping entry whatever its keys (parsers/ocsf.ts bounds its size).
    unmapped: flat,
    siem: {
      properties: {
        ...SIEM_PROPERTIES,
        ocsf: { properties: { cloud_account: flat, unmapped_json: sourceOnly } },
      },
    },
  },
  bedrock: {
    // Bedrock model invocation logs; `@timestamp` is `timestamp`.
    schemaType: keyword,
    schemaVersion: keyword,
    timestamp: { ...date, doc_values: false },
    accountId: keyword,
    region: keyword,
    inferenceRegion: keyword,
    requestId: searchKeyword,
    operation: keyword,
    modelId: keyword,
    errorCode: keyword,
    identity: { properties: { arn: keyword } },
    // Token counts are summed per caller and model; the bodies (prompts and completions, up to
    // 100 KB each) are kept in `_source` but never indexed.
    input: {
      properties: {
        inputContentType: keyword,
        inputTokenCount: long,
        cacheReadInputTokenCount: long,
        cacheWriteInputTokenCount: long,
        inputBodyS3Path: searchKeyword,
        inputBodyJson: { type: 'object', enabled: false },
      },
    },
    output: {
      properties: {
        outputContentType: keyword,
        outputTokenCount: long,
        outputBodyS3Path: searchKeyword,
        outputBodyJson: { type: 'object', enabled: false },
      },
    },
    requestMetadata: flat,
  },
  eksaudit: {
    // EKS audit logs through CloudWatch Logs (parsers/eksaudit.ts); `@timestamp` is the log event's.
    ...CLOUDWATCH_EVENT_PROPERTIES,
    kind: keyword,
    apiVersion: keyword,
    level: keyword,
    auditID: searchKeyword,
    stage: keyword,
    requestURI: { ...searchKeyword, fields: { text } },
    verb: keyword,
    user: {
      properties: {
        name: keyword,
        username: keyword,
        uid: searchKeyword,
        groups: keyword,
        // IAM facts (arn, accessKeyId, sessionName) as lists under names with dots and slashes.
        extra: flat,
      },
    },
    impersonatedUser: {
      properties: { username: keyword, uid: searchKeyword, groups: keyword, extra: flat },
    },
    sourceIPs: { ...ip, ignore_malformed: true },
    userAgent: searchKeyword,
    objectRef: {
      properties: {
        resource: keyword,
        namespace: keyword,
        name: keyword,
        apiGroup: keyword,
        apiVersion: keyword,
        subresource: keyword,
        uid: searchKeyword,
        resourceVersion: searchKeyword,
      },
    },
    responseStatus: {
      properties: {
        code: integer,
        status: keyword,
        reason: keyword,
        message: text,
        metadata: flat,
        details: flat,
      },
    },
    // Free-form Kubernetes objects: the request searchable by any path, the response (lists of
    // whole objects) kept in `_source` only.
    requestObject: flat,
    responseObject: { type: 'object', enabled: false },
    requestReceivedTimestamp: { ...date, doc_values: false, ignore_malformed: true },
    stageTimestamp: { ...date, doc_values: false, ignore_malformed: true },
    annotations: flat,
    siem: {
      properties: {
        ...SIEM_PROPERTIES,
        shadowed: sourceOnly,
        eks: {
          properties: {
            cluster: keyword,
            decision: keyword,
            reason: searchKeyword,
            anonymous: { type: 'boolean' },
            privileged: { type: 'boolean' },
            host_namespaces: { type: 'boolean' },
            role_ref: keyword,
          },
        },
      },
    },
  },
  rdsaudit: {
    // RDS and Aurora audit logs through CloudWatch Logs (parsers/rdsaudit.ts), both engines.
    ...CLOUDWATCH_EVENT_PROPERTIES,
    mysql: {
      properties: {
        // `YYYYMMDD HH:MM:SS` (RDS) or epoch microseconds (Aurora): `@timestamp` is the time.
        timestamp: searchKeyword,
        serverhost: keyword,
        username: keyword,
        host: keyword,
        connectionid: searchLong,
        queryid: searchLong,
        operation: keyword,
        database: keyword,
        object: { ...searchKeyword, fields: { text } },
        retcode: { ...long, ignore_malformed: true },
        connection_type: keyword,
        extra: searchKeyword,
      },
    },
    postgresql: {
      properties: {
        log_time: searchKeyword,
        remote_host: keyword,
        remote_port: searchLong,
        user: keyword,
        database: keyword,
        pid: searchLong,
        severity: keyword,
        message: text,
        pgaudit: {
          properties: {
            audit_type: keyword,
            statement_id: searchLong,
            substatement_id: searchLong,
            class: keyword,
            command: keyword,
            object_type: keyword,
            object_name: keyword,
            statement: text,
            parameter: searchKeyword,
            extra: searchKeyword,
          },
        },
      },
    },
    siem: {
      properties: {
        ...SIEM_PROPERTIES,
        shadowed: sourceOnly,
        rds: {
          properties: {
            engine: keyword,
            scope: keyword,
            db_identifier: keyword,
            database: keyword,
            command: keyword,
            class: keyword,
            object: keyword,
            statement: { ...searchKeyword, fields: { text } },
          },
        },
      },
    },
  },
  apigateway: {
    // API Gateway JSON access logs through CloudWatch Logs (parsers/apigateway.ts).
    ...CLOUDWATCH_EVENT_PROPERTIES,
    // The stage owner's format: any member names, so one flat_object entry holds them all.
    apigateway: flat,
    siem: {
      properties: {
        ...SIEM_PROPERTIES,
        shadowed: sourceOnly,
        apigateway: {
          properties: {
            request_id: searchKeyword,
            api_id: keyword,
            stage: keyword,
            domain_name: keyword,
            method: keyword,
            route: keyword,
            path: keyword,
            protocol: keyword,
            status: integer,
            response_length: long,
            latency_ms: long,
            integration_status: integer,
            user_agent: searchKeyword,
            error: searchKeyword,
          },
        },
      },
    },
  },
  linux: {
    // Linux OS logs from the CloudWatch agent (parsers/linux.ts): the line, its syslog header and
    // the authentication facts; `@timestamp` is the log event's (RFC 3164 has no year).
    ...CLOUDWATCH_EVENT_PROPERTIES,
    message: { ...text, fields: { keyword: searchKeyword } },
    host: { properties: { name: keyword } },
    process: { properties: { name: keyword, pid: searchLong } },
    linux: listedOnly({
      syslog: listedOnly({
        format: keyword,
        priority: integer,
        facility: integer,
        severity: integer,
        timestamp: searchKeyword,
        hostname: keyword,
        program: keyword,
        pid: searchLong,
        message: text,
      }),
      ssh: listedOnly({
        method: keyword,
        port: integer,
        invalid_user: boolean,
        key_fingerprint: searchKeyword,
      }),
      sudo: listedOnly({
        run_as: keyword,
        tty: keyword,
        pwd: searchKeyword,
        command: { ...searchKeyword, fields: { text } },
        error: keyword,
      }),
      target_user: keyword,
      group: keyword,
      pam: listedOnly({ service: keyword, type: keyword }),
    }),
    siem: { properties: { ...SIEM_PROPERTIES, shadowed: sourceOnly } },
  },
  windows: {
    // Windows events from the CloudWatch agent, XML or text (parsers/windows.ts).
    ...CLOUDWATCH_EVENT_PROPERTIES,
    // The agent's XML or text: the typed members below are read from it.
    message: { type: 'text', index: false },
    host: { properties: { name: keyword } },
    process: { properties: { name: keyword, executable: searchKeyword } },
    windows: listedOnly({
      format: keyword,
      EventID: integer,
      Channel: keyword,
      Provider: keyword,
      Computer: keyword,
      Level: integer,
      LevelName: keyword,
      Task: integer,
      Keywords: keyword,
      EventRecordID: searchLong,
      TimeCreated: { ...date, doc_values: false, ignore_malformed: true },
      LogonType: integer,
      IpAddress: ip,
      IpPort: integer,
      SubjectUserSid: searchKeyword,
      SubjectUserName: keyword,
      SubjectDomainName: keyword,
      SubjectLogonId: searchKeyword,
      TargetUserSid: searchKeyword,
      TargetUserName: keyword,
      TargetDomainName: keyword,
      TargetLogonId: searchKeyword,
      MemberName: keyword,
      MemberSid: keyword,
      WorkstationName: keyword,
      Status: keyword,
      SubStatus: keyword,
      FailureReason: searchKeyword,
      ProcessName: keyword,
      NewProcessName: keyword,
      ParentProcessName: keyword,
      CommandLine: { ...searchKeyword, fields: { text } },
      LogonProcessName: keyword,
      AuthenticationPackageName: keyword,
      PrivilegeList: searchKeyword,
      // Every EventData pair of every event id: one mapping entry, searchable by name.
      EventData: flat,
      Message: text,
    }),
    siem: { properties: { ...SIEM_PROPERTIES, shadowed: sourceOnly } },
  },
  clientvpn: {
    // Client VPN connection logs through CloudWatch Logs (parsers/clientvpn.ts).
    ...CLOUDWATCH_EVENT_PROPERTIES,
    // AWS's record as written (every value a string, `NA` when empty); typed under siem.clientvpn.
    clientvpn: flat,
    siem: {
      properties: {
        ...SIEM_PROPERTIES,
        shadowed: sourceOnly,
        clientvpn: {
          properties: {
            endpoint_id: keyword,
            connection_id: searchKeyword,
            status: keyword,
            failure_reason: keyword,
            reset_status: keyword,
            client_ip: ip,
            client_ipv6: ip,
            device_ip: ip,
            port: integer,
            common_name: keyword,
            username: keyword,
            device_type: keyword,
            transport: keyword,
            start_time: date,
            end_time: date,
            duration_seconds: long,
            ingress_bytes: long,
            egress_bytes: long,
            ingress_packets: long,
            egress_packets: long,
          },
        },
      },
    },
  },
  guardduty: {
    // GuardDuty's own finding format, as its S3 export writes it (the `findings` index holds ASFF).
    schemaVersion: keyword,
    accountId: keyword,
    region: keyword,
    partition: keyword,
    id: keyword,
    arn: searchKeyword,
    type: keyword,
    // 1.0-10.0: low below 4, medium below 7, high below 9, critical from 9.
    severity: float,
    confidence: float,
    createdAt: date,
    updatedAt: date,
    title: { ...text, fields: { keyword } },
    description: text,
    // Free-form per resource and finding type: the leaves detections and dashboards use are
    // mapped, the variable subtrees are flat objects, anything else stays in `_source`.
    resource: listedOnly({
      resourceType: keyword,
      accessKeyDetails: listedOnly({
        accessKeyId: keyword,
        principalId: searchKeyword,
        userName: keyword,
        userType: keyword,
      }),
      instanceDetails: listedOnly({
        instanceId: keyword,
        instanceType: keyword,
        imageId: searchKeyword,
        tags: flat,
        networkInterfaces: listedOnly({
          privateIpAddress: searchIp,
          publicIp: searchIp,
          vpcId: searchKeyword,
          subnetId: searchKeyword,
        }),
      }),
      s3BucketDetails: listedOnly({ name: keyword, type: keyword, arn: searchKeyword }),
      eksClusterDetails: listedOnly({ name: keyword, arn: searchKeyword }),
      kubernetesDetails: flat,
      ecsClusterDetails: flat,
      containerDetails: flat,
      rdsDbInstanceDetails: flat,
      rdsDbUserDetails: flat,
      lambdaDetails: flat,
      ebsVolumeDetails: flat,
    }),
    service: listedOnly({
      serviceName: keyword,
      detectorId: searchKeyword,
      resourceRole: keyword,
      featureName: keyword,
      archived: boolean,
      count: long,
      eventFirstSeen: date,
      eventLastSeen: date,
      action: listedOnly({
        actionType: keyword,
        awsApiCallAction: listedOnly({
          api: keyword,
          serviceName: keyword,
          callerType: keyword,
          errorCode: keyword,
          remoteIpDetails: guardDutyRemoteIp,
          remoteAccountDetails: flat,
          affectedResources: flat,
        }),
        networkConnectionAction: listedOnly({
          connectionDirection: keyword,
          protocol: keyword,
          blocked: boolean,
          localPortDetails: listedOnly({ port: integer, portName: keyword }),
          remotePortDetails: listedOnly({ port: integer, portName: keyword }),
          localIpDetails: listedOnly({ ipAddressV4: searchIp, ipAddressV6: searchIp }),
          remoteIpDetails: guardDutyRemoteIp,
        }),
        portProbeAction: listedOnly({
          blocked: boolean,
          portProbeDetails: listedOnly({
            localPortDetails: listedOnly({ port: integer, portName: keyword }),
            localIpDetails: listedOnly({ ipAddressV4: searchIp, ipAddressV6: searchIp }),
            remoteIpDetails: guardDutyRemoteIp,
          }),
        }),
        dnsRequestAction: listedOnly({ domain: keyword, protocol: keyword, blocked: boolean }),
        kubernetesApiCallAction: flat,
        rdsLoginAttemptAction: flat,
      }),
      additionalInfo: flat,
      evidence: flat,
      runtimeDetails: flat,
      detection: flat,
      ebsVolumeScanDetails: flat,
      malwareScanDetails: flat,
    }),
  },
  config: {
    // AWS Config configuration items (history and snapshot files).
    configurationItemVersion: keyword,
    configurationItemCaptureTime: date,
    configurationItemStatus: keyword,
    // Epoch milliseconds as a number (history) or a string (snapshots): searched, never summed.
    configurationStateId: searchLong,
    configurationItemMD5Hash: sourceOnly,
    configurationStateMd5Hash: sourceOnly,
    awsAccountId: keyword,
    awsRegion: keyword,
    availabilityZone: keyword,
    resourceType: keyword,
    resourceId: keyword,
    resourceName: keyword,
    ARN: searchKeyword,
    arn: searchKeyword,
    resourceCreationTime: date,
    tags: flat,
    // CloudTrail eventIDs of the calls that made the change.
    relatedEvents: searchKeyword,
    relationships: listedOnly({
      resourceType: keyword,
      resourceId: searchKeyword,
      resourceName: searchKeyword,
      name: keyword,
      relationshipName: keyword,
    }),
    // Free-form per resource type: one mapping entry each, searchable by path
    // (`configuration.ipPermissions.ipv4Ranges.cidrIp`), never exploding or conflicting.
    configuration: flat,
    supplementaryConfiguration: flat,
  },
};

export interface IndexTemplateOptions {
  /** Index name prefix; `siem-` in production, unique per test run in tests. */
  readonly prefix?: string;
  /** Template priority; above the default so these win over any catch-all template. */
  readonly priority?: number;
  /** Primary shards of a log type's indices, from the sizing model (index-sizing.ts). @default 1 */
  readonly shardsOf?: (logType: string) => number;
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
          'index.number_of_shards': options.shardsOf?.(logType) ?? 1,
          'index.mapping.total_fields.limit': 2000,
          // No `index.refresh_interval`, on purpose. OpenSearch's default refreshes every second
          // while a shard is searched. After 30 s with no search it skips scheduled refreshes, and
          // the next search waits for one refresh, so it sees every document written. Measured on
          // the end-to-end bench (docs/performance.md): p50 0.58 s from S3 object to searchable,
          // against 2.72 s at 5 s. Under monitor-like searches every read was complete, and the
          // node's CPU per document was 0.90× (steady) and 1.05× (backlog) that of 5 s. An explicit
          // 1 s cost 1.21× and 1.10×: setting any value turns search-idle off.
          // Stamps `event.ingested` on every write, whoever the writer is.
          'index.default_pipeline': INGEST_PIPELINE_NAME,
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
      _meta: {
        description: `SIEM ${logType} documents, one index per UTC day, week or month (index-names.ts)`,
      },
    },
  }));
  templates.push({
    name: templateName(prefix, 'deadletter'),
    body: {
      index_patterns: [`${prefix}deadletter-*`],
      priority,
      template: {
        settings: { 'index.number_of_shards': 1 },
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
