import type { SiemConfig } from '../../config/schema';
import { channelRoutes, notificationChannels, type SecretReference } from '../../detections/channels';
import { allDetections } from '../../detections';
import {
  buildFreshnessMonitor,
  buildMonitor,
  CLOUDTRAIL_FRESHNESS,
  MONITOR_NAME_PREFIX,
} from '../../detections/monitors';
import { indexTemplates } from '../../opensearch/index-templates';
import {
  ismPolicies,
  snapshotManagementPolicy,
  snapshotRepository,
  type SnapshotRepositoryOptions,
} from '../../opensearch/ism-policies';
import { buildSavedObjects } from '../../saved-objects';
import { awsRegionOf, createHttpClient, type Auth } from '../opensearch-client';
import type { LogArchiveOutputs } from './outputs';
import { reconcile, skippedStep, type StepReport } from './reconcile';
import { channelResources } from './steps/channels';
import { indexTemplateResources } from './steps/index-templates';
import { ismPolicyResources, snapshotPolicyResource, snapshotRepositoryResource } from './steps/ism';
import { findMonitorsByName, monitorResources } from './steps/monitors';
import { applySavedObjects } from './steps/saved-objects';

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
  /** Reads chat webhook URLs (Secrets Manager / SSM on AWS). */
  readonly resolveUrl: (ref: SecretReference) => Promise<string>;
  /** Progress lines (stderr in the CLI). */
  readonly log: (line: string) => void;
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
 * Applies everything Terraform cannot: index templates, ISM and snapshot policies, the snapshot
 * repository, notification channels, monitors and Dashboards saved objects, in dependency order
 * (templates before any index exists, the repository before the policy using it, channels before
 * the monitors that notify them).
 */
export async function postApply(opts: PostApplyOptions): Promise<StepReport[]> {
  const { config, log } = opts;
  const client = createHttpClient({ endpoint: opts.endpoint, auth: opts.auth });
  const ro = { dryRun: opts.dryRun, log };
  const reports: StepReport[] = [];

  reports.push(await reconcile('index templates', indexTemplateResources(client, indexTemplates()), ro));
  reports.push(await reconcile('ISM policies', ismPolicyResources(client, ismPolicies(config)), ro));

  const repoOptions = repositoryOptions(opts);
  if (typeof repoOptions === 'string') {
    reports.push(skippedStep('snapshot repository', repoOptions));
    reports.push(skippedStep('snapshot policy', 'no snapshot repository'));
  } else {
    const repository = snapshotRepository(repoOptions);
    reports.push(
      await reconcile('snapshot repository', [snapshotRepositoryResource(client, repository)], ro),
    );
    reports.push(
      await reconcile(
        'snapshot policy',
        [snapshotPolicyResource(client, snapshotManagementPolicy(config, repository))],
        ro,
      ),
    );
  }

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

  const routes = channelRoutes(config);
  const monitors = [
    ...allDetections(config).map((d) => buildMonitor(d, { channels: routes })),
    buildFreshnessMonitor(CLOUDTRAIL_FRESHNESS, { channels: routes }),
  ];
  const existing = await findMonitorsByName(client, MONITOR_NAME_PREFIX);
  const monitorReport = await reconcile('monitors', monitorResources(client, monitors, existing), ro);
  const wanted = new Set(monitors.map((m) => m.name));
  const notes = [
    ...[...existing]
      .filter(([, list]) => list.length > 1)
      .map(([name, list]) => `${list.length} monitors named "${name}": only the first is managed`),
    ...[...existing.keys()]
      .filter((name) => !wanted.has(name))
      .map((name) => `monitor "${name}" is no longer defined; left in place`),
  ];
  reports.push({ ...monitorReport, notes });

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
