import { MITRE } from './mitre';
import {
  SAMPLE_ACCOUNT_ID,
  SAMPLE_EXTERNAL_IP,
  SAMPLE_OTHER_EXTERNAL_IP,
  merge,
  repeatEvent,
  sampleUuid,
} from './samples';
import type { Detection } from './types';

/* AWS WAF logs: block spikes, persistent offenders, injection attempts. */

/** WAF delivers log files every 5 minutes; a 15-minute lookback still catches a late file. */
const WAF_SCHEDULE_MINUTES = 5;
const WAF_LOOKBACK_MINUTES = 15;
const BLOCK_SPIKE = 200;
const BLOCKS_PER_IP = 100;
const INJECTIONS_PER_IP = 5;

type WafEntry = { readonly [field: string]: unknown };

/** A WAFv2 log entry (one line of a WAF log file); `overrides` are deep-merged. */
export function wafLogEntry(overrides: WafEntry = {}): WafEntry {
  return merge(
    {
      timestamp: 1768471200000,
      formatVersion: 1,
      webaclId: `arn:aws:wafv2:eu-west-1:${SAMPLE_ACCOUNT_ID}:regional/webacl/shop-prod/a1b2c3d4-5678-90ab-cdef-111111111111`,
      terminatingRuleId: 'Default_Action',
      terminatingRuleType: 'REGULAR',
      action: 'ALLOW',
      terminatingRuleMatchDetails: [],
      httpSourceName: 'ALB',
      httpSourceId: `${SAMPLE_ACCOUNT_ID}-app/shop-prod/0123456789abcdef`,
      ruleGroupList: [],
      rateBasedRuleList: [],
      nonTerminatingMatchingRules: [],
      requestHeadersInserted: null,
      responseCodeSent: null,
      httpRequest: {
        clientIp: SAMPLE_EXTERNAL_IP,
        country: 'NL',
        headers: [{ name: 'Host', value: 'shop.example.com' }],
        uri: '/checkout',
        args: '',
        httpVersion: 'HTTP/1.1',
        httpMethod: 'GET',
        requestId: 'placeholder',
      },
    },
    overrides,
  );
}

const repeatEntry = (entry: WafEntry, count: number) =>
  repeatEvent(entry, count, (e, i) =>
    merge(e, { httpRequest: { requestId: sampleUuid(`${JSON.stringify(e)}/${i}`) } }),
  );

const blocked = (clientIp: string, terminatingRuleId = 'AWS-AWSManagedRulesKnownBadInputsRuleSet') =>
  wafLogEntry({
    action: 'BLOCK',
    terminatingRuleId,
    terminatingRuleType: 'MANAGED_RULE_GROUP',
    httpRequest: { clientIp },
  });

/** Where WAF records what matched: the terminating rule, a rule in COUNT mode, or a COUNT rule inside a rule group. */
const MATCHED_CONDITION_FIELDS = [
  'terminatingRuleMatchDetails.conditionType',
  'nonTerminatingMatchingRules.ruleMatchDetails.conditionType',
  'ruleGroupList.nonTerminatingMatchingRules.ruleMatchDetails.conditionType',
];

const matchDetails = (conditionType: string) => [
  { conditionType, location: 'QUERY_STRING', matchedData: ['1', 'OR', '1'] },
];

/**
 * An injection a rule in COUNT mode matched, so the request went through: a rule group evaluated
 * before blocking (`ruleGroupList`) or a web ACL rule overridden to count (`nonTerminatingMatchingRules`).
 */
const countedInjection = (clientIp: string, conditionType: string, inRuleGroup: boolean) =>
  wafLogEntry({
    ...(inRuleGroup
      ? {
          ruleGroupList: [
            {
              ruleGroupId: 'AWS#AWSManagedRulesSQLiRuleSet',
              terminatingRule: null,
              nonTerminatingMatchingRules: [
                {
                  ruleId: 'SQLi_QUERYARGUMENTS',
                  action: 'COUNT',
                  ruleMatchDetails: matchDetails(conditionType),
                },
              ],
              excludedRules: null,
              customerConfig: null,
            },
          ],
        }
      : {
          nonTerminatingMatchingRules: [
            { ruleId: 'xss-count', action: 'COUNT', ruleMatchDetails: matchDetails(conditionType) },
          ],
        }),
    httpRequest: { clientIp, uri: '/search', args: "q=1'%20OR%201=1--" },
  });

