/*
 * Amazon Security Lake object keys. AWS-native sources (source version 2.0 = OCSF 1.1):
 *   aws/<SOURCE>/<version>/region=<region>/accountId=<account>/eventDay=YYYYMMDD/<file>.gz.parquet
 * with SOURCE one of CLOUD_TRAIL_MGMT, LAMBDA_EXECUTION, S3_DATA, VPC_FLOW, ROUTE53, SH_FINDINGS,
 * EKS_AUDIT, WAF; custom sources: ext/<source name>/[<version>/]region=…/accountId=…/eventDay=…/.
 * https://docs.aws.amazon.com/security-lake/latest/userguide/internal-sources.html
 */

const REGION = String.raw`[a-z]{2}(?:-[a-z]+)+-\d`;

/** Anchored; groups: source, region, account (12 digits), day. */
export const SECURITY_LAKE_AWS_KEY = new RegExp(
  String.raw`^aws/([A-Z0-9_]+)/\d+(?:\.\d+)*/region=(${REGION})/accountId=(\d{12})/eventDay=(\d{8})/[^/]+\.parquet$`,
);
/** Custom sources: the `accountId` partition is the account or external id the source was created with. */
export const SECURITY_LAKE_CUSTOM_KEY = new RegExp(
  String.raw`^ext/([A-Za-z0-9_-]+)/(?:[^/=]+/)?region=(${REGION})/accountId=([A-Za-z0-9_-]{1,64})/eventDay=(\d{8})/[^/]+\.parquet$`,
);

export interface SecurityLakeKey {
  readonly source: string;
  readonly region: string;
  readonly accountId: string;
  /** `YYYYMMDD`. */
  readonly eventDay: string;
  readonly custom: boolean;
}

export function securityLakeKey(key: string): SecurityLakeKey | undefined {
  const aws = SECURITY_LAKE_AWS_KEY.exec(key);
  const m = aws ?? SECURITY_LAKE_CUSTOM_KEY.exec(key);
  if (!m) return undefined;
  return { source: m[1], region: m[2], accountId: m[3], eventDay: m[4], custom: aws === null };
}
