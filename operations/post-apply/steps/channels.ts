import type { NotificationChannelBody } from '../../../detections/channels';
import type { HttpClient } from '../../../opensearch/http-client';
import { containsDesired } from '../compare';
import type { ManagedResource } from '../reconcile';

interface StoredConfig {
  readonly config_id: string;
  readonly config: unknown;
}

export function channelResources(
  client: HttpClient,
  channels: readonly NotificationChannelBody[],
): ManagedResource<StoredConfig>[] {
  return channels.map((channel) => {
    const path = `/_plugins/_notifications/configs/${encodeURIComponent(channel.config_id)}`;
    return {
      // The label never includes the config: webhook URLs are credentials.
      label: `notification channel ${channel.config_id} (${channel.config.config_type})`,
      async read() {
        const found = await client.getIfExists<{ config_list: StoredConfig[] }>(path);
        return found?.config_list[0];
      },
      isCurrent: (current) => containsDesired(current.config, channel.config),
      async create() {
        await client.request('POST', '/_plugins/_notifications/configs', { body: channel });
      },
      async update() {
        await client.request('PUT', path, { body: { config: channel.config } });
      },
    };
  });
}
