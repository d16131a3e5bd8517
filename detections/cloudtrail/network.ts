import { MITRE } from '../mitre';
import type { Detection } from '../types';
import { apiCallDetection } from './define';
import { cloudTrailRecord } from './records';

/* Network perimeter: firewall rules, traffic mirroring, private connectivity, DNS logging. */

/** AuthorizeSecurityGroupIngress parameters for one range, IPv4 (`cidrIp`) or IPv6 (`cidrIpv6`). */
const ingressRule = (range: { cidrIp: string } | { cidrIpv6: string }, port: number) => ({
  requestParameters: {
    groupId: 'sg-0123456789abcdef0',
    ipPermissions: {
      items: [
        {
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          groups: {},
          ...('cidrIp' in range
            ? { ipRanges: { items: [range] }, ipv6Ranges: {} }
            : { ipRanges: {}, ipv6Ranges: { items: [range] } }),
          prefixListIds: {},
        },
      ],
    },
  },
});

/** Where ModifySecurityGroupRules records the new rule (CloudTrail keeps the API's nesting and case). */
const MODIFIED_RULE = 'requestParameters.ModifySecurityGroupRulesRequest.SecurityGroupRule.SecurityGroupRule';

const modifiedRule = (range: { CidrIpv4: string } | { CidrIpv6: string }) => ({
  requestParameters: {
    ModifySecurityGroupRulesRequest: {
      GroupId: 'sg-0123456789abcdef0',
      SecurityGroupRule: {
        SecurityGroupRuleId: 'sgr-0123456789abcdef0',
        SecurityGroupRule: { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, ...range, Description: '' },
        tag: 1,
      },
    },
  },
});

