import { z } from 'zod';
import { logGroupIssues, type SourceIssue } from './cloudwatch-sources';
import { AWS_REGIONS } from './regions';

/*
 * Opt-in sources that reach CloudWatch Logs from inside the member's hosts and network: Linux and
 * Windows OS logs shipped by the CloudWatch agent, and Client VPN connection logs. Their log group
 * names are the owner's choice in AWS, so the SIEM names them: the member stack makes each group
 * under the name the routing table (functions/ingest/parsers/cloudwatch-routes.ts) reads as
 * `linux`, `windows` or `clientvpn`, and the log movers subscribe it like any other.
 */

const region = z.enum(AWS_REGIONS, {
  error: (i) => (i.input === undefined ? 'is required' : `unknown AWS region ${JSON.stringify(i.input)}`),
});

/** The last segment of a log group name: letters, digits, `_`, `-`, `.`. */
const logName = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'must be 1-100 letters, digits, _, - or .');

const osLogList = z
  .array(z.strictObject({ name: logName, region }))
  .min(1, 'list at least one log group, or leave the field out')
  .refine(
    (list) => new Set(list.map((g) => `${g.region}/${g.name}`)).size === list.length,
    'lists a log group twice',
  );

export const osLogsSchema = z
  .strictObject({
    /** Linux logs (/var/log/secure, /var/log/auth.log, /var/log/messages...) as `linux`: `/siem/os/linux/<name>`. */
    linux: osLogList.optional(),
    /** Windows event logs (Security above all) as `windows`: `/siem/os/windows/<name>`. */
    windows: osLogList.optional(),
  })
  .refine((v) => v.linux !== undefined || v.windows !== undefined, 'name linux or windows log groups');

/** Client VPN endpoint ids: `cvpn-endpoint-` and 17 hexadecimal digits. */
const endpointId = z
  .string()
  .regex(/^cvpn-endpoint-[0-9a-f]{17}$/, 'must be a Client VPN endpoint id (cvpn-endpoint-…)');

export const clientVpnConnectionLogsSchema = z.strictObject({
  /**
   * Endpoints of this member whose connection logs the SIEM collects: the member stack makes
   * `/aws/clientvpn/<endpoint id>` for each; pointing the endpoint's `connection_log_options` at it
   * is the endpoint owner's (the option is an argument of the endpoint resource).
   */
  endpoints: z
    .array(z.strictObject({ id: endpointId, region }))
    .min(1, 'list at least one endpoint')
    .refine((list) => new Set(list.map((e) => e.id)).size === list.length, 'lists an endpoint twice'),
});

/** The member fields of these sources (spread into memberAccountSchema). */
export const osVpnSourceFields = {
  /** CloudWatch agent log groups the member stack makes for Linux and Windows hosts. */
  osLogs: osLogsSchema.optional(),
  /** Client VPN endpoints whose connection logs go to the SIEM, as `clientvpn`. */
  clientVpnConnectionLogs: clientVpnConnectionLogsSchema.optional(),
};

export type OsKind = 'linux' | 'windows';

export interface OsVpnSourceSettings {
  readonly regions: readonly string[];
  readonly excludedLogGroupPrefixes: readonly string[];
  readonly osLogs?: z.output<typeof osLogsSchema>;
  readonly clientVpnConnectionLogs?: z.output<typeof clientVpnConnectionLogsSchema>;
}

export function osLogGroup(os: OsKind, name: string): string {
  return `/siem/os/${os}/${name}`;
}

export function clientVpnLogGroup(endpointId: string): string {
  return `/aws/clientvpn/${endpointId}`;
}

/** A region the member has no provider in, or an excluded prefix that would hide the group. */
export function osVpnSourceIssues(account: OsVpnSourceSettings): SourceIssue[] {
  const issues: SourceIssue[] = [];
  const check = (path: (string | number)[], region: string, logGroup: string) => {
    issues.push(...logGroupIssues(account, path, region, logGroup));
  };
  for (const os of ['linux', 'windows'] as const) {
    account.osLogs?.[os]?.forEach((g, j) => check(['osLogs', os, j], g.region, osLogGroup(os, g.name)));
  }
  account.clientVpnConnectionLogs?.endpoints.forEach((e, j) =>
    check(['clientVpnConnectionLogs', 'endpoints', j], e.region, clientVpnLogGroup(e.id)),
  );
  return issues;
}
