import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Which stacks a rollout applied, kept outside `cdktf.out` (a re-synth or `rm -rf cdktf.out`
 * must not forget it), one file per config content and wave: `--resume` skips what an earlier
 * run of the same config and wave applied, and a changed config starts over.
 */
export interface RolloutState {
  readonly file: string;
  /** Stacks recorded as applied, by an earlier run or this one. */
  has(stack: string): boolean;
  /** Records one more applied stack, at once (a crash afterwards still remembers it). */
  record(stack: string): void;
}

interface StateFile {
  readonly configSha256: string;
  readonly wave: string;
  readonly applied: Record<string, string>;
}

export function rolloutStateFile(
  stateDir: string,
  configText: string,
  wave: string,
): {
  file: string;
  configSha256: string;
} {
  const configSha256 = createHash('sha256').update(configText).digest('hex');
  return { file: join(stateDir, `${wave}-${configSha256.slice(0, 16)}.json`), configSha256 };
}

export interface OpenRolloutStateOptions {
  /** @default '.cache/rollout' */
  readonly stateDir: string;
  /** The config file's bytes, as read: their hash names the state. */
  readonly configText: string;
  readonly wave: string;
  /** Keep what an earlier run recorded; otherwise start empty. */
  readonly resume: boolean;
  /** Never write the file (a dry run). @default false */
  readonly readOnly?: boolean;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

export function openRolloutState(opts: OpenRolloutStateOptions): RolloutState {
  const { file, configSha256 } = rolloutStateFile(opts.stateDir, opts.configText, opts.wave);
  const now = opts.now ?? (() => new Date());
  let applied: Record<string, string> = {};
  if (opts.resume) {
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      text = undefined; // no earlier run of this config and wave: nothing to skip
    }
    if (text !== undefined) {
      const parsed = JSON.parse(text) as Partial<StateFile>;
      if (parsed.configSha256 !== configSha256 || parsed.wave !== opts.wave) {
        throw new Error(`${file} belongs to another config or wave; delete it to start over`);
      }
      applied = { ...parsed.applied };
    }
  }
  const save = () => {
    if (opts.readOnly) return;
    mkdirSync(opts.stateDir, { recursive: true });
    const body: StateFile = { configSha256, wave: opts.wave, applied };
    // Write then rename: an interrupted write never leaves half a file behind.
    writeFileSync(`${file}.tmp`, `${JSON.stringify(body, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
  };
  if (!opts.resume) save();
  return {
    file,
    has: (stack) => stack in applied,
    record(stack) {
      applied = { ...applied, [stack]: now().toISOString() };
      save();
    },
  };
}
