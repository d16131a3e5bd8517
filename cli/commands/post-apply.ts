import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/load';
import { authFor, awsRegionOf } from '../../opensearch/http-client';
import { endpointUrl, readOutputs, type LogArchiveOutputs } from '../../operations/post-apply/outputs';
import { assumedRoleCredentials } from '../../operations/credentials/assume-role';
import { summarize } from '../../operations/post-apply/reconcile';
import { postApply } from '../../operations/post-apply/run';
import { awsSecretResolver } from '../../operations/post-apply/secrets';
import type { CliCommand } from '../siem';

export const command: CliCommand = {
  summary:
    'Applies security roles and mappings, index templates, ISM and snapshot policies, the snapshot repository, notification channels, monitors and dashboards. Idempotent.',
  usage: `siem post-apply (--outputs <terraform output -json file> | --endpoint URL) [--dashboards-endpoint URL]
              [--config siem.config.json] [--role-arn ARN [--external-id ID]]
              [--user NAME (password in OPENSEARCH_PASSWORD)]
              [--snapshot-fs-location DIR] [--ingest-role-arn ARN] [--dashboards-role-arn ARN]
              [--dry-run] [--allow-missing-plugins]

  --role-arn     assume this role (the adminRoleArn output, the domain's master user) through STS
                 with the default credential chain, and sign every OpenSearch and Dashboards
                 request with its credentials (SigV4, refreshed before they expire); without it,
                 a managed domain is signed with the default chain's own credentials
  --external-id  the external id the role's trust policy asks for, if any`,
  exitCodes: [
    [0, 'everything applied (or, with --dry-run, compared); the total line says what changed'],
    [
      1,
      'a step failed, STS refused --role-arn (the message names the role), the cluster lacks a plugin, or a bad option',
    ],
  ],
  async run(argv) {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        outputs: { type: 'string' },
        endpoint: { type: 'string' },
        'dashboards-endpoint': { type: 'string' },
        config: { type: 'string', default: process.env.SIEM_CONFIG || 'siem.config.json' },
        user: { type: 'string' },
        'role-arn': { type: 'string' },
        'external-id': { type: 'string' },
        'snapshot-fs-location': { type: 'string' },
        'ingest-role-arn': { type: 'string' },
        'dashboards-role-arn': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'allow-missing-plugins': { type: 'boolean', default: false },
      },
      strict: true,
    });
    const config = loadConfig(values.config);
    const stackOutputs: LogArchiveOutputs = values.outputs ? readOutputs(values.outputs) : {};
    const outputs: LogArchiveOutputs = {
      ...stackOutputs,
      ingestRoleArn: values['ingest-role-arn'] ?? stackOutputs.ingestRoleArn,
      dashboardsUserRoleArn: values['dashboards-role-arn'] ?? stackOutputs.dashboardsUserRoleArn,
    };
    const rawEndpoint = values.endpoint ?? outputs.domainEndpoint;
    if (!rawEndpoint) throw new Error('give --outputs (with a domainEndpoint output) or --endpoint');
    const endpoint = endpointUrl(rawEndpoint);
    const region = awsRegionOf(endpoint);
    // A managed domain always serves Dashboards under /_dashboards; elsewhere it must be named.
    const dashboardsEndpoint =
      values['dashboards-endpoint'] ?? (region ? `${endpoint}/_dashboards` : undefined);
    const roleArn = values['role-arn'];
    if (roleArn && values.user) throw new Error('give --role-arn (SigV4) or --user (basic auth), not both');
    if (values['external-id'] && !roleArn) throw new Error('--external-id needs --role-arn');
    const signingRegion = region ?? config.homeRegion;
    // With --role-arn: SigV4 even for a host that names no region (the config's home region).
    const auth = roleArn
      ? authFor(endpoint, {
          region: signingRegion,
          credentials: assumedRoleCredentials({
            roleArn,
            externalId: values['external-id'],
            sessionName: 'siem-post-apply',
            sts: { region: signingRegion },
          }),
        })
      : authFor(endpoint, { user: values.user, password: process.env.OPENSEARCH_PASSWORD });
    const dryRun = values['dry-run'];
    const log = (line: string) => process.stderr.write(`${line}\n`);

    log(
      `post-apply to ${endpoint}${dashboardsEndpoint ? ` and ${dashboardsEndpoint}` : ''} (${auth.kind} auth${roleArn ? ` as ${roleArn}` : ''})${dryRun ? ', dry run' : ''}`,
    );
    const reports = await postApply({
      config,
      endpoint,
      dashboardsEndpoint,
      auth,
      outputs,
      snapshotFsLocation: values['snapshot-fs-location'],
      dryRun,
      allowMissingPlugins: values['allow-missing-plugins'],
      resolveUrl: awsSecretResolver(region ?? config.homeRegion),
      log,
    });
    for (const report of reports) {
      console.log(summarize(report, dryRun));
      for (const note of report.notes ?? []) console.log(`  note: ${note}`);
    }
    const sum = (key: 'created' | 'updated' | 'unchanged') => reports.reduce((n, r) => n + r[key].length, 0);
    const [created, updated] = dryRun ? ['to create', 'to update'] : ['created', 'updated'];
    console.log(
      `total: ${sum('created')} ${created}, ${sum('updated')} ${updated}, ${sum('unchanged')} unchanged`,
    );
    return 0;
  },
};
