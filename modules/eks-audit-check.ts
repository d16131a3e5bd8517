import { DataAwsEksCluster } from '@cdktf/provider-aws/lib/data-aws-eks-cluster';
import { Construct } from 'constructs';

export interface EksAuditCheckProps {
  /** Clusters of this account and region whose audit log the SIEM expects. */
  readonly clusters: readonly string[];
}

/**
 * Plan-time check that each named EKS cluster sends its `audit` control-plane log to CloudWatch
 * Logs (`/aws/eks/<cluster>/cluster`), where the log movers pick it up. The SIEM cannot turn it
 * on: a cluster's logging is an argument of the cluster resource itself, owned by the cluster's
 * Terraform, and taking that resource over would let the SIEM's plans replace a cluster. So the
 * plan stops with the fix instead of collecting nothing in silence.
 */
export class EksAuditCheck extends Construct {
  constructor(scope: Construct, id: string, props: EksAuditCheckProps) {
    super(scope, id);
    for (const name of props.clusters) {
      new DataAwsEksCluster(this, `cluster-${name}`, {
        name,
        lifecycle: {
          postcondition: [
            {
              condition: 'contains(self.enabled_cluster_log_types, "audit")',
              errorMessage: `EKS cluster ${name} does not send its audit log to CloudWatch Logs: its owner must add "audit" to enabled_cluster_log_types (aws eks update-cluster-config --name ${name} --logging '{"clusterLogging":[{"types":["audit"],"enabled":true}]}'), or remove it from eksAuditLogs.clusters`,
            },
          ],
        },
      });
    }
  }
}
