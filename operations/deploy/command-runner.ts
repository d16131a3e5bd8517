import { spawn } from 'node:child_process';

export interface RunOptions {
  /** Capture stdout and return it instead of passing it through to the terminal. */
  readonly captureStdout?: boolean;
  /** Set on top of this process's environment (e.g. `TF_PLUGIN_CACHE_DIR`). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface CommandResult {
  readonly exitCode: number;
  /** Captured stdout; empty unless `captureStdout` was set. */
  readonly stdout: string;
}

/**
 * Runs one external command. Injected everywhere terraform runs, so tests assert the exact
 * commands without terraform, providers or AWS credentials.
 */
export type RunCommand = (cmd: string, args: readonly string[], opts?: RunOptions) => Promise<CommandResult>;

export interface PlannedCommand {
  readonly cmd: string;
  readonly args: readonly string[];
}

/** Shell-readable form of a command, for logs and `--print-commands`. */
export function formatCommand({ cmd, args }: PlannedCommand): string {
  return [cmd, ...args]
    .map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

/** The real runner: stderr always goes to the terminal so terraform's errors are seen as they happen. */
export const spawnCommand: RunCommand = (cmd, args, opts = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      stdio: ['ignore', opts.captureStdout ? 'pipe' : 'inherit', 'inherit'],
      ...(opts.env ? { env: { ...process.env, ...opts.env } } : {}),
    });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ exitCode: code ?? (signal ? 128 : 1), stdout: Buffer.concat(chunks).toString('utf8') }),
    );
  });
