import type { SiemConfig } from '../../config/schema';
import { INDEX_PREFIX } from '../../opensearch/log-types';
import { indexTemplates } from '../../opensearch/index-templates';
import type { HttpClient } from '../../opensearch/http-client';
import { reconcile, skippedStep, type StepReport } from '../../operations/post-apply/reconcile';
import { postApply } from '../../operations/post-apply/run';
import { indexTemplateResources } from '../../operations/post-apply/steps/index-templates';

/*
 * Prepares the node the way a deployment is prepared: the post-apply script, run against it.
 * Notification targets are left out: e-mail goes through the deployment's SNS topic and chat
 * webhook URLs live in Secrets Manager, neither of which exists locally.
 */

export interface SetupNodeOptions {
  readonly config: SiemConfig;
  readonly endpoint: string;
  readonly client: HttpClient;
  readonly indexPrefix: string;
  /** Where post-apply registers the `fs` snapshot repository (must be under the node's `path.repo`). */
  readonly snapshotFsLocation?: string;
  readonly log: (line: string) => void;
}

/** The config without notification targets, so post-apply needs no AWS resource. */
export function localConfig(config: SiemConfig): SiemConfig {
  return { ...config, alerting: { ...config.alerting, emails: [], channels: [] } };
}

export async function setupNode(opts: SetupNodeOptions): Promise<StepReport[]> {
  if (opts.indexPrefix === INDEX_PREFIX) {
    return postApply({
      config: localConfig(opts.config),
      endpoint: opts.endpoint,
      outputs: {},
      snapshotFsLocation: opts.snapshotFsLocation,
      // The local node lacks the plugins Maven Central does not serve; their steps are reported as skipped.
      allowMissingPlugins: true,
      resolveUrl: () => Promise.reject(new Error('the demo configures no chat channel')),
      log: opts.log,
    });
  }
  // Under another prefix (tests sharing a node) only what is scoped by the prefix is applied:
  // the snapshot repository, ISM policies and monitors are node-wide names of the real deployment.
  const templates = indexTemplates({ prefix: opts.indexPrefix });
  return [
    await reconcile('index templates', indexTemplateResources(opts.client, templates), { log: opts.log }),
    skippedStep('node-wide objects', `index prefix ${opts.indexPrefix} is not the deployment's`),
  ];
}
