import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { PolicyStatement, policyJson } from './iam-policy';

const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

export interface GithubDriftRoleProps {
  readonly roleName: string;
  readonly accountId: string;
  /** `owner/name` of the repository whose workflow assumes the role. */
  readonly githubRepository: string;
  /** The only branch whose runs get the role (ignored when `environment` is set). */
  readonly branch: string;
  /** When set, only jobs of this GitHub environment get the role. */
  readonly environment?: string;
  /** Create the account's GitHub OIDC provider (there can be only one per account). */
  readonly createOidcProvider: boolean;
  /** Roles the workflow assumes next: the read-only drift role of every account. */
  readonly assumableRoleArns: readonly string[];
  /** Read (and lock) the Terraform state: plan takes the lock. */
  readonly stateAccess?: {
    readonly bucket: string;
    readonly keyPrefix: string;
    readonly lockTableArn: string;
  };
}

/**
 * The `sub` claim the role trusts. GitHub puts the environment in it when the job has one
 * (`repo:o/r:environment:e`), else the ref (`repo:o/r:ref:refs/heads/b`); a pull request gets
 * `repo:o/r:pull_request`. `repo:o/r:*` would let a workflow edited on any branch assume the role.
 */
export function githubSubject(repository: string, branch: string, environment?: string): string {
  return environment
    ? `repo:${repository}:environment:${environment}`
    : `repo:${repository}:ref:refs/heads/${branch}`;
}

/** The drift workflow's role: trusted by GitHub OIDC for one branch or environment of one repository. */
export class GithubDriftRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: GithubDriftRoleProps) {
    super(scope, id);
    const providerArn = `arn:aws:iam::${props.accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
    const provider = props.createOidcProvider
      ? new IamOpenidConnectProvider(this, 'github-oidc', {
          url: `https://${GITHUB_OIDC_HOST}`,
          clientIdList: ['sts.amazonaws.com'],
        })
      : undefined;
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: `Drift detection from GitHub Actions (${props.githubRepository}); assumes read-only roles only`,
      maxSessionDuration: 3600,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: provider?.arn ?? providerArn },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: {
                [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com',
                [`${GITHUB_OIDC_HOST}:sub`]: githubSubject(
                  props.githubRepository,
                  props.branch,
                  props.environment,
                ),
              },
            },
          },
        ],
      }),
    });
    const state = props.stateAccess;
    const statements: PolicyStatement[] = [
      { Sid: 'AssumeReadOnlyRoles', Action: 'sts:AssumeRole', Resource: props.assumableRoleArns },
      ...(state
        ? [
            { Sid: 'ListState', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${state.bucket}` },
            {
              Sid: 'ReadState',
              Action: 's3:GetObject',
              Resource: `arn:aws:s3:::${state.bucket}/${state.keyPrefix}/*`,
            },
            {
              Sid: 'LockState',
              Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
              Resource: state.lockTableArn,
            },
          ]
        : []),
    ];
    new IamRolePolicy(this, 'policy', { role: this.role.id, name: 'drift', policy: policyJson(statements) });
  }
}
