import { DataAwsVpcs } from '@cdktf/provider-aws/lib/data-aws-vpcs';
import { Route53ResolverQueryLogConfig } from '@cdktf/provider-aws/lib/route53-resolver-query-log-config';
import { Route53ResolverQueryLogConfigAssociation } from '@cdktf/provider-aws/lib/route53-resolver-query-log-config-association';
import { TerraformIterator } from 'cdktf';
import { Construct } from 'constructs';

export interface ResolverQueryLogsProps {
  readonly namePrefix: string;
  /** `"all"`: every VPC the region has when Terraform plans; otherwise these VPC ids. */
  readonly vpcs: 'all' | readonly string[];
  /**
   * The archive's `dns` bucket; the log delivery service writes under
   * `AWSLogs/<account>/vpcdnsquerylogs/<vpc id>/YYYY/MM/DD/`.
   */
  readonly bucketArn: string;
}

/**
 * Route 53 Resolver query logging of a region's VPCs to the archive: one query logging
 * configuration per region, associated with each VPC. Every query the VPC's Resolver answers
 * (instances, Lambda functions in the VPC, Resolver inbound endpoints) and, where DNS Firewall
 * rule groups are associated, their action is logged.
 */
export class ResolverQueryLogs extends Construct {
  constructor(scope: Construct, id: string, props: ResolverQueryLogsProps) {
    super(scope, id);
    const config = new Route53ResolverQueryLogConfig(this, 'config', {
      name: `${props.namePrefix}-dns-query-logs`,
      destinationArn: props.bucketArn,
    });
    if (props.vpcs === 'all') {
      const vpcs = new DataAwsVpcs(this, 'vpcs', {});
      const each = TerraformIterator.fromList(vpcs.ids);
      new Route53ResolverQueryLogConfigAssociation(this, 'association', {
        forEach: each,
        resolverQueryLogConfigId: config.id,
        resourceId: each.value,
      });
      return;
    }
    props.vpcs.forEach((vpcId) => {
      new Route53ResolverQueryLogConfigAssociation(this, `association-${vpcId}`, {
        resolverQueryLogConfigId: config.id,
        resourceId: vpcId,
      });
    });
  }
}
