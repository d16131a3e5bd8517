/**
 * The attack the demo tells, minute by minute before "now" (all inside the monitors' look-back
 * windows: 30 minutes for CloudTrail, 20 for VPC flow, 15 for findings):
 *
 * - 14 min: someone signs in to the console as the management account's root user, without MFA;
 * - 12 min: with a leaked access key of the workload account's `build-bot` user, from the same
 *   address, launches a p3.16xlarge (a GPU type outside `detections.allowedInstanceTypes`);
 * - 11 to 9 min: probes the finance bucket: a burst of denied GetObject / ListObjects calls;
 * - 8 min: back as root, stops logging on the organization trail to cover the tracks;
 * - 7 to 4 min: SSH into the new instance from the internet is accepted (VPC flow logs keep
 *   recording), and the instance resolves a mining pool (Resolver query logs) and talks to it;
 * - 3 min: GuardDuty reports the instance querying a Bitcoin-related domain.
 */

/** RFC 5737 documentation addresses stand in for the attacker. */
export const ATTACKER_IP = '198.51.100.77';
export const MINING_POOL_IP = '203.0.113.200';
export const MINING_POOL_PORT = 3333;
export const MINER_INSTANCE_ID = 'i-0c0ffee0c0ffee001';
export const MINER_INSTANCE_TYPE = 'p3.16xlarge';
export const MINER_PRIVATE_IP = '10.0.1.25';
export const MINER_ENI = 'eni-0c0ffee0c0ffee001';
export const LEAKED_KEY_USER = 'build-bot';
export const PROBED_BUCKET = 'finance-exports';
export const S3_DENIED_GET_OBJECT = 16;
export const S3_DENIED_LIST_OBJECTS = 8;

/** Minutes before now of each step. */
export const STORY_MINUTES = {
  rootSignIn: 14,
  runInstances: 12,
  s3ProbeStart: 11,
  stopLogging: 8,
  sshStart: 7,
  finding: 3,
} as const;
