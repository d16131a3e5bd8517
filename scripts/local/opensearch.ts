/**
 * The local OpenSearch node for tests and the demo.
 * CLI: `tsx scripts/local/opensearch.ts install|start|stop|status`.
 */
import { installOpenSearch } from './opensearch-distribution';
import { LOCAL_NODE_SETTINGS, runningOpenSearch, startOpenSearch, stopOpenSearch } from './opensearch-node';

export {
  OPENSEARCH_PLUGINS,
  OPENSEARCH_VERSION,
  installOpenSearch,
  openSearchHome,
} from './opensearch-distribution';
export { LOCAL_NODE_SETTINGS, runningOpenSearch, startOpenSearch, stopOpenSearch } from './opensearch-node';
export { releaseTestOpenSearch, useTestOpenSearch } from './opensearch-leases';
export type {
  OpenSearchNode,
  StartOpenSearchOptions,
  StartedOpenSearch,
  StopOpenSearchOptions,
} from './opensearch-node';

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'install':
      installOpenSearch();
      return 0;
    case 'start': {
      const node = await startOpenSearch({ settings: LOCAL_NODE_SETTINGS });
      console.log(`OPENSEARCH_URL=${node.url}\nOPENSEARCH_PATH_REPO=${node.pathRepo}`);
      return 0;
    }
    case 'stop':
      await stopOpenSearch();
      return 0;
    case 'status': {
      const node = await runningOpenSearch();
      console.log(node ? JSON.stringify(node, null, 2) : 'not running');
      return node ? 0 : 1;
    }
    default:
      console.error('usage: tsx scripts/local/opensearch.ts install|start|stop|status');
      return 2;
  }
}

if (require.main === module) {
  main(process.argv[2]).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
