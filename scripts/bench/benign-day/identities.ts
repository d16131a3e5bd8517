/* The principals of the benign day, as CloudTrail writes their `userIdentity`. */

const hexId = (text: string, length: number) =>
  Buffer.from(text).toString('hex').toUpperCase().padEnd(length, '0').slice(0, length);

/** An AWS service acting on its own behalf (Lambda assuming a function's role...). */
export const awsService = (service: string) => ({ type: 'AWSService', invokedBy: service });

/** A session of a role; `invokedBy` when a service calls with it (CloudFormation, Auto Scaling). */
export function roleSession(
  accountId: string,
  role: string,
  session: string,
  opts: { readonly invokedBy?: string; readonly path?: string; readonly mfa?: boolean } = {},
) {
  const roleId = `AROA${hexId(`${accountId}/${role}`, 17)}`;
  const path = opts.path ?? '';
  return {
    type: 'AssumedRole',
    principalId: `${roleId}:${session}`,
    arn: `arn:aws:sts::${accountId}:assumed-role/${role}/${session}`,
    accountId,
    accessKeyId: `ASIA${hexId(`${accountId}/${role}/${session}`, 16)}`,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: roleId,
        arn: `arn:aws:iam::${accountId}:role/${path}${role}`,
        accountId,
        userName: role,
      },
      attributes: { creationDate: '2026-01-01T00:00:00Z', mfaAuthenticated: String(opts.mfa ?? false) },
    },
    ...(opts.invokedBy ? { invokedBy: opts.invokedBy } : {}),
  };
}

/** A service-linked role's session (`aws-service-role/<service>/`), the service calling. */
export const serviceLinkedRole = (accountId: string, role: string, service: string) =>
  roleSession(accountId, role, service.split('.')[0] ?? service, {
    invokedBy: service,
    path: `aws-service-role/${service}/`,
  });

/** A person signed in through IAM Identity Center (a permission set's reserved role). */
export const ssoUser = (accountId: string, permissionSet: string, email: string) =>
  roleSession(accountId, `AWSReservedSSO_${permissionSet}_3f2a9c1b7d4e6a80`, email, {
    path: 'aws-reserved/sso.amazonaws.com/eu-west-1/',
  });

/** A GitHub Actions job assuming the deploy role through OIDC. */
export const ciRole = (accountId: string, run: number) =>
  roleSession(accountId, 'github-deploy', `gha-${run}`);

export const iamUser = (accountId: string, userName: string) => ({
  type: 'IAMUser',
  principalId: `AIDA${hexId(`${accountId}/${userName}`, 17)}`,
  arn: `arn:aws:iam::${accountId}:user/${userName}`,
  accountId,
  accessKeyId: `AKIA${hexId(`key/${accountId}/${userName}`, 16)}`,
  userName,
});
