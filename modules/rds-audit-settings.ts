import { DataAwsDbInstance } from '@cdktf/provider-aws/lib/data-aws-db-instance';
import { DataAwsRdsCluster } from '@cdktf/provider-aws/lib/data-aws-rds-cluster';
import { DbOptionGroup } from '@cdktf/provider-aws/lib/db-option-group';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { RdsClusterParameterGroup } from '@cdktf/provider-aws/lib/rds-cluster-parameter-group';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { RDS_AUDIT_EXPORT, type RdsAuditEngine } from '../config/cloudwatch-sources';

export interface RdsAuditDatabase {
  readonly id: string;
  readonly kind: 'instance' | 'cluster';
  readonly engine: RdsAuditEngine;
  /** Parameter group family, or the option group's major version for MySQL and MariaDB. */
  readonly version: string;
}

export interface RdsAuditSettingsProps {
  readonly namePrefix: string;
  /** Databases of this account and region. */
  readonly databases: readonly RdsAuditDatabase[];
}

/** What the MariaDB audit plugin and Aurora MySQL log: sessions, grants and schema changes, not every query. */
const MYSQL_AUDIT_EVENTS = 'CONNECT,QUERY_DCL,QUERY_DDL';
/** pgaudit classes: role and privilege changes and DDL (reads and writes would multiply the volume). */
const PGAUDIT_LOG = 'ddl,role';

const pgauditParameters = [
  { name: 'shared_preload_libraries', value: 'pgaudit', applyMethod: 'pending-reboot' },
  { name: 'pgaudit.log', value: PGAUDIT_LOG },
  { name: 'pgaudit.role', value: 'rds_pgaudit' },
  // Successful logins too; failed ones are logged whatever this says.
  { name: 'log_connections', value: '1' },
];

/**
 * The audit settings of each named RDS or Aurora database, for its owner to attach, and a
 * plan-time check that the database exports the audit log to CloudWatch Logs. Both the export
 * (`enabled_cloudwatch_logs_exports`) and the attached parameter or option group are arguments of
 * the database resource, owned by the database's Terraform: the SIEM provides the groups (outputs
 * name them) and stops the plan, with the fix, while the export is off.
 *
 * - MySQL and MariaDB instances: an option group with the MariaDB audit plugin;
 * - Aurora MySQL: a cluster parameter group with `server_audit_logging`;
 * - PostgreSQL and Aurora PostgreSQL: a (cluster) parameter group loading pgaudit; the owner also
 *   runs `CREATE EXTENSION pgaudit` and creates the `rds_pgaudit` role once per database.
 */
export class RdsAuditSettings extends Construct {
  constructor(scope: Construct, id: string, props: RdsAuditSettingsProps) {
    super(scope, id);
    for (const db of props.databases) {
      const name = `${props.namePrefix}-audit-${db.id}`.slice(0, 63).replace(/-+$/, '');
      const description = `SIEM audit logging for ${db.kind} ${db.id} (attach to it)`;
      let group: { name: string };
      switch (db.engine) {
        case 'mysql':
        case 'mariadb':
          group = new DbOptionGroup(this, `options-${db.id}`, {
            name,
            optionGroupDescription: description,
            engineName: db.engine,
            majorEngineVersion: db.version,
            option: [
              {
                optionName: 'MARIADB_AUDIT_PLUGIN',
                optionSettings: [{ name: 'SERVER_AUDIT_EVENTS', value: MYSQL_AUDIT_EVENTS }],
              },
            ],
          });
          break;
        case 'aurora-mysql':
          group = new RdsClusterParameterGroup(this, `parameters-${db.id}`, {
            name,
            description,
            family: db.version,
            parameter: [
              { name: 'server_audit_logging', value: '1' },
              { name: 'server_audit_events', value: MYSQL_AUDIT_EVENTS },
            ],
          });
          break;
        case 'aurora-postgresql':
          group = new RdsClusterParameterGroup(this, `parameters-${db.id}`, {
            name,
            description,
            family: db.version,
            parameter: pgauditParameters,
          });
          break;
        case 'postgres':
          group = new DbParameterGroup(this, `parameters-${db.id}`, {
            name,
            description,
            family: db.version,
            parameter: pgauditParameters,
          });
          break;
      }
      new TerraformOutput(this, `group-${db.id}`, {
        value: group.name,
        description: `${db.engine === 'mysql' || db.engine === 'mariadb' ? 'Option' : 'Parameter'} group to attach to ${db.kind} ${db.id} for its audit log`,
      });
      const exportName = RDS_AUDIT_EXPORT[db.engine];
      const postcondition = [
        {
          condition: `contains(coalesce(self.enabled_cloudwatch_logs_exports, []), "${exportName}")`,
          errorMessage: `RDS ${db.kind} ${db.id} does not export its ${exportName} log to CloudWatch Logs: its owner must add "${exportName}" to enabled_cloudwatch_logs_exports (and attach ${name}), or remove it from rdsAuditLogs.databases`,
        },
      ];
      if (db.kind === 'instance') {
        new DataAwsDbInstance(this, `instance-${db.id}`, {
          dbInstanceIdentifier: db.id,
          lifecycle: { postcondition },
        });
      } else {
        new DataAwsRdsCluster(this, `cluster-${db.id}`, {
          clusterIdentifier: db.id,
          lifecycle: { postcondition },
        });
      }
    }
  }
}
