import type { SiemConfig } from '../../config/schema';
import { MITRE } from '../mitre';
import type { Detection } from '../types';
import {
  AWS_SERVICE_CALLERS,
  CLOUDTRAIL_LOOKBACK_MINUTES,
  CLOUDTRAIL_SCHEDULE_MINUTES,
  PRINCIPAL_KEY,
  apiCallDetection,
  hasValue,
} from './define';
import {
  ASSUMED_ROLE_IDENTITY,
  cloudTrailRecord,
  inOtherAccount,
  repeatRecord,
  serviceCall,
} from './records';

/* Compute: instance launches (crypto mining), Lambda, remote command execution. */

const LAUNCH_BURST_INSTANCES = 10;
/**
 * Direct invocations by one principal in the window: one every 4 seconds for 30 minutes, five
 * times the former threshold. (The detection tests scope each monitor run to its samples by id, in
 * a search the plugin caps at 64 KB: a threshold much above this could not be proven by samples.)
 * Event sources (S3, SQS, API Gateway...) invoke as AWS services and are left out; a workload role
 * invoking this often should be named in an exception, not drown the channel.
 */
const LAMBDA_INVOCATIONS_PER_PRINCIPAL = 500;
/**
 * The type actually launched is in the response: a launch template may leave the request without
 * one. (`responseElements` is a flat_object, which has no `exists` on sub-paths; a successful
 * launch always lists its instances, and one that somehow does not is reported rather than missed.)
 */
const LAUNCHED_TYPE_FIELD = 'responseElements.instancesSet.items.instanceType';

/** Instances a successful RunInstances record launched, derived at ingestion (see the CloudTrail parser). */
const LAUNCHED_INSTANCES_FIELD = 'siem.ec2.launchedInstances';

/** A successful RunInstances call asking for `maxCount` instances (at least one) and launching `launched`. */
const runInstances = (instanceType: string, launched = 1, maxCount = launched) =>
  cloudTrailRecord('ec2.amazonaws.com', 'RunInstances', {
    requestParameters: {
      instanceType,
      instancesSet: { items: [{ imageId: 'ami-0abcdef1234567890', minCount: 1, maxCount }] },
    },
    responseElements: {
      reservationId: 'r-0123456789abcdef0',
      instancesSet: {
        items: Array.from({ length: launched }, (_, i) => ({
          instanceId: `i-0123456789abcd${i.toString(16).padStart(3, '0')}`,
          instanceType,
          imageId: 'ami-0abcdef1234567890',
        })),
      },
    },
  });

function unapprovedInstanceType(allowed: readonly string[]): Detection {
  const unapproved = allowed.includes('p4d.24xlarge') ? 'zz9.metal' : 'p4d.24xlarge';
  return {
    id: 'ec2-unapproved-instance-type',
    title: 'EC2 instance of an unapproved type launched',
    description: `An instance type outside the allow-list (${allowed.join(', ')}) was launched: GPU or large instances are the signature of crypto mining.`,
    severity: 2,
    mitre: MITRE.resourceHijacking,
    logType: 'cloudtrail',
    query: {
      bool: {
        filter: [{ term: { eventSource: 'ec2.amazonaws.com' } }, { term: { eventName: 'RunInstances' } }],
        must_not: [{ exists: { field: 'errorCode' } }, { terms: { [LAUNCHED_TYPE_FIELD]: [...allowed] } }],
      },
    },
    condition: { kind: 'threshold', minCount: 1 },
    scheduleMinutes: CLOUDTRAIL_SCHEDULE_MINUTES,
    lookbackMinutes: CLOUDTRAIL_LOOKBACK_MINUTES,
    positiveSamples: [runInstances(unapproved)],
    negativeSamples: [
      ...allowed.map((type) => runInstances(type)),
      cloudTrailRecord('ec2.amazonaws.com', 'RunInstances', {
        requestParameters: { instanceType: unapproved },
        errorCode: 'Client.UnauthorizedOperation',
      }),
    ],
  };
}

