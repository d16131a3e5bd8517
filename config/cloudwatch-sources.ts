import { z } from 'zod';
import { AWS_REGIONS } from './regions';

/*
 * Opt-in sources that AWS services write to CloudWatch Logs, per member account. The member's log
 * movers already carry every subscribed log group to the archive; these settings name what the
 * SIEM should expect there and what the member stack sets up for it (parameter groups, access-log
 * groups, plan-time checks). The routing table (functions/ingest/parsers/cloudwatch-routes.ts)
 * turns the log groups into their own log types.
 */

const region = z.enum(AWS_REGIONS, {
  error: (i) => (i.input === undefined ? 'is required' : `unknown AWS region ${JSON.stringify(i.input)}`),
});

/** EKS cluster names: 1-100 letters, digits, hyphens and underscores, starting alphanumeric. */
const clusterName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, 'must be an EKS cluster name');
/** RDS instance and cluster identifiers: 1-63 lower-case letters, digits, hyphens, starting with a letter. */
const dbIdentifier = z
  .string()
  .regex(/^[a-z](?:[a-z0-9]|-(?!-)){0,62}$/, 'must be an RDS DB instance or cluster identifier');

export const RDS_AUDIT_ENGINES = [
  'mysql',
  'mariadb',
  'aurora-mysql',
  'postgres',
  'aurora-postgresql',
] as const;
export type RdsAuditEngine = (typeof RDS_AUDIT_ENGINES)[number];

/** The CloudWatch Logs export that carries the audit records of each engine. */
export const RDS_AUDIT_EXPORT: Record<RdsAuditEngine, 'audit' | 'postgresql'> = {
  mysql: 'audit',
  mariadb: 'audit',
  'aurora-mysql': 'audit',
  postgres: 'postgresql',
  'aurora-postgresql': 'postgresql',
};

export const eksAuditLogsSchema = z.strictObject({
  /**
   * Clusters whose owner enabled the `audit` control-plane log type: the member stack reads each
   * one at plan time and stops the plan when it is not enabled (it cannot enable it: the cluster's
   * logging belongs to the cluster's own Terraform).
   */
  clusters: z
    .array(z.strictObject({ name: clusterName, region }))
    .min(1, 'list at least one cluster')
    .refine(
      (list) => new Set(list.map((c) => `${c.region}/${c.name}`)).size === list.length,
      'lists a cluster twice',
    ),
});

export const rdsAuditLogsSchema = z.strictObject({
  databases: z
    .array(
      z.strictObject({
        id: dbIdentifier,
        /** A DB instance, or an Aurora cluster (whose cluster parameter group holds the audit settings). */
        kind: z.enum(['instance', 'cluster']),
        engine: z.enum(RDS_AUDIT_ENGINES),
        /**
         * Parameter group family (`postgres16`, `aurora-mysql8.0`, `aurora-postgresql16`) or, for
         * MySQL and MariaDB instances, the option group's major version (`8.0`, `10.11`).
         */
        version: z
          .string()
          .regex(/^[a-z-]*\d+(?:\.\d+)?$/, 'must be a parameter group family or major version'),
        region,
      }),
    )
    .min(1, 'list at least one database')
    .refine(
      (list) => new Set(list.map((d) => `${d.region}/${d.kind}/${d.id}`)).size === list.length,
      'lists a database twice',
    ),
});

export const apiGatewayAccessLogsSchema = z.strictObject({
  /**
   * Stages whose access logs the SIEM collects: the member stack creates the log group
   * `/aws/apigateway/access/<apiId>/<stage>` (KMS-encrypted) for each, and outputs it with the
   * JSON format to set as the stage's access-log destination and format.
   */
  stages: z
    .array(
      z.strictObject({
        apiId: z
          .string()
          .regex(/^[a-z0-9]{10}$/, 'must be an API Gateway API id (10 lower-case letters and digits)'),
        stage: z.string().regex(/^[A-Za-z0-9_$-]{1,128}$/, 'must be a stage name'),
        region,
      }),
    )
    .min(1, 'list at least one stage')
    .refine(
      (list) => new Set(list.map((s) => `${s.region}/${s.apiId}/${s.stage}`)).size === list.length,
      'lists a stage twice',
    ),
});