export const networkDetections: readonly Detection[] = [
  apiCallDetection({
    id: 'ec2-security-group-rules-modified',
    title: 'Security group rules modified in place',
    description:
      'Existing security group rules were modified (ModifySecurityGroupRules) rather than added or revoked.',
    severity: 4,
    mitre: MITRE.disableCloudFirewall,
    eventSource: 'ec2.amazonaws.com',
    eventNames: [
      'ModifySecurityGroupRules',
      'UpdateSecurityGroupRuleDescriptionsIngress',
      'UpdateSecurityGroupRuleDescriptionsEgress',
    ],
    benignEventName: 'DescribeSecurityGroupRules',
  }),
  apiCallDetection({
    id: 'ec2-security-group-open-to-internet',
    title: 'Security group opened to the whole internet',
    description:
      'A security group rule allowing 0.0.0.0/0 or ::/0 was added (AuthorizeSecurityGroupIngress) or an existing rule changed to it (ModifySecurityGroupRules).',
    severity: 2,
    mitre: MITRE.disableCloudFirewall,
    eventSource: 'ec2.amazonaws.com',
    eventNames: ['AuthorizeSecurityGroupIngress', 'ModifySecurityGroupRules'],
    benignEventName: 'DescribeSecurityGroups',
    extraFilters: [
      {
        bool: {
          should: [
            { term: { 'requestParameters.ipPermissions.items.ipRanges.items.cidrIp': '0.0.0.0/0' } },
            { term: { 'requestParameters.ipPermissions.items.ipv6Ranges.items.cidrIpv6': '::/0' } },
            { terms: { [`${MODIFIED_RULE}.CidrIpv4`]: ['0.0.0.0/0'] } },
            { terms: { [`${MODIFIED_RULE}.CidrIpv6`]: ['::/0'] } },
          ],
          minimum_should_match: 1,
        },
      },
    ],
    positiveOverrides: ingressRule({ cidrIp: '0.0.0.0/0' }, 22),
    positives: [
      cloudTrailRecord(
        'ec2.amazonaws.com',
        'AuthorizeSecurityGroupIngress',
        ingressRule({ cidrIp: '0.0.0.0/0' }, 22),
      ),
      cloudTrailRecord(
        'ec2.amazonaws.com',
        'AuthorizeSecurityGroupIngress',
        ingressRule({ cidrIpv6: '::/0' }, 22),
      ),
      cloudTrailRecord(
        'ec2.amazonaws.com',
        'ModifySecurityGroupRules',
        modifiedRule({ CidrIpv4: '0.0.0.0/0' }),
      ),
      cloudTrailRecord('ec2.amazonaws.com', 'ModifySecurityGroupRules', modifiedRule({ CidrIpv6: '::/0' })),
    ],
    extraNegatives: [
      cloudTrailRecord(
        'ec2.amazonaws.com',
        'AuthorizeSecurityGroupIngress',
        ingressRule({ cidrIp: '10.20.0.0/16' }, 22),
      ),
      cloudTrailRecord(
        'ec2.amazonaws.com',
        'AuthorizeSecurityGroupIngress',
        ingressRule({ cidrIpv6: '2001:db8:1234::/48' }, 22),
      ),
      cloudTrailRecord(
        'ec2.amazonaws.com',
        'ModifySecurityGroupRules',
        modifiedRule({ CidrIpv4: '10.20.0.0/16' }),
      ),
    ],
  }),
  apiCallDetection({
    id: 'ec2-traffic-mirroring-created',
    title: 'Traffic mirroring session created',
    description:
      'A traffic mirror session, target or filter was created: packets of an interface can be copied elsewhere.',
    severity: 2,
    mitre: MITRE.trafficDuplication,
    eventSource: 'ec2.amazonaws.com',
    eventNames: ['CreateTrafficMirrorSession', 'CreateTrafficMirrorTarget', 'CreateTrafficMirrorFilter'],
    benignEventName: 'DescribeTrafficMirrorSessions',
  }),
  apiCallDetection({
    id: 'transit-gateway-attachment-changed',
    title: 'Transit gateway attachment or peering created',
    description: 'A VPC or peer was attached to a transit gateway: new routes between networks.',
    severity: 3,
    mitre: MITRE.modifyCloudCompute,
    eventSource: 'ec2.amazonaws.com',
    eventNames: [
      'CreateTransitGatewayVpcAttachment',
      'CreateTransitGatewayPeeringAttachment',
      'AcceptTransitGatewayPeeringAttachment',
    ],
    benignEventName: 'DescribeTransitGateways',
  }),
  apiCallDetection({
    id: 'vpn-connection-created',
    title: 'VPN gateway or connection created',
    description: 'A site-to-site VPN gateway or connection was created: a new path into the VPCs.',
    severity: 3,
    mitre: MITRE.externalRemoteServices,
    eventSource: 'ec2.amazonaws.com',
    eventNames: ['CreateVpnConnection', 'CreateVpnGateway', 'AttachVpnGateway'],
    benignEventName: 'DescribeVpnConnections',
  }),
  apiCallDetection({
    id: 'route53-resolver-query-logging-removed',
    title: 'Route 53 Resolver query logging removed',
    description: 'DNS query logging was deleted or detached from a VPC: DNS exfiltration goes unrecorded.',
    severity: 2,
    mitre: MITRE.disableCloudLogs,
    eventSource: 'route53resolver.amazonaws.com',
    eventNames: ['DeleteResolverQueryLogConfig', 'DisassociateResolverQueryLogConfig'],
    benignEventName: 'ListResolverQueryLogConfigs',
  }),
  apiCallDetection({
    id: 'network-firewall-weakened',
    title: 'Network Firewall deleted or its policy changed',
    description: 'An AWS Network Firewall, its policy or rule group was deleted or changed.',
    severity: 2,
    mitre: MITRE.disableCloudFirewall,
    eventSource: 'network-firewall.amazonaws.com',
    eventNames: [
      'DeleteFirewall',
      'DeleteFirewallPolicy',
      'UpdateFirewallPolicy',
      'DeleteRuleGroup',
      'UpdateRuleGroup',
    ],
    benignEventName: 'DescribeFirewall',
  }),
  apiCallDetection({
    id: 'elb-load-balancer-deleted',
    title: 'Load balancer or listener deleted',
    description:
      'A load balancer or one of its listeners was deleted: a service outage or a step in an attack on availability.',
    severity: 4,
    mitre: MITRE.endpointDos,
    eventSource: 'elasticloadbalancing.amazonaws.com',
    eventNames: ['DeleteLoadBalancer', 'DeleteListener'],
    benignEventName: 'DescribeLoadBalancers',
  }),
];
