/** Signals and log tails for the detached servers this project starts. */
import * as fs from 'node:fs';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SIGTERM, wait up to `graceMs` for a clean exit, then SIGKILL; or SIGKILL straight away when `signal` says so.
 * Resolves once the process is gone.
 */
export async function terminate(
  pid: number,
  graceMs = 30_000,
  signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM',
): Promise<'exited' | 'killed' | 'not-running'> {
  if (!isAlive(pid)) return 'not-running';
  process.kill(pid, signal);
  if (signal === 'SIGKILL') {
    while (isAlive(pid)) await sleep(100);
    return 'killed';
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'exited';
    await sleep(200);
  }
  process.kill(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(100);
  return 'killed';
}

export function tail(file: string, lines = 40): string {
  if (!fs.existsSync(file)) return `(no ${file})`;
  return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}
