import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { Construct } from 'constructs';
import { TGW_FLOW_DEFAULT_FIELDS } from '../functions/ingest/parsers/tgwflow';

/** The `log_format` AWS expects, every documented field (`${version} ${resource-type} …`). */
export const TGW_FLOW_LOG_FORMAT = TGW_FLOW_DEFAULT_FIELDS.map((field) => `\${${field}}`).join(' ');

/** `${` starts a Terraform interpolation; `$${` keeps it a literal for AWS. */
const escapeForTerraform = (text: string): string => text.replace(/\$\{/g, () => '$${');

export interface TransitGatewayFlowLogsProps {
  /** `tgw-…` of a transit gateway this account owns, in the scope's region. */
  readonly transitGatewayId: string;
  /** The archive's `tgwflow` bucket; AWS writes under `AWSLogs/<account>/vpcflowlogs/<region>/`. */
  readonly bucketArn: string;
}

/**
 * Flow logs of one transit gateway (every attachment), all fields, plain text, to the archive.
 * Transit gateway flow logs take no traffic type and only the 60 s aggregation interval.
 */
export class TransitGatewayFlowLogs extends Construct {
  constructor(scope: Construct, id: string, props: TransitGatewayFlowLogsProps) {
    super(scope, id);
    new FlowLog(this, 'flow-log', {
      transitGatewayId: props.transitGatewayId,
      logDestinationType: 's3',
      logDestination: props.bucketArn,
      logFormat: escapeForTerraform(TGW_FLOW_LOG_FORMAT),
      maxAggregationInterval: 60,
      destinationOptions: {
        fileFormat: 'plain-text',
        hiveCompatiblePartitions: false,
        perHourPartition: false,
      },
    });
  }
}
