import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';

export interface DashboardsUserRequest {
  readonly userPoolId: string;
  readonly email: string;
  /** The `name` attribute, shown in Dashboards' user menu. */
  readonly name?: string;
}

export interface DashboardsUserResult {
  /** `exists`: the pool already had a user with this email; nothing was changed or sent. */
  readonly outcome: 'created' | 'exists';
  /** Cognito's status, e.g. FORCE_CHANGE_PASSWORD until the first sign-in, then CONFIRMED. */
  readonly userStatus: string;
}

/** Deliberately loose: Cognito has the final word; this only catches a swapped or empty option. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function assertEmail(email: string): void {
  if (!EMAIL.test(email)) throw new Error(`--email ${JSON.stringify(email)} is not an email address`);
}

function describe(err: unknown): string {
  const name = (err as { name?: string }).name;
  const message = err instanceof Error ? err.message : String(err);
  return name && !message.startsWith(name) ? `${name}: ${message}` : message;
}

/**
 * Creates a Dashboards user: the email is the user name (the pool signs in by email) and is
 * marked verified, and Cognito emails the temporary password. Idempotent: a user who already
 * exists is reported with their status and left alone (no second invitation).
 */
export async function addDashboardsUser(
  cognito: CognitoIdentityProviderClient,
  request: DashboardsUserRequest,
): Promise<DashboardsUserResult> {
  const { userPoolId, email } = request;
  assertEmail(email);
  const where = `user ${email} in user pool ${userPoolId}`;
  try {
    const { User } = await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: email,
        UserAttributes: [
          { Name: 'email', Value: email },
          // The invitation goes to this address: it is the administrator who vouches for it.
          { Name: 'email_verified', Value: 'true' },
          ...(request.name ? [{ Name: 'name', Value: request.name }] : []),
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    );
    return { outcome: 'created', userStatus: User?.UserStatus ?? 'unknown' };
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'UsernameExistsException') {
      const existing = await cognito.send(
        new AdminGetUserCommand({ UserPoolId: userPoolId, Username: email }),
      );
      return { outcome: 'exists', userStatus: existing.UserStatus ?? 'unknown' };
    }
    if (name === 'ResourceNotFoundException') {
      throw new Error(
        `cannot create ${where}: no such user pool (is --outputs the log-archive stack's?): ${describe(err)}`,
      );
    }
    throw new Error(`cannot create ${where}: ${describe(err)}`);
  }
}
