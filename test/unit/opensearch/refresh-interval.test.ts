import { indexTemplates } from '../../../opensearch/index-templates';

/*
 * The templates set no refresh interval: any explicit value, 1 s included, turns off search-idle,
 * which is what keeps both the latency to searchable and the node's CPU per document down (see the
 * comment in index-templates.ts and the end-to-end bench).
 */
describe('index templates: refresh interval', () => {
  it('leaves index.refresh_interval unset in every template, so that idle shards skip refreshes', () => {
    // Prepare
    const templates = indexTemplates({ prefix: 'siem-' });

    // Act
    const explicit = templates.filter((t) => {
      const settings = (t.body as { template: { settings: Record<string, unknown> } }).template.settings;
      return 'index.refresh_interval' in settings || 'refresh_interval' in settings;
    });

    // Assess
    expect(templates.length).toBeGreaterThan(20);
    expect(explicit.map((t) => t.name)).toEqual([]);
  });
});
