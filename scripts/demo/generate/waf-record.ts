/* AWS WAF log records of a shop's web ACL on its ALB, shared by the demo and the benign day. */

const SHOPPER_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Gecko/20100101 Firefox/133.0';

/** What varies between a shopper's requests as WAF logs them. */
export interface WafRequest {
  readonly timestamp: number;
  readonly webaclId: string;
  readonly httpSourceId: string;
  /** The one managed rule group the ACL runs, e.g. `AWSManagedRulesSQLiRuleSet`. */
  readonly ruleGroup: string;
  /** The rule of that group that blocked the request; absent: the default action allowed it. */
  readonly blockedBy?: { readonly ruleId: string; readonly matchDetails: readonly object[] };
  readonly clientIp: string;
  readonly country: string;
  readonly uri: string;
  readonly args: string;
  readonly requestId: string;
}

/** One record, its keys in the order WAF writes them (the bytes are what the parser reads). */
export function wafRecord(r: WafRequest): { readonly timestamp: number } & Record<string, unknown> {
  const block = r.blockedBy !== undefined;
  return {
    timestamp: r.timestamp,
    formatVersion: 1,
    webaclId: r.webaclId,
    terminatingRuleId: block ? `AWS-${r.ruleGroup}` : 'Default_Action',
    terminatingRuleType: block ? 'MANAGED_RULE_GROUP' : 'REGULAR',
    action: block ? 'BLOCK' : 'ALLOW',
    terminatingRuleMatchDetails: r.blockedBy?.matchDetails ?? [],
    httpSourceName: 'ALB',
    httpSourceId: r.httpSourceId,
    ruleGroupList: [
      {
        ruleGroupId: `AWS#${r.ruleGroup}`,
        terminatingRule: block ? { ruleId: r.blockedBy?.ruleId, action: 'BLOCK' } : null,
        nonTerminatingMatchingRules: [],
        excludedRules: null,
      },
    ],
    rateBasedRuleList: [],
    nonTerminatingMatchingRules: [],
    requestHeadersInserted: null,
    responseCodeSent: null,
    httpRequest: {
      clientIp: r.clientIp,
      country: r.country,
      headers: [
        { name: 'Host', value: 'shop.example.com' },
        { name: 'User-Agent', value: SHOPPER_UA },
      ],
      uri: r.uri,
      args: r.args,
      httpVersion: 'HTTP/1.1',
      httpMethod: 'GET',
      requestId: r.requestId,
    },
  };
}
