import { MITRE } from '../mitre';
import type { Detection } from '../types';
import { apiCallDetection } from './define';
import { cloudTrailRecord } from './records';

/* Network perimeter: firewall rules, traffic mirroring, private connectivity, DNS logging. */

const ingressRule = (cidrIp: string, port: number) => ({
  requestParameters: {
    groupId: 'sg-0123456789abcdef0',
    ipPermissions: {
      items: [
        { ipProtocol: 'tcp', fromPort: port, toPort: port, groups: {}, ipRanges: { items: [{ cidrIp }] } },
      ],
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
    description: 'An ingress rule allowing 0.0.0.0/0 was added to a security group.',
    severity: 2,
    mitre: MITRE.disableCloudFirewall,
    eventSource: 'ec2.amazonaws.com',
    eventNames: ['AuthorizeSecurityGroupIngress'],
    benignEventName: 'DescribeSecurityGroups',
    extraFilters: [{ term: { 'requestParameters.ipPermissions.items.ipRanges.items.cidrIp': '0.0.0.0/0' } }],
    positiveOverrides: ingressRule('0.0.0.0/0', 22),
    extraNegatives: [
      cloudTrailRecord('ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', ingressRule('10.20.0.0/16', 22)),
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
