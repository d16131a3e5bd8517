/** The plugins production's domain runs, as `_cat/plugins` names them: every test node must list all of them. */
export const REQUIRED_NODE_PLUGINS: readonly string[] = [
  'opensearch-alerting',
  'opensearch-custom-codecs',
  'opensearch-index-management',
  'opensearch-job-scheduler',
  'opensearch-notifications',
  'opensearch-notifications-core',
  'opensearch-security',
];
