/**
 * A lock file holding its owner's pid, for the few steps that two processes in one checkout must not run at
 * once (two test runs starting two nodes). A lock whose owner died is taken over.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isAlive, sleep } from './process-control';

function tryAcquire(lockFile: string): boolean {
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number(fs.readFileSync(lockFile, 'utf8'));
    if (owner && isAlive(owner)) return false;
    fs.rmSync(lockFile, { force: true });
    return false;
  }
}

export async function withFileLock<T>(
  lockFile: string,
  timeoutMs: number,
  action: () => Promise<T>,
): Promise<T> {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  while (!tryAcquire(lockFile)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockFile}`);
    await sleep(250);
  }
  try {
    return await action();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}
