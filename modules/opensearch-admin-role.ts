import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Construct } from 'constructs';

export interface OpenSearchAdminRoleProps {
  readonly namePrefix: string;
  /**
   * Principals that may assume the role: the deployment role (post-apply) and named administrators.
   * Never the account root, which would let any IAM user with sts:AssumeRole on `*` in.
   */
  readonly trustedPrincipalArns: readonly string[];
  /**
   * Longest session, in seconds; short because the role is the FGAC master user.
   * @default 3600
   */
  readonly maxSessionDurationSeconds?: number;
}

/** The IAM role mapped to the fine-grained access control master user (post-apply, break-glass). */
export class OpenSearchAdminRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: OpenSearchAdminRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      name: `${props.namePrefix}-opensearch-admin`,
      description: 'OpenSearch fine-grained access control master role (post-apply, break-glass)',
      maxSessionDuration: props.maxSessionDurationSeconds ?? 3600,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: [...props.trustedPrincipalArns] },
            Action: 'sts:AssumeRole',
          },
        ],
      }),
    });
  }
}
