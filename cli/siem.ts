/**
 * `siem` command line: one sub-command per file in `cli/commands/`, loaded lazily so that
 * `siem parse` does not pay for the AWS SDK clients `siem post-apply` needs.
 */
export interface CliCommand {
  readonly summary: string;
  readonly usage: string;
  /** Returns the process exit code. */
  run(argv: readonly string[]): Promise<number>;
}

/**
 * `require`, not `import()`: `bin/siem.js` runs the TypeScript sources through tsx's CommonJS
 * hook, which does not see dynamic `import()`; a lazy `require` keeps each command's
 * dependencies unloaded until that command runs.
 */
function load(path: string): () => Promise<CliCommand> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return async () => (require(path) as { command: CliCommand }).command;
}

const commands: Record<string, () => Promise<CliCommand>> = {
  // Each line maps a sub-command to its module; keep them sorted.
  detections: load('./commands/detections'),
  drift: load('./commands/drift'),
  ingest: load('./commands/ingest'),
  parse: load('./commands/parse'),
  'post-apply': load('./commands/post-apply'),
  reingest: load('./commands/reingest'),
  restore: load('./commands/restore'),
  rollout: load('./commands/rollout'),
  'run-monitors': load('./commands/run-monitors'),
  'saved-objects': load('./commands/saved-objects'),
  'subscribe-existing': load('./commands/subscribe-existing'),
};

export function registeredCommands(): readonly string[] {
  return Object.keys(commands).sort();
}

function printHelp(): void {
  console.log('usage: siem <command> [options]\n\ncommands:');
  for (const name of registeredCommands()) console.log(`  ${name}`);
  console.log('\nRun `siem <command> --help` for the options of one command.');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    printHelp();
    return name ? 0 : 1;
  }
  const load = commands[name];
  if (!load) {
    console.error(`siem: unknown command '${name}'. Known: ${registeredCommands().join(', ') || '(none)'}`);
    return 1;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`${command.summary}\n\nusage: ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    console.error(`siem ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
