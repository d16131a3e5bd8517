import { DataAwsVpcs } from '@cdktf/provider-aws/lib/data-aws-vpcs';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { TerraformIterator } from 'cdktf';
import { Construct } from 'constructs';
import { VPC_FLOW_V5_FIELDS } from '../functions/ingest/parsers/vpcflow-fields';

/** Every field of flow log format version 5, in the order AWS documents them (shared with the parser). */
export const FLOW_LOG_V5_FIELDS = VPC_FLOW_V5_FIELDS;

/** The `log_format` AWS expects: `${version} ${account-id} …`. */
export const FLOW_LOG_V5_FORMAT = FLOW_LOG_V5_FIELDS.map((field) => `\${${field}}`).join(' ');

/** `${` starts a Terraform interpolation; `$${` keeps it a literal for AWS. */
const escapeForTerraform = (text: string): string => text.replace(/\$\{/g, () => '$${');

export interface VpcFlowLogsProps {
  /** `"all"`: every VPC the region has when Terraform plans; otherwise these VPC ids. */
  readonly vpcs: 'all' | readonly string[];
  /** The archive's VPC flow log bucket; AWS writes under `AWSLogs/<account>/vpcflowlogs/<region>/`. */
  readonly bucketArn: string;
  /**
   * Aggregation interval in seconds.
   * @default 60 (the finest: detections see a flow within minutes)
   */
  readonly maxAggregationIntervalSeconds?: 60 | 600;
}

/** Flow logs (all traffic, v5 fields, plain text) of a region's VPCs, delivered to the archive. */
export class VpcFlowLogs extends Construct {
  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    const common = {
      logDestinationType: 's3',
      logDestination: props.bucketArn,
      trafficType: 'ALL',
      logFormat: escapeForTerraform(FLOW_LOG_V5_FORMAT),
      maxAggregationInterval: props.maxAggregationIntervalSeconds ?? 60,
      destinationOptions: {
        fileFormat: 'plain-text',
        hiveCompatiblePartitions: false,
        perHourPartition: false,
      },
    };
    if (props.vpcs === 'all') {
      const vpcs = new DataAwsVpcs(this, 'vpcs', {});
      const each = TerraformIterator.fromList(vpcs.ids);
      new FlowLog(this, 'flow-log', { forEach: each, vpcId: each.value, ...common });
      return;
    }
    props.vpcs.forEach((vpcId) => {
      new FlowLog(this, `flow-log-${vpcId}`, { vpcId, ...common });
    });
  }
}