const injection = (clientIp: string, conditionType: string) =>
  wafLogEntry({
    action: 'BLOCK',
    terminatingRuleId: 'AWS-AWSManagedRulesSQLiRuleSet',
    terminatingRuleType: 'MANAGED_RULE_GROUP',
    terminatingRuleMatchDetails: [{ conditionType, location: 'QUERY_STRING', matchedData: ['1', 'OR', '1'] }],
    httpRequest: { clientIp, uri: '/search', args: "q=1'%20OR%201=1--" },
  });

/** Spread over many addresses so only the total, not any single address, is large. */
const blockedFromManyAddresses = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    merge(blocked(`198.51.100.${i % 250}`), { httpRequest: { requestId: sampleUuid(`spread/${i}`) } }),
  );

export const wafDetections: readonly Detection[] = [
  {
    id: 'waf-block-spike',
    title: 'Spike of WAF blocked requests',
    description: `${BLOCK_SPIKE} or more requests blocked by WAF in the window: an attack or a broken client release.`,
    severity: 3,
    mitre: MITRE.exploitPublicFacingApp,
    logType: 'waf',
    query: { bool: { filter: [{ term: { action: 'BLOCK' } }] } },
    condition: { kind: 'threshold', minCount: BLOCK_SPIKE },
    scheduleMinutes: WAF_SCHEDULE_MINUTES,
    lookbackMinutes: WAF_LOOKBACK_MINUTES,
    positiveSamples: blockedFromManyAddresses(BLOCK_SPIKE),
    negativeSamples: [
      ...blockedFromManyAddresses(BLOCK_SPIKE - 1),
      ...repeatEntry(wafLogEntry(), BLOCK_SPIKE),
    ],
  },
  {
    id: 'waf-ip-blocked-repeatedly',
    title: 'One address blocked by WAF many times',
    description: `A single client address was blocked ${BLOCKS_PER_IP} or more times in the window: a scanner or a persistent attacker worth a block list entry.`,
    severity: 3,
    mitre: MITRE.exploitPublicFacingApp,
    logType: 'waf',
    query: { bool: { filter: [{ term: { action: 'BLOCK' } }] } },
    condition: { kind: 'bucket', field: 'httpRequest.clientIp', minCount: BLOCKS_PER_IP },
    scheduleMinutes: WAF_SCHEDULE_MINUTES,
    lookbackMinutes: WAF_LOOKBACK_MINUTES,
    positiveSamples: repeatEntry(blocked(SAMPLE_EXTERNAL_IP), BLOCKS_PER_IP),
    negativeSamples: [
      ...repeatEntry(blocked(SAMPLE_EXTERNAL_IP), BLOCKS_PER_IP - 1),
      ...repeatEntry(wafLogEntry({ httpRequest: { clientIp: SAMPLE_OTHER_EXTERNAL_IP } }), BLOCKS_PER_IP),
    ],
  },
  {
    id: 'waf-injection-attempts',
    title: 'SQL injection or XSS attempts from one address',
    description: `WAF matched SQL injection or cross-site scripting ${INJECTIONS_PER_IP} or more times from one address, blocked or only counted (a rule or rule group in COUNT mode lets the request through).`,
    severity: 2,
    mitre: MITRE.exploitPublicFacingApp,
    logType: 'waf',
    query: {
      bool: {
        filter: [
          {
            bool: {
              should: MATCHED_CONDITION_FIELDS.map((field) => ({
                terms: { [field]: ['SQL_INJECTION', 'XSS'] },
              })),
              minimum_should_match: 1,
            },
          },
        ],
      },
    },
    condition: { kind: 'bucket', field: 'httpRequest.clientIp', minCount: INJECTIONS_PER_IP },
    scheduleMinutes: WAF_SCHEDULE_MINUTES,
    lookbackMinutes: WAF_LOOKBACK_MINUTES,
    // Five matches from one address only when both kinds of COUNT-mode matches are counted.
    positiveSamples: [
      ...repeatEntry(injection(SAMPLE_EXTERNAL_IP, 'SQL_INJECTION'), 2),
      ...repeatEntry(injection(SAMPLE_EXTERNAL_IP, 'XSS'), 1),
      ...repeatEntry(countedInjection(SAMPLE_EXTERNAL_IP, 'SQL_INJECTION', true), 1),
      ...repeatEntry(countedInjection(SAMPLE_EXTERNAL_IP, 'XSS', false), 1),
    ],
    negativeSamples: [
      ...repeatEntry(countedInjection('192.0.2.44', 'XSS', false), INJECTIONS_PER_IP - 1),
      ...repeatEntry(injection(SAMPLE_OTHER_EXTERNAL_IP, 'SQL_INJECTION'), INJECTIONS_PER_IP - 1),
      ...repeatEntry(blocked(SAMPLE_EXTERNAL_IP), INJECTIONS_PER_IP),
    ],
  },
];
