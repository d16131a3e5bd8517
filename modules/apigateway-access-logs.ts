import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { apiGatewayAccessLogGroup } from '../config/cloudwatch-sources';

export interface ApiGatewayAccessLogsProps {
  /** Stages of this account and region. */
  readonly stages: readonly { readonly apiId: string; readonly stage: string }[];
  /** The member key that encrypts the log movers' groups; its policy admits CloudWatch Logs. */
  readonly kmsKeyArn: string;
  readonly retentionDays?: number;
}

/**
 * AWS's documented JSON access-log format (REST and HTTP APIs), with the fields the SIEM's
 * parser types: who (ip, caller, user, principalId), what (httpMethod, resourcePath or routeKey,
 * path, status) and how long. A stage may log more; members beyond these stay searchable.
 */
export const API_GATEWAY_ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  ip: '$context.identity.sourceIp',
  caller: '$context.identity.caller',
  user: '$context.identity.user',
  principalId: '$context.authorizer.principalId',
  userAgent: '$context.identity.userAgent',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  apiId: '$context.apiId',
  stage: '$context.stage',
  domainName: '$context.domainName',
  errorMessage: '$context.error.message',
});

/**
 * The access-log group of each named stage, under the name the SIEM routes to `apigateway`
 * (`/aws/apigateway/access/<apiId>/<stage>`), KMS-encrypted. Pointing the stage at it is the
 * stage owner's (its `access_log_settings` belong to the stage resource); the outputs give the
 * destination and the format to set.
 */
export class ApiGatewayAccessLogs extends Construct {
  constructor(scope: Construct, id: string, props: ApiGatewayAccessLogsProps) {
    super(scope, id);
    for (const stage of props.stages) {
      const key = `${stage.apiId}-${stage.stage.replace(/[^A-Za-z0-9_-]/g, '_')}`;
      const group = new CloudwatchLogGroup(this, `group-${key}`, {
        name: apiGatewayAccessLogGroup(stage),
        retentionInDays: props.retentionDays ?? 365,
        kmsKeyId: props.kmsKeyArn,
      });
      new TerraformOutput(this, `destination-${key}`, {
        value: group.arn,
        description: `Access-log destination of API ${stage.apiId} stage ${stage.stage}`,
      });
    }
    new TerraformOutput(this, 'format', {
      value: API_GATEWAY_ACCESS_LOG_FORMAT,
      description: 'Access-log format to set on those stages (JSON)',
    });
  }
}
