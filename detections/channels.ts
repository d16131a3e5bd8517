import type { SiemConfig } from '../config/schema';
import type { Severity } from './types';

/*
 * Notification channels (`_plugins/_notifications/configs`) and which of them a detection of a
 * given severity goes to. Config ids are stable so the post-apply script can upsert them and
 * monitors can reference them before they exist.
 */

export const SERVICE_DESK_CHANNEL_ID = 'siem-sns-service-desk';

type ChatChannel = SiemConfig['alerting']['channels'][number];
export type SecretReference = ChatChannel['url'];
export type ChannelType = 'sns' | ChatChannel['type'];

/** A channel and the least urgent severity it receives. */
export interface ChannelRoute {
  readonly configId: string;
  readonly type: ChannelType;
  readonly maxSeverity: Severity;
}

export function chatChannelId(name: string): string {
  return `siem-${name}`;
}

/**
 * The channels of a deployment. The service desk (SNS, subscribed by `alerting.emails`) is only
 * routed to when someone is subscribed: an SNS topic nobody reads would swallow alerts silently.
 */
export function channelRoutes(config: SiemConfig): readonly ChannelRoute[] {
  const routes: ChannelRoute[] = [];
  if (config.alerting.emails.length > 0) {
    routes.push({
      configId: SERVICE_DESK_CHANNEL_ID,
      type: 'sns',
      maxSeverity: config.alerting.emailMaxSeverity as Severity,
    });
  }
  for (const channel of config.alerting.channels) {
    routes.push({
      configId: chatChannelId(channel.name),
      type: channel.type,
      maxSeverity: channel.maxSeverity as Severity,
    });
  }
  return routes;
}

/**
 * Severity 5 is informational: its alerts stay in the Alerting plugin and on the dashboards and
 * notify no channel, whatever a channel's `maxSeverity` (a channel set to 5 takes 1-4).
 */
export const INFORMATIONAL_SEVERITY: Severity = 5;

/**
 * The channels an alert of `severity` goes to (1 is the most urgent, so it goes everywhere).
 * With the defaults: 1-4 to the service desk by email, 1-2 to each chat channel, 5 nowhere.
 */
export function routesForSeverity(
  routes: readonly ChannelRoute[],
  severity: Severity,
): readonly ChannelRoute[] {
  if (severity >= INFORMATIONAL_SEVERITY) return [];
  return routes.filter((route) => severity <= route.maxSeverity);
}

/** What routing needs to know of a detection or health check. */
export interface Routable {
  readonly id: string;
  readonly severity: Severity;
}

/**
 * The monitors whose alerts would reach no channel though they are meant to (severity 1-4):
 * their triggers get no action, so an alert is only ever seen by someone who opens the Alerting
 * page. Empty for the defaults (email up to severity 4) as long as `alerting.emails` is set.
 * Informational ones (severity 5) notify nobody by design and are not listed.
 */
export function unroutedMonitors<T extends Routable>(
  items: readonly T[],
  routes: readonly ChannelRoute[],
): T[] {
  return items.filter(
    (item) => item.severity < INFORMATIONAL_SEVERITY && routesForSeverity(routes, item.severity).length === 0,
  );
}

/**
 * One warning line per severity that notifies nobody, naming the monitors concerned, for
 * `siem post-apply` and `siem detections`. A detection alerting no one is a configuration
 * mistake more often than a choice, so it is said out loud rather than left to be noticed.
 */
export function routingWarnings(items: readonly Routable[], routes: readonly ChannelRoute[]): string[] {
  const bySeverity = new Map<Severity, string[]>();
  for (const item of unroutedMonitors(items, routes)) {
    bySeverity.set(item.severity, [...(bySeverity.get(item.severity) ?? []), item.id]);
  }
  const why = (severity: Severity) =>
    routes.length === 0
      ? 'no channel is configured (alerting.emails and alerting.channels are empty)'
      : `no channel takes severity ${severity} (alerting.emailMaxSeverity, alerting.channels[].maxSeverity)`;
  return [...bySeverity]
    .sort(([a], [b]) => a - b)
    .map(
      ([severity, ids]) =>
        `${ids.length} monitor(s) of severity ${severity} notify nobody, ${why(severity)}: ${ids.join(', ')}`,
    );
}

/** Body of `POST _plugins/_notifications/configs` (or `PUT .../configs/<config_id>` without `config_id`). */
export interface NotificationChannelBody {
  readonly config_id: string;
  readonly config: {
    readonly name: string;
    readonly description: string;
    readonly config_type: ChannelType;
    readonly is_enabled: boolean;
    readonly sns?: { readonly topic_arn: string; readonly role_arn?: string };
    readonly slack?: { readonly url: string };
    readonly chime?: { readonly url: string };
    readonly webhook?: {
      readonly url: string;
      readonly method: 'POST';
      readonly header_params: Readonly<Record<string, string>>;
    };
  };
}

export interface NotificationChannelOptions {
  /** Topic the service desk's email addresses are subscribed to. */
  readonly snsTopicArn: string;
  /**
   * Role OpenSearch assumes to publish to the topic; required on Amazon OpenSearch Service.
   * @default none (a self-managed cluster publishing with its own credentials)
   */
  readonly snsRoleArn?: string;
  /**
   * Reads a webhook URL from where the config points (Secrets Manager or SSM). Injected so the
   * URLs, which are credentials, never pass through config files or Terraform state.
   */
  readonly resolveUrl: (ref: SecretReference) => Promise<string>;
}

/** The notification channel bodies of a deployment, in `channelRoutes` order. */
export async function notificationChannels(
  config: SiemConfig,
  opts: NotificationChannelOptions,
): Promise<NotificationChannelBody[]> {
  const bodies: NotificationChannelBody[] = [];
  if (config.alerting.emails.length > 0) {
    bodies.push({
      config_id: SERVICE_DESK_CHANNEL_ID,
      config: {
        name: `${config.namePrefix} service desk (email via SNS)`,
        description: `SIEM alerts of severity 1-${config.alerting.emailMaxSeverity}, emailed to the service desk.`,
        config_type: 'sns',
        is_enabled: true,
        sns: opts.snsRoleArn
          ? { topic_arn: opts.snsTopicArn, role_arn: opts.snsRoleArn }
          : { topic_arn: opts.snsTopicArn },
      },
    });
  }
  for (const channel of config.alerting.channels) {
    const url = await opts.resolveUrl(channel.url);
    if (!/^https?:\/\//.test(url)) {
      throw new Error(`alerting channel '${channel.name}': the referenced secret is not an http(s) URL`);
    }
    const description = `SIEM alerts of severity 1-${channel.maxSeverity} (${channel.type}).`;
    const common = {
      name: `${config.namePrefix} ${channel.name}`,
      description,
      config_type: channel.type,
      is_enabled: true,
    };
    const target =
      channel.type === 'webhook'
        ? { webhook: { url, method: 'POST' as const, header_params: { 'Content-Type': 'application/json' } } }
        : { [channel.type]: { url } };
    bodies.push({ config_id: chatChannelId(channel.name), config: { ...common, ...target } });
  }
  return bodies;
}
