import { jsonString, topLevelMembers } from '../json-fields';

/*
 * Facts some detections need that no single CloudTrail field holds, because they compare two
 * fields of a record or read inside a policy written as text. They are computed at ingestion and
 * written under `siem.*` (a keyword per fact), only for the records they concern: every other
 * document stays byte for byte what it was.
 *
 * - `siem.ec2.instanceSession`: the instance whose role credentials made the call (the session of
 *   `assumed-role/<role>/i-...`), so calls can be grouped per instance whatever the role;
 * - `siem.iam.otherUser`: the IAM user a credential was made for (access key, console password,
 *   SSH key...) when that user is not the caller (Sigma's field-to-field comparison);
 * - `siem.policy.otherAccounts` and `siem.policy.otherAccountCount`: the accounts, other than the
 *   resource's own, that a resource or trust policy set by the call names as AWS principals;
 * - `siem.ssm.decryptedParameters`: the SSM parameters a read asked decrypted (`withDecryption`),
 *   whichever of `name`, `names` or `path` (counted as `path/*`) the read used, so one field
 *   counts distinct parameters per principal.
 */

export interface CloudTrailDerived {
  readonly ec2?: { readonly instanceSession: string };
  readonly iam?: { readonly otherUser: string };
  readonly policy?: { readonly otherAccounts: readonly string[]; readonly otherAccountCount: number };
  readonly ssm?: { readonly decryptedParameters: readonly string[] };
}

/** `assumed-role/<role>/i-<hex>`: EC2 names the session of an instance profile after the instance. */
const INSTANCE_SESSION = /:assumed-role\/[^/"]+\/(i-[0-9a-f]{8,17})"/;

/**
 * The instance id when the raw `userIdentity` is an instance profile's session. Checked with
 * indexOf first: most identities are not, and this runs for every record.
 */
export function instanceSessionOf(rawIdentity: string | undefined): string | undefined {
  if (rawIdentity === undefined || rawIdentity.indexOf('/i-') < 0) return undefined;
  return INSTANCE_SESSION.exec(rawIdentity)?.[1];
}

/** IAM calls that give a user a credential, by the JSON text of their event name. */
const CREDENTIAL_CALLS = new Set([
  '"CreateAccessKey"',
  '"CreateLoginProfile"',
  '"UpdateLoginProfile"',
  '"CreateServiceSpecificCredential"',
  '"UploadSSHPublicKey"',
  '"UploadSigningCertificate"',
]);

/** Calls that set a resource or trust policy, by the JSON text of their event name. */
const POLICY_CALLS = new Set([
  '"CreateRole"',
  '"UpdateAssumeRolePolicy"',
  '"PutBucketPolicy"',
  '"SetTopicAttributes"',
  '"CreateTopic"',
  '"SetQueueAttributes"',
  '"CreateQueue"',
  '"SetRepositoryPolicy"',
  '"PutResourcePolicy"',
  '"PutKeyPolicy"',
  '"CreateKey"',
]);

/** SSM parameter reads that can decrypt SecureStrings, by the JSON text of their event name. */
const PARAMETER_READS = new Set(['"GetParameter"', '"GetParameters"', '"GetParametersByPath"']);

const RECORD_PARTS = new Set(['requestParameters', 'userIdentity', 'recipientAccountId']);

type Json = unknown;

/**
 * The derived facts of one record (its whole JSON text; `eventName` and `userIdentity` as raw
 * JSON text), or undefined when it has none. A failed call changed nothing, so it gets no
 * credential or policy fact; its instance session is kept (denied calls are evidence of use too).
 */
export function cloudTrailDerived(
  eventName: string | undefined,
  rawIdentity: string | undefined,
  record: string,
  failed: boolean,
): CloudTrailDerived | undefined {
  const instanceSession = instanceSessionOf(rawIdentity);
  const credential = !failed && eventName !== undefined && CREDENTIAL_CALLS.has(eventName);
  const policyCall = !failed && eventName !== undefined && POLICY_CALLS.has(eventName);
  const parameterRead = !failed && eventName !== undefined && PARAMETER_READS.has(eventName);
  if (instanceSession === undefined && !credential && !policyCall && !parameterRead) return undefined;
  const out: {
    ec2?: CloudTrailDerived['ec2'];
    iam?: CloudTrailDerived['iam'];
    policy?: CloudTrailDerived['policy'];
    ssm?: CloudTrailDerived['ssm'];
  } = {};
  if (instanceSession !== undefined) out.ec2 = { instanceSession };
  if (credential || policyCall || parameterRead) {
    const m = topLevelMembers(record, RECORD_PARTS);
    const request = parseOrNull(m.requestParameters);
    if (credential) {
      const otherUser = credentialForOtherUser(request, parseOrNull(m.userIdentity));
      if (otherUser !== undefined) out.iam = { otherUser };
    }
    if (policyCall) {
      const own = jsonString(m.recipientAccountId);
      const accounts = [...new Set(policyDocuments(request).flatMap(principalAccounts))].filter(
        (a) => a !== own,
      );
      if (accounts.length > 0)
        out.policy = { otherAccounts: accounts.sort(), otherAccountCount: accounts.length };
    }
    if (parameterRead) {
      const decrypted = decryptedParameters(request);
      if (decrypted.length > 0) out.ssm = { decryptedParameters: decrypted };
    }
  }
  return out.ec2 || out.iam || out.policy || out.ssm ? out : undefined;
}

function parseOrNull(raw: string | undefined): Json {
  if (raw === undefined) return null;
  try {
    return JSON.parse(raw) as Json;
  } catch {
    return null;
  }
}

const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: Json): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The target user, when it is not the caller. Without `userName` in the request IAM acts on the
 * caller itself (the response still names it); only an IAM user can be its own target, so a role
 * session, a federated user or root acting on a named user always acts on someone else.
 */
