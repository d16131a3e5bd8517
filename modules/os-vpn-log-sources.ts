import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { clientVpnLogGroup, osLogGroup, type OsVpnSourceSettings } from '../config/os-vpn-sources';

export interface OsVpnLogSourcesProps {
  readonly region: string;
  readonly settings: OsVpnSourceSettings;
  /** The member key (CloudWatch Logs may use it for any log group of the account and region). */
  readonly kmsKeyArn: string;
  /** @default 365 (a year: checkov CKV_AWS_338) */
  readonly retentionDays?: number;
}

/** Files the agent reads on Linux for each kind of log; the owner picks which group takes which. */
const LINUX_FILES = ['/var/log/secure', '/var/log/auth.log', '/var/log/messages', '/var/log/syslog'];

/**
 * One member region's log groups for the sources whose names AWS leaves to their owners: the
 * CloudWatch agent's Linux and Windows logs (`/siem/os/<os>/<name>`) and Client VPN connection logs
 * (`/aws/clientvpn/<endpoint id>`), KMS-encrypted under the names the routing table reads. The log
 * movers subscribe them like any other group (CreateLogGroup event, daily backfill). Pointing the
 * agents and endpoints at them belongs to their owners: the outputs give the names and an agent
 * `logs_collected` section to start from.
 */
export class OsVpnLogSources extends Construct {
  constructor(scope: Construct, id: string, props: OsVpnLogSourcesProps) {
    super(scope, id);
    const retentionInDays = props.retentionDays ?? 365;
    const inRegion = <T extends { region: string }>(list: readonly T[] | undefined) =>
      (list ?? []).filter((item) => item.region === props.region);
    const linux = inRegion(props.settings.osLogs?.linux).map((g) => osLogGroup('linux', g.name));
    const windows = inRegion(props.settings.osLogs?.windows).map((g) => osLogGroup('windows', g.name));
    for (const name of [...linux, ...windows]) {
      new CloudwatchLogGroup(this, `group-${name.slice('/siem/os/'.length).replace('/', '-')}`, {
        name,
        retentionInDays,
        kmsKeyId: props.kmsKeyArn,
      });
    }
    if (linux.length + windows.length > 0) {
      new TerraformOutput(this, 'cloudwatch-agent-logs', {
        description:
          'CloudWatch agent logs_collected section for these groups (set each file path; XML keeps every EventData field)',
        value: JSON.stringify({
          files: {
            collect_list: linux.map((group, i) => ({
              file_path: LINUX_FILES[i % LINUX_FILES.length],
              log_group_name: group,
              log_stream_name: '{instance_id}',
            })),
          },
          windows_events: {
            collect_list: windows.map((group) => ({
              event_name: 'Security',
              event_format: 'xml',
              log_group_name: group,
              log_stream_name: '{instance_id}',
            })),
          },
        }),
      });
    }
    for (const endpoint of inRegion(props.settings.clientVpnConnectionLogs?.endpoints)) {
      const group = new CloudwatchLogGroup(this, `group-${endpoint.id}`, {
        name: clientVpnLogGroup(endpoint.id),
        retentionInDays,
        kmsKeyId: props.kmsKeyArn,
      });
      new TerraformOutput(this, `connection-log-group-${endpoint.id}`, {
        description: `Connection-log group for ${endpoint.id}: set it as the endpoint's connection_log_options.cloudwatch_log_group (aws ec2 modify-client-vpn-endpoint --client-vpn-endpoint-id ${endpoint.id} --connection-log-options Enabled=true,CloudwatchLogGroup=${clientVpnLogGroup(endpoint.id)})`,
        value: group.name,
      });
    }
  }
}