const instanceLaunchBurst = (allowed: readonly string[]): Detection => {
  const type = allowed[0] ?? 't3.micro';
  return {
    id: 'ec2-instance-launch-burst',
    title: 'Many EC2 instances launched in a short time',
    description: `${LAUNCH_BURST_INSTANCES} or more instances launched in the window by one principal (its account and user or role name), in one RunInstances call or several: runaway automation or resource hijacking. Launches by AWS services (Auto Scaling, EC2 Fleet, Spot) are left out.`,
    severity: 3,
    mitre: MITRE.createCloudInstance,
    logType: 'cloudtrail',
    query: {
      bool: {
        filter: [{ term: { eventSource: 'ec2.amazonaws.com' } }, { term: { eventName: 'RunInstances' } }],
        must_not: [{ exists: { field: 'errorCode' } }, ...AWS_SERVICE_CALLERS],
      },
    },
    // Instances, not calls: one call with MaxCount=50 is as much of a burst as 50 calls.
    condition: {
      kind: 'sum',
      field: LAUNCHED_INSTANCES_FIELD,
      minCount: LAUNCH_BURST_INSTANCES,
      groupBy: [PRINCIPAL_KEY.field, ...PRINCIPAL_KEY.alsoBy],
    },
    scheduleMinutes: CLOUDTRAIL_SCHEDULE_MINUTES,
    lookbackMinutes: CLOUDTRAIL_LOOKBACK_MINUTES,
    positiveSamples: [runInstances(type, LAUNCH_BURST_INSTANCES + 2)],
    negativeSamples: [
      // Several calls, few instances in all.
      ...repeatRecord(runInstances(type, 2), 3),
      // Asked for up to 50, got 3: what was launched counts, not what was asked.
      runInstances(type, 3, 50),
      // Refused calls launch nothing, however many they asked for.
      ...repeatRecord(
        cloudTrailRecord('ec2.amazonaws.com', 'RunInstances', {
          requestParameters: {
            instanceType: type,
            instancesSet: { items: [{ imageId: 'ami-0abcdef1234567890', minCount: 50, maxCount: 50 }] },
          },
          errorCode: 'Client.InstanceLimitExceeded',
        }),
        5,
      ),
      // Auto Scaling scaling out: its service-linked role launches for the group.
      serviceCall('ec2.amazonaws.com', 'RunInstances', runInstances(type, LAUNCH_BURST_INSTANCES + 2)),
      // The deploy role of two accounts (one role name), neither launching enough.
      { ...runInstances(type, LAUNCH_BURST_INSTANCES - 4), userIdentity: ASSUMED_ROLE_IDENTITY },
      inOtherAccount({
        ...runInstances(type, LAUNCH_BURST_INSTANCES - 4),
        userIdentity: ASSUMED_ROLE_IDENTITY,
      }),
    ],
  };
};

const lambdaInvoke = (identity: Record<string, unknown>) =>
  cloudTrailRecord('lambda.amazonaws.com', 'Invoke', {
    userIdentity: identity,
    eventCategory: 'Data',
    managementEvent: false,
    readOnly: false,
    requestParameters: { functionName: 'arn:aws:lambda:eu-west-1:333333333333:function:orders' },
  });

const lambdaInvocationBurst: Detection = {
  id: 'lambda-invocation-burst',
  title: 'Burst of Lambda invocations by one principal',
  description: `One principal invoked functions ${LAMBDA_INVOCATIONS_PER_PRINCIPAL} or more times in the window (needs Lambda data events; invocations by AWS services, such as event sources, left out): abuse of compute or a denial-of-wallet.`,
  severity: 3,
  mitre: MITRE.serverlessExecution,
  logType: 'cloudtrail',
  query: {
    bool: {
      filter: [{ term: { eventSource: 'lambda.amazonaws.com' } }, { term: { eventName: 'Invoke' } }],
      must_not: AWS_SERVICE_CALLERS,
    },
  },
  condition: { kind: 'bucket', ...PRINCIPAL_KEY, minCount: LAMBDA_INVOCATIONS_PER_PRINCIPAL },
  scheduleMinutes: CLOUDTRAIL_SCHEDULE_MINUTES,
  lookbackMinutes: CLOUDTRAIL_LOOKBACK_MINUTES,
  positiveSamples: repeatRecord(
    lambdaInvoke({
      type: 'IAMUser',
      arn: 'arn:aws:iam::333333333333:user/alice',
      accountId: '333333333333',
      userName: 'alice',
    }),
    LAMBDA_INVOCATIONS_PER_PRINCIPAL,
  ),
  negativeSamples: [
    // A busy half hour of an application: twice the former threshold of 100.
    ...repeatRecord(lambdaInvoke(ASSUMED_ROLE_IDENTITY), 200),
    // An event source mapping invoking the function: AWS calling, not a principal.
    ...repeatRecord(
      serviceCall('lambda.amazonaws.com', 'Invoke', lambdaInvoke(ASSUMED_ROLE_IDENTITY), 'sqs.amazonaws.com'),
      LAMBDA_INVOCATIONS_PER_PRINCIPAL,
    ),
  ],
};

