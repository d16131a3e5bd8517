import { spliceDocument } from '../documents';
import { IsoFormatter, IsoParser, isValidEventTime } from '../iso-time';
import { jsonString } from '../json-fields';
import { JsonObjectSplitter } from '../json-splitter';
import type { LogObjectParser, ObjectContext } from '../types';
import { isolatedRecords } from './isolated-records';
import { ipOf } from './safe-json';
import { splitRecords } from './split-records';

/*
 * Route 53 Resolver query logs: one JSON object per query, newline-delimited, delivered by the
 * log delivery service to `AWSLogs/<account>/vpcdnsquerylogs/<vpc id>/YYYY/MM/DD/…log.gz`.
 * Version 1.000000 has the query fields; 1.100000 adds the DNS Firewall fields
 * (`firewall_rule_action`, `firewall_rule_group_id`, `firewall_domain_list_id`); DNS Firewall
 * Advanced adds `firewall_protection`. Each record is kept byte for byte; the common fields and
 * `siem.dns` (lengths and the registered domain of `query_name`, which detections group on) are
 * written in front of it.
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-query-logs-format.html
 */

const RECORD_FIELDS = new Set([
  'account_id',
  'region',
  'query_timestamp',
  'query_name',
  'rcode',
  'srcaddr',
  'firewall_rule_action',
  'siem',
]);

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;

/** DNS Firewall actions that stop the query (ALERT and ALLOW let it through). */
const STOPPING_ACTIONS = new Set(['BLOCK']);

/**
 * Second-level labels under which registrations sit one level deeper (`example.co.uk`): the
 * common ones under country-code TLDs. Not the whole Public Suffix List; a name under another
 * multi-label suffix is grouped by its last two labels.
 */
const SECOND_LEVEL_SUFFIXES = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'or', 'ne', 'go']);

/** Longest name DNS allows (RFC 1035: 255 octets on the wire, 253 characters written). */
const MAX_NAME_CHARS = 253;

export interface QueryNameFacts {
  /** Characters of the name without its trailing dot. */
  readonly length: number;
  readonly labels: number;
  readonly longestLabel: number;
  /** The registered domain (`example.com`, `example.co.uk`), lower case; the name itself when shorter. */
  readonly baseDomain: string;
}

/** Lengths and registered domain of a query name (`a.b.example.com.`). */
export function queryNameFacts(name: string): QueryNameFacts {
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  const labels = trimmed === '' ? [] : trimmed.split('.');
  let longestLabel = 0;
  for (const label of labels) if (label.length > longestLabel) longestLabel = label.length;
  const n = labels.length;
  const lower = labels.map((l) => l.toLowerCase());
  const keep =
    n >= 3 && lower[n - 1].length === 2 && SECOND_LEVEL_SUFFIXES.has(lower[n - 2]) ? 3 : Math.min(n, 2);
  return {
    length: trimmed.length,
    labels: n,
    longestLabel,
    baseDomain: lower.slice(n - keep).join('.'),
  };
}

export function createDnsParser(ctx: ObjectContext): LogObjectParser {
  const splitter = new JsonObjectSplitter(0, true, RECORD_FIELDS);
  const iso = new IsoFormatter();
  const times = new IsoParser();

  const { onRecord, onBad } = isolatedRecords(ctx.objectId, RECORD_FIELDS, (sink, text, m, ordinal, id) => {
    const queryTime = jsonString(m.query_timestamp);
    const timestamp = queryTime === undefined ? NaN : times.parse(queryTime);
    if (!isValidEventTime(timestamp)) {
      sink.unparsable({ ordinal, id, raw: text, error: 'missing or invalid query_timestamp' });
      return;
    }
    const account = jsonString(m.account_id);
    const region = jsonString(m.region);
    const rcode = jsonString(m.rcode);
    const firewallAction = jsonString(m.firewall_rule_action);
    const queryName = jsonString(m.query_name);
    let derived: string | undefined;
    // A record with a `siem` member of its own keeps it; a second one would be a duplicate key.
    if (queryName !== undefined && queryName.length <= MAX_NAME_CHARS + 1 && m.siem === undefined) {
      const facts = queryNameFacts(queryName);
      derived =
        `"siem":{"dns":{"query_name_length":${facts.length},"labels":${facts.labels},` +
        `"longest_label":${facts.longestLabel},"base_domain":${JSON.stringify(facts.baseDomain)}}}`;
    }
    const stopped = firewallAction !== undefined && STOPPING_ACTIONS.has(firewallAction);
    sink.record({
      logType: 'dns',
      timestamp,
      id,
      ordinal,
      ...spliceDocument(
        {
          logType: 'dns',
          timestamp: iso.format(timestamp),
          // The content's account, which provenance checks against the key's.
          accountId: account !== undefined && ACCOUNT_ID.test(account) ? account : ctx.accountId,
          region: region !== undefined && REGION.test(region) ? region : ctx.region,
          sourceIp: ipOf(jsonString(m.srcaddr)),
          // What DNS Firewall did, when a rule group matched; plain queries have no action.
          action: firewallAction,
          outcome:
            rcode === undefined && firewallAction === undefined
              ? undefined
              : stopped || (rcode !== undefined && rcode !== 'NOERROR')
                ? 'failure'
                : 'success',
        },
        text,
        derived,
      ),
    });
  });

  return splitRecords(splitter, onRecord, onBad);
}
