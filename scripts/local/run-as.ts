/**
 * OpenSearch refuses to run as root, and CI runs as root; there the node runs as an unprivileged user
 * (OPENSEARCH_RUN_AS, default `nobody`) through util-linux's `setpriv`, and its working files are handed to that user.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface RunAsUser {
  name: string;
  uid: number;
  gid: number;
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** The user the node runs as, or undefined when the current user is not root and runs it itself. */
export function unprivilegedUser(): RunAsUser | undefined {
  if (!isRoot()) return undefined;
  const name = process.env.OPENSEARCH_RUN_AS || 'nobody';
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  return { name, uid, gid };
}

/** Command and arguments that run `command` as `user` (or as is, when there is none). */
export function commandAs(user: RunAsUser | undefined, command: string, args: string[]): [string, string[]] {
  if (!user) return [command, args];
  return ['setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', command, ...args]];
}

export function chownRecursive(target: string, user: RunAsUser): void {
  fs.chownSync(target, user.uid, user.gid);
  if (!fs.statSync(target).isDirectory()) return;
  for (const entry of fs.readdirSync(target)) chownRecursive(path.join(target, entry), user);
}
