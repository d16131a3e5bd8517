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

const commands: Record<string, () => Promise<CliCommand>> = {
  // Each line maps a sub-command to its module; keep them sorted.
  detections: () => import('./commands/detections').then((m) => m.command),
  drift: () => import('./commands/drift').then((m) => m.command),
  ingest: () => import('./commands/ingest').then((m) => m.command),
  parse: () => import('./commands/parse').then((m) => m.command),
  'post-apply': () => import('./commands/post-apply').then((m) => m.command),
  reingest: () => import('./commands/reingest').then((m) => m.command),
  restore: () => import('./commands/restore').then((m) => m.command),
  rollout: () => import('./commands/rollout').then((m) => m.command),
  'saved-objects': () => import('./commands/saved-objects').then((m) => m.command),
  'subscribe-existing': () => import('./commands/subscribe-existing').then((m) => m.command),
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
