import type { SiemConfig } from '../../config/schema';
import {
  channelRoutes,
  notificationChannels,
  routingWarnings,
  type SecretReference,
} from '../../detections/channels';
import { allDetections } from '../../detections';
import { buildMonitors, freshnessChecks, MONITOR_NAME_PREFIX } from '../../detections/monitors';
import { indexTemplates } from '../../opensearch/index-templates';
import { configIndexLayout } from '../../opensearch/index-sizing';
import {
  ismPolicies,
  snapshotManagementPolicy,
  snapshotRepository,
  type SnapshotRepositoryOptions,
} from '../../opensearch/ism-policies';
import { buildSavedObjects } from '../../saved-objects';
import { awsRegionOf, createHttpClient, type Auth, type HttpClient } from '../../opensearch/http-client';
import type { LogArchiveOutputs } from './outputs';
import { reconcile, skippedStep, type ReconcileOptions, type StepReport } from './reconcile';
import { channelResources } from './steps/channels';
import { indexTemplateResources } from './steps/index-templates';
import {
  applyPoliciesToExistingIndices,
  ismPolicyResources,
  snapshotPolicyResource,
  snapshotRepositoryResource,
} from './steps/ism';
import { findMonitorsByName, monitorResources, waitUntilSearchable } from './steps/monitors';
import { applySavedObjects } from './steps/saved-objects';
import { applySecurityRoles } from './steps/security';

export interface PostApplyOptions {
  readonly config: SiemConfig;
  /** OpenSearch REST endpoint (URL). */
  readonly endpoint: string;
  /** OpenSearch Dashboards base URL (`https://<domain>/_dashboards`); without it saved objects are skipped. */
  readonly dashboardsEndpoint?: string;
  /** @default { kind: 'none' } */
  readonly auth?: Auth;
  readonly outputs: LogArchiveOutputs;
  /** Register a filesystem snapshot repository here instead of S3 (local node; must be in `path.repo`). */
  readonly snapshotFsLocation?: string;
  /** @default false */
  readonly dryRun?: boolean;
  /**
   * Skip (and report) the steps whose plugin the cluster lacks instead of failing: for a bare
   * local node. A managed domain has them all, so in production a missing one is an error.
   * @default false
   */
  readonly allowMissingPlugins?: boolean;
  /** Reads chat webhook URLs (Secrets Manager / SSM on AWS). */
  readonly resolveUrl: (ref: SecretReference) => Promise<string>;
  /** Progress lines (stderr in the CLI). */
  readonly log: (line: string) => void;
}

/** The plugin each step needs (component names as `_cat/plugins` lists them). */
const PLUGIN_OF = {
  ism: 'opensearch-index-management',
  channels: 'opensearch-notifications',
  monitors: 'opensearch-alerting',
} as const;

async function installedPlugins(client: HttpClient): Promise<Set<string>> {
  const res = await client.request<Array<{ component: string }>>('GET', '/_cat/plugins', {
    query: { format: 'json', h: 'component' },
  });
  return new Set(res.body.map((p) => p.component));
}

function repositoryOptions(opts: PostApplyOptions): SnapshotRepositoryOptions | string {
  if (opts.snapshotFsLocation) return { type: 'fs', location: opts.snapshotFsLocation };
  const { snapshotBucket, snapshotRoleArn } = opts.outputs;
  if (snapshotBucket && snapshotRoleArn) {
    return {
      type: 's3',
      bucket: snapshotBucket,
      roleArn: snapshotRoleArn,
      region: awsRegionOf(opts.endpoint) ?? opts.config.homeRegion,
    };
  }
  return 'neither --snapshot-fs-location nor the snapshotBucket and snapshotRoleArn outputs were given';
}

/**
 * Detections and health checks whose severity no configured channel takes: their monitors get
 * no action. Reported whether or not monitors can be applied, since it is the config that is off.
 */
function unroutedWarnings(config: SiemConfig): string[] {
  return routingWarnings([...allDetections(config), ...freshnessChecks(config)], channelRoutes(config)).map(
    (warning) => `warning: ${warning}`,
  );
}

async function applyMonitors(
  client: HttpClient,
  config: SiemConfig,
  ro: ReconcileOptions,
  dashboardsUrl: string | undefined,
): Promise<StepReport> {
  const routes = channelRoutes(config);
  const monitors = buildMonitors(allDetections(config), freshnessChecks(config), {
    channels: routes,
    dashboardsUrl,
  });
  const existing = await findMonitorsByName(client, MONITOR_NAME_PREFIX);
  const report = await reconcile('monitors', monitorResources(client, monitors, existing), ro);
  const wanted = new Set(monitors.map((m) => m.name));
  if (!ro.dryRun && report.created.length > 0) {
    await waitUntilSearchable(client, MONITOR_NAME_PREFIX, [...wanted]);
  }
  const notes = [
    ...unroutedWarnings(config),
    ...[...existing]
      .filter(([, list]) => list.length > 1)
      .map(([name, list]) => `${list.length} monitors named "${name}": only the first is managed`),
    ...[...existing.keys()]
      .filter((name) => !wanted.has(name))
      .map((name) => `monitor "${name}" is no longer defined; left in place`),
  ];
  return { ...report, notes };
}

