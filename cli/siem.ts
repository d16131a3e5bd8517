import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `siem` command line: one sub-command per file in `cli/commands/`, loaded lazily so that
 * `siem parse` does not pay for the AWS SDK clients `siem post-apply` needs.
 */
export interface CliCommand {
  readonly summary: string;
  readonly usage: string;
  /** What each exit code means; `siem help <command>` prints them. @default DEFAULT_EXIT_CODES */
  readonly exitCodes?: ReadonlyArray<readonly [code: number, meaning: string]>;
  /** Returns the process exit code. */
  run(argv: readonly string[]): Promise<number>;
}

/** What a command that declares no exit codes returns: `main` turns a thrown error into 1. */
export const DEFAULT_EXIT_CODES: ReadonlyArray<readonly [number, string]> = [
  [0, 'success'],
  [1, 'failure or bad option (the message says which)'],
];

interface Registration {
  /** One line for `siem --help`; the command's own `summary` is shown by `siem help <command>`. */
  readonly oneLine: string;
  readonly load: () => Promise<CliCommand>;
  /** Exit codes of a command whose module does not declare them. */
  readonly exitCodes?: ReadonlyArray<readonly [number, string]>;
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

const commands: Record<string, Registration> = {
  // Each entry maps a sub-command to its module; keep them sorted.
  'dashboards-user': {
    oneLine: 'add a Dashboards user to the Cognito user pool (sign-up is off)',
    load: load('./commands/dashboards-user'),
  },
  detections: {
    oneLine: 'list the detections of a config, or print their monitor bodies',
    load: load('./commands/detections'),
  },
  drift: {
    oneLine: 'plan every stack against the real accounts and report drift',
    load: load('./commands/drift'),
    exitCodes: [
      [0, 'nothing drifted'],
      [1, 'a plan failed'],
      [2, 'something drifted'],
    ],
  },
  ingest: { oneLine: 'load archived log files into OpenSearch', load: load('./commands/ingest') },
  parse: { oneLine: 'print the documents a log file would be indexed as', load: load('./commands/parse') },
  'post-apply': {
    oneLine: 'configure OpenSearch after terraform apply (roles, templates, monitors…)',
    load: load('./commands/post-apply'),
  },
  reingest: {
    oneLine: 're-read one log type and date range from the S3 archive',
    load: load('./commands/reingest'),
    exitCodes: [
      [0, 'every object reingested'],
      [1, 'an object failed or is in Glacier (listed), or a bad option'],
    ],
  },
  restore: {
    oneLine: 'restore daily indices of a date range from snapshots',
    load: load('./commands/restore'),
    exitCodes: [
      [0, 'restored, already restored, or a dry run'],
      [1, 'no snapshot holds those indices, or a failure'],
    ],
  },
  rollout: {
    oneLine: 'apply the member stacks wave by wave, canary first',
    load: load('./commands/rollout'),
    exitCodes: [
      [0, 'every stack applied'],
      [1, 'a stack failed (the rollout stopped after its wave), or a bad option'],
    ],
  },
  'run-monitors': {
    oneLine: 'dry-run every SIEM monitor once and print what fired',
    load: load('./commands/run-monitors'),
    exitCodes: [
      [0, 'the monitors ran'],
      [1, 'no SIEM monitor on the cluster (post-apply has not run), or a failure'],
    ],
  },
  'saved-objects': {
    oneLine: 'build and validate the Dashboards saved objects',
    load: load('./commands/saved-objects'),
  },
  'subscribe-existing': {
    oneLine: 'subscribe log groups that existed before the SIEM',
    load: load('./commands/subscribe-existing'),
    exitCodes: [
      [0, 'every log group handled'],
      [1, 'a log group failed or the run stopped before the end, or a bad option'],
    ],
  },
};

/**
 * An error's message. Not `instanceof Error`: errors from Node's own modules (zlib, fs) fail that
 * test under Jest's separate realm, and `String(err)` would prefix them with "Error: ".
 */
export function errorMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string')
    return (err as { message: string }).message;
  return String(err);
}

export function registeredCommands(): readonly string[] {
  return Object.keys(commands).sort();
}

/** The package version (`siem --version`). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export function overview(): string {
  const names = registeredCommands();
  const width = Math.max(...names.map((n) => n.length)) + 2;
  return [
    'usage: siem <command> [options]',
    '',
    'commands:',
    ...names.map((name) => `  ${name.padEnd(width)}${commands[name]!.oneLine}`),
    '',
    'siem help <command>    options and exit codes of one command (also: siem <command> --help)',
    'siem --version         the version',
  ].join('\n');
}

function commandHelp(name: string, command: CliCommand, registration: Registration): string {
  const codes = command.exitCodes ?? registration.exitCodes ?? DEFAULT_EXIT_CODES;
  return [
    `siem ${name}: ${command.summary}`,
    '',
    `usage: ${command.usage}`,
    '',
    'exit codes:',
    ...codes.map(([code, meaning]) => `  ${code}  ${meaning}`),
  ].join('\n');
}

function unknown(name: string): string {
  return `siem: unknown command '${name}'. Known: ${registeredCommands().join(', ')}. Run 'siem --help'.`;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    console.error(overview());
    return 1;
  }
  if (name === '--help' || name === '-h') {
    console.log(overview());
    return 0;
  }
  if (name === '--version' || name === '-V') {
    console.log(version());
    return 0;
  }
  if (name === 'help') {
    const [topic] = rest;
    if (!topic) {
      console.log(overview());
      return 0;
    }
    const registration = commands[topic];
    if (!registration) {
      console.error(unknown(topic));
      return 1;
    }
    console.log(commandHelp(topic, await registration.load(), registration));
    return 0;
  }
  const registration = commands[name];
  if (!registration) {
    console.error(unknown(name));
    return 1;
  }
  const command = await registration.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(commandHelp(name, command, registration));
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    console.error(`siem ${name}: ${errorMessage(err)}`);
    return 1;
  }
}
