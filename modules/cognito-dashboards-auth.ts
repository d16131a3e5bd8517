import { CognitoIdentityPool } from '@cdktf/provider-aws/lib/cognito-identity-pool';
import { CognitoIdentityPoolRolesAttachment } from '@cdktf/provider-aws/lib/cognito-identity-pool-roles-attachment';
import { CognitoUserPool } from '@cdktf/provider-aws/lib/cognito-user-pool';
import { CognitoUserPoolDomain } from '@cdktf/provider-aws/lib/cognito-user-pool-domain';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { assumeRolePolicyJson } from './iam-policy';

export interface CognitoDashboardsAuthProps {
  readonly namePrefix: string;
  /** Account of the domain: the only one whose OpenSearch Service may assume the Cognito role. */
  readonly accountId: string;
  /** Hosted UI domain prefix (`<prefix>.auth.<region>.amazoncognito.com`); must be unique in the region. */
  readonly domainPrefix: string;
  /** @default 'ON' */
  readonly mfa?: 'OFF' | 'OPTIONAL' | 'ON';
  /** @default 14 */
  readonly minimumPasswordLength?: number;
}

/**
 * Login for OpenSearch Dashboards: a Cognito user pool (admin-created users only, strong
 * passwords, TOTP MFA, threat protection enforced), its hosted domain, an identity pool whose
 * authenticated role FGAC maps to SIEM roles, and the role OpenSearch uses to configure both.
 */
export class CognitoDashboardsAuth extends Construct {
  readonly userPool: CognitoUserPool;
  readonly identityPool: CognitoIdentityPool;
  readonly authenticatedRole: IamRole;
  /** The `CognitoAccessForAmazonOpenSearch` role the domain's Cognito options name. */
  readonly openSearchCognitoRole: IamRole;
  /** OpenSearch refuses Cognito options until the pool has a domain and the role its policy. */
  readonly ready: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: CognitoDashboardsAuthProps) {
    super(scope, id);
    const mfa = props.mfa ?? 'ON';
    this.userPool = new CognitoUserPool(this, 'user-pool', {
      name: `${props.namePrefix}-dashboards`,
      deletionProtection: 'ACTIVE',
      mfaConfiguration: mfa,
      softwareTokenMfaConfiguration: mfa === 'OFF' ? undefined : { enabled: true },
      usernameAttributes: ['email'],
      autoVerifiedAttributes: ['email'],
      adminCreateUserConfig: { allowAdminCreateUserOnly: true },
      passwordPolicy: {
        minimumLength: props.minimumPasswordLength ?? 14,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: true,
        temporaryPasswordValidityDays: 1,
        passwordHistorySize: 24,
      },
      accountRecoverySetting: { recoveryMechanism: [{ name: 'verified_email', priority: 1 }] },
      userPoolTier: 'PLUS',
      userPoolAddOns: { advancedSecurityMode: 'ENFORCED' },
    });
    const poolDomain = new CognitoUserPoolDomain(this, 'domain', {
      domain: props.domainPrefix,
      userPoolId: this.userPool.id,
    });
    this.identityPool = new CognitoIdentityPool(this, 'identity-pool', {
      identityPoolName: `${props.namePrefix.replace(/-/g, '_')}_dashboards`,
      allowUnauthenticatedIdentities: false,
      allowClassicFlow: false,
      // OpenSearch adds its own app client to the pools when Cognito options are enabled.
      lifecycle: { ignoreChanges: ['cognito_identity_providers'] },
    });
    this.authenticatedRole = new IamRole(this, 'authenticated-role', {
      name: `${props.namePrefix}-dashboards-user`,
      description: 'Assumed by Dashboards users signed in through Cognito; FGAC maps it to SIEM roles',
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: 'cognito-identity.amazonaws.com' },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: { 'cognito-identity.amazonaws.com:aud': this.identityPool.id },
              'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
            },
          },
        ],
      }),
    });
    new CognitoIdentityPoolRolesAttachment(this, 'roles', {
      identityPoolId: this.identityPool.id,
      roles: { authenticated: this.authenticatedRole.arn },
    });
    this.openSearchCognitoRole = new IamRole(this, 'opensearch-cognito-role', {
      name: `${props.namePrefix}-CognitoAccessForAmazonOpenSearch`,
      description: 'Lets OpenSearch Service configure the Dashboards user and identity pools',
      // aws:SourceAccount: without it OpenSearch acting for another account's domain could be
      // steered into this role (confused deputy), as for the other service roles.
      assumeRolePolicy: assumeRolePolicyJson(['es.amazonaws.com', 'opensearchservice.amazonaws.com'], {
        StringEquals: { 'aws:SourceAccount': props.accountId },
      }),
    });
    const access = new IamRolePolicyAttachment(this, 'opensearch-cognito-access', {
      role: this.openSearchCognitoRole.name,
      policyArn: 'arn:aws:iam::aws:policy/AmazonOpenSearchServiceCognitoAccess',
    });
    this.ready = [poolDomain, access];
  }
}
