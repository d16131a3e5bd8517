import { AssumeRoleCommand, STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** `arn:<partition>:iam::<account>:role/<path/>name`: anything else is refused before STS is called. */
const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

export interface AssumedRoleOptions {
  readonly roleArn: string;
  /** When the role's trust policy asks for one (`sts:ExternalId`). */
  readonly externalId?: string;
  /** Shows in CloudTrail as the assumed-role session. @default 'siem-cli' */
  readonly sessionName?: string;
  /** Session length; STS allows 900 up to the role's maximum. @default 3600 */
  readonly durationSeconds?: number;
  /** Refresh this long before the credentials expire, so no request is signed with stale ones. @default 300000 */
  readonly refreshBeforeMs?: number;
  /** The STS client's config: region, endpoint; its credentials are the caller's (default chain). */
  readonly sts?: STSClientConfig;
  /** @default Date.now */
  readonly now?: () => number;
}

export function assertRoleArn(roleArn: string, option = '--role-arn'): void {
  if (!ROLE_ARN.test(roleArn)) {
    throw new Error(
      `${option} ${JSON.stringify(roleArn)} is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)`,
    );
  }
}

/**
 * Credentials of `roleArn`, assumed through STS with the caller's credentials (the default chain
 * unless `sts.credentials` says otherwise). They are kept until `refreshBeforeMs` before they
 * expire, then assumed again, so a post-apply longer than the session never signs with expired
 * keys; concurrent callers share one AssumeRole call. A refusal names the role.
 */
export function assumedRoleCredentials(opts: AssumedRoleOptions): AwsCredentialIdentityProvider {
  assertRoleArn(opts.roleArn);
  const sts = new STSClient(opts.sts ?? {});
  const now = opts.now ?? Date.now;
  const refreshBeforeMs = opts.refreshBeforeMs ?? 300_000;
  let current: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;

  async function assume(): Promise<AwsCredentialIdentity> {
    let response;
    try {
      response = await sts.send(
        new AssumeRoleCommand({
          RoleArn: opts.roleArn,
          RoleSessionName: opts.sessionName ?? 'siem-cli',
          DurationSeconds: opts.durationSeconds ?? 3600,
          ...(opts.externalId ? { ExternalId: opts.externalId } : {}),
        }),
      );
    } catch (err) {
      const name = (err as { name?: string }).name;
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(
        `cannot assume role ${opts.roleArn}: ${name && !message.startsWith(name) ? `${name}: ` : ''}${message}` +
          (name === 'AccessDenied'
            ? ' (run as a principal the role trusts: the deployment role of the log-archive account)'
            : ''),
      );
    }
    const c = response.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
      throw new Error(`cannot assume role ${opts.roleArn}: STS returned no credentials`);
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
  }

  const fresh = (c: AwsCredentialIdentity | undefined): c is AwsCredentialIdentity =>
    c !== undefined && (c.expiration === undefined || c.expiration.getTime() - refreshBeforeMs > now());

  return async () => {
    if (fresh(current)) return current;
    pending ??= assume().finally(() => (pending = undefined));
    current = await pending;
    return current;
  };
}
