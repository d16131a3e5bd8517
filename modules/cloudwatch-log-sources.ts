import { Construct } from 'constructs';
import type { CloudWatchSourceSettings } from '../config/cloudwatch-sources';
import { ApiGatewayAccessLogs } from './apigateway-access-logs';
import { EksAuditCheck } from './eks-audit-check';
import { RdsAuditSettings } from './rds-audit-settings';

export interface CloudWatchLogSourcesProps {
  readonly namePrefix: string;
  readonly region: string;
  readonly settings: CloudWatchSourceSettings;
  /** The member key (CloudWatch Logs may use it for any log group of the account and region). */
  readonly kmsKeyArn: string;
}

/**
 * One member region's share of the sources that reach the archive through CloudWatch Logs (EKS
 * audit, RDS audit, API Gateway access logs): what the member stack can set up or check for them.
 * The log movers subscribe their log groups like any other.
 */
export class CloudWatchLogSources extends Construct {
  constructor(scope: Construct, id: string, props: CloudWatchLogSourcesProps) {
    super(scope, id);
    const inRegion = <T extends { region: string }>(list: readonly T[] | undefined) =>
      (list ?? []).filter((item) => item.region === props.region);
    const clusters = inRegion(props.settings.eksAuditLogs?.clusters);
    if (clusters.length > 0) new EksAuditCheck(this, 'eks-audit', { clusters: clusters.map((c) => c.name) });
    const databases = inRegion(props.settings.rdsAuditLogs?.databases);
    if (databases.length > 0) {
      new RdsAuditSettings(this, 'rds-audit', { namePrefix: props.namePrefix, databases });
    }
    const stages = inRegion(props.settings.apiGatewayAccessLogs?.stages);
    if (stages.length > 0) {
      new ApiGatewayAccessLogs(this, 'apigateway-access-logs', { stages, kmsKeyArn: props.kmsKeyArn });
    }
  }
}
