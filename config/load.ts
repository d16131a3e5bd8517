import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SiemConfig, siemConfigSchema } from './schema';

/** A config that failed validation: one line per problem, each naming the field path. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file} is not a valid SIEM config:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, part) =>
      typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part),
    '',
  );
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path) || '(root)';
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined'))
    return `${where}: is required`;
  if (issue.code === 'unrecognized_keys')
    return `${where}: unknown field(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
  return `${where}: ${issue.message}`;
}

/** Validates an already-parsed config object; throws `ConfigError` naming every bad field. */
export function parseConfig(raw: unknown, file = 'config'): SiemConfig {
  const result = siemConfigSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(file, result.error.issues.map(describeIssue));
  return result.data;
}

/** Reads and validates a JSON config file (`siem.config.json` by default). */
export function loadConfig(file: string): SiemConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [
      `cannot read the file: ${err instanceof Error ? err.message : String(err)}`,
    ]);
  }
  if (text.trim() === '') throw new ConfigError(file, ['the file is empty: expected a JSON object']);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(file, [describeJsonError(file, text, err)]);
  }
  return parseConfig(raw, file);
}

/**
 * `JSON.parse`'s complaint with a line and column (`file:line:column`, which editors open): Node
 * 20 gives only a character offset ("… in JSON at position 812"), useless in a hand-edited file.
 */
export function describeJsonError(file: string, text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const position = /at position (\d+)/.exec(message)?.[1];
  // "Unexpected end of JSON input" has no position: the text stops short.
  const offset =
    position !== undefined ? Number(position) : /end of JSON input/.test(message) ? text.length : undefined;
  if (offset === undefined) return `is not valid JSON: ${message}`;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  const reason = message.replace(/\s*in JSON at position \d+(?: \(line \d+ column \d+\))?/, '');
  return `is not valid JSON at line ${line}, column ${column} (${file}:${line}:${column}): ${reason}`;
}