const SAMPLE_INSTANCE_ID = 'i-0a1b2c3d4e5f60718';

/** CloudTrail hides the new user data itself. */
const userData = {
  requestParameters: { instanceId: SAMPLE_INSTANCE_ID, userData: '<sensitiveDataRemoved>' },
};

const functionUrl = (authType: 'NONE' | 'AWS_IAM') => ({
  requestParameters: { functionName: 'orders', authType, invokeMode: 'BUFFERED' },
});

/** Compute detections; the allow-list of instance types comes from `config.detections`. */
export function computeDetections(config: SiemConfig): readonly Detection[] {
  const allowed = config.detections.allowedInstanceTypes;
  return [
    unapprovedInstanceType(allowed),
    instanceLaunchBurst(allowed),
    lambdaInvocationBurst,
    apiCallDetection({
      id: 'lambda-function-code-changed',
      title: 'Lambda function created or its code changed',
      description:
        'A function was created or its code or configuration replaced, other than by a CloudFormation deployment: code now runs with the function role.',
      severity: 4,
      mitre: MITRE.serverlessExecution,
      eventSource: 'lambda.amazonaws.com',
      eventNames: ['CreateFunction', 'UpdateFunctionCode', 'UpdateFunctionConfiguration'],
      versionedNames: [
        'CreateFunction20150331',
        'UpdateFunctionCode20150331',
        'UpdateFunctionCode20150331v2',
        'UpdateFunctionConfiguration20150331v2',
      ],
      benignEventName: 'GetFunction20150331v2',
      // Deployments through CloudFormation are reviewed changes made many times a day; a principal
      // changing code directly (the API, the console) still fires.
      mustNot: [{ term: { 'userIdentity.invokedBy': 'cloudformation.amazonaws.com' } }],
      extraNegatives: [
        // A reviewed deployment: the CI role's CloudFormation stack replacing the code (noise budget).
        cloudTrailRecord('lambda.amazonaws.com', 'UpdateFunctionCode20150331v2', {
          userIdentity: { ...ASSUMED_ROLE_IDENTITY, invokedBy: 'cloudformation.amazonaws.com' },
          sourceIPAddress: 'cloudformation.amazonaws.com',
          userAgent: 'cloudformation.amazonaws.com',
        }),
      ],
    }),
    apiCallDetection({
      id: 'lambda-permission-added',
      title: 'Lambda resource policy or function URL added',
      description:
        'Another principal was allowed to invoke a function or use a layer, or a function URL requiring IAM authentication was set up. (A URL open to anyone raises lambda-function-url-public instead.)',
      severity: 3,
      mitre: MITRE.serverlessExecution,
      eventSource: 'lambda.amazonaws.com',
      eventNames: [
        'AddPermission',
        'AddLayerVersionPermission',
        'CreateFunctionUrlConfig',
        'UpdateFunctionUrlConfig',
      ],
      versionedNames: [
        'AddPermission20150331',
        'AddPermission20150331v2',
        'AddLayerVersionPermission20181031',
        'CreateFunctionUrlConfig20211031',
        'UpdateFunctionUrlConfig20211031',
      ],
      benignEventName: 'GetPolicy20150331v2',
      mustNot: [{ term: { 'requestParameters.authType': 'NONE' } }],
      positiveOverrides: functionUrl('AWS_IAM'),
      extraNegatives: [
        cloudTrailRecord('lambda.amazonaws.com', 'CreateFunctionUrlConfig20211031', functionUrl('NONE')),
      ],
    }),
    apiCallDetection({
      id: 'lambda-function-url-public',
      title: 'Public Lambda function URL',
      description:
        'A function URL with authentication type NONE was created or changed to it: anyone on the internet can invoke the function over HTTPS.',
      severity: 2,
      mitre: MITRE.exploitPublicFacingApp,
      eventSource: 'lambda.amazonaws.com',
      eventNames: ['CreateFunctionUrlConfig', 'UpdateFunctionUrlConfig'],
      versionedNames: ['CreateFunctionUrlConfig20211031', 'UpdateFunctionUrlConfig20211031'],
      benignEventName: 'GetFunctionUrlConfig20211031',
      extraFilters: [{ term: { 'requestParameters.authType': 'NONE' } }],
      positiveOverrides: functionUrl('NONE'),
      extraNegatives: [
        cloudTrailRecord('lambda.amazonaws.com', 'CreateFunctionUrlConfig20211031', functionUrl('AWS_IAM')),
      ],
    }),
    apiCallDetection({
      id: 'ec2-instance-attribute-modified',
      title: 'EC2 instance attribute modified',
      description:
        'An instance attribute (instance type, security groups, shutdown behaviour...) was modified. (User data changes raise ec2-user-data-modified instead.)',
      severity: 3,
      mitre: MITRE.modifyCloudCompute,
      eventSource: 'ec2.amazonaws.com',
      eventNames: ['ModifyInstanceAttribute'],
      benignEventName: 'DescribeInstanceAttribute',
      mustNot: [hasValue('requestParameters.userData')],
      positiveOverrides: {
        requestParameters: { instanceId: SAMPLE_INSTANCE_ID, instanceType: { value: 'm7g.xlarge' } },
      },
      extraNegatives: [cloudTrailRecord('ec2.amazonaws.com', 'ModifyInstanceAttribute', userData)],
    }),
    apiCallDetection({
      id: 'ec2-user-data-modified',
      title: 'EC2 instance user data modified',
      description:
        "An instance's user data was replaced: scripts in it run as root at the next start, a known way to run code on a stopped instance.",
      severity: 2,
      mitre: MITRE.modifyCloudCompute,
      eventSource: 'ec2.amazonaws.com',
      eventNames: ['ModifyInstanceAttribute'],
      benignEventName: 'DescribeInstanceAttribute',
      extraFilters: [hasValue('requestParameters.userData')],
      positiveOverrides: userData,
      extraNegatives: [
        cloudTrailRecord('ec2.amazonaws.com', 'ModifyInstanceAttribute', {
          requestParameters: { instanceId: SAMPLE_INSTANCE_ID, disableApiTermination: { value: true } },
        }),
      ],
    }),
    apiCallDetection({
      id: 'ssm-remote-command',
      title: 'Systems Manager command or session started',
      description:
        'A command was sent to instances or an interactive session opened through Systems Manager.',
      severity: 4,
      mitre: MITRE.cloudAdminCommand,
      eventSource: 'ssm.amazonaws.com',
      eventNames: ['SendCommand', 'StartSession'],
      benignEventName: 'DescribeInstanceInformation',
    }),
    apiCallDetection({
      id: 'ec2-key-pair-created',
      title: 'EC2 key pair created or imported',
      description: 'An SSH key pair was created or imported.',
      severity: 4,
      mitre: MITRE.additionalCloudCredentials,
      eventSource: 'ec2.amazonaws.com',
      eventNames: ['CreateKeyPair', 'ImportKeyPair'],
      benignEventName: 'DescribeKeyPairs',
    }),
    apiCallDetection({
      id: 'ec2-password-data-retrieved',
      title: 'Windows administrator password retrieved',
      description: 'GetPasswordData returned the encrypted administrator password of a Windows instance.',
      severity: 3,
      mitre: MITRE.unsecuredCredentials,
      eventSource: 'ec2.amazonaws.com',
      eventNames: ['GetPasswordData'],
      benignEventName: 'DescribeInstances',
    }),
    apiCallDetection({
      id: 'ec2-serial-console-enabled',
      title: 'EC2 serial console access enabled',
      description: 'Serial console access was enabled for the account: an out-of-band path into instances.',
      severity: 3,
      mitre: MITRE.externalRemoteServices,
      eventSource: 'ec2.amazonaws.com',
      eventNames: ['EnableSerialConsoleAccess'],
      benignEventName: 'GetSerialConsoleAccessStatus',
    }),
  ];
}