/** The member fields of these sources (spread into memberAccountSchema). */
export const cloudWatchSourceFields = {
  /** EKS control-plane audit logs (`/aws/eks/<cluster>/cluster`, streams `kube-apiserver-audit-*`) as `eksaudit`. */
  eksAuditLogs: eksAuditLogsSchema.optional(),
  /** RDS and Aurora audit logs (MySQL audit plugin, PostgreSQL pgaudit) as `rdsaudit`. */
  rdsAuditLogs: rdsAuditLogsSchema.optional(),
  /** API Gateway JSON access logs as `apigateway`. */
  apiGatewayAccessLogs: apiGatewayAccessLogsSchema.optional(),
};

export interface CloudWatchSourceSettings {
  readonly regions: readonly string[];
  readonly excludedLogGroupPrefixes: readonly string[];
  readonly eksAuditLogs?: z.output<typeof eksAuditLogsSchema>;
  readonly rdsAuditLogs?: z.output<typeof rdsAuditLogsSchema>;
  readonly apiGatewayAccessLogs?: z.output<typeof apiGatewayAccessLogsSchema>;
}

export function eksClusterLogGroup(cluster: string): string {
  return `/aws/eks/${cluster}/cluster`;
}

export function rdsAuditLogGroup(database: { id: string; kind: string; engine: RdsAuditEngine }): string {
  return `/aws/rds/${database.kind}/${database.id}/${RDS_AUDIT_EXPORT[database.engine]}`;
}

export function apiGatewayAccessLogGroup(stage: { apiId: string; stage: string }): string {
  return `/aws/apigateway/access/${stage.apiId}/${stage.stage}`;
}

export interface SourceIssue {
  readonly path: (string | number)[];
  readonly message: string;
}

/**
 * What keeps an opted-in log group from being collected: a region the member has no provider in,
 * or an excluded prefix that would keep it from ever being subscribed (silently empty).
 */
export function logGroupIssues(
  account: Pick<CloudWatchSourceSettings, 'regions' | 'excludedLogGroupPrefixes'>,
  path: (string | number)[],
  region: string,
  logGroup: string,
): SourceIssue[] {
  const issues: SourceIssue[] = [];
  if (!account.regions.includes(region))
    issues.push({ path: [...path, 'region'], message: `is ${region}, which regions does not list` });
  const prefix = account.excludedLogGroupPrefixes.find((p) => logGroup.startsWith(p));
  if (prefix !== undefined) {
    issues.push({
      path,
      message: `its log group ${logGroup} starts with the excluded prefix ${JSON.stringify(prefix)}: it would never be subscribed`,
    });
  }
  return issues;
}

/**
 * What makes an opted-in source impossible: {@link logGroupIssues}, or an engine and kind that do
 * not go together.
 */
export function cloudWatchSourceIssues(account: CloudWatchSourceSettings): SourceIssue[] {
  const issues: SourceIssue[] = [];
  const checkGroup = (path: (string | number)[], region: string, logGroup: string) => {
    issues.push(...logGroupIssues(account, path, region, logGroup));
  };
  account.eksAuditLogs?.clusters.forEach((c, j) =>
    checkGroup(['eksAuditLogs', 'clusters', j], c.region, eksClusterLogGroup(c.name)),
  );
  account.rdsAuditLogs?.databases.forEach((d, j) => {
    const path = ['rdsAuditLogs', 'databases', j];
    checkGroup(path, d.region, rdsAuditLogGroup(d));
    const aurora = d.engine.startsWith('aurora-');
    if (aurora !== (d.kind === 'cluster')) {
      issues.push({
        path: [...path, 'kind'],
        message: aurora
          ? `${d.engine} is audited per cluster: kind must be "cluster"`
          : `${d.engine} is audited per instance: kind must be "instance"`,
      });
    }
    const familyEngine = d.engine === 'mysql' || d.engine === 'mariadb' ? '' : d.engine;
    if (!d.version.startsWith(familyEngine) || (familyEngine === '' && !/^\d/.test(d.version))) {
      issues.push({
        path: [...path, 'version'],
        message:
          familyEngine === ''
            ? `must be the option group's major version for ${d.engine} (e.g. 8.0)`
            : `must be a ${d.engine} parameter group family (e.g. ${d.engine}16)`,
      });
    }
  });
  account.apiGatewayAccessLogs?.stages.forEach((s, j) =>
    checkGroup(['apiGatewayAccessLogs', 'stages', j], s.region, apiGatewayAccessLogGroup(s)),
  );
  return issues;
}
