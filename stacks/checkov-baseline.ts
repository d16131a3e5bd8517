import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** File name of the baseline written next to each stack's `cdk.tf.json`. */
export const CHECKOV_BASELINE_FILE = 'checkov-baseline.json';

const SKIP = /^checkov:skip=([A-Z0-9_]+):(.+)$/s;

interface BaselineFinding {
  readonly resource: string;
  readonly check_ids: string[];
}

/** Collects `"//": {"checkov": ["checkov:skip=ID:reason"]}` entries of one synthesized stack. */
export function collectSkips(stackJson: unknown): BaselineFinding[] {
  const resources = (stackJson as { resource?: Record<string, Record<string, unknown>> }).resource ?? {};
  const findings: BaselineFinding[] = [];
  for (const [type, byName] of Object.entries(resources)) {
    for (const [name, body] of Object.entries(byName)) {
      const comments = (body as { '//'?: { checkov?: unknown } })['//']?.checkov;
      if (!Array.isArray(comments)) continue;
      const ids = comments.flatMap((c) => {
        const match = typeof c === 'string' ? SKIP.exec(c) : null;
        return match ? [match[1]!] : [];
      });
      if (ids.length === 0) continue;
      ids.sort();
      // checkov 3 names a resource `<type>.<name>` in graph checks but `resource.<name>` in the
      // per-resource checks of terraform_json, so the baseline lists both spellings.
      findings.push(
        { resource: `${type}.${name}`, check_ids: ids },
        { resource: `resource.${name}`, check_ids: ids },
      );
    }
  }
  return findings.sort((a, b) => a.resource.localeCompare(b.resource));
}

/**
 * Writes `cdktf.out/stacks/<stack>/checkov-baseline.json` (checkov `--baseline` format) for every
 * synthesized stack, so `checkov -d <stack dir> --baseline <file>` suppresses exactly the
 * justified resource/check pairs and nothing else.
 */
export function writeCheckovBaselines(outdir: string): void {
  const stacksDir = join(outdir, 'stacks');
  if (!existsSync(stacksDir)) return;
  for (const stack of readdirSync(stacksDir)) {
    const file = join(stacksDir, stack, 'cdk.tf.json');
    if (!existsSync(file)) continue;
    const findings = collectSkips(JSON.parse(readFileSync(file, 'utf8')));
    const baseline = { failed_checks: findings.length ? [{ file: '/cdk.tf.json', findings }] : [] };
    writeFileSync(join(stacksDir, stack, CHECKOV_BASELINE_FILE), `${JSON.stringify(baseline, null, 2)}\n`);
  }
}
