import { OpenSearchClient } from '../../../functions/ingest';
import { indexTemplates } from '../../../opensearch/index-templates';
import { ingestPipeline, ingestPipelinePath } from '../../../opensearch/ingest-pipeline';
import type { LogType } from '../../../opensearch/log-types';
import { openSearchUrl } from '../../support/env';

/**
 * Per-test-file view of the shared node: a unique index prefix with its own templates, so these
 * tests coexist with everyone else's on the same cluster, and everything is deleted afterwards.
 */
export class TestIndices {
  readonly prefix = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}-siem-`;
  readonly client = new OpenSearchClient(openSearchUrl());

  async setUp(): Promise<void> {
    await this.client.json('PUT', ingestPipelinePath(), ingestPipeline().body);
    for (const t of indexTemplates({ prefix: this.prefix })) {
      await this.client.json('PUT', `/_index_template/${t.name}`, t.body);
    }
  }

  async tearDown(): Promise<void> {
    await this.client.request('DELETE', `/${this.prefix}*?expand_wildcards=all`);
    for (const t of indexTemplates({ prefix: this.prefix })) {
      await this.client.request('DELETE', `/_index_template/${t.name}`);
    }
    this.client.close();
  }

  /** Documents in a log type's alias (or the dead-letter index), after a refresh. */
  async count(target: LogType | 'deadletter', query?: object): Promise<number> {
    const index = `${this.prefix}${target}`;
    const exists = await this.client.request('HEAD', `/${index}`);
    if (exists.status === 404) return 0;
    await this.client.json('POST', `/${index}/_refresh`);
    const res = await this.client.json<{ count: number }>(
      'POST',
      `/${index}/_count`,
      query ? { query } : undefined,
    );
    return res.count;
  }

  async search<T = Record<string, unknown>>(
    target: LogType | 'deadletter',
    query: object,
    size = 100,
  ): Promise<T[]> {
    const index = `${this.prefix}${target}`;
    await this.client.json('POST', `/${index}/_refresh`);
    const res = await this.client.json<{ hits: { hits: Array<{ _source: T }> } }>(
      'POST',
      `/${index}/_search`,
      {
        query,
        size,
      },
    );
    return res.hits.hits.map((h) => h._source);
  }
}
