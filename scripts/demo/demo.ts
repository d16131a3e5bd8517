/**
 * `npm run demo`: the SIEM on the local OpenSearch node, end to end. Starts (or reuses) the node,
 * runs post-apply against it, ingests sample logs of every source with an attack in them, runs
 * every monitor once and prints what fired. The node keeps running for exploring afterwards.
 * Progress goes to stderr, the summary to stdout.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/load';
import { INDEX_PREFIX } from '../../opensearch/log-types';
import { LOCAL_NODE_SETTINGS, startOpenSearch, type StartedOpenSearch } from '../local/opensearch';
import { runDemo } from './run-demo';
import { alertLines, countLines, countMismatches } from './summary';

const USAGE = 'npm run demo -- [--config siem.config.json]';

const progress = (line: string) => process.stderr.write(`[demo] ${line}\n`);

/** The harness reports on stdout; here stdout is the summary, so its lines go to stderr. */
async function startNodeQuietly(): Promise<StartedOpenSearch> {
  const log = console.log;
  console.log = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);
  try {
    return await startOpenSearch({ settings: LOCAL_NODE_SETTINGS });
  } finally {
    console.log = log;
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { config: { type: 'string', default: 'siem.config.json' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig(values.config);
  progress('starting (or reusing) the local OpenSearch node');
  const node = await startNodeQuietly();
  const result = await runDemo({
    config,
    endpoint: node.url,
    snapshotFsLocation: node.pathRepo,
    log: progress,
  });

  const out = [
    '',
    ...alertLines(result),
    '',
    ...countLines(result, INDEX_PREFIX),
    '',
    `OpenSearch ${node.version} keeps running at ${node.url} (pid ${node.pid}).`,
    node.startedBy === 'tests'
      ? 'It was started by a test run, which stops it when it ends.'
      : 'Stop it with: npm run opensearch:stop',
  ];
  console.log(out.join('\n'));
  const mismatched = countMismatches(result);
  if (mismatched.length > 0 || result.ingest.deadLettered > 0) {
    console.error(
      `demo: ${mismatched.length} source(s) with unexpected counts (${mismatched.join(', ')}), ${result.ingest.deadLettered} dead-lettered`,
    );
    return 1;
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
