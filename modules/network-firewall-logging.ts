import { NetworkfirewallLoggingConfiguration } from '@cdktf/provider-aws/lib/networkfirewall-logging-configuration';
import { Construct } from 'constructs';

export interface NetworkFirewallLoggingProps {
  /** `arn:aws:network-firewall:<region>:<account>:firewall/<name>`, in the scope's region. */
  readonly firewallArn: string;
  /**
   * The archive's `networkfirewall` bucket; the log delivery service writes under
   * `AWSLogs/<account>/network-firewall/<alert|flow>/<region>/<firewall>/YYYY/MM/DD/HH/`.
   */
  readonly bucketName: string;
}

/**
 * Alert and flow logs of one Network Firewall, straight to the archive bucket (no prefix: the
 * archive's key contract starts at `AWSLogs/`). A firewall has one logging configuration, so this
 * replaces any the firewall already had (README: Network Firewall).
 */
export class NetworkFirewallLogging extends Construct {
  constructor(scope: Construct, id: string, props: NetworkFirewallLoggingProps) {
    super(scope, id);
    new NetworkfirewallLoggingConfiguration(this, 'logging', {
      firewallArn: props.firewallArn,
      loggingConfiguration: {
        logDestinationConfig: (['ALERT', 'FLOW'] as const).map((logType) => ({
          logType,
          logDestinationType: 'S3',
          logDestination: { bucketName: props.bucketName },
        })),
      },
    });
  }
}