/**
 * Applies everything Terraform cannot: fine-grained access control roles and mappings, index
 * templates, ISM policies (and puts existing indices on their current version), the snapshot
 * repository and policy, notification channels, monitors and Dashboards saved objects, in
 * dependency order (templates before any index exists, a policy before the indices switched to it,
 * the repository before the policy using it, channels before the monitors that notify them).
 */
export async function postApply(opts: PostApplyOptions): Promise<StepReport[]> {
  const { config, log } = opts;
  for (const warning of unroutedWarnings(config)) log(warning);
  const client = createHttpClient({ endpoint: opts.endpoint, auth: opts.auth });
  const ro = { dryRun: opts.dryRun, log };
  const reports: StepReport[] = [];
  const plugins = await installedPlugins(client);
  const missing = [...new Set(Object.values(PLUGIN_OF))].filter((p) => !plugins.has(p));
  if (missing.length > 0 && !opts.allowMissingPlugins) {
    throw new Error(
      `the cluster lacks plugin(s) ${missing.join(', ')}; monitors, channels or policies cannot be applied`,
    );
  }
  const lacks = (plugin: string) =>
    plugins.has(plugin) ? undefined : `plugin ${plugin} not installed on the cluster`;

  // First: until the ingestion function and Dashboards users are mapped, FGAC refuses them.
  reports.push(
    await applySecurityRoles(
      client,
      {
        ingestRoleArn: opts.outputs.ingestRoleArn,
        dashboardsUserRoleArn: opts.outputs.dashboardsUserRoleArn,
      },
      ro,
    ),
  );
  // Primary shards per log type from the sizing model (opensearch/index-sizing.ts).
  const templates = indexTemplates({ shardsOf: configIndexLayout(config).shardsOf });
  reports.push(await reconcile('index templates', indexTemplateResources(client, templates), ro));
  const noIsm = lacks(PLUGIN_OF.ism);
  if (noIsm) {
    reports.push(skippedStep('ISM policies', noIsm));
    reports.push(skippedStep('ISM managed indices', noIsm));
  } else {
    const policies = ismPolicies(config);
    reports.push(await reconcile('ISM policies', ismPolicyResources(client, policies), ro));
    // After the policies: `change_policy` switches indices to the version stored now.
    reports.push(await applyPoliciesToExistingIndices(client, policies, ro));
  }

  const repoOptions = repositoryOptions(opts);
  if (typeof repoOptions === 'string') {
    reports.push(skippedStep('snapshot repository', repoOptions));
    reports.push(skippedStep('snapshot policy', 'no snapshot repository'));
  } else {
    const repository = snapshotRepository(repoOptions);
    reports.push(
      await reconcile('snapshot repository', [snapshotRepositoryResource(client, repository)], ro),
    );
    const policy = snapshotManagementPolicy(config, repository);
    reports.push(
      noIsm
        ? skippedStep('snapshot policy', noIsm)
        : await reconcile('snapshot policy', [snapshotPolicyResource(client, policy)], ro),
    );
  }

  const noChannels = lacks(PLUGIN_OF.channels);
  if (noChannels) reports.push(skippedStep('notification channels', noChannels));
  else {
    if (config.alerting.emails.length > 0 && !opts.outputs.alarmTopicArn) {
      throw new Error(
        'alerting.emails is set but the alarmTopicArn output is missing: pass --outputs of the log-archive stack',
      );
    }
    const channels = await notificationChannels(config, {
      snsTopicArn: opts.outputs.alarmTopicArn ?? '',
      snsRoleArn: opts.outputs.alertingSnsRoleArn,
      resolveUrl: opts.resolveUrl,
    });
    reports.push(await reconcile('notification channels', channelResources(client, channels), ro));
  }

  const noMonitors = lacks(PLUGIN_OF.monitors);
  if (noMonitors) {
    const warnings = unroutedWarnings(config);
    reports.push({ ...skippedStep('monitors', noMonitors), ...(warnings.length ? { notes: warnings } : {}) });
  } else reports.push(await applyMonitors(client, config, ro, opts.dashboardsEndpoint));

  if (opts.dashboardsEndpoint) {
    const dashboards = createHttpClient({
      endpoint: opts.dashboardsEndpoint,
      auth: opts.auth,
      headers: { 'osd-xsrf': 'true' },
    });
    reports.push(await applySavedObjects(dashboards, buildSavedObjects(allDetections(config)), ro));
  } else {
    reports.push(
      skippedStep('saved objects', 'no Dashboards endpoint (--dashboards-endpoint); none runs locally'),
    );
  }
  return reports;
}