function credentialForOtherUser(request: Json, identity: Json): string | undefined {
  const requested = isObject(request) ? str(request.userName) : undefined;
  if (requested === undefined) return undefined;
  if (isObject(identity) && identity.type === 'IAMUser') {
    const caller = str(identity.userName) ?? str(identity.arn)?.split('/').pop();
    if (caller === requested) return undefined;
  }
  return requested;
}

/** Every policy document a call's request carries, parsed (some are objects, most are text). */
function policyDocuments(request: Json): Json[] {
  if (!isObject(request)) return [];
  const candidates: Json[] = [
    request.policyDocument,
    request.assumeRolePolicyDocument,
    request.bucketPolicy,
    request.policyText,
    request.resourcePolicy,
    request.policy,
    isObject(request.attributes) ? request.attributes.Policy : undefined,
    request.attributeName === 'Policy' ? request.attributeValue : undefined,
  ];
  return candidates.flatMap((c) => {
    if (isObject(c)) return [c];
    if (typeof c !== 'string' || !c.includes('Statement')) return [];
    try {
      const parsed = JSON.parse(c) as Json;
      return isObject(parsed) ? [parsed] : [];
    } catch {
      return [];
    }
  });
}

/** The parameters a read asked decrypted; none when it did not ask (`withDecryption` false or absent). */
function decryptedParameters(request: Json): string[] {
  if (!isObject(request) || (request.withDecryption !== true && request.withDecryption !== 'true')) return [];
  const names = Array.isArray(request.names) ? request.names : [request.name];
  const path = str(request.path);
  const all = [
    ...names.flatMap((v) => (typeof v === 'string' ? [v] : [])),
    ...(path ? [`${path.replace(/\/$/, '')}/*`] : []),
  ];
  return [...new Set(all)].sort();
}

const ACCOUNT_ID = /^\d{12}$/;
const ACCOUNT_IN_ARN = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/;

/** Accounts named as AWS principals by the policy's Allow statements (`*` is not an account). */
function principalAccounts(policy: Json): string[] {
  if (!isObject(policy)) return [];
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  return statements.flatMap((s) => {
    if (!isObject(s) || s.Effect !== 'Allow' || !isObject(s.Principal)) return [];
    const aws = s.Principal.AWS;
    const values = Array.isArray(aws) ? aws : [aws];
    return values.flatMap((v) => {
      const text = str(v);
      if (text === undefined) return [];
      if (ACCOUNT_ID.test(text)) return [text];
      const inArn = ACCOUNT_IN_ARN.exec(text)?.[1];
      return inArn ? [inArn] : [];
    });
  });
}
