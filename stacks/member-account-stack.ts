import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { parseNetworkFirewallArn, parseTransitGatewayArn, type MemberAccountConfig } from '../config/schema';
import { AlarmStateForwarder } from '../modules/alarm-state-forwarder';
import { CloudWatchLogSources } from '../modules/cloudwatch-log-sources';
import { OsVpnLogSources } from '../modules/os-vpn-log-sources';
import { KmsKey } from '../modules/kms-key';
import { LogMovers } from '../modules/log-movers';
import { NetworkFirewallLogging } from '../modules/network-firewall-logging';
import { ProviderScope } from '../modules/provider-scope';
import { BedrockInvocationLogging } from '../modules/bedrock-invocation-logging';
import { ResolverQueryLogs } from '../modules/resolver-query-logs';
import { SecurityHubFindingsRule } from '../modules/security-hub-findings-rule';
import { ConfigDelivery } from '../modules/config-delivery';
import { TransitGatewayFlowLogs } from '../modules/transit-gateway-flow-logs';
import { VpcFlowLogs } from '../modules/vpc-flow-logs';
import { WafLogging } from '../modules/waf-logging';
import { archiveKeyUseStatement, serviceKeyStatements } from './archive-access';
import { alarmBusArn, archiveBucketArn, archiveBucketName, memberStackName } from '../config/archive-names';
import { accountProvider, configureBackend, type SiemStackProps } from './stack-foundation';

export interface MemberAccountStackProps extends SiemStackProps {
  readonly account: MemberAccountConfig;
}

/** CloudFront web ACLs are global and log from us-east-1; regional ACLs from their own region. */
export function webAclRegion(webAclArn: string): string {
  const [, , , region, , resource] = webAclArn.split(':');
  return resource?.startsWith('global/') ? 'us-east-1' : (region ?? '');
}

/**
 * One member account: in each configured region, the log movers (CloudWatch Logs → archive) with
 * alarms on their dead letters, errors and throttles (forwarded to the SIEM's alarm topic), VPC flow logs and the Security Hub findings
 * rule; per web ACL, WAF logging. Everything goes to the archive buckets by name, so this stack
 * needs nothing from the archive's state.
 */
export class MemberAccountStack extends TerraformStack {
  constructor(scope: Construct, props: MemberAccountStackProps) {
    const stackName = memberStackName(props.account);
    super(scope, stackName);
    const { config, account } = props;
    const prefix = config.namePrefix;
    configureBackend(this, stackName, config.stateBackend);

    const wafRegions = account.wafWebAclArns.map(webAclRegion);
    const regions = [...new Set([...account.regions, ...wafRegions])];
    const archiveKeyStatement = archiveKeyUseStatement(config);

    for (const region of regions) {
      const provider = accountProvider(this, `aws-${region}`, {
        accountId: account.id,
        region,
        deploymentRoleName: config.organization.deploymentRoleName,
        stackName,
        alias: region,
      });
      const scope = new ProviderScope(this, region, provider);
      const key = new KmsKey(scope, 'key', {
        aliasName: `${prefix}-member`,
        description: 'Encrypts the SIEM log movers, their queues and log groups, and WAF log streams',
        accountId: account.id,
        statements: serviceKeyStatements(account.id, region),
      });

      if ((account.regions as readonly string[]).includes(region)) {
        new LogMovers(scope, 'log-movers', {
          namePrefix: prefix,
          accountId: account.id,
          region,
          archiveBucketName: archiveBucketName(config, 'cloudwatch'),
          findingsBucketName: archiveBucketName(config, 'securityhub'),
          archiveRegion: config.homeRegion,
          archiveKeyStatement,
          kmsKeyArn: key.arn,
          excludedLogGroupPrefixes: account.excludedLogGroupPrefixes,
          functionBundler: props.functionBundler,
          // No alarmTopicArn: an alarm only notifies a topic of its own region, and the SIEM's
          // alarm topic is in the archive account's home region. The forwarder below sends the
          // alarms' state changes there through EventBridge.
        });
        new AlarmStateForwarder(scope, 'alarm-forwarding', {
          namePrefix: prefix,
          accountId: account.id,
          region,
          targetEventBusArn: alarmBusArn(config),
        });
        new VpcFlowLogs(scope, 'vpc-flow-logs', {
          vpcs: account.vpcs,
          bucketArn: archiveBucketArn(config, 'vpcflow'),
        });
        if (account.resolverQueryLogs) {
          new ResolverQueryLogs(scope, 'resolver-query-logs', {
            namePrefix: prefix,
            vpcs: account.resolverQueryLogs.vpcs,
            bucketArn: archiveBucketArn(config, 'dns'),
          });
        }
        // Bedrock delivers invocation logs only to a bucket of the configuration's own region.
        if (account.bedrockInvocationLogs && region === config.homeRegion) {
          new BedrockInvocationLogging(scope, 'bedrock-invocation-logging', {
            bucketName: archiveBucketName(config, 'bedrock'),
          });
        }
        account.networkFirewallArns.forEach((firewallArn) => {
          const firewall = parseNetworkFirewallArn(firewallArn);
          if (firewall?.region !== region) return;
          new NetworkFirewallLogging(scope, `network-firewall-logging-${firewall.name}`, {
            firewallArn,
            bucketName: archiveBucketName(config, 'networkfirewall'),
          });
        });
        if (account.configDelivery) {
          new ConfigDelivery(scope, 'config-delivery', {
            namePrefix: prefix,
            bucketName: archiveBucketName(config, 'config'),
            snapshotFrequency: account.configDelivery.snapshotFrequency,
          });
        }
        account.transitGatewayArns.forEach((gatewayArn) => {
          const gateway = parseTransitGatewayArn(gatewayArn);
          if (gateway?.region !== region) return;
          new TransitGatewayFlowLogs(scope, `transit-gateway-flow-logs-${gateway.id}`, {
            transitGatewayId: gateway.id,
            bucketArn: archiveBucketArn(config, 'tgwflow'),
          });
        });
        new CloudWatchLogSources(scope, 'cloudwatch-log-sources', {
          namePrefix: prefix,
          region,
          settings: account,
          kmsKeyArn: key.arn,
        });
        new OsVpnLogSources(scope, 'os-vpn-log-sources', { region, settings: account, kmsKeyArn: key.arn });
        new SecurityHubFindingsRule(scope, 'securityhub-findings', {
          namePrefix: prefix,
          accountId: account.id,
          region,
          kmsKeyArn: key.arn,
        });
      }

      account.wafWebAclArns.forEach((webAclArn, i) => {
        if (webAclRegion(webAclArn) !== region) return;
        new WafLogging(scope, `waf-logging-${i}`, {
          namePrefix: prefix,
          accountId: account.id,
          region,
          webAclArn,
          bucketArn: archiveBucketArn(config, 'waf'),
          archiveKeyStatement,
          streamKmsKeyArn: key.arn,
        });
      });
    }
  }
}
